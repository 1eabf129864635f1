"""The plugin's own web pages, served under its URL prefix `/plugins/global/saleor.warranty/`.

`urls.py` maps the paths after the prefix to views: the GraphQL endpoint, signed evidence
links, static files, the dashboard app (manifest and pages) and the customer portal.
"""
