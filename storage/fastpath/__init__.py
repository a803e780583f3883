"""The first frame's data, read with the standard library's sqlite3 alone in a
process forked while Textual imports. Nothing here imports SQLAlchemy (a test
proves it). ``sql`` holds the board's and the agenda's SQL, which the store
runs too, so the two readers cannot drift apart.
"""
