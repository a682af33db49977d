#!/usr/bin/env python3
"""Benchmark `sms check` and `sms site` on generated SMSs, against a libyaml parse floor and check-jsonschema,
in one run per size, and print each figure's ratio against the targets of issue 14. A benchmark, not a test.

    python tools/bench.py                      # 1,000 and 10,000 records
    python tools/bench.py --size 1000 --json   # one size, JSON on stdout
    python tools/bench.py --large              # adds 100,000 records (about an hour on a small machine)

Per size, on one generated git repository (the generator's kind mix, with planted defects so the checks
report findings as a real SMS would), each row is one child process timed from outside, with its peak RSS
(`wait4`'s ru_maxrss of that child alone):

  a. cold `sms check` (no cache)            e. check-jsonschema with the exported schemas (schema only)
  b. warm, nothing changed                   f. the libyaml parse floor (yaml.CSafeLoader over the same files)
  c. warm after one file changed             g. `sms site`, split into the sms plugin's time and mkdocs' time
  d. `--changed-since HEAD`, one file changed  i. warm, the first check of the next day (`--today` + 1)
and once per run (h): the peak RSS of a cold check of 20 records just under the 1 MiB limit, per input byte.

sms runs as pip installs it, with its bytecode compiled first (an editable install under
PYTHONDONTWRITEBYTECODE=1 would compile about a hundred modules again in every timed run, which no installed
sms does). A row whose `sms check` option does not exist yet says "n/a (flag missing)". Times on a shared machine are
noisy: compare the ratios of one run (each figure against another from the same run), not absolute seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_sms import TODAY, generate

BIN = Path(sys.executable).parent
SMS = [sys.executable, "-m", "sms"]
CHUNK = 4000  # files per check-jsonschema or floor process: keeps command lines under the OS limit
MKDOCS_YML = """site_name: Synthetic SMS
docs_dir: docs
site_dir: site
use_directory_urls: false
strict: true
theme:
  name: material
  font: false
plugins:
  - search
  - sms:
      progress: "off"
"""
# Wraps every event hook the sms plugin defines with a timer, runs `sms site`, and writes the plugin's share.
SITE_TIMER = """
import atexit, functools, json, sys, time
from sms.site.plugin import SmsPlugin
spent = [0.0]
def timed(method):
    @functools.wraps(method)
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
    return run
for name, method in list(vars(SmsPlugin).items()):
    if name.startswith("on_") and callable(method):
        setattr(SmsPlugin, name, timed(method))
