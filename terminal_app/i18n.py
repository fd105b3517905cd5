"""Language of the user interface, money and date formatting.

Source strings are English; ``resources/translations/openregi_ja.ts`` gives the Japanese
and ``openregi_en.ts`` the English, compiled to ``.qm`` by ``tools/build_translations.py``.
Japanese is the default. Switching language at run time installs the other translator,
and Qt sends every widget a LanguageChange event, on which each screen sets its texts again.
"""

from __future__ import annotations

import logging
import sys
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QTranslator

logger = logging.getLogger(__name__)

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"


def translations_dir() -> Path:
    """Return the folder holding openregi_<language>.qm, also inside a PyInstaller build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources" / "translations"
    return Path(__file__).resolve().parent.parent / "resources" / "translations"


def tr(context: str, text: str) -> str:
    """Translate a string outside a QObject (``context`` is the .ts context name)."""
    return QCoreApplication.translate(context, text)


class LanguageManager:
    """Owns the installed translators and the current language."""

    def __init__(self) -> None:
        self.language = DEFAULT_LANGUAGE
        self._app_translator: QTranslator | None = None
        self._qt_translator: QTranslator | None = None

    def set_language(self, language: str) -> bool:
        """Install the translators of ``language``; return False when its .qm is missing."""
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}: expected one of {', '.join(LANGUAGES)}")
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("create the QApplication before setting the language")
        for old in (self._app_translator, self._qt_translator):
            if old is not None:
                app.removeTranslator(old)
        self._app_translator = self._qt_translator = None

        loaded = True
        translator = QTranslator(app)
        qm_file = translations_dir() / f"openregi_{language}.qm"
        if translator.load(str(qm_file)):
            self._app_translator = translator
        else:
            loaded = False
            logger.warning("translation file missing path=%s; run tools/build_translations.py", qm_file)
        qt_translator = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if language != "en" and qt_translator.load(f"qtbase_{language}", qt_dir):
            self._qt_translator = qt_translator

        # Install last so the LanguageChange event reaches widgets with both in place.
        if self._qt_translator is not None:
            app.installTranslator(self._qt_translator)
        if self._app_translator is not None:
            app.installTranslator(self._app_translator)
        self.language = language
        QLocale.setDefault(locale_of(language))
        logger.info("language set language=%s loaded=%s", language, loaded)
        return loaded


def locale_of(language: str) -> QLocale:
    return QLocale("ja_JP" if language == "ja" else "en_US")


def format_yen(amount: int) -> str:
    """Format whole yen the way receipts and screens show it: ¥1,080 and -¥1,080."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"yen amounts are int, got {type(amount).__name__} {amount!r}")
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,}"


def format_date(value: date | str, language: str) -> str:
    """Format a business date for the screen: 2026年12月4日(金) or Fri, Dec 4, 2026."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    locale = locale_of(language)
    if language == "ja":
        weekday = locale.dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)
        return f"{day.year}年{day.month}月{day.day}日({weekday})"
    return locale.toString(QDate(day.year, day.month, day.day), "ddd, MMM d, yyyy")


def format_datetime(value: datetime | str, language: str) -> str:
    """Format a moment with its date and minutes in the language's usual order."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    clock = f"{moment.hour:02d}:{moment.minute:02d}"
    return f"{format_date(moment.date(), language)} {clock}"


def fill(template: str, *values: object) -> str:
    """Put values into a translated template's %1, %2, ... markers (Qt's numbering)."""
    # Highest marker first, so %1 never eats the start of %10.
    for number in range(len(values), 0, -1):
        template = template.replace(f"%{number}", str(values[number - 1]))
    return template
