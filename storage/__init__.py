"""Afterview's storage, in layers: ``rules`` (pure), ``fastpath`` (sqlite3
only), ``db`` (SQLAlchemy: models, migrations, the store) and ``interchange``
(formats, through the store's public methods).

Kept free of textual and of the ``tui`` package, with no private reach-ins
between modules (tests/test_layers.py proves it), and cheap to import:
submodules pull in SQLAlchemy only when they are used.
"""
