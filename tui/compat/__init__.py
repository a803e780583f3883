"""Every use of Textual's private internals, in one place.

Each module says what it buys (with the figure measured) and has a test in
``tests/test_compat.py`` that fails, naming the internal, when Textual's shape
changes. Nothing outside this package touches a ``_name`` of Textual.
"""
