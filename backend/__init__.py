"""OpenRegi backend: FastAPI app, domain model, storage, store tier and events."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("openregi")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
