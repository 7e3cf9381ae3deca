#!/usr/bin/env bash
# README command 1: install salon_crm from this checkout on a bench's ERPNext site and load a demo salon.
#   scripts/demo.sh                      (bench ~/frappe-bench, site salon.localhost)
#   SALON_CRM_BENCH=/path SALON_CRM_SITE=my.site scripts/demo.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="${SALON_CRM_BENCH:-$HOME/frappe-bench}"
SITE="${SALON_CRM_SITE:-salon.localhost}"

[[ -d "$BENCH/apps/erpnext" ]] || { echo "No bench with ERPNext at $BENCH (set SALON_CRM_BENCH)" >&2; exit 1; }
[[ -f "$BENCH/sites/$SITE/site_config.json" ]] || { echo "No site $SITE on $BENCH (set SALON_CRM_SITE)" >&2; exit 1; }

# MariaDB and the bench's Redis servers, if they are down (left running for you to look around)
(echo > /dev/tcp/127.0.0.1/3306) 2>/dev/null || service mariadb start
for conf in redis_cache redis_queue; do
	port=$(awk '/^port/{print $2}' "$BENCH/config/$conf.conf")
	(echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null || (cd "$BENCH/config" && redis-server "$conf.conf" --daemonize yes >/dev/null)
done

# The app from this checkout, as `bench get-app` would place it
if [[ ! -e "$BENCH/apps/salon_crm" ]]; then
	ln -s "$ROOT" "$BENCH/apps/salon_crm"
fi
"$BENCH/env/bin/python" -m pip install --quiet --no-deps -e "$BENCH/apps/salon_crm"
grep -qx salon_crm "$BENCH/sites/apps.txt" || echo salon_crm >> "$BENCH/sites/apps.txt"

cd "$BENCH/sites"
run() { "$BENCH/env/bin/python" -m frappe.utils.bench_helper frappe --site "$SITE" "$@"; }
if run list-apps | grep -q '^salon_crm'; then
	run migrate
else
	run install-app salon_crm
fi
run execute salon_crm.demo.load_demo
echo "Demo salon loaded on $SITE. Start the web server with: cd $BENCH && bench start  (or bench serve)"
echo "Log in as Administrator and open /app/salon-crm"
