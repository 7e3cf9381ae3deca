"""Static checks of salon_crm's own files, read the way Frappe v15 reads them, without Frappe installed.

appfiles.py loads the app's files (JSON records, hooks.py, fixtures, Python modules parsed with ast) and holds
the hand-written knowledge of Frappe/ERPNext v15 the checks need; checks.py holds the checker functions, each
returning a list of problem messages; the test_*.py modules run them per file and per hook.
"""
