"""Write constraints.txt from a `pip install --dry-run --report` of `.[dev]`: every package sms installs for
development, CI and the site, pinned to the version the resolver chose (`make lock` runs this)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HEADER = """\
# Every dependency of sms-iso20000[dev], pinned: `make` installs with `pip install -c constraints.txt`, so CI
# and every developer get the same versions. Regenerate with `make lock` (newest versions pyproject.toml allows),
# then run `make test` and `pip-audit -r constraints.txt` before committing the result.
"""


def main() -> int:
    report = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    pins = sorted({(item["metadata"]["name"].lower().replace("_", "-"), item["metadata"]["version"])
                   for item in report["install"] if item["metadata"]["name"].lower() != "sms-iso20000"})
    sys.stdout.write(HEADER + "".join(f"{name}=={version}\n" for name, version in pins))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
