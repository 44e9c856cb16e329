"""Ingest at scale: how ``plangraph ingest`` grows with the store, beside ``oxigraph load`` of the same data.

1. Documents. The real documents (the seed, ``../shared/corpus/*.txt`` and ``../shared/wild``) are templates;
   each is re-issued under other numbers: copy k of every template gets the number ``10000 + k`` (one number
   per copy, across all templates), written into its own number line (``Số: 281 /QĐ-UBND`` → ``Số: 10007
   /QĐ-UBND``) and wherever the text prints the same symbol again (an annex's "kèm theo Quyết định số …"), so
   each copy is a document of its own with its own graph IRI (issuer + type + year + number). Issuer, place
   and text are kept (a copy is issued by the same province as its template). A template that does not parse,
   whose number cannot be found in its text, or whose copy does not get the new number (a document known by
   its title only) is skipped. The first copy of every template is prepared (read, mapped, not validated) to
   check that it parses to the new number and a graph IRI of its own, and to count its quads; a random sample
   of the other copies is checked the same way. Copies are dealt round-robin over the templates in a fixed
   shuffled order, and each size takes the shortest prefix whose quads (ontology graph included) reach it.
2. For each size (--sizes, millions of quads), into a fresh store:
   a. ``plangraph ingest --store S --skip-refused FOLDER`` as a whole process (default jobs): wall time,
      documents/s, quads/s and the peak RSS of its process tree (the process group's RSS summed, read from
      /proc every 0.2 s; at least ``/usr/bin/time -v``'s maximum RSS, which is that of the largest process);
   b. ``plangraph export --format nquads`` (timed, not compared), then ``oxigraph load --location L --file
      X.nq`` of that file into an empty Oxigraph store: wall time and peak RSS, and the ratio of the two loads;
   c. one more document into the big store: ``plangraph ingest --store S FILE`` of a new copy of the seed, the
      median wall time of 3 different new copies.
   The quads are the lines of the export; the documents are the store's source documents (``stats``).
3. A markdown table is printed and written (``bench/results/ingest-scale.md``) with the CSV
   (``bench/results/ingest-scale.csv``) and, when matplotlib is importable, a chart (``ingest-scale.png``).

The code measured is the working tree (the installed ``plangraph``); a tree edited while the benchmark runs
gives figures of no one version, which the report says (a digest of the code, the package folders and the
pyproject with their uncommitted changes, taken before and after). --commit REV measures a commit instead:
unpacked with ``git archive`` into the temporary folder, byte-compiled, and imported through a shim first on
PYTHONPATH (the copies are still made and checked with the installed code). Either way the code is measured
byte-compiled, as an installed package runs (``make bench`` compiles the working tree first).

Copies and stores live in a temporary folder, removed at the end (--keep keeps it). The figures depend on the
machine and on its load (the default ingest uses every CPU this process may use); the load average is shown.
A default run (0.3 and 1 M quads) takes about 3.5 minutes on 2 cores; 5 M quads add about 4.

    .venv/bin/python bench/bench_scale.py [--sizes 0.3,1] [--commit REV] [--jobs N] [--keep]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serving import PageSpecs, Served, pages, serve  # noqa: E402
from serving import csv_rows as serving_csv  # noqa: E402
from serving import markdown as serving_markdown  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PLANGRAPH = BIN / "plangraph"
OXIGRAPH = BIN / "oxigraph"
TIME = Path("/usr/bin/time")
SEED = ROOT / "corpus" / "000_0bb30dab4872855a.txt"
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "bench" / "results"
FIRST_NUMBER = 10000  # copy k is numbered FIRST_NUMBER + k: above the templates' own numbers, at most 5 digits
LAST_NUMBER = 99999  # the parser reads a document number of 1 to 5 digits
POLL_SECONDS = 0.2
ONE_MORE = 3  # new documents ingested into the big store, one at a time (median)
SAMPLE = 12  # copies beyond the first of each template checked by preparing them
SHUFFLE_SEED = 14
PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 2**20


# --- templates and copies ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Template:
    """A real document and where its own number is printed."""

    path: Path
    text: str
    start: int  # the number's digits in text: [start, end)
    end: int
    number: str  # as printed ("281", "0125")
    symbol: re.Pattern[str]  # the number and the rest of its symbol anywhere in the text

    def copy(self, number: int) -> str:
        """The text re-issued under *number*: the number line and every other print of the same symbol."""
        head = self.text[:self.start] + str(number) + self.text[self.end:]
        return self.symbol.sub(lambda m: str(number) + m.group(1), head)


def template_files() -> list[Path]:
    from plangraph.ingest.pipeline import expand_inputs

    return [SEED, *sorted((SHARED / "corpus").glob("*.txt")), *expand_inputs([SHARED / "wild"])]


def number_span(text: str, first_line: int, start: int, end: int, exact: str) -> tuple[int, int] | None:
    """Where the number line *exact* is in *text*: at the offsets given, else from its line on, else anywhere."""
    if text[start:end] != exact:
        line_start = sum(len(line) for line in text.splitlines(keepends=True)[:first_line - 1])
        start = text.find(exact, line_start)
        if start < 0:
            start = text.find(exact)
        if start < 0:
            return None
        end = start + len(exact)
    digits = re.search(r"\d+", text[start:end])
    return (start + digits.start(), start + digits.end()) if digits else None


def symbol_pattern(number: str, rest: str) -> re.Pattern[str]:
    """The symbol *number* + *rest* (``/QĐ-UBND``) as printed anywhere: any spacing, leading zeros."""
    letters = re.sub(r"\s+", "", rest)
    if not letters:
        return re.compile(r"(?!)")  # a bare number: only the number line is rewritten
    tail = r"\s*".join(re.escape(ch) for ch in letters)
    return re.compile(rf"(?<![\d/])0*{re.escape(number.lstrip('0') or '0')}(\s*{tail})(?!\w)")


def read_template(path: Path) -> Template | str:
    """The template of *path*, or why it cannot be one."""
    from plangraph.ingest.pipeline import parse_file

    try:
        loc = parse_file(path).header.loc
    except Exception as exc:  # a refused file: skipped, with its reason
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
    text = path.read_text(encoding="utf-8")
    span = number_span(text, loc.first_line, loc.start, loc.end, loc.exact)
    if span is None:
        return f"no number in its number line {loc.exact!r}"
    start, end = span
    number = text[start:end]
    rest = loc.exact[loc.exact.index(number) + len(number):]
    return Template(path, text, start, end, number, symbol_pattern(number, rest))


@dataclass(frozen=True)
class Copy:
    template: Template
    number: int
    path: Path


@dataclass(frozen=True)
class Checked:
    """A prepared copy: its graph, its number as parsed and its quads."""

    graph: str
    id_local: str
    quads: int


def check_file(path: Path) -> Checked | str:
    """Prepare *path* (read, map; no validation): its graph IRI and size, or the error."""
    from plangraph.ingest.pipeline import prepare
    from plangraph.ontology.iris import Minter

    try:
        prepared = prepare(path, Minter(), validate=False)
    except Exception as exc:  # reported by the caller
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
    return Checked(prepared.graph, prepared.doc.header.symbol.id_local, prepared.count)


def copy_ok(checked: Checked | str, number: int) -> bool:
    return (isinstance(checked, Checked) and checked.id_local.split("/")[0] == str(number)
            and checked.graph.endswith(f"/{number}"))


def write_copy(template: Template, number: int, folder: Path) -> Copy:
    path = folder / f"{number}_{template.path.stem[:40]}{template.path.suffix}"
    path.write_text(template.copy(number), encoding="utf-8")
    return Copy(template, number, path)


@dataclass
class Pool:
    """The copies, dealt round-robin over the templates; the quads of each template's copy."""

    folder: Path
    templates: list[Template]
    quads: dict[Path, int]  # template path → quads of a copy
    graphs: dict[Path, str]  # template path → graph IRI of its first copy
    copies: list[Copy]
    next_number: int

    def add(self, template: Template) -> Copy:
        if self.next_number > LAST_NUMBER:
            sys.exit(f"more than {LAST_NUMBER - FIRST_NUMBER + 1} copies: choose smaller --sizes")
        made = write_copy(template, self.next_number, self.folder)
        self.next_number += 1
        return made

    def grow(self, quads: int) -> None:
        """Deal copies until their quads reach *quads*."""
        have = sum(self.quads[c.template.path] for c in self.copies)
        while have < quads:
            template = self.templates[len(self.copies) % len(self.templates)]
            self.copies.append(self.add(template))
            have += self.quads[template.path]

    def prefix(self, quads: int) -> list[Copy]:
        """The shortest prefix of the copies whose quads reach *quads*."""
        self.grow(quads)
        have = 0
        for index, made in enumerate(self.copies):
            have += self.quads[made.template.path]
            if have >= quads:
                return self.copies[:index + 1]
        return list(self.copies)


