"""The site is built with the real `mkdocs build --strict`, from the example SMS and from hostile records."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, write_tree

pytestmark = pytest.mark.slow


def mkdocs_build(config: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
                          capture_output=True, text=True, timeout=300, env=env)


def test_example_site_builds_strict_with_the_records_page(tmp_path: Path) -> None:
    before = sorted(p.name for p in (REPO_ROOT / "docs").rglob("*"))
    proc = mkdocs_build(REPO_ROOT / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "site" / "registers" / "index.html").read_text(encoding="utf-8")
    assert "<td>CHG-0001</td>" in page
    assert "<code>records/changes/CHG-0001.yaml</code>" in page
    assert sorted(p.name for p in (REPO_ROOT / "docs").rglob("*")) == before, "the plugin wrote into docs/"
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in index


def test_record_text_is_escaped_not_rendered(base_sms: Path, tmp_path: Path) -> None:
    shutil.copy(REPO_ROOT / "mkdocs.yml", base_sms / "mkdocs.yml")
    write_tree(base_sms, {"docs/index.md": "# Home\n", "records/people/c-evil.yaml": """\
        # yaml-language-server: $schema=../../schemas/person.schema.json
        apiVersion: sms/v1
        kind: person
        id: c-evil
        title: "<script>alert(1)</script> <img src=x onerror=alert(2)> {: onclick=alert(3) }"
        owner: sms-manager
        """})
    proc = mkdocs_build(base_sms / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "site" / "registers" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page and "<img src=x" not in page


def test_broken_sms_yaml_fails_the_build_with_one_line(base_sms: Path, tmp_path: Path) -> None:
    shutil.copy(REPO_ROOT / "mkdocs.yml", base_sms / "mkdocs.yml")
    write_tree(base_sms, {"docs/index.md": "# Home\n", "sms.yaml": "kind: [\n"})
    proc = mkdocs_build(base_sms / "mkdocs.yml", tmp_path / "site")
    assert proc.returncode != 0
    assert "sms: sms.yaml:2:1: YAML syntax error" in proc.stderr
    assert "Traceback" not in proc.stderr
