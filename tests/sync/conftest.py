"""Fixtures of the store-tier tests: a real FerretDB per test and a client to read it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymongo
import pytest
from pymongo.database import Database as MongoDatabase

from tests.support.servers import RunningServer, start_ferretdb
from tests.sync.support import DATABASE, mongo_client


@pytest.fixture
def ferretdb_dir(tmp_path: Path) -> Path:
    return tmp_path / "ferretdb"


@pytest.fixture
def ferretdb(ferretdb_dir: Path) -> Iterator[RunningServer]:
    server = start_ferretdb(ferretdb_dir)
    yield server
    server.stop()


@pytest.fixture
def store_client(ferretdb: RunningServer) -> Iterator[pymongo.MongoClient[dict[str, Any]]]:
    client = mongo_client(ferretdb)
    yield client
    client.close()


@pytest.fixture
def store_db(store_client: pymongo.MongoClient[dict[str, Any]]) -> MongoDatabase[dict[str, Any]]:
    """The store-tier database, read with the synchronous client to check what arrived."""
    return store_client[DATABASE]
