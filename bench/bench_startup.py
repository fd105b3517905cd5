"""Benchmark: start to ready, from source and frozen, and the size of the frozen bundle.

Run: python bench/bench_startup.py [--runs N] [--dist DIR] [--onefile FILE]

Build the bundle first with ``python installer/build.py`` (dist/openregi/). Each start is a
new process, timed from spawn to ready:

- app: ``openregi run`` until the cashier app logs "app ready", which it does once the
  embedded backend responds and the main window is shown (Qt's offscreen platform unless
  --display is given);
- serve: ``openregi serve`` until the first successful GET /api/v1/health.

The first start on an empty data folder runs the migrations and loads the demo store; it
is shown on its own row. The median of the next N starts, on the same data folder, is
compared with the design budgets: ready under 2 s from source and under 1.5 s frozen.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from installer.build import executable_path, size_of  # noqa: E402

BUDGET_S = {"source": 2.0, "frozen": 1.5}
READY_LINE = "app ready seconds="
TIMEOUT_S = 120.0
POLL_S = 0.005


@dataclass(frozen=True)
class Sample:
    wall_s: float  # from spawn to ready
    cpu_s: float | None  # CPU time the process tree used until ready (Linux only)


def process_tree_cpu_seconds(pid: int) -> float | None:
    """Return the user and system CPU time of a process and its children, from /proc.

    A onefile build runs the app in a child of the bootloader process, so the children
    count. Returns None where /proc is not available.
    """
    ticks_per_second = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            stat = Path(f"/proc/{current}/stat").read_text()
            children = [
                int(child)
                for task in Path(f"/proc/{current}/task").iterdir()
                for child in (task / "children").read_text().split()
            ]
        except OSError:
            if current == pid:
                return None
            continue  # the child ended meanwhile
        fields = stat[stat.rindex(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])  # utime and stime (fields 14 and 15 of stat)
        pending += children
    return total / ticks_per_second


@dataclass(frozen=True)
class Build:
    name: str  # "source", "frozen" or "onefile"
    command: list[str]  # the executable, or the interpreter and module
    console_command: list[str]  # for serve: on Windows the onedir console variant


def wait_for_app_ready(command: list[str], data_dir: Path, env: dict[str, str]) -> Sample:
    """Start ``openregi run`` and return the seconds until its log reports the app ready."""
    log_file = data_dir / "logs" / "openregi.log"
    offset = log_file.stat().st_size if log_file.exists() else 0
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, "run", "--data-dir", str(data_dir)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < TIMEOUT_S:
            if log_file.exists():
                with log_file.open("rb") as stream:
                    stream.seek(offset)
                    if READY_LINE.encode() in stream.read():
                        wall = time.perf_counter() - started
                        return Sample(wall, process_tree_cpu_seconds(process.pid))
            if process.poll() is not None:
                raise RuntimeError(
                    f"openregi run exited with status {process.returncode} before it was ready"
                )
            time.sleep(POLL_S)
        raise TimeoutError(f"openregi run not ready after {TIMEOUT_S:.0f} s")
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_for_health(command: list[str], data_dir: Path, env: dict[str, str]) -> Sample:
    """Start ``openregi serve`` and return the seconds until GET /api/v1/health succeeds."""
    token_file = data_dir.parent / "token"
    token_file.unlink(missing_ok=True)
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, "serve", "--port", "0", "--data-dir", str(data_dir), "--token-file", str(token_file)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = ""
        for line in process.stdout:
            found = re.search(r"API:\s+(http://\S+)/api/v1", line)
            if found:
                base_url = found.group(1)
                break
        if not base_url:
            raise RuntimeError(f"openregi serve printed no API address (status {process.poll()})")
        while not token_file.exists():
            if process.poll() is not None:
                raise RuntimeError(f"openregi serve exited with status {process.returncode}")
            time.sleep(POLL_S)
        headers = {"Authorization": f"Bearer {token_file.read_text(encoding='utf-8')}"}
        with httpx.Client(base_url=base_url, headers=headers, timeout=5.0) as client:
            while time.perf_counter() - started < TIMEOUT_S:
                try:
                    if client.get("/api/v1/health").status_code == 200:
                        wall = time.perf_counter() - started
                        return Sample(wall, process_tree_cpu_seconds(process.pid))
                except httpx.TransportError:
                    pass
                if process.poll() is not None:
                    raise RuntimeError(
                        f"openregi serve exited with status {process.returncode} before it was healthy"
                    )
                time.sleep(POLL_S)
        raise TimeoutError(f"openregi serve not healthy after {TIMEOUT_S:.0f} s")
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure(build: Build, mode: str, runs: int, env: dict[str, str]) -> tuple[Sample, list[Sample]]:
    """Return (first start on an empty data folder, the next ``runs`` starts)."""
    with tempfile.TemporaryDirectory(prefix="openregi-bench-startup-") as scratch:
        data_dir = Path(scratch) / "data"
        if mode == "app":
            samples = [wait_for_app_ready(build.command, data_dir, env) for _ in range(runs + 1)]
        else:
            samples = [wait_for_health(build.console_command, data_dir, env) for _ in range(runs + 1)]
    return samples[0], samples[1:]


def table_row(build_name: str, mode: str, first: Sample, samples: list[Sample]) -> str:
    walls = [sample.wall_s for sample in samples]
    cpus = [sample.cpu_s for sample in samples if sample.cpu_s is not None]
    median = statistics.median(walls)
    cpu_text = f"{statistics.median(cpus):.3f}" if cpus else "-"
    budget = BUDGET_S.get(build_name)
    verdict = "-"
    budget_text = "-"
    if budget is not None:
        verdict = "ok" if median < budget else "OVER"
        budget_text = f"{budget:.1f}"
    return (
        f"{build_name:<8} {mode:<6} {first.wall_s:>8.3f} {median:>9.3f} {min(walls):>7.3f}"
        f" {max(walls):>7.3f} {cpu_text:>6} {budget_text:>9} {verdict:>8}"
    )


def environment(args: argparse.Namespace, scratch: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("OPENREGI_")}
    env["OPENREGI_CONFIG_FILE"] = str(scratch / "no-config.toml")
    if not args.display:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=5, help="starts measured per row after the first (default 5)"
    )
    parser.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="folder containing the onedir build openregi/"
    )
    parser.add_argument("--onefile", type=Path, help="also time this onefile executable")
    parser.add_argument("--display", action="store_true", help="show the window on the real display")
    parser.add_argument("--skip-source", action="store_true", help="time the frozen builds only")
    args = parser.parse_args()

    onedir = args.dist / "openregi"
    builds = (
        []
        if args.skip_source
        else [Build("source", [sys.executable, "-m", "backend.cli"], [sys.executable, "-m", "backend.cli"])]
    )
    if onedir.is_dir():
        app = executable_path(args.dist, onefile=False, console=False)
        console = executable_path(args.dist, onefile=False, console=True)
        builds.append(Build("frozen", [str(app)], [str(console)]))
    else:
        print(f"no onedir build in {onedir}; run python installer/build.py first")
    if args.onefile is not None:
        builds.append(Build("onefile", [str(args.onefile)], [str(args.onefile)]))

    print(f"start to ready; median of {args.runs} starts after a first start on an empty data folder")
    print(
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs,"
        f" Python {platform.python_version()}, Qt platform {'default' if args.display else 'offscreen'}"
    )
    print("cpu s: median CPU time (user + system) the process tree used until ready; it varies")
    print("less than the wall time when other programs load the machine")
    print(
        f"{'build':<8} {'mode':<6} {'first s':>8} {'median s':>9} {'min s':>7} {'max s':>7}"
        f" {'cpu s':>6} {'budget s':>9} {'verdict':>8}"
    )
    with tempfile.TemporaryDirectory(prefix="openregi-bench-env-") as scratch:
        env = environment(args, Path(scratch))
        for build in builds:
            for mode in ("app", "serve"):
                first, samples = measure(build, mode, args.runs, env)
                print(table_row(build.name, mode, first, samples))

    print()
    print(f"{'bundle':<40} {'MB':>8} {'files':>6}")
    for label, path in (("onedir " + str(onedir), onedir), ("onefile " + str(args.onefile), args.onefile)):
        if path is not None and path.exists():
            size, files = size_of(path)
            print(f"{label:<40} {size / 1_000_000:>8.1f} {files:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