def make_pool(folder: Path, jobs: int) -> Pool:
    """Read every template, write and check the first copy of each: those whose copy is a new document stay."""
    files = template_files()
    skipped: list[str] = []
    templates: list[Template] = []
    with ProcessPoolExecutor(jobs) as workers:
        for path, found in zip(files, workers.map(read_template, files), strict=True):
            if isinstance(found, Template):
                templates.append(found)
            else:
                skipped.append(f"{path.name}: {found}")
    random.Random(SHUFFLE_SEED).shuffle(templates)
    pool = Pool(folder, [], {}, {}, [], FIRST_NUMBER)
    firsts = [pool.add(t) for t in templates]
    with ProcessPoolExecutor(jobs) as workers:
        checks = list(workers.map(check_file, [c.path for c in firsts]))
    for made, checked in zip(firsts, checks, strict=True):
        if copy_ok(checked, made.number):
            assert isinstance(checked, Checked)
            pool.templates.append(made.template)
            pool.quads[made.template.path] = checked.quads
            pool.graphs[made.template.path] = checked.graph
            pool.copies.append(made)
        else:
            made.path.unlink()
            why = checked if isinstance(checked, str) else f"copy {made.number} parses as {checked.id_local}"
            skipped.append(f"{made.template.path.name}: {why}")
    graphs = list(pool.graphs.values())
    if len(set(graphs)) != len(graphs):
        sys.exit("two templates' copies share a graph IRI")
    print(f"{len(pool.templates)} templates of {len(files)} files; skipped {len(skipped)}:", file=sys.stderr)
    for line in skipped:
        print(f"  {line}", file=sys.stderr)
    return pool


