"""The web app: server-rendered pages (Jinja2 + htmx), the REST API and the collect endpoint."""
