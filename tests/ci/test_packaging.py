"""sms as an adopter installs it: the wheel of a tagged release, installed into a fresh virtual environment
(dependencies from the package index or pip's cache), then `sms --version`, `sms check` and `mkdocs build` run
from that environment alone, with this source tree off the path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.ci.conftest import Release, build_wheel, example_as_at
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow

EXAMPLE = ("sms.yaml", "policies", "records", "schemas", "mkdocs.yml", "docs", ".github/CODEOWNERS")
ENV = {name: value for name, value in os.environ.items() if name not in ("PYTHONPATH", "SMS_TODAY")} | {
    "NO_MKDOCS_2_WARNING": "1"}


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(arg) for arg in args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


def test_the_wheel_carries_everything_sms_reads_at_run_time(release: Release, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", venv).returncode == 0
    bin_dir = venv / "bin"
    installed = run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--find-links", release.wheels,
                    f"sms-iso20000[site]=={release.version}")
    assert installed.returncode == 0, installed.stderr
    where = run(bin_dir / "python", "-c", "import sms; print(sms.__file__)", cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(venv), "sms must come from the wheel, not this source tree"

    version = run(bin_dir / "sms", "--version")
    assert (version.returncode, version.stdout) == (0, f"sms, version {release.version}\n")

    example = tmp_path / "example"
    for name in EXAMPLE:
        copy = shutil.copytree if (REPO_ROOT / name).is_dir() else shutil.copy2
        (example / name).parent.mkdir(parents=True, exist_ok=True)
        copy(REPO_ROOT / name, example / name)
    checked = run(bin_dir / "sms", "check", "--today", example_as_at(), example)  # the clause catalogue
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.endswith(" records checked: 0 errors, 0 warnings\n")

    built = run(bin_dir / "mkdocs", "build", "--strict", "--quiet", "--site-dir", tmp_path / "site", cwd=example)
    assert built.returncode == 0, built.stderr  # the mkdocs.plugins entry point `sms`
    assert "Halden Payments" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    for asset in ("sms.css", "sms-sort.js"):  # the site assets
        assert (tmp_path / "site" / "assets" / "sms" / asset).read_text(encoding="utf-8") == (
            REPO_ROOT / "sms" / "site" / "assets" / asset).read_text(encoding="utf-8")


def test_the_version_comes_from_the_git_tag_by_every_route(release: Release, tmp_path: Path) -> None:
    assert [wheel.name for wheel in release.wheels.glob("*.whl")] == [
        f"sms_iso20000-{release.version}-py3-none-any.whl"]  # from a path holding a tagged clone
    by_url = build_wheel(f"git+file://{release.source}@v{release.version}", tmp_path / "url")
    assert by_url.name == f"sms_iso20000-{release.version}-py3-none-any.whl"


def test_the_wheel_states_its_licence(release: Release) -> None:
    wheel = next(release.wheels.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(next(name for name in names if name.endswith(".dist-info/METADATA"))).decode()
        licence = next(name for name in names if name.endswith(".dist-info/licenses/LICENSE"))
        assert "Apache License" in archive.read(licence).decode()
    assert "License-Expression: Apache-2.0" in metadata.splitlines()
