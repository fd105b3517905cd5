"""Guards against a Qt binding that corrupts reference counts (PySide6 6.12.0 on Python 3.11).

That release dropped one reference to True or False on every signal emit and one to None
on every processEvents() call, so the app aborted with "deallocating None" after enough
activity. pyproject.toml excludes it; these tests fail if such a build comes back.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal


class _Emitter(QObject):
    changed = Signal(object)


def test_signal_emit_keeps_bool_references(qapp: Any) -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.changed.connect(received.append)
    before_true, before_false = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(1000):
        emitter.changed.emit(1)
    assert len(received) == 1000
    # A few references come and go with the test's own frames; the broken build loses 1000.
    assert abs(sys.getrefcount(True) - before_true) < 10
    assert abs(sys.getrefcount(False) - before_false) < 10


def test_process_events_keeps_none_references(qapp: Any) -> None:
    before = sys.getrefcount(None)
    for _ in range(1000):
        QCoreApplication.processEvents()
    assert abs(sys.getrefcount(None) - before) < 10
