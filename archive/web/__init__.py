"""``orgarchive serve``: the archive as web pages, and every page as JSON (SPEC §5).

``app.WebApp`` is the WSGI application (Werkzeug for requests and routing),
``server.make_server`` runs it under waitress. Pages read through ``Reader``
(reader.py), which asks the same library as the command line.
"""
