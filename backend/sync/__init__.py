"""The MongoDB store tier: outbox relay, master-data pull, master push and store reports.

Everything here is off until ``MongoSettings.url`` is set. The terminal sells from its
SQLite store in any case, and the store tier catches up when the server is reachable.
"""