def check_sample(pool: Pool, jobs: int) -> None:
    """Prepare a random sample of the copies beyond the first of each template: each is its own new document."""
    later = pool.copies[len(pool.templates):]
    sample = random.Random(SHUFFLE_SEED).sample(later, min(SAMPLE, len(later)))
    if not sample:
        return
    with ProcessPoolExecutor(jobs) as workers:
        checks = list(workers.map(check_file, [c.path for c in sample]))
    for made, checked in zip(sample, checks, strict=True):
        expected = pool.graphs[made.template.path].rsplit("/", 1)[0] + f"/{made.number}"
        if not copy_ok(checked, made.number) or not isinstance(checked, Checked) or checked.graph != expected:
            sys.exit(f"copy {made.path.name} is not document number {made.number} in graph {expected}: {checked}")
    print(f"checked a sample of {len(sample)} later copies: each parses to its own number and graph",
          file=sys.stderr)


# --- the code measured -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Code:
    """A version of plangraph: how to start its command line, the environment that imports it, its name."""

    label: str
    cli: list[str]
    env: dict[str, str]


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True).stdout.strip()


def code_paths() -> list[str]:
    """The files the measured code is made of: the folders the pyproject maps to packages, and the pyproject."""
    mapping = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    return ["pyproject.toml", *sorted(set(mapping.values()))]


