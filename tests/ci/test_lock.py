"""The dependency lock: every package pyproject.toml asks for (and everything they need) is pinned exactly in
constraints.txt, which `make` installs with."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import REPO_ROOT


def names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")
            for requirement in requirements}


def test_every_dependency_is_pinned_exactly() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = names(project["dependencies"]) | {name for extra in project["optional-dependencies"].values()
                                               for name in names(extra)} - {"sms-iso20000"}
    lines = [line for line in (REPO_ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert all(re.fullmatch(r"[a-z0-9.-]+==[0-9][0-9A-Za-z.+!-]*", line) for line in lines), lines
    pinned = {line.split("==")[0].replace(".", "-") for line in lines}
    assert wanted - pinned == set()
    assert "sms-iso20000" not in pinned


def test_make_installs_with_the_constraints() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -c constraints.txt -e '.[dev]'" in makefile
