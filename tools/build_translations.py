"""Compile the cashier app's translations (.ts) into the .qm files Qt loads.

    python tools/build_translations.py            # .ts -> .qm (run by the tests and the installer)
    python tools/build_translations.py --update   # refresh the .ts from the source first

``--update`` runs pyside6-lupdate over terminal_app/ so new strings appear in both .ts
files (existing translations are kept), then copies each English source text into
openregi_en.ts where it has no translation yet, because the source strings are English.
The Japanese texts are written by hand in openregi_ja.ts (Qt Linguist or an editor).
Both tools ship with the PySide6 package.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "terminal_app"
TRANSLATIONS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("ja", "en")


class TranslationBuildError(RuntimeError):
    """A translation tool is missing or failed."""


def _tool(name: str) -> str:
    """Find a PySide6 tool next to the running interpreter, then on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise TranslationBuildError(f"{name} not found; install PySide6 (pip install PySide6-Essentials)")
    return found


def _run(command: list[str]) -> None:
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        tool = Path(command[0]).name
        detail = completed.stderr.strip()
        raise TranslationBuildError(f"{tool} failed with exit code {completed.returncode}: {detail}")


def ts_file(language: str) -> Path:
    return TRANSLATIONS_DIR / f"openregi_{language}.ts"


def qm_file(language: str) -> Path:
    return TRANSLATIONS_DIR / f"openregi_{language}.qm"


def update_sources() -> None:
    """Refresh both .ts files from the strings in terminal_app/ and fill in the English."""
    sources = sorted(str(path) for path in SOURCE_DIR.rglob("*.py"))
    TRANSLATIONS_DIR.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        command = [_tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *sources]
        command += [
            "-target-language",
            "ja_JP" if language == "ja" else "en_US",
            "-ts",
            str(ts_file(language)),
        ]
        _run(command)
    fill_english(ts_file("en"))


def fill_english(path: Path) -> int:
    """Set each unfinished English translation to its source text; return how many changed."""
    tree = ElementTree.parse(path)
    changed = 0
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            continue
        if translation.get("type") == "unfinished" or not (translation.text or ""):
            translation.text = source
            translation.attrib.pop("type", None)
            changed += 1
    if changed:
        tree.write(path, encoding="utf-8", xml_declaration=True)
    return changed


def unfinished_messages(path: Path) -> list[str]:
    """Return the source texts in a .ts file that have no finished translation."""
    missing = []
    for message in ElementTree.parse(path).getroot().iter("message"):
        translation = message.find("translation")
        if (
            translation is None
            or translation.get("type") in ("unfinished", "obsolete", "vanished")
            or (not (translation.text or "") and translation.find("numerusform") is None)
        ):
            missing.append(message.findtext("source") or "")
    return missing


def compile_translations() -> list[Path]:
    """Compile every .ts to its .qm; return the .qm paths."""
    built = []
    for language in LANGUAGES:
        source = ts_file(language)
        if not source.exists():
            raise TranslationBuildError(f"{source} is missing; run with --update to create it")
        target = qm_file(language)
        _run([_tool("pyside6-lrelease"), "-silent", str(source), "-qm", str(target)])
        built.append(target)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--update", action="store_true", help="refresh the .ts files from terminal_app/ first"
    )
    args = parser.parse_args(argv)
    try:
        if args.update:
            update_sources()
        built = compile_translations()
    except TranslationBuildError as error:
        sys.stderr.write(f"build_translations: {error}\n")
        return 1
    for path in built:
        sys.stdout.write(f"built {path.relative_to(ROOT)}\n")
    for language in LANGUAGES:
        missing = unfinished_messages(ts_file(language))
        if missing:
            sys.stdout.write(f"{language}: {len(missing)} strings without a translation\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