def code_state() -> str:
    """A digest of the working tree's code (committed trees and uncommitted changes; bench/, tests/, docs aside)."""
    paths = code_paths()
    trees = git("rev-parse", *(f"HEAD:{p}" for p in paths))
    diff = subprocess.run(["git", "-C", str(ROOT), "diff", "HEAD", "--", *paths], capture_output=True).stdout
    return hashlib.sha1(trees.encode() + diff).hexdigest()[:8]


def working_tree_code() -> Code:
    edited = " + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no", "--",
                                              *code_paths()) else ""
    return Code(f"working tree at {git('rev-parse', '--short', 'HEAD')}{edited} (code digest {code_state()})",
                [str(PLANGRAPH)], clean_env())


def commit_code(revision: str, work: Path) -> Code:
    """The code of *revision*, unpacked by ``git archive`` (the repository untouched) and imported through a shim
    folder (``plangraph/`` with a symlink per subpackage its pyproject maps) first on PYTHONPATH."""
    sha = git("rev-parse", "--short", f"{revision}^{{commit}}")
    if not sha:
        sys.exit(f"no commit {revision!r}")
    source, shim = work / f"code-{sha}", work / "shim"
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", sha], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(source, filter="data")
    mapping = tomllib.loads((source / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    # Byte-compiled as an installed package is (pip compiles at install; `make bench` compiles the working tree):
    # otherwise every process measured compiles the modules again where PYTHONDONTWRITEBYTECODE is set.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", "0", *sorted({str(source / folder) for folder
                                                                                  in mapping.values()})],
                   check=True, capture_output=True)
    package = shim / "plangraph"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    for name, folder in mapping.items():
        if name.startswith("plangraph."):
            (package / name.removeprefix("plangraph.")).symlink_to(source / folder, target_is_directory=True)
    env = {**clean_env(), "PYTHONPATH": str(shim)}
    where = subprocess.run([sys.executable, "-c", "import plangraph.ingest; print(plangraph.ingest.__file__)"],
                           env=env, capture_output=True, text=True, cwd=work).stdout.strip()
    if not where.startswith(str(shim)):
        sys.exit(f"PYTHONPATH={shim} does not import the code of {sha}: {where}")
    return Code(f"commit {sha}", [sys.executable, "-c", "from plangraph.cli import main; main()"], env)


# --- measuring a process -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss: int  # bytes: the process tree's summed peak (at least the largest process's maximum)
    returncode: int
    stdout: str
    stderr: str


def group_rss(group: int, leader: int) -> int:
    """The summed RSS of the processes of *group* (the *leader*, /usr/bin/time, aside), from /proc."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == leader:
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:
            total += int(fields[21]) * PAGE
    return total


class RssSampler(threading.Thread):
    """Samples the summed RSS of a process group every POLL_SECONDS, keeping the peak, until stopped."""

    def __init__(self, group: int) -> None:
        super().__init__(daemon=True)
        self.group = group
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, group_rss(self.group, self.group))
            self.done.wait(POLL_SECONDS)

    def stop(self) -> None:
        self.done.set()
        self.join()


def max_rss_of_time(report: str) -> int:
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    return int(found.group(1)) * 1024 if found else 0


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_") and k != "PYTHONPATH"}


def measure(argv: Sequence[str], logs: Path, label: str, env: dict[str, str]) -> Run:
    """Run *argv* under ``/usr/bin/time -v`` in a process group of its own, its group's RSS polled."""
    report = logs / f"{label}.time"
    out, err = logs / f"{label}.out", logs / f"{label}.err"
    with out.open("w") as stdout, err.open("w") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen([str(TIME), "-v", "-o", str(report), *argv], stdin=subprocess.DEVNULL,
                                   stdout=stdout, stderr=stderr, env=env, start_new_session=True)
        sampler = RssSampler(process.pid)
        sampler.start()
        process.wait()
        seconds = time.perf_counter() - started
        sampler.stop()
    peak = max(sampler.peak, max_rss_of_time(report.read_text()))
    return Run(seconds, peak, process.returncode, out.read_text(), err.read_text())


