"""The content templates, one folder per document kind; shipped in the package as generator.templates."""
