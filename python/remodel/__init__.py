"""Remodel's command line, shipped as a Python package: the JavaScript build under ``_js`` runs on Node."""
