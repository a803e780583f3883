"""Data in and out: the ``afterview/1`` JSON document, the demo data, backups.
One module per format.
"""
