"""Ingest benchmark: how long ``plangraph ingest`` takes per document, against the ingest of an earlier commit.

The earlier code ("old", --old-commit, default 7dda102) is checked out as a detached git worktree and imported
through a shim folder (``plangraph/`` with a symlink per subpackage that its pyproject maps), put first on
PYTHONPATH so that it wins over the editable install; both are created when missing. The new code is the
installed one (the working tree) unless --new-commit pins it the same way (a tree being edited while the
benchmark runs gives figures of no one version).

1. Which of the real documents (--wild) the old code accepts: one old process prepares each file (read, parse,
   map, SHACL-validate), and a file is accepted if nothing is raised, its graph conforms and no earlier file is
   the same document (what the old ``ingest`` needs to write a batch). A file taking over --accept-timeout
   seconds counts as refused (timed out).
2. The whole command, timed from outside as a process (start-up, reading, validation, the store's write), each
   run into a fresh store, --runs times (old and new runs interleaved), the median taken: the old CLI against the
   new on the documents the old accepts, with and without ``--no-validate``; the new one-process (``--jobs 1``)
   and with its default jobs; and the new on every document with ``--skip-refused``, per document read.
3. Scaling: the seed's attached plans repeated k times under one decision header, read in this process by
   ``parse_file`` (median of --runs): seconds per 1000 lines and t(k)/(k·t(1)); linear time gives about 1.

Results are printed as markdown; absolute numbers vary by machine (and with its load: the new default jobs use
every CPU this process may use).

    .venv/bin/python bench/bench_ingest.py [--runs 3] [--old-commit 7dda102] [--new-commit HEAD] [--all-no-validate]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NEW_CLI = Path(PYTHON).parent / "plangraph"
WILD = ROOT.parent / "shared" / "wild"
SEED = ROOT / "corpus" / "000_0bb30dab4872855a.txt"
SCALES = (1, 4, 16)
TMP = Path(tempfile.gettempdir())

# Run by the old code (PYTHONPATH = the shim): one line of JSON per path read from stdin.
ACCEPT_SCRIPT = """
import json, signal, sys, time
from pathlib import Path
from plangraph.ingest.iris import Minter
from plangraph.ingest.pipeline import prepare

class TimedOut(Exception):
    pass

def alarm(signum, frame):
    raise TimedOut()

signal.signal(signal.SIGALRM, alarm)
limit = float(sys.argv[1])
minter, seen = Minter(), {}
for line in sys.stdin:
    path = Path(line.rstrip("\\n"))
    started = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        item = prepare(path, minter, validate=True)
        if item.report is not None and not item.report.conforms:
            verdict = "does not conform to the shapes"
        elif item.graph in seen:
            verdict = "same document as " + seen[item.graph]
        else:
            seen[item.graph] = path.name
            verdict = "accepted"
    except TimedOut:
        verdict = "timed out"
    except Exception as exc:
        verdict = type(exc).__name__ + ": " + str(exc).splitlines()[0]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    seconds = time.perf_counter() - started
    print(json.dumps({"path": str(path), "verdict": verdict, "seconds": seconds}), flush=True)