def checked_run(argv: Sequence[str], logs: Path, label: str, env: dict[str, str] | None = None) -> Run:
    run = measure(argv, logs, label, clean_env() if env is None else env)
    if run.returncode != 0:
        sys.exit(f"{label}: exit {run.returncode}: {' '.join(argv)}\n{run.stderr[-3000:]}")
    return run


def count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as data:
        while chunk := data.read(1 << 24):
            lines += chunk.count(b"\n")
    return lines


def source_documents(code: Code, store: Path) -> int:
    done = subprocess.run([*code.cli, "stats", "--store", str(store), "--json"], check=True,
                          capture_output=True, text=True, env=code.env)
    return int(json.loads(done.stdout)["source documents"])


def folder_bytes(*paths: Path) -> int:
    """Disk bytes of the files under *paths*, a file hard-linked twice (a snapshot's checkpoint) counted once."""
    sizes = {(st.st_dev, st.st_ino): st.st_size for p in paths if p.exists() for f in p.rglob("*") if f.is_file()
             for st in [f.stat()]}
    return sum(sizes.values())


# --- one size ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    size: str  # millions of quads asked for, as given
    documents: int
    quads: int
    plangraph_seconds: float
    plangraph_rss: int
    oxigraph_seconds: float
    oxigraph_rss: int
    one_more_seconds: float
    one_more_each: tuple[float, ...]
    export_seconds: float
    export_bytes: int
    store_bytes: int
    oxigraph_store_bytes: int
    load_before: float
    load_after: float
    served: dict[str, Served] = field(default_factory=dict)  # "plangraph", "oxigraph" (empty: --no-serve)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.plangraph_seconds

    @property
    def quads_per_second(self) -> float:
        return self.quads / self.plangraph_seconds

    @property
    def ratio(self) -> float:
        return self.plangraph_seconds / self.oxigraph_seconds


def jobs_flag(jobs: int | None) -> list[str]:
    return ["--jobs", str(jobs)] if jobs else []


def run_size(code: Code, label: str, copies: Sequence[Copy], pool: Pool, work: Path, jobs: int | None,
             serving: Serving | None) -> Row:
    """Ingest *copies* into a fresh store; export it and load the export into Oxigraph; one more document."""
    tag = f"size-{label}"
    folder, store, oxstore, dump = (work / f"{tag}-{part}" for part in ("docs", "store", "oxigraph", "nq"))
    folder.mkdir()
    for made in copies:
        os.link(made.path, folder / made.path.name)
    load_before = os.getloadavg()[0]
    print(f"[{label} M] ingest {len(copies)} documents", file=sys.stderr, flush=True)
    ingest = checked_run([*code.cli, "ingest", "--store", str(store), "--skip-refused", *jobs_flag(jobs),
                          str(folder)], work, f"{tag}-ingest", code.env)
    documents = source_documents(code, store)
    if documents != len(copies):
        print(f"  warning: {len(copies) - documents} of {len(copies)} copies not ingested; see {tag}-ingest.err "
              "(--keep)", file=sys.stderr)
    print(f"[{label} M] export, oxigraph load", file=sys.stderr, flush=True)
    dump = dump.with_suffix(".nq")
    export = checked_run([*code.cli, "export", "--store", str(store), "--format", "nquads", "-o", str(dump)],
                         work, f"{tag}-export", code.env)
    quads = count_lines(dump)
    oxigraph = checked_run([str(OXIGRAPH), "load", "--location", str(oxstore), "--file", str(dump)], work,
                           f"{tag}-oxigraph")
    store_bytes = folder_bytes(store, store.with_name(store.name + ".snapshots"))
    oxigraph_bytes, export_bytes = folder_bytes(oxstore), dump.stat().st_size
    dump.unlink()
    print(f"[{label} M] {ONE_MORE} more documents, one at a time", file=sys.stderr, flush=True)
    seed = next((t for t in pool.templates if t.path == SEED), pool.templates[0])
    more = [checked_run([*code.cli, "ingest", "--store", str(store), str(pool.add(seed).path)], work,
                        f"{tag}-one-more-{index}", code.env).seconds for index in range(ONE_MORE)]
    if source_documents(code, store) != documents + ONE_MORE:
        print("  warning: a new document did not add a source document", file=sys.stderr)
    load_after = os.getloadavg()[0]
    shutil.rmtree(folder)
    served = serve_both(code, label, store, oxstore, serving) if serving else {}
    shutil.rmtree(oxstore)
    return Row(label, documents, quads, ingest.seconds, ingest.peak_rss, oxigraph.seconds, oxigraph.peak_rss,
               statistics.median(more), tuple(more), export.seconds, export_bytes, store_bytes, oxigraph_bytes,
               load_before, load_after, served)


