"""OpenRegi backend: FastAPI app, domain model, storage, store tier and events."""
