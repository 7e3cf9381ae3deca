"""The web server the browser and REST tests use is a stock one, on loopback only."""

from tests.browser.conftest import listening_addresses


def test_the_site_is_served_by_gunicorn_on_loopback_only(web_server, server_process):
	proc = server_process["proc"]
	addresses = listening_addresses(proc.pid)
	assert ("127.0.0.1", server_process["port"]) in addresses
	assert {ip for ip, _port in addresses} == {"127.0.0.1"}, addresses
	import psutil

	assert "gunicorn" in " ".join(psutil.Process(proc.pid).cmdline())
