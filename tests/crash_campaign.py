"""Kill -9 campaigns against real processes: ``plangraph ingest`` and ``plangraph serve`` during writes.

Each trial kills a real process (the ingest command, or the whole server: gunicorn, its web workers, query
workers and the writer process) at a chosen moment of a write into a real on-disk store, then checks:

* the state is the old one or the new one, never a mix — read by the CLI (``plangraph export``);
* the server started afresh on the store serves exactly what the CLI reads (``/dump`` against ``export``);
* the next, unrelated write does not publish what the kill left behind.

Kill moments (modes): ``random``, at a random time in the whole run; ``in-write``, when the write has begun (the
``WRITING`` marker appears) plus a random part of the write's duration; ``at-publish``, as soon as a new snapshot
directory appears; ``at-commit``, as soon as ``CURRENT`` names the new snapshot (before the writer has tidied up);
``in-early-load``, once an ingest whose batch is larger than a bulk chunk has begun loading it into a copy of the
published snapshot while still reading (``IngestCampaign(chunk=…)``), plus a random part of the rest of the run.
``tests/test_crash_safety.py`` runs a few trials of each; ``bench/crash_campaign.py`` runs the big campaigns.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from support import BASE, SEED, LiveServer, corpus_file

BIN = Path(sys.executable).parent
PLANGRAPH = str(BIN / "plangraph")
CORPUS = ("02", "08", "09", "10")
TOKEN = "crash-token"
TARGET_GRAPH = "http://example.org/crash/big"
BIG_TRIPLES = 20_000


@dataclass(frozen=True)
class Trial:
    kind: str  # "ingest" or "server"
    mode: str  # how the kill moment was chosen
    phase: str  # where the kill landed: "before-write", "early-load", "writing", "after-commit", "finished"
    state: str  # "old", "new", or "HALF: …"
    agree: bool  # the restarted server serves what the CLI reads
    after_next_write: str  # the state once an unrelated write went through
    seconds: float

    @property
    def ok(self) -> bool:
        return self.agree and not self.state.startswith("HALF") and self.after_next_write in ("old", "new")


def cli(*args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    result = subprocess.run([PLANGRAPH, *args], capture_output=True, timeout=600)
    if check and result.returncode != 0:
        raise RuntimeError(f"plangraph {' '.join(args)} failed: {result.stderr.decode()[-2000:]}")
    return result


def export(store: Path) -> bytes:
    return cli("export", "--store", str(store)).stdout


def by_graph(nquads: bytes) -> dict[str, set[bytes]]:
    graphs: dict[str, set[bytes]] = defaultdict(set)
    for line in nquads.splitlines():
        if line.strip():
            graphs[line.rsplit(b" ", 2)[-2].decode().strip("<>")].add(line)
    return dict(graphs)


def copy_store(source: Path, target: Path) -> Path:
    """A copy of the store at *source* (primary and snapshots) as *target*; returns the primary path."""
    shutil.copytree(source, target)
    shutil.copytree(source.with_name(source.name + ".snapshots"), target.with_name(target.name + ".snapshots"))
    return target


def _phase(store: Path, before_version: str, seen: dict[str, float]) -> str:
    root = store.with_name(store.name + ".snapshots")
    current = (root / "CURRENT").read_text().strip() if (root / "CURRENT").exists() else ""
    if current != before_version:
        return "after-commit"
    if "marker" in seen or (root / "WRITING").exists():
        return "writing"
    return "early-load" if "early" in seen else "before-write"


def _early_copies(store: Path) -> list[Path]:
    """The copies of the published snapshot an ingest is loading a large batch into (see ``Staging``)."""
    return [folder / "store" for folder in store.parent.glob(f".{store.name}.staging-*") if (folder / "store").exists()]


def _pointer(root: Path) -> str:
    try:
        return (root / "CURRENT").read_text()
    except OSError:
        return ""


def _watch(store: Path, stop: threading.Event, seen: dict[str, float]) -> None:
    """Record when the write marker and a new snapshot directory first appear, and when CURRENT switches."""
    root = store.with_name(store.name + ".snapshots")
    names = {p.name for p in root.iterdir()} if root.exists() else set()
    pointer = _pointer(root)
    while not stop.is_set():
        if "early" not in seen and _early_copies(store):
            seen["early"] = time.monotonic()
        if "commit" not in seen and _pointer(root) != pointer:
            seen["commit"] = time.monotonic()
        if "marker" not in seen and (root / "WRITING").exists():
            seen["marker"] = time.monotonic()
        if "publish" not in seen and root.exists():
            fresh = {p.name for p in root.iterdir()} - names
            if any(n.startswith("v") and not n.endswith((".trash", ".sqlite")) for n in fresh):
                seen["publish"] = time.monotonic()
        time.sleep(0.0005)


def _kill_when(process_kill: Callable[[], None], mode: str, started: float, seen: dict[str, float],
               whole: float, writing: float, rng: random.Random, done: Callable[[], bool]) -> None:
    """Kill at the moment *mode* asks for (see the module docstring)."""
    if mode == "random":
        time.sleep(rng.uniform(0, whole))
    elif mode == "in-early-load":
        while "early" not in seen and not done():
            time.sleep(0.0005)
        time.sleep(rng.uniform(0, max(0.0, whole - (time.monotonic() - started))))
    else:
        event = {"at-publish": "publish", "at-commit": "commit"}.get(mode, "marker")
        while event not in seen and not done():
            time.sleep(0.0005)
        if mode == "in-write":
            time.sleep(rng.uniform(0, writing))
    process_kill()


# --- ingest ------------------------------------------------------------------------------------------------------

class IngestCampaign:
    """Kill ``plangraph ingest`` of the four corpus documents into a store holding the seed; with *chunk*, bulk
    chunks of that many quads, so the batch is loaded while it is read, into a copy of the published snapshot."""

    def __init__(self, work: Path, *, validate: bool = False, chunk: int | None = None) -> None:
        self.work = work
        self.files = [str(corpus_file(n)) for n in CORPUS]
        self.flags = ([] if validate else ["--no-validate"]) + ([f"--bulk-chunk={chunk}"] if chunk else [])
        self.base = work / "base" / "store"
        cli("ingest", "--store", str(self.base), *self.flags, str(SEED))
        self.old = by_graph(export(self.base))
        full = copy_store(self.base, work / "full" / "store")
        # A whole run, uninterrupted: how long it takes, and how long it writes (from the marker to the end).
        seen: dict[str, float] = {}
        stop = threading.Event()
        watcher = threading.Thread(target=_watch, args=(full, stop, seen), daemon=True)
        watcher.start()
        started = time.monotonic()
        self._ingest(full).wait()
        finished = time.monotonic()
        stop.set()
        watcher.join()
        self.whole = finished - started
        self.writing = max(0.05, finished - seen.get("marker", finished - 0.5))
        self.new = by_graph(export(full))
        self.edited_seed = work / SEED.name  # the unrelated write: the seed with one agency renamed
        self.edited_seed.write_text(SEED.read_text(encoding="utf-8").replace("Sở Tài chính", "Sở Tư pháp"),
                                    encoding="utf-8")
        self.trials = 0

    def _ingest(self, store: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen([PLANGRAPH, "ingest", "--store", str(store), *self.flags, *self.files],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def classify(self, graphs: dict[str, set[bytes]]) -> str:
        corpus = [g for g in self.new if g not in self.old]
        present = [g for g in corpus if g in graphs]
        if present and len(present) != len(corpus):
            return f"HALF: {len(present)} of {len(corpus)} documents"
        for graph in present:
            if graphs[graph] != self.new[graph]:
                return f"HALF: graph {graph} differs from a complete ingest"
        unknown = set(graphs) - set(self.new)
        if unknown:
            return f"HALF: unexpected graphs {sorted(unknown)}"
        return "new" if present else "old"

    def run(self, mode: str, rng: random.Random) -> Trial:
        self.trials += 1
        store = copy_store(self.base, self.work / f"trial-{self.trials}" / "store")
        before = (store.with_name(store.name + ".snapshots") / "CURRENT").read_text().strip()
        seen: dict[str, float] = {}
        stop = threading.Event()
        watcher = threading.Thread(target=_watch, args=(store, stop, seen), daemon=True)
        watcher.start()
        started = time.monotonic()
        process = self._ingest(store)
        _kill_when(process.kill, mode, started, seen, self.whole, self.writing, rng,
                   lambda: process.poll() is not None)
        finished = process.wait() == 0
        stop.set()
        watcher.join()
        phase = "finished" if finished else _phase(store, before, seen)
        seconds = time.monotonic() - started
        exported = export(store)
        state = self.classify(by_graph(exported))
        server = LiveServer(store)
        try:
            with urllib.request.urlopen(f"{server.url}/dump", timeout=60) as response:
                served = response.read()
        finally:
            server.stop()
        cli("ingest", "--store", str(store), *self.flags, str(self.edited_seed))
        after = by_graph(export(store))
        seed_graph = BASE + "graph/vn/ubnd-31/qd/2016/281"
        after.pop(seed_graph, None)
        reference = {g: q for g, q in self.new.items() if g != seed_graph}
        present = [g for g in reference if g not in self.old and g in after]
        later = "new" if present else "old"
        if present and (len(present) != len([g for g in reference if g not in self.old])
                        or any(after[g] != reference[g] for g in present)):
            later = "HALF: the next write published part of the batch"
        if _early_copies(store):
            later = f"LEFT BEHIND: {_early_copies(store)}"  # the next ingest removes a killed one's copy
        shutil.rmtree(store.parent, ignore_errors=True)
        return Trial("ingest", mode, phase, state, served == exported, later, seconds)


# --- the server ----------------------------------------------------------------------------------------------------

def big_update() -> bytes:
    """INSERT DATA of BIG_TRIPLES triples, under the server's 1 MiB cap on an update."""
    rows = "\n".join(f"c:s{i} c:p {i} ." for i in range(BIG_TRIPLES))
    return f"PREFIX c: <http://example.org/crash/>\nINSERT DATA {{ GRAPH <{TARGET_GRAPH}> {{\n{rows}\n}} }}".encode()


