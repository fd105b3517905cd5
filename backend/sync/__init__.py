"""The MongoDB store tier: outbox relay, master-data pull, master push and store reports.

Everything here is off until ``MongoSettings.url`` is set. The terminal sells from its
SQLite store in any case, and the store tier catches up when the server is reachable.

Modules here import PyMongo inside the functions that use it, and under ``TYPE_CHECKING``
for annotations, because loading it costs every start even with the store tier off.
tests/sync/test_lazy_imports.py fails when a module imports it at the top again.
"""
