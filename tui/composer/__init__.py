"""The composer's pure parts: templates, checks, spelling and mail output.

Nothing here imports Textual: the screen (tui/composer/screen.py) wires
them to widgets, and the tests call them directly.
"""
