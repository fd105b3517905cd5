"""The Dapr sidecar: outbox relay to pub/sub, suspended sales in a shared state store, and
the master-data-changed subscription.

Everything here is off unless ``DaprSettings.enabled``. The Dapr client is created lazily on
the backend's event loop once the sidecar passes its health check, so the terminal starts
and sells at once when no sidecar is running.
"""