def big_upload() -> bytes:
    return "\n".join(f"<http://example.org/crash/s{i}> <http://example.org/crash/p> \"{i}\"^^"
                     "<http://www.w3.org/2001/XMLSchema#integer> ." for i in range(BIG_TRIPLES)).encode() + b"\n"


class ServerCampaign:
    """Kill the whole server (every process of it) during a 20k-triple INSERT DATA or Graph Store PUT."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.base = work / "base" / "store"
        cli("ingest", "--store", str(self.base), "--no-validate", str(SEED))
        self.old = by_graph(export(self.base))
        self.update, self.upload = big_update(), big_upload()
        self.trials = 0
        store = copy_store(self.base, work / "measure" / "store")
        server = self._start(store)
        try:
            started = time.monotonic()
            if self._send("update", server) != 204:
                raise RuntimeError(f"the write of {BIG_TRIPLES} triples failed: {server.log.read_text()[-2000:]}")
            self.whole = time.monotonic() - started
        finally:
            server.stop()

    def _start(self, store: Path) -> LiveServer:
        return LiveServer(store, "--workers", "2", "--query-workers", "1", token=TOKEN)

    def _send(self, kind: str, server: LiveServer) -> int:
        if kind == "update":
            request = urllib.request.Request(f"{server.url}/update", data=self.update, method="POST", headers={
                "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
        else:
            request = urllib.request.Request(f"{server.url}/store?graph={TARGET_GRAPH}", data=self.upload,
                                             method="PUT", headers={"Content-Type": "application/n-triples",
                                                                    "Authorization": f"Bearer {TOKEN}"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status
        except OSError:
            return -1  # the server died under the request

    def classify(self, graphs: dict[str, set[bytes]]) -> str:
        extra = set(graphs) - set(self.old) - {TARGET_GRAPH}
        if extra or any(graphs.get(g) != q for g, q in self.old.items()):
            return "HALF: the other graphs changed"
        count = len(graphs.get(TARGET_GRAPH, ()))
        if count == 0:
            return "old"
        return "new" if count == BIG_TRIPLES else f"HALF: {count} of {BIG_TRIPLES} triples"

    def run(self, kind: str, mode: str, rng: random.Random) -> Trial:
        self.trials += 1
        store = copy_store(self.base, self.work / f"trial-{self.trials}" / "store")
        server = self._start(store)
        before = (store.with_name(store.name + ".snapshots") / "CURRENT").read_text().strip()
        seen: dict[str, float] = {}
        stop = threading.Event()
        watcher = threading.Thread(target=_watch, args=(store, stop, seen), daemon=True)
        watcher.start()
        status: list[int] = []
        sender = threading.Thread(target=lambda: status.append(self._send(kind, server)), daemon=True)
        started = time.monotonic()
        sender.start()
        _kill_when(server.kill, mode, started, seen, self.whole, max(0.05, self.whole / 3), rng,
                   lambda: not sender.is_alive())
        sender.join(timeout=120)
        stop.set()
        watcher.join()
        finished = bool(status) and status[0] in (200, 201, 204)
        phase = "finished" if finished else _phase(store, before, seen)
        seconds = time.monotonic() - started
        server.stop()
        exported = export(store)
        state = self.classify(by_graph(exported))
        if finished and state != "new":
            state = f"HALF: the server answered {status[0]} but the write is not in the store"
        server = self._start(store)  # the restart
        try:
            with urllib.request.urlopen(f"{server.url}/dump", timeout=60) as response:
                served = response.read()
            small = urllib.request.Request(f"{server.url}/update", method="POST", headers={
                "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
                data=b"INSERT DATA { GRAPH <http://example.org/crash/other> { <http://a> <http://b> 1 } }")
            with urllib.request.urlopen(small, timeout=60):
                pass
            with urllib.request.urlopen(f"{server.url}/dump", timeout=60) as response:
                after_served = response.read()
        finally:
            server.stop()
        after_graphs = by_graph(export(store))
        agree = served == exported and after_served == export(store)
        after_graphs.pop("http://example.org/crash/other", None)
        later = self.classify(after_graphs)
        if later != state and not later.startswith("HALF"):
            later = f"HALF: the next write turned {state} into {later}"
        shutil.rmtree(store.parent, ignore_errors=True)
        return Trial("server", f"{kind}/{mode}", phase, state, agree, later, seconds)
