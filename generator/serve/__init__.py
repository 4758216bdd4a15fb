"""`chuongtrinh serve`: the local web workbench, a thin front end over the library API (api.py).

app.py (routes) → templates/ (pages) and static/ (our own CSS and script, nothing from elsewhere);
security.py (Host, token, CSRF); jobs.py (a batch build in the background).
"""
from generator.serve.app import Settings, create_app

__all__ = ["Settings", "create_app"]
