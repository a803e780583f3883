"""Afterview's storage: models, migrations, queries, the cadence, interchange.

Kept free of textual and of the ``tui`` package (a test proves it), and cheap
to import: submodules pull in SQLAlchemy only when they are used.
"""
