#!/usr/bin/env python3
"""Benchmark `sms check` against a libyaml parse floor and check-jsonschema, in one run, and print ratios.

    python tools/bench.py 2000        # generates a synthetic SMS of 2000 changes in a tmp dir

Ratios, not absolute times, are what to compare between commits: the machine's speed cancels out.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_sms import generate

BIN = Path(sys.executable).parent


def timed(label: str, command: list[str] | None = None, function: object = None) -> float:
    start = time.perf_counter()
    if command is not None:
        proc = subprocess.run(command, capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{label} failed ({proc.returncode}): {proc.stderr[-500:]}")
    elif callable(function):
        function()
    elapsed = time.perf_counter() - start
    print(f"{label:<38} {elapsed:8.2f} s")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark sms check on a synthetic SMS.")
    parser.add_argument("count", type=int, nargs="?", default=2000, help="number of change records (default 2000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sms"
        generate(args.count, root)
        files = sorted(str(p) for p in (root / "records" / "changes").glob("*.yaml"))
        print(f"{len(files)} change files, {sum(Path(f).stat().st_size for f in files) / 1e6:.1f} MB")

        def parse_floor() -> None:
            for name in files:
                with open(name, encoding="utf-8") as handle:
                    yaml.load(handle, Loader=yaml.CSafeLoader)

        floor = timed("libyaml CSafeLoader parse (floor)", function=parse_floor)
        ours = timed("sms check", [str(BIN / "sms"), "check", "--quiet", str(root)])
        schema = timed("check-jsonschema (schema only)", [str(BIN / "check-jsonschema"), "--schemafile",
                                                          str(root / "schemas" / "change.schema.json"), *files])
    print(f"sms check / parse floor      = {ours / floor:5.2f}")
    print(f"sms check / check-jsonschema = {ours / schema:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