@dataclass(frozen=True)
class Serving:
    clients: int
    seconds: float
    rounds: int


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_both(code: Code, label: str, store: Path, oxstore: Path, serving: Serving) -> dict[str, Served]:
    """Oxigraph's server on its store, then plangraph's on the same data (the store plangraph built, which
    also holds the one-more documents), one at a time; the page peers are picked on Oxigraph's."""
    print(f"[{label} M] serve: Oxigraph server, then plangraph", file=sys.stderr, flush=True)
    specs: dict[str, PageSpecs] = {}
    port = free_port()
    theirs = f"http://127.0.0.1:{port}/query"

    def picked() -> PageSpecs:
        specs["pages"] = pages(theirs)
        return specs["pages"]

    oxigraph = serving_figures([str(OXIGRAPH), "serve-read-only", "--location", str(oxstore), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "30"], theirs,
                               serving, picked, peer_url=theirs)
    port = free_port()
    ours = f"http://127.0.0.1:{port}"
    plangraph = serving_figures([*code.cli, "serve", "--store", str(store), "--port", str(port), "--timeout", "30"],
                                ours + "/sparql", serving, lambda: specs["pages"], page_base=ours, env=code.env)
    return {"plangraph": plangraph, "oxigraph": oxigraph}


def serving_figures(argv: Sequence[str], url: str, serving: Serving, specs: Callable[[], PageSpecs], *,
                    page_base: str | None = None, peer_url: str | None = None,
                    env: dict[str, str] | None = None) -> Served:
    return serve(argv, url, lambda pid: group_rss(pid, -1), clients=serving.clients, seconds=serving.seconds,
                 rounds=serving.rounds, page_specs=specs, page_base=page_base, peer_url=peer_url,
                 env=clean_env() if env is None else env)


# --- report ------------------------------------------------------------------------------------------------

COLUMNS = ("size (M quads)", "documents", "quads", "plangraph seconds", "docs/s", "quads/s", "peak RSS MiB",
           "oxigraph load seconds", "oxigraph RSS MiB", "ratio", "one-more-document seconds")


def cells(row: Row) -> list[str]:
    return [row.size, str(row.documents), str(row.quads), f"{row.plangraph_seconds:.1f}",
            f"{row.docs_per_second:.2f}", f"{row.quads_per_second:.0f}", f"{row.plangraph_rss / MIB:.0f}",
            f"{row.oxigraph_seconds:.1f}", f"{row.oxigraph_rss / MIB:.0f}", f"{row.ratio:.1f}",
            f"{row.one_more_seconds:.2f}"]


