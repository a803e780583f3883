"""Afterview's terminal interface: the Textual app and the command line.

Importing this package imports nothing heavy; ``tui.app`` brings in textual.
"""
