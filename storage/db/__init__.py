"""Persistence: the typed models, opening and migrating a database, the store
(every read and write), the pending-actions cache and the board's queries.
"""