def markdown(rows: Sequence[Row], context: Sequence[str]) -> str:
    lines = ["## Ingest at scale: plangraph ingest vs oxigraph load", "", *context, "",
             "| " + " | ".join(COLUMNS) + " |", "|" + "---:|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cells(row)) + " |" for row in rows]
    lines += ["", "| size (M quads) | export seconds | export MiB | plangraph store MiB (primary + snapshot, "
              "hard links once) | oxigraph store MiB | one more document, each (s) | load average before → after |",
              "|---:|---:|---:|---:|---:|---|---|"]
    lines += [f"| {r.size} | {r.export_seconds:.1f} | {r.export_bytes / MIB:.0f} | {r.store_bytes / MIB:.0f} | "
              f"{r.oxigraph_store_bytes / MIB:.0f} | {', '.join(f'{s:.2f}' for s in r.one_more_each)} | "
              f"{r.load_before:.2f} → {r.load_after:.2f} |" for r in rows]
    return "\n".join(lines) + "\n"


def write_csv(rows: Sequence[Row], path: Path) -> None:
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(cells(row) for row in rows)


def _median_of(served: Served, metric: str) -> float:
    """The median of *metric* over the pages measured (a page that failed is left out)."""
    values = [getattr(p, metric) for p in served.pages.values() if not p.failed]
    return statistics.median(values) if values else float("nan")


def write_chart(rows: Sequence[Row], path: Path) -> bool:
    """A chart of seconds and peak RSS against quads, when matplotlib is importable."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    quads = [r.quads / 1e6 for r in rows]
    served = [r for r in rows if r.served]
    figure, axes_grid = plt.subplots(2 if served else 1, 2, figsize=(10, 8 if served else 4), squeeze=False)
    (seconds, memory) = axes_grid[0]
    seconds.plot(quads, [r.plangraph_seconds for r in rows], "o-", label="plangraph ingest")
    seconds.plot(quads, [r.oxigraph_seconds for r in rows], "s-", label="oxigraph load")
    seconds.set(xlabel="quads (millions)", ylabel="wall seconds", title="load time")
    memory.plot(quads, [r.plangraph_rss / MIB for r in rows], "o-", label="plangraph ingest")
    memory.plot(quads, [r.oxigraph_rss / MIB for r in rows], "s-", label="oxigraph load")
    memory.set(xlabel="quads (millions)", ylabel="peak RSS (MiB)", title="peak memory")
    panels = [seconds, memory]
    if served:
        mix, page = axes_grid[1]
        at = [r.quads / 1e6 for r in served]
        for server, mark in (("plangraph", "o-"), ("oxigraph", "s-")):
            mix.plot(at, [r.served[server].mix["mix, each query new"].rps for r in served], mark,
                     label=f"{server} mix")
            mix.plot(at, [r.served[server].mix["mix, each query new, beside a runaway query"].rps for r in served],
                     mark + "-", alpha=0.6, label=f"{server} mix + runaway")
            page.plot(at, [_median_of(r.served[server], "p50") for r in served],
                      mark, label=f"{server} p50 (page / its queries)")
            page.plot(at, [_median_of(r.served[server], "cold") for r in served],
                      mark + "-", alpha=0.6, label=f"{server} first request")
        mix.set(xlabel="quads (millions)", ylabel="requests / s", title="endpoint mix throughput")
        page.set(xlabel="quads (millions)", ylabel="ms (median over pages)", title="browse pages", yscale="log")
        panels += [mix, page]
    for axes in panels:
        axes.legend(fontsize="small")
        axes.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return True


def context_lines(code: Code, changed: str | None, pool: Pool, jobs: int | None, started: float) -> list[str]:
    cpus = len(os.sched_getaffinity(0))
    oxigraph = subprocess.run([str(OXIGRAPH), "--version"], capture_output=True, text=True).stdout.strip()
    lines = [f"plangraph: {code.label}; {oxigraph}; {cpus} CPUs; ingest jobs: {jobs or f'default ({cpus})'}; "
             f"{len(pool.templates)} templates; run took {(time.perf_counter() - started) / 60:.1f} min."]
    if changed:
        lines.append(f"**The working tree changed during the run ({changed}): the figures are of no one version "
                     "(--commit pins one).**")
    return [*lines,
            "Seconds are wall time of the whole process; peak RSS is the process tree's (summed, polled every "
            f"{POLL_SECONDS} s); ratio = plangraph seconds / oxigraph load seconds; one more document = "
            f"median of {ONE_MORE} new copies of the seed ingested one by one into the big store."]


# --- main --------------------------------------------------------------------------------------------------

def parse_sizes(text: str) -> list[str]:
    sizes = [part.strip() for part in text.split(",") if part.strip()]
    for size in sizes:
        if float(size) <= 0:
            raise argparse.ArgumentTypeError(f"not a positive size: {size}")
    return sizes


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("0.3,1"),
                        help="store sizes, in millions of quads, comma-separated (default 0.3,1)")
    parser.add_argument("--jobs", type=int, default=None, help="plangraph ingest --jobs (default: its own)")
    parser.add_argument("--commit", help="measure this commit's code (unpacked by git archive) instead of the "
                        "working tree, which may change while the benchmark runs")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (copies, stores, logs)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder of the CSV, markdown and chart")
    parser.add_argument("--no-serve", action="store_true", help="measure ingest only (no servers)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients of the endpoint mix (default 8)")
    parser.add_argument("--seconds", type=float, default=10, help="seconds per endpoint-mix scenario (default 10)")
    parser.add_argument("--rounds", type=int, default=20, help="requests per page after the first (default 20)")
    return parser.parse_args(argv)


def check_tools() -> None:
    for tool in (PLANGRAPH, OXIGRAPH, TIME):
        if not tool.exists():
            hint = ' (.venv/bin/pip install -e ".[bench]")' if tool == OXIGRAPH else ""
            sys.exit(f"missing {tool}{hint}")


@dataclass(frozen=True)
class Workspace:
    root: Path
    keep: bool

    def __enter__(self) -> Path:
        return self.root

    def __exit__(self, *exc: object) -> None:
        if self.keep:
            print(f"kept {self.root}", file=sys.stderr)
        else:
            shutil.rmtree(self.root, ignore_errors=True)


def document_quads(size: str, ontology: int) -> int:
    """The quads of documents a store of *size* million quads holds beside the ontology graph's *ontology*."""
    return round(float(size) * 1e6) - ontology


def ontology_quads() -> int:
    from plangraph.ingest.pipeline import ontology_quads as quads

    return len(quads())


def main(argv: Sequence[str] | None = None) -> None:
    args = arguments(argv)
    check_tools()
    started = time.perf_counter()
    cpus = len(os.sched_getaffinity(0))
    with Workspace(Path(tempfile.mkdtemp(prefix="plangraph-bench-scale-")), args.keep) as work:
        (work / "pool").mkdir()
        pool = make_pool(work / "pool", cpus)
        ontology = ontology_quads()
        pool.grow(max(document_quads(size, ontology) for size in args.sizes))  # every copy written before timing
        check_sample(pool, cpus)
        code = commit_code(args.commit, work) if args.commit else working_tree_code()
        before = code_state()
        serving = None if args.no_serve else Serving(args.clients, args.seconds, args.rounds)
        rows = []
        for size in args.sizes:  # each size's figures written as soon as it is measured: a later failure keeps them
            rows.append(run_size(code, size, pool.prefix(document_quads(size, ontology)), pool, work, args.jobs,
                                 serving))
            write_results(rows, args.results, context_lines(code, None, pool, args.jobs, started))
        after = code_state()
        changed = f"code digest {before} → {after}" if after != before and not args.commit else None
        report = markdown(rows, context_lines(code, changed, pool, args.jobs, started))
    print(report)
    print(write_results(rows, args.results, None, report=report))


def write_results(rows: Sequence[Row], results: Path, context: Sequence[str] | None, *, report: str = "") -> str:
    """The markdown, CSV and chart of *rows* into *results* (the ingest table, and the serving tables)."""
    results.mkdir(parents=True, exist_ok=True)
    report = report or markdown(rows, [*(context or []), "(partial: written after each size)"])
    sized = [(row.size, row.quads, row.served) for row in rows if row.served]
    if sized:
        serving_report = "\n".join(serving_markdown(sized)) + "\n"
        if context is None:
            print(serving_report)
        (results / "serve-scale.md").write_text(serving_report, encoding="utf-8")
        with (results / "serve-scale.csv").open("w", newline="") as out:
            csv.writer(out).writerows(serving_csv(sized))
    (results / "ingest-scale.md").write_text(report, encoding="utf-8")
    write_csv(rows, results / "ingest-scale.csv")
    chart = results / "ingest-scale.png"
    return f"wrote {results / 'ingest-scale.csv'}" + (f" and {chart}" if write_chart(rows, chart) else
                                                      "; no chart: matplotlib is not importable")


if __name__ == "__main__":
    main()