out = sys.argv[1]
atexit.register(lambda: open(out, "w").write(json.dumps({"plugin_s": spent[0]})))
from sms.cli import main
sys.argv = ["sms", *sys.argv[2:]]
main()
"""
FLOOR = """
import sys, yaml
for name in open(sys.argv[1], encoding="utf-8").read().split("\\n"):
    with open(name, encoding="utf-8") as handle:
        try:
            yaml.load(handle, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:  # a planted syntax error: parsed as far as sms check parses it
            pass
"""
# issue 14's targets: (figure, against, at most)
TARGETS = (
    ("a_cold", "f_floor", 2.0),
    ("a_cold", "e_jsonschema", 0.15),
    ("b_warm", "a_cold", 0.05),
    ("c_one_changed", "a_cold", 0.1),
    ("d_changed_since", "a_cold", 0.1),
    ("g_site_ours", "g_site_mkdocs", 0.25),
    # Not issue 14's: the first check of a new day costs about what one changed file does (per-file findings
    # of the rules that do not read the day are kept across days: Rule.dated).
    ("i_new_day", "c_one_changed", 1.5),
)


@dataclass
class Row:
    name: str
    seconds: float | None = None
    cpu: float | None = None
    peak_mb: float | None = None
    exit: int | None = None
    note: str = ""


@dataclass
class Size:
    records: int
    files: int
    megabytes: float
    rows: dict[str, Row] = field(default_factory=dict)
    ratios: list[dict[str, object]] = field(default_factory=list)


def compile_sms() -> None:
    """Write the bytecode of the sms package being measured, as `pip install` does."""
    import compileall

    import sms

    compileall.compile_dir(str(Path(sms.__file__).parent), quiet=1)


def run(command: list[str], cwd: Path | None = None) -> tuple[float, float, float, int, str]:
    """(wall seconds, CPU seconds, peak RSS in MB of this child alone, exit code, output's tail) of one command;
    the CPU seconds (user + system, the child's and its waited-for children's) are what a busy machine
    disturbs least."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, text[-2000:]


def measure(size: Size, key: str, command: list[str], cwd: Path | None = None, ok: tuple[int, ...] = (0, 1)) -> Row:
    seconds, cpu, peak, code, text = run(command, cwd)
    row = Row(key, round(seconds, 3), round(cpu, 3), round(peak, 1), code)
    if code not in ok:
        row.note = f"failed: {text.strip().splitlines()[-1] if text.strip() else code}"
        row.seconds = row.cpu = None
    size.rows[key] = row
    return row


def chunked(size: Size, key: str, commands: list[list[str]]) -> Row:
    """One figure from several processes: times added, the largest peak; exit 1 (invalid files found) is a
    result, anything else a failure."""
    row = Row(key, 0.0, 0.0, 0.0, 0)
    for command in commands:
        seconds, cpu, peak, code, text = run(command)
        row.seconds, row.cpu = (row.seconds or 0.0) + seconds, (row.cpu or 0.0) + cpu
        row.peak_mb = max(row.peak_mb or 0.0, peak)
        row.exit = max(row.exit or 0, code)
        if code > 1:
            row.note = f"exit {code}: {text.strip().splitlines()[-1] if text.strip() else ''}"
    row.seconds, row.cpu = round(row.seconds or 0.0, 3), round(row.cpu or 0.0, 3)
    row.peak_mb = round(row.peak_mb or 0.0, 1)
    size.rows[key] = row
    return row


def missing(size: Size, key: str, flag: str) -> None:
    size.rows[key] = Row(key, note=f"n/a (flag missing: {flag})")


def git(root: Path, *args: str) -> None:
    # Committed on the day the check rows judge the SMS on (--today): the site judges it as at its commit's date,
    # so (g) builds the state (a)-(d) checked, as a CI job that checks and publishes one push does, and a rerun
    # next month measures the same site rather than one with every review and SLA clock a month older.
    when = {"GIT_AUTHOR_DATE": f"{TODAY}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{TODAY}T12:00:00+00:00"}
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args], cwd=root,
                   check=True, capture_output=True, env={**os.environ, **when})


