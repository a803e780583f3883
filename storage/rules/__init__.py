"""Pure rules: the cadence, business days, dates, settings values, records and
validation. Nothing here imports SQLAlchemy or touches a database (a test
proves it), so the CLI, the fast path and the app share them.
"""
