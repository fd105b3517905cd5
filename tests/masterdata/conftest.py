"""Fixtures: a migrated terminal store in a temporary SQLite file and its repository."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.domain.master import Category
from backend.masterdata.repository import MasterRepository
from backend.storage.db import Database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "terminal.sqlite3")
    database.migrate()
    yield database
    database.close()


@pytest.fixture
def repository(db: Database) -> MasterRepository:
    return MasterRepository(db)


@pytest.fixture
def stocked(repository: MasterRepository) -> MasterRepository:
    """A repository whose store has the categories 01 食品, 10 酒類 and 11 日用品."""
    repository.upsert_categories(
        [
            Category("01", "食品", "ショクヒン", 10),
            Category("10", "酒類", "サケルイ", 20),
            Category("11", "日用品", "ニチヨウヒン", 30),
        ]
    )
    return repository
