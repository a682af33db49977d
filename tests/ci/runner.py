"""A small stand-in for the GitHub Actions runner, enough to run the `run:` steps of our workflows and of
action.yml locally: expressions `${{ ... }}` from a context, `if:` conditions of the forms we use, bash as
GitHub runs it, and the GITHUB_OUTPUT / GITHUB_PATH / GITHUB_ENV / GITHUB_STEP_SUMMARY files."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sms.store.loader import parse

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
COMPARISON = re.compile(r"^([\w.-]+)\s*(==|!=)\s*'([^']*)'$")


def load_yaml(path: Path) -> Any:
    """Workflows are read as YAML 1.2 (so `on:` stays a string), with our own safe loader."""
    return parse(path.name, path.read_text(encoding="utf-8")).data


@dataclass
class StepRun:
    """What one step did."""

    name: str
    skipped: bool = False
    code: int = 0
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)


class Runner:
    """Runs steps in order, as the runner would, in `workspace`, with `context` for expressions."""

    def __init__(self, workspace: Path, temp: Path, context: dict[str, str], env: dict[str, str],
                 actions: dict[str, dict[str, str]] | None = None) -> None:
        self.workspace = workspace
        self.actions = actions or {}  # what a `uses:` step would output, by action name
        self.temp = temp
        temp.mkdir(parents=True, exist_ok=True)
        self.context = context
        self.files = {name: temp / name.lower() for name in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_ENV",
                                                              "GITHUB_STEP_SUMMARY")}
        for path in self.files.values():
            path.touch()
        self.env = {**env, "GITHUB_WORKSPACE": str(workspace), "RUNNER_TEMP": str(temp),
                    **{name: str(path) for name, path in self.files.items()}}
        self.steps: dict[str, StepRun] = {}

    def value(self, expression: str) -> str:
        if expression.startswith("steps."):
            _, step, _, name = expression.split(".", 3)
            run = self.steps.get(step)
            return run.outputs.get(name, "") if run else self.context.get(expression, "")
        return self.context.get(expression, "")

    def substitute(self, text: str) -> str:
        return EXPRESSION.sub(lambda match: self.value(match.group(1)), text)

    def condition(self, expression: str) -> bool:
        """`a == 'x'`, `a != 'x'`, joined by `&&`: all our `if:`s are of these forms."""
        for part in expression.split("&&"):
            match = COMPARISON.match(part.strip())
            assert match, f"the stand-in runner cannot evaluate `if: {expression}`"
            left, operator, right = match.groups()
            if (self.value(left) == right) != (operator == "=="):
                return False
        return True

    def run(self, step: dict[str, Any]) -> StepRun:
        result = StepRun(step.get("name") or step.get("id") or step.get("uses", "step"))
        if "if" in step and not self.condition(str(step["if"])):
            result.skipped = True
        elif "uses" in step:  # actions are not run here (their pinning is tested elsewhere); only their outputs
            result.outputs = dict(self.actions.get(str(step["uses"]).split("@")[0], {}))
        else:
            assert step.get("shell", "bash") == "bash"
            script = self.temp / "step.sh"
            script.write_text(self.substitute(step["run"]), encoding="utf-8")
            env = {**self.env, **{key: self.substitute(str(value)) for key, value in step.get("env", {}).items()}}
            self.files["GITHUB_OUTPUT"].write_text("", encoding="utf-8")
            done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                                  cwd=self.workspace, env=env, capture_output=True, text=True, timeout=600)
            result.code, result.stdout, result.stderr = done.returncode, done.stdout, done.stderr
            result.outputs = dict(line.split("=", 1) for line in
                                  self.files["GITHUB_OUTPUT"].read_text(encoding="utf-8").splitlines() if "=" in line)
            for line in self.files["GITHUB_PATH"].read_text(encoding="utf-8").splitlines():
                self.env["PATH"] = f"{line}{os.pathsep}{self.env['PATH']}"
            self.files["GITHUB_PATH"].write_text("", encoding="utf-8")
        if "id" in step:
            self.steps[str(step["id"])] = result
        return result

    def run_all(self, steps: list[dict[str, Any]]) -> list[StepRun]:
        done = []
        for step in steps:
            result = self.run(step)
            done.append(result)
            if result.code != 0:
                break
        return done
