"""Numbered schema migrations of the terminal store.

Each migration is a module named ``m<NNNN>_<name>.py`` in this package that defines
``STATEMENTS``, a list of SQL statements. Modules are discovered by name, so migrations
written in parallel do not touch a shared list. A migration, once released, never changes:
a schema change is a new module with the next number.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass

_NAME = re.compile(r"^m(\d{4})_(\w+)$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def discover() -> tuple[Migration, ...]:
    """Load every migration module of this package, ordered by version."""
    found: list[Migration] = []
    for module_info in pkgutil.iter_modules(__path__):
        match = _NAME.match(module_info.name)
        if not match:
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        found.append(Migration(int(match.group(1)), match.group(2), tuple(module.STATEMENTS)))
    versions = [migration.version for migration in found]
    if len(versions) != len(set(versions)):
        raise RuntimeError(f"two migrations share a version number: {sorted(versions)}")
    return tuple(sorted(found, key=lambda migration: migration.version))


MIGRATIONS = discover()