def prepare(records: int, root: Path, defects: int) -> Size:
    generate(records, root, defects=defects)
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("A generated SMS for benchmarks.\n", encoding="utf-8")
    (root / ".gitignore").write_text(".sms-cache/\nsite/\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "generated")
    files = sorted(str(p) for area in ("policies", "records") for p in (root / area).rglob("*.yaml"))
    return Size(records, len(files), round(sum(Path(f).stat().st_size for f in files) / 1e6, 1))


def check_flags() -> set[str]:
    text = subprocess.run([*SMS, "check", "--help"], capture_output=True, text=True).stdout
    return {flag for flag in ("--no-cache", "--changed-since") if flag in text}


def bench_size(records: int, work: Path, defects: int, site: bool, log: bool) -> Size:
    root = work / f"sms-{records}"
    say = (lambda text: print(text, file=sys.stderr, flush=True)) if log else (lambda text: None)
    say(f"[{records}] generating")
    size = prepare(records, root, defects)
    flags = check_flags()
    check = [*SMS, "check", "--base", "none", "--today", TODAY, "--quiet", str(root)]
    files = sorted(str(p) for area in ("policies", "records") for p in (root / area).rglob("*.yaml"))

    say(f"[{records}] (a) cold sms check")
    shutil.rmtree(root / ".sms-cache", ignore_errors=True)
    measure(size, "a_cold", [*check, "--no-cache"] if "--no-cache" in flags else check)
    if "--no-cache" in flags:
        say(f"[{records}] (b) warm, (c) one file changed")
        run(check)  # fills the cache; not counted
        measure(size, "b_warm", check)
        changed = next(p for p in sorted((root / "records" / "changes").glob("CHG-*.yaml")))
        changed.write_text(changed.read_text(encoding="utf-8").replace("description: Resize", "description: Grow"),
                           encoding="utf-8")
        measure(size, "c_one_changed", check)
        say(f"[{records}] (i) the next day")
        next_day = (date.fromisoformat(TODAY) + timedelta(days=1)).isoformat()
        measure(size, "i_new_day", [next_day if part == TODAY else part for part in check])
    else:
        missing(size, "b_warm", "--no-cache")
        missing(size, "c_one_changed", "--no-cache")
        changed = next(p for p in sorted((root / "records" / "changes").glob("CHG-*.yaml")))
        changed.write_text(changed.read_text(encoding="utf-8").replace("description: Resize", "description: Grow"),
                           encoding="utf-8")
    if "--changed-since" in flags:
        say(f"[{records}] (d) --changed-since HEAD")
        measure(size, "d_changed_since", [*check, "--changed-since", "HEAD"])
    else:
        missing(size, "d_changed_since", "--changed-since")

    say(f"[{records}] (e) check-jsonschema")
    by_kind: dict[str, list[str]] = {}
    for name in files:
        first = Path(name).read_text(encoding="utf-8").split("\n", 1)[0]
        by_kind.setdefault(first.rsplit("/", 1)[-1], []).append(name)
    chunked(size, "e_jsonschema", [
        [str(BIN / "check-jsonschema"), "--schemafile", str(root / "schemas" / schema), *group[i:i + CHUNK]]
        for schema, group in sorted(by_kind.items()) for i in range(0, len(group), CHUNK)])

    say(f"[{records}] (f) libyaml floor")
    lists = []
    for i in range(0, len(files), CHUNK * 10):
        listing = work / f"files-{records}-{i}.txt"
        listing.write_text("\n".join(files[i:i + CHUNK * 10]), encoding="utf-8")
        lists.append([sys.executable, "-c", FLOOR, str(listing)])
    chunked(size, "f_floor", lists)

    if site:
        say(f"[{records}] (g) sms site")
        timing = work / f"site-{records}.json"
        row = measure(size, "g_site", [sys.executable, "-c", SITE_TIMER, str(timing), "site", str(root), "--out",
                                       str(work / f"site-{records}"), "--quiet"], ok=(0,))
        if row.seconds is not None and timing.exists():
            ours = json.loads(timing.read_text(encoding="utf-8"))["plugin_s"]
            size.rows["g_site_ours"] = Row("g_site_ours", round(ours, 3), note="wall time in the sms plugin's hooks")
            size.rows["g_site_mkdocs"] = Row("g_site_mkdocs", round(row.seconds - ours, 3),
                                             note="the rest of the build (wall)")
        shutil.rmtree(work / f"site-{records}", ignore_errors=True)
    size.ratios = ratios(size)
    shutil.rmtree(root, ignore_errors=True)
    return size


def bench_big(work: Path, style: str) -> dict[str, object]:
    """(h) memory per input byte: a cold check of 20 records just under 1 MiB, their history as `style`."""
    root = work / f"big-{style}"
    generate(20, root, big=style)
    files = list((root / "records" / "incidents").glob("*.yaml"))
    size = Size(20, len(files), round(sum(p.stat().st_size for p in files) / 1e6, 1))
    row = measure(size, f"h_big_{style}", [*SMS, "check", "--base", "none", "--today", TODAY, "--quiet", str(root)])
    shutil.rmtree(root, ignore_errors=True)
    per_byte = (row.peak_mb or 0) * 1024 * 1024 / (size.megabytes * 1e6) if size.megabytes else None
    return {**asdict(row), "input_mb": size.megabytes,
            "rss_per_input_byte": round(per_byte, 1) if per_byte is not None else None}


def ratios(size: Size) -> list[dict[str, object]]:
    result: list[dict[str, object]] = []
    for figure, against, target in TARGETS:
        a, b = size.rows.get(figure), size.rows.get(against)
        if a is None or b is None or a.seconds is None or b.seconds is None or not b.seconds:
            continue
        value = a.seconds / b.seconds
        cpu = a.cpu / b.cpu if a.cpu is not None and b.cpu else None
        result.append({"ratio": f"{figure} / {against}", "value": round(value, 3), "target": target,
                       "met": value <= target, "cpu_value": round(cpu, 3) if cpu is not None else None})
    return result


def across(sizes: list[Size]) -> list[dict[str, object]]:
    """Growth from 10k to 100k records (linear: at most 11×) and the peak RSS at 100k (at most 1 GiB)."""
    by_records = {size.records: size for size in sizes}
    result: list[dict[str, object]] = []
    small, large = by_records.get(10_000), by_records.get(100_000)
    if small and large:
        a, b = large.rows["a_cold"].seconds, small.rows["a_cold"].seconds
        floor_a, floor_b = large.rows["f_floor"].seconds, small.rows["f_floor"].seconds
        cpu_a, cpu_b = large.rows["a_cold"].cpu, small.rows["a_cold"].cpu
        if a and b:
            result.append({"ratio": "a_cold 100k / 10k", "value": round(a / b, 2), "target": 11, "met": a / b <= 11,
                           "cpu_value": round(cpu_a / cpu_b, 2) if cpu_a and cpu_b else None,
                           "floor_growth": round(floor_a / floor_b, 2) if floor_a and floor_b else None})
    if large and large.rows["a_cold"].peak_mb is not None:
        peak = large.rows["a_cold"].peak_mb
        result.append({"ratio": "a_cold peak RSS at 100k (MiB)", "value": peak, "target": 1024, "met": peak <= 1024})
    return result


def show(sizes: list[Size], overall: list[dict[str, object]]) -> str:
    lines = []
    for size in sizes:
        lines.append(f"\n{size.records} records ({size.files} files, {size.megabytes} MB)")
        lines.append(f"  {'figure':<18} {'wall s':>9} {'cpu s':>9} {'peak MB':>9}  note")
        for row in size.rows.values():
            seconds, cpu, peak = (f"{v:9.2f}" if v is not None else f"{'-':>9}"
                                  for v in (row.seconds, row.cpu, row.peak_mb))
            lines.append(f"  {row.name:<18} {seconds} {cpu} {peak}  {row.note}")
        lines.extend(f"  {ratio_line(ratio)}" for ratio in size.ratios)
    lines.extend(ratio_line(ratio) for ratio in overall)
    return "\n".join(lines)


def ratio_line(ratio: dict[str, object]) -> str:
    cpu = f" (cpu {ratio['cpu_value']})" if ratio.get("cpu_value") is not None else ""
    return (f"{ratio['ratio']:<36} {ratio['value']:>8}{cpu}  target ≤ {ratio['target']}: "
            f"{'met' if ratio['met'] else 'NOT met'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, action="append", metavar="N",
                        help="records to generate (repeatable; default 1000 and 10000; over 20000 needs --large)")
    parser.add_argument("--large", action="store_true", help="add 100,000 records, or allow a --size over 20,000")
    parser.add_argument("--defects", type=int, default=20, help="known findings to plant in each SMS (default 20)")
    parser.add_argument("--no-site", action="store_true", help="skip (g), the site build")
    parser.add_argument("--no-big", action="store_true", help="skip (h), memory per input byte on 1 MiB records")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--work", type=Path, help="folder for the generated SMSs (default: a temporary one)")
    args = parser.parse_args()
    sizes = args.size or [1000, 10_000]
    if args.large and not args.size:
        sizes.append(100_000)
    if any(n > 20_000 for n in sizes) and not args.large:
        parser.error("a size over 20,000 takes long and needs --large")
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
    compile_sms()
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        results = [bench_size(n, Path(tmp), args.defects, not args.no_site, log=True) for n in sizes]
        print("(h) memory per input byte", file=sys.stderr, flush=True)
        big = [] if args.no_big else [bench_big(Path(tmp), style) for style in ("flow", "block")]
    overall = across(results)
    if args.json:
        print(json.dumps({"sizes": [asdict(s) for s in results], "across": overall, "big": big}, indent=1))
    else:
        print(show(results, overall))
        for row in big:
            print(f"{row['name']}: {row['input_mb']} MB of records, peak RSS {row['peak_mb']} MB = "
                  f"{row['rss_per_input_byte']} bytes per input byte ({row['seconds']} s wall, {row['cpu']} s cpu)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
