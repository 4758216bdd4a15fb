"""`chuongtrinh serve`: the local web workbench, a thin front end over the library API (api.py).

app.py (the app factory: settings, security, error pages) → blueprints/ (dashboard, downloads,
check, editor: the pages) → templates/ (pages) and static/ (our own CSS and script, nothing from
elsewhere); editor.py (a province file opened, changed from the form keeping its
comments, judged, saved over the version opened); form.py (the schema → the form, and back);
security.py (Host, token, CSRF); jobs.py (a batch build in the background).
"""
from generator.serve.app import Settings, create_app

__all__ = ["Settings", "create_app"]
