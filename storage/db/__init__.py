"""Persistence: the typed models, opening and migrating a database, the store
(every read and write, one transaction per user action), the settings table,
the pending-actions cache, the board's queries, and the change counter that
lets a running app hear other processes' writes (``changes``).
"""
