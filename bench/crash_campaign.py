"""Kill -9 campaigns: ``plangraph ingest`` killed during a batch, and the whole server killed during writes.

Each trial runs real processes on a real on-disk store (see ``tests/crash_campaign.py`` for how a trial kills
and what it checks) and the campaign prints, per kind of kill, where the kills landed and what was left: the old
state or the new one, never a half state; the restarted server serving exactly what ``plangraph export`` reads;
the next, unrelated write not publishing a half state either. ``make test`` runs a few trials of each
(``tests/test_crash_safety.py``); this runs the issue's campaign sizes.

    .venv/bin/python bench/crash_campaign.py [--ingest 45] [--early 30] [--server 30] [--seed 18]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from crash_campaign import IngestCampaign, ServerCampaign, Trial  # noqa: E402

INGEST_MODES = ("random", "in-write", "in-write", "at-publish", "at-commit")
EARLY_MODES = ("random", "in-early-load", "in-early-load", "at-publish", "at-commit")
EARLY_CHUNK = 5_000  # quads: the four documents' batch is loaded in several chunks while it is read
SERVER_MODES = ("random", "in-write", "in-write", "at-commit")


def report(title: str, trials: list[Trial]) -> bool:
    half = [t for t in trials if t.state.startswith("HALF") or t.after_next_write.startswith("HALF")]
    disagree = [t for t in trials if not t.agree]
    print(f"\n{title}: {len(trials)} kills")
    print(f"  where they landed: {dict(Counter(t.phase for t in trials))}")
    print(f"  state after the kill: {dict(Counter(t.state for t in trials))}")
    print(f"  half states: {len(half)}; CLI and restarted server disagree: {len(disagree)}")
    for trial in half + disagree:
        print(f"  ! {trial}")
    return not half and not disagree


def kill_ingests(campaign: IngestCampaign, modes: tuple[str, ...], kills: int, rng: random.Random) -> list[Trial]:
    """*kills* trials of *campaign*, the kill moments taken from *modes* in turn, each printed as it ends."""
    trials = []
    for n in range(kills):
        trials.append(campaign.run(modes[n % len(modes)], rng))
        print(f"  {n + 1:3} {trials[-1].mode:13} {trials[-1].phase:12} {trials[-1].state:5} "
              f"agree={trials[-1].agree} next-write={trials[-1].after_next_write}", flush=True)
    return trials


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--ingest", type=int, default=45, help="kills of an ingest")
    parser.add_argument("--early", type=int, default=30,
                        help=f"kills of an ingest loading its batch while reading it (bulk chunks of {EARLY_CHUNK})")
    parser.add_argument("--server", type=int, default=30, help="kills of the server during writes")
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    ok = True
    with tempfile.TemporaryDirectory(prefix="plangraph-crash-") as work:
        started = time.monotonic()
        if args.ingest:
            campaign = IngestCampaign(Path(work) / "ingest")
            print(f"ingest of 4 documents: {campaign.whole:.1f} s, of which writing the store {campaign.writing:.2f} s")
            ok &= report("plangraph ingest killed", kill_ingests(campaign, INGEST_MODES, args.ingest, rng))
        if args.early:
            campaign = IngestCampaign(Path(work) / "early", chunk=EARLY_CHUNK)
            print(f"\ningest of 4 documents in bulk chunks of {EARLY_CHUNK} quads: {campaign.whole:.1f} s")
            ok &= report("plangraph ingest killed while loading early", kill_ingests(campaign, EARLY_MODES, args.early,
                                                                                     rng))
        if args.server:
            server = ServerCampaign(Path(work) / "server")
            print(f"\na 20,000-triple write through the server: {server.whole:.2f} s")
            trials = []
            for n in range(args.server):
                kind = "update" if n % 2 == 0 else "put"
                trials.append(server.run(kind, SERVER_MODES[(n // 2) % len(SERVER_MODES)], rng))
                print(f"  {n + 1:3} {trials[-1].mode:18} {trials[-1].phase:12} {trials[-1].state:5} "
                      f"agree={trials[-1].agree} next-write={trials[-1].after_next_write}", flush=True)
            ok &= report("the server killed during writes", trials)
        print(f"\n{time.monotonic() - started:.0f} s in all")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
