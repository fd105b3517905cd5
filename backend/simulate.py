"""``openregi simulate SCRIPT.yaml``: ring up a scripted sale and print its document and receipt.

Store IT uses it to check tax and receipt settings before opening. By default it runs on a
scratch copy of the terminal store (taken with SQLite's backup API), so nothing is added to
the real journal or counters. With ``--url`` and ``--token`` it runs against a running backend
instead. The script format is described in docs/simulate.md.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import yaml

API = "/api/v1"


class ScriptError(ValueError):
    """A step of the script is malformed; the message names the step."""


StepHandler = Callable[["ScriptRunner", Any], None]


class ScriptRunner:
    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.cart_id: str | None = None
        self.result: dict[str, Any] | None = None

    def call(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> dict[str, Any]:
        response = self.client.request(method, f"{API}{path}", json=body)
        data: dict[str, Any] = response.json() if response.content else {}
        if response.status_code >= 400:
            error = data.get("error", {})
            raise ScriptError(f"{error.get('code', response.status_code)}: {error.get('message_en', data)}")
        return data

    def cart_path(self, suffix: str = "") -> str:
        if self.cart_id is None:
            self.cart_id = self.call("POST", "/carts")["cart_id"]
        return f"/carts/{self.cart_id}{suffix}"


def _discount(spec: Mapping[str, Any]) -> dict[str, Any]:
    if "percent" in spec:
        return {"kind": "percent", "value": spec["percent"]}
    if "amount" in spec:
        return {"kind": "amount", "value": spec["amount"]}
    raise ScriptError(f"discount needs percent or amount: {dict(spec)}")


def _scan(runner: ScriptRunner, spec: Any) -> None:
    body = {"code": str(spec)} if not isinstance(spec, Mapping) else dict(spec)
    runner.call("POST", runner.cart_path("/items"), body)


def _quantity(runner: ScriptRunner, spec: Any) -> None:
    runner.call("PATCH", runner.cart_path(f"/lines/{spec['line']}"), {"quantity": spec["quantity"]})


def _price(runner: ScriptRunner, spec: Any) -> None:
    runner.call("PATCH", runner.cart_path(f"/lines/{spec['line']}"), {"unit_price": spec["price"]})


def _void_line(runner: ScriptRunner, spec: Any) -> None:
    runner.call("POST", runner.cart_path(f"/lines/{int(spec)}/void"))


def _line_discount(runner: ScriptRunner, spec: Any) -> None:
    runner.call("POST", runner.cart_path(f"/lines/{spec['line']}/discount"), _discount(spec))


def _subtotal(runner: ScriptRunner, spec: Any) -> None:
    runner.call("POST", runner.cart_path("/subtotal"))


def _subtotal_discount(runner: ScriptRunner, spec: Any) -> None:
    runner.call("POST", runner.cart_path("/discount"), _discount(spec))


def _tender(runner: ScriptRunner, spec: Any) -> None:
    runner.call("POST", runner.cart_path("/tenders"), {"tender_code": spec["code"], "amount": spec["amount"]})


def _complete(runner: ScriptRunner, spec: Any) -> None:
    runner.result = runner.call("POST", runner.cart_path("/complete"))
    runner.cart_id = None


def _open(runner: ScriptRunner, spec: Any) -> None:
    body = {
        "float_amount": spec.get("float", 0),
        "staff_code": str(spec["staff_code"]),
        "pin": str(spec["pin"]),
    }
    runner.call("POST", "/terminal/open", body)


def _sign_in(runner: ScriptRunner, spec: Any) -> None:
    runner.call("POST", "/terminal/sign-in", {"staff_code": str(spec["staff_code"]), "pin": str(spec["pin"])})


def _call(runner: ScriptRunner, spec: Any) -> None:
    runner.call(str(spec["method"]).upper(), str(spec["path"]), spec.get("body"))


STEPS: dict[str, StepHandler] = {
    "open": _open,
    "sign_in": _sign_in,
    "scan": _scan,
    "quantity": _quantity,
    "price": _price,
    "void_line": _void_line,
    "discount": _line_discount,
    "subtotal": _subtotal,
    "subtotal_discount": _subtotal_discount,
    "tender": _tender,
    "complete": _complete,
    "call": _call,
}


def register_step(name: str, handler: StepHandler) -> None:
    """Add a step kind (other parts add theirs, e.g. sign_in and open)."""
    STEPS[name] = handler


def run_script(client: httpx.Client, script: Mapping[str, Any]) -> dict[str, Any]:
    """Run every step in order and return the last completion's response."""
    steps = script.get("steps")
    if not isinstance(steps, list) or not steps:
        raise ScriptError("the script needs a non-empty 'steps' list")
    runner = ScriptRunner(client)
    for number, step in enumerate(steps, start=1):
        name, spec = (step, None) if isinstance(step, str) else next(iter(dict(step).items()))
        handler = STEPS.get(str(name))
        if handler is None:
            raise ScriptError(f"step {number}: unknown step {name!r}; known: {', '.join(sorted(STEPS))}")
        try:
            handler(runner, spec)
        except (KeyError, TypeError) as error:
            raise ScriptError(f"step {number} ({name}): missing or bad field {error}") from error
        except ScriptError as error:
            raise ScriptError(f"step {number} ({name}): {error}") from error
    if runner.result is None:
        raise ScriptError("the script never completed a sale; end it with 'complete'")
    return runner.result


@contextmanager
def _scratch_backend(args: argparse.Namespace) -> Iterator[httpx.Client]:
    from backend.cli import settings_from_args
    from backend.server import BackendServer

    real = settings_from_args(args)
    with tempfile.TemporaryDirectory(prefix="openregi-simulate-") as scratch:
        scratch_dir = Path(scratch)
        if real.database_path.exists():
            source = sqlite3.connect(real.database_path)
            target = sqlite3.connect(scratch_dir / real.database_path.name)
            source.backup(target)
            source.close()
            target.close()
        settings = settings_from_args(args, data_dir=scratch_dir, port=0)
        server = BackendServer(settings)
        server.start_in_thread()
        try:
            server.wait_ready()
            token = settings.token.get_secret_value()
            with httpx.Client(
                base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}
            ) as client:
                yield client
        finally:
            server.stop()


def run(args: argparse.Namespace) -> int:
    try:
        script = yaml.safe_load(Path(args.script).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        sys.stderr.write(f"openregi simulate: cannot read {args.script}: {error}\n")
        return 2
    if not isinstance(script, dict):
        sys.stderr.write("openregi simulate: the script must be a mapping with a 'steps' list\n")
        return 2
    try:
        if args.url:
            headers = {"Authorization": f"Bearer {args.token}"}
            with httpx.Client(base_url=args.url, headers=headers) as client:
                result = run_script(client, script)
        else:
            with _scratch_backend(args) as client:
                result = run_script(client, script)
    except ScriptError as error:
        sys.stderr.write(f"openregi simulate: {error}\n")
        return 1
    sys.stdout.write(json.dumps(result["transaction"], ensure_ascii=False, indent=2) + "\n\n")
    sys.stdout.write(result["receipt_text"])
    return 0


def add_parser(subparsers: Any) -> None:
    from backend.cli import add_common_options

    parser = subparsers.add_parser("simulate", help="run a scripted sale and print its document and receipt")
    add_common_options(parser)
    parser.add_argument("script", help="YAML script of steps (see docs/simulate.md)")
    parser.add_argument("--url", help="run against a running backend at this URL instead of a scratch copy")
    parser.add_argument("--token", help="launch token of the backend given by --url")
    parser.set_defaults(handler=run)