"""
CLI_MAIN = ["-c", "from plangraph.cli import main; main()"]  # the old cli package has no __main__
INGESTED = re.compile(r"ingested (\d+) document")
QUADS = re.compile(r": (\d+) quads \(")


# --- a commit's code ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Code:
    """A version of plangraph: how to start its command line and the environment that imports it."""

    label: str
    cli: list[str]
    env: dict[str, str]
    shim: Path | None = None


def installed_code() -> Code:
    """The installed (editable) plangraph: the working tree, labelled by its commit and whether it is edited."""
    sha = git("rev-parse", "--short", "HEAD")
    edited = " + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    return Code(f"working tree at {sha}{edited}", [str(NEW_CLI)], clean_env())


def git(*args: str, where: Path = ROOT) -> str:
    return subprocess.run(["git", "-C", str(where), *args], check=True, capture_output=True, text=True).stdout.strip()


def commit_code(commit: str, worktree: Path, shim: Path) -> Code:
    """The code of *commit*, through a worktree and a shim made when missing; checked to be what is imported."""
    ensure_worktree(commit, worktree)
    ensure_shim(worktree, shim)
    check_import(shim)
    return Code(git("rev-parse", "--short", "HEAD", where=worktree), [PYTHON, *CLI_MAIN], shim_env(shim), shim)


def ensure_worktree(commit: str, worktree: Path) -> None:
    """A detached worktree of *commit* at *worktree*, added when missing."""
    if not worktree.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(worktree), commit],
                       check=True, capture_output=True)
    head, wanted = git("rev-parse", "HEAD", where=worktree), git("rev-parse", commit + "^{commit}")
    if head != wanted:
        sys.exit(f"{worktree} is at {head[:10]}, not {commit}: remove it (git worktree remove --force {worktree})")


def ensure_shim(worktree: Path, shim: Path) -> None:
    """``shim/plangraph``: the old package's ``__init__`` (if its pyproject maps one) and a symlink per subpackage."""
    mapping: dict[str, str] = tomllib.loads((worktree / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-dir"]
    package = shim / "plangraph"
    package.mkdir(parents=True, exist_ok=True)
    own = mapping.get("plangraph")
    init = worktree / own / "__init__.py" if own is not None else None
    (package / "__init__.py").write_text(init.read_text() if init and init.exists() else "")
    for name, folder in mapping.items():
        if not name.startswith("plangraph."):
            continue
        link = package / name.removeprefix("plangraph.").replace(".", "/")
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(worktree / folder, target_is_directory=True)


def shim_env(shim: Path) -> dict[str, str]:
    return {**clean_env(), "PYTHONPATH": str(shim)}


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PLANGRAPH_JOBS", "PLANGRAPH_STORE")}


def check_import(shim: Path) -> None:
    where = subprocess.run([PYTHON, "-c", "import plangraph.ingest; print(plangraph.ingest.__file__)"],
                           env=shim_env(shim), check=True, capture_output=True, text=True, cwd=tempfile.gettempdir())
    if not where.stdout.strip().startswith(str(shim)):
        sys.exit(f"PYTHONPATH={shim} does not import the shim's code: {where.stdout.strip()}")


@dataclass(frozen=True)
class Verdict:
    path: Path
    verdict: str
    seconds: float


def old_acceptance(shim: Path, files: Sequence[Path], timeout: float) -> list[Verdict]:
    """Each file's fate under the old code, read in one process in the order given."""
    limit = timeout if timeout > 0 else 0.0
    done = subprocess.run([PYTHON, "-c", ACCEPT_SCRIPT, str(limit)], input="".join(f"{f}\n" for f in files),
                          env=shim_env(shim), capture_output=True, text=True, cwd=tempfile.gettempdir())
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if len(rows) != len(files):
        sys.exit(f"the old code stopped after {len(rows)} of {len(files)} files:\n{done.stderr[-2000:]}")
    return [Verdict(Path(r["path"]), r["verdict"], r["seconds"]) for r in rows]


def verdict_kind(verdict: str) -> str:
    if verdict.startswith("same document"):
        return "same document as an earlier file"
    return verdict.split(":")[0]


# --- whole-process timing ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    label: str
    argv: list[str]  # the command before ``--store``
    tail: list[str]  # after the store: flags and paths
    env: dict[str, str]


@dataclass
class Timing:
    case: Case
    seconds: list[float]
    documents: int = 0
    quads: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def per_document(self) -> float:
        return self.median / self.documents if self.documents else float("nan")


def run_once(case: Case, scratch: Path) -> tuple[float, int, int]:
    """One run into a fresh store: wall seconds, documents ingested and quads written."""
    store = Path(tempfile.mkdtemp(prefix="store-", dir=scratch))
    shutil.rmtree(store)
    try:
        started = time.perf_counter()
        done = subprocess.run([*case.argv, "--store", str(store), *case.tail], env=case.env, cwd=scratch,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(store, ignore_errors=True)
    ingested = INGESTED.search(done.stderr)
    if done.returncode != 0 or ingested is None:
        sys.exit(f"{case.label}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return seconds, int(ingested.group(1)), sum(int(n) for n in QUADS.findall(done.stderr))


def time_cases(cases: Sequence[Case], runs: int, scratch: Path) -> list[Timing]:
    """Each case *runs* times, the cases taking turns so that a drift of the machine's speed hits them alike."""
    timings = [Timing(case, []) for case in cases]
    for round_ in range(runs):
        for timing in timings:
            seconds, timing.documents, timing.quads = run_once(timing.case, scratch)
            timing.seconds.append(seconds)
            print(f"  run {round_ + 1}/{runs} {timing.case.label}: {seconds:.2f} s", file=sys.stderr, flush=True)
    return timings


def has_jobs(code: Code) -> bool:
    shown = subprocess.run([*code.cli, "ingest", "--help"], env=code.env, capture_output=True, text=True,
                           cwd=tempfile.gettempdir())
    return "--jobs" in shown.stdout


def same_documents_cases(old: Code, new: Code, accepted: Sequence[Path]) -> list[Case]:
    paths = [str(p) for p in accepted]
    jobs = has_jobs(new)
    serial = ["--jobs", "1"] if jobs else []
    suffix = " --jobs 1" if jobs else ""
    cases = [
        Case("old", [*old.cli, "ingest"], paths, old.env),
        Case("new" + suffix, [*new.cli, "ingest"], [*serial, *paths], new.env),
        Case("old --no-validate", [*old.cli, "ingest"], ["--no-validate", *paths], old.env),
        Case("new --no-validate" + suffix, [*new.cli, "ingest"], [*serial, "--no-validate", *paths], new.env),
    ]
    if jobs:
        cases.append(Case(f"new (default jobs: {len(os.sched_getaffinity(0))})", [*new.cli, "ingest"], paths,
                          new.env))
    return cases


def all_documents_cases(new: Code, wild: Path, no_validate: bool) -> list[Case]:
    argv = [*new.cli, "ingest"]
    cases = [Case("new --skip-refused (all)", argv, ["--skip-refused", str(wild)], new.env)]
    if no_validate:
        cases.append(Case("new --skip-refused --no-validate (all)", argv, ["--skip-refused", "--no-validate",
                                                                           str(wild)], new.env))
    return cases


# --- scaling -----------------------------------------------------------------------------------------------

PLAN_HEADING = re.compile(r"^[#*\s]*KẾ HOẠCH[*\s]*$")


def split_seed(text: str) -> tuple[list[str], list[str]]:
    """The decision (up to its signature) and its attached plans: from the first 'KẾ HOẠCH' heading on."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if PLAN_HEADING.match(line))
    return lines[:first], lines[first:]


def synthetic(head: list[str], plans: list[str], k: int) -> str:
    return "\n".join([*head, *(line for _ in range(k) for line in [*plans, ""])]) + "\n"


@dataclass(frozen=True)
class Scale:
    k: int
    lines: int
    seconds: float

    @property
    def per_kline(self) -> float:
        return self.seconds / self.lines * 1000


def scaling(seed: Path, runs: int, scratch: Path) -> list[Scale]:
    from plangraph.ingest.pipeline import parse_file

    head, plans = split_seed(seed.read_text(encoding="utf-8"))
    results = []
    for k in SCALES:
        path = scratch / f"seed-x{k}.txt"
        text = synthetic(head, plans, k)
        path.write_text(text, encoding="utf-8")
        parse_file(path)  # warm: imports, compiled patterns, caches
        seconds = []
        for _ in range(runs):
            started = time.perf_counter()
            parse_file(path)
            seconds.append(time.perf_counter() - started)
        results.append(Scale(k, len(text.splitlines()), statistics.median(seconds)))
    return results


# --- report ------------------------------------------------------------------------------------------------

def print_acceptance(verdicts: Sequence[Verdict], commit: str) -> None:
    accepted = sum(v.verdict == "accepted" for v in verdicts)
    print(f"## Documents the old code ({commit}) accepts\n")
    print(f"{accepted} of {len(verdicts)} (prepare with validation, conforming, not a repeated document).\n")
    print("| old verdict | files | seconds (sum) |\n|---|---:|---:|")
    kinds = Counter(verdict_kind(v.verdict) for v in verdicts)
    for kind, count in kinds.most_common():
        spent = sum(v.seconds for v in verdicts if verdict_kind(v.verdict) == kind)
        print(f"| {kind} | {count} | {spent:.1f} |")
    print()


def print_timings(title: str, timings: Sequence[Timing], files: int) -> None:
    print(f"## {title}\n")
    print("| command | files | documents ingested | median s (min–max) | s per document | quads per document |")
    print("|---|---:|---:|---:|---:|---:|")
    for t in timings:
        quads = t.quads / t.documents if t.documents else 0
        print(f"| {t.case.label} | {files} | {t.documents} | {t.median:.2f} ({min(t.seconds):.2f}–"
              f"{max(t.seconds):.2f}) | {t.per_document():.3f} | {quads:.0f} |")
    print()


def print_ratios(timings: Sequence[Timing]) -> None:
    by_label = {t.case.label: t for t in timings}
    old = {False: by_label["old"], True: by_label["old --no-validate"]}
    print("## Ratios, per document, on the same documents\n\n| new / old | ratio |\n|---|---:|")
    for t in timings:
        if t.case.label.startswith("new"):
            base = old["--no-validate" in t.case.label]
            print(f"| {t.case.label} / {base.case.label} | {t.per_document() / base.per_document():.2f} |")
    print()


def print_scaling(scales: Sequence[Scale], runs: int) -> None:
    one = scales[0]
    print(f"## Scaling: the seed's plans repeated k times, parse_file in-process (median of {runs})\n")
    print("| k | lines | median s | s per 1000 lines | t(k) / (k·t(1)) |\n|---:|---:|---:|---:|---:|")
    for s in scales:
        print(f"| {s.k} | {s.lines} | {s.seconds:.3f} | {s.per_kline:.3f} | {s.seconds / (s.k * one.seconds):.2f} |")
    print()


# --- main --------------------------------------------------------------------------------------------------

def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (the median is reported)")
    parser.add_argument("--old-commit", default="7dda102", help="the code to compare with")
    parser.add_argument("--worktree", type=Path, default=TMP / "pg-old", help="where the old commit is checked out")
    parser.add_argument("--shim", type=Path, default=TMP / "pg-old-shim", help="the old code's import shim")
    parser.add_argument("--new-commit", help="time this commit (checked out like the old) instead of the working tree")
    parser.add_argument("--wild", type=Path, default=WILD, help="folder of real documents")
    parser.add_argument("--seed", type=Path, default=SEED, help="the document the scaling test repeats")
    parser.add_argument("--accept-timeout", type=float, default=20.0,
                        help="seconds the old code may spend on one file before it counts as refused (0: none)")
    parser.add_argument("--all-no-validate", action="store_true",
                        help="also time the new ingest of every document with --no-validate")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    old = commit_code(args.old_commit, args.worktree, args.shim)
    new = installed_code()
    if args.new_commit:
        sha = git("rev-parse", "--short", args.new_commit)
        new = commit_code(sha, TMP / f"pg-new-{sha}", TMP / f"pg-new-{sha}-shim")
        assert new.shim is not None
        sys.path.insert(0, str(new.shim))  # the scaling test reads with this code, in this process
    import plangraph.ingest.pipeline
    from plangraph.ingest.pipeline import expand_inputs

    if new.shim is not None and not plangraph.ingest.pipeline.__file__.startswith(str(new.shim)):
        sys.exit(f"this process imports {plangraph.ingest.pipeline.__file__}, not the code of {new.label}")

    files = expand_inputs([args.wild])
    print(f"old code: which of {len(files)} documents it accepts ...", file=sys.stderr, flush=True)
    verdicts = old_acceptance(args.shim, files, args.accept_timeout)
    accepted = [v.path for v in verdicts if v.verdict == "accepted"]
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as scratch_name:
        scratch = Path(scratch_name)
        print(f"whole commands on the {len(accepted)} accepted documents ...", file=sys.stderr, flush=True)
        same = time_cases(same_documents_cases(old, new, accepted), args.runs, scratch)
        print(f"the new command on all {len(files)} documents ...", file=sys.stderr, flush=True)
        every = time_cases(all_documents_cases(new, args.wild, args.all_no_validate), args.runs, scratch)
        print("scaling ...", file=sys.stderr, flush=True)
        scales = scaling(args.seed, args.runs, scratch)
    print(f"# Ingest benchmark (old = {old.label}, new = {new.label}; {args.runs} runs, median; "
          f"{len(os.sched_getaffinity(0))} CPUs)\n")
    print_acceptance(verdicts, args.old_commit)
    print_timings(f"Whole command on the {len(accepted)} documents the old code accepts", same, len(accepted))
    print_ratios(same)
    print_timings(f"New command on every document of {args.wild.name} (per document ingested)", every, len(files))
    print_scaling(scales, args.runs)


if __name__ == "__main__":
    main()
