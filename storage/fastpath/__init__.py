"""The first frame's data, read with the standard library's sqlite3 alone in a
process forked while Textual imports. Nothing here imports SQLAlchemy.
"""
