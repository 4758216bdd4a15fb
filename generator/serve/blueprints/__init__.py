"""The workbench's pages, one blueprint per part: dashboard (the units and their builds), downloads,
check (a .docx checked on its own), editor (a province file edited from a form). Each view takes
the request's values, asks the library API (api.py) and shows what it returns."""
