"""The folder where the web processes of one ``plangraph serve`` write their Prometheus counters.

gunicorn's processes report into one folder (``PROMETHEUS_MULTIPROC_DIR``) that ``/metrics`` sums. A server
makes its own under the temporary directory, named after its process id, and removes it when it stops; one left
by a server that was killed (its process gone) is removed by the next server to start. A folder the operator
names in ``PROMETHEUS_MULTIPROC_DIR`` is theirs: used as it is, never removed.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PREFIX = "plangraph-metrics-"
_OWNED = re.compile(re.escape(PREFIX) + r"(\d+)-")


def owner(name: str) -> int | None:
    """The process id in a folder name this module made, or None for any other name.

    >>> owner("plangraph-metrics-4242-x1y2z3"), owner("plangraph-metrics-x1y2z3"), owner("other")
    (4242, None, None)
    """
    found = _OWNED.match(name)
    return int(found[1]) if found else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def sweep(parent: Path) -> list[Path]:
    """Remove the metrics folders under *parent* whose server is gone; the folders removed."""
    removed = []
    for path in parent.glob(PREFIX + "*"):
        pid = owner(path.name)
        if pid is not None and pid != os.getpid() and not _alive(pid) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


@contextmanager
def metrics_dir() -> Iterator[Path]:
    """The folder to report metrics into, set in ``PROMETHEUS_MULTIPROC_DIR`` for the processes to come."""
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if given:
        yield Path(given)
        return
    parent = Path(tempfile.gettempdir())
    sweep(parent)
    path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=parent))
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)
    try:
        yield path
    finally:
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        shutil.rmtree(path, ignore_errors=True)
