"""CPU priority of the server's helper processes: long work yields the processor to short work.

Two uses. A process that only ever does background work (the checker of large request texts) runs at the lowest
priority for its whole life (:func:`lowest`). A query worker runs at normal priority, and the executor lowers it
while a query runs longer than ``PLANGRAPH_YIELD_AFTER`` seconds or when the job is background work (the page
warmer's): a runaway or an aggregate over the whole store then takes the CPU only when no short query wants it,
as an operating system's scheduler favours interactive work, and raises it back before the worker takes its next
query (:func:`lower`, :func:`restore`). Raising a priority again needs a privilege an unprivileged server may
not have (``CAP_SYS_NICE`` or a high enough ``RLIMIT_NICE``): :func:`restore` then says so, and the executor
retires that worker instead of letting a lowered process answer short queries.

Linux gives each thread its own nice value; a worker evaluates queries on its main thread, and every thread of
the process is set, so none is left behind.
"""

from __future__ import annotations

import os
from pathlib import Path

LOWERED = 19  # nice value of a process doing long or background work: ~1.5 % of a CPU beside a normal one
NORMAL = 0


def lowest() -> None:
    """Run the calling process only when the CPU is otherwise idle: Linux's SCHED_IDLE where there is one, else
    the highest nice value."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        os.nice(LOWERED)


def _threads(pid: int) -> list[int]:
    try:
        return [int(name) for name in os.listdir(Path("/proc") / str(pid) / "task")]
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return [pid]  # no /proc (or not readable): the process's main thread, which runs the query


def _set(pid: int, nice: int) -> bool:
    done = True
    for thread in _threads(pid):
        try:
            os.setpriority(os.PRIO_PROCESS, thread, nice)
        except ProcessLookupError:
            continue  # a thread that ended meanwhile
        except PermissionError:
            done = False
    return done


def lower(pid: int) -> bool:
    """Lower every thread of process *pid* to :data:`LOWERED`; whether it was done (a process that has just
    died is not an error: there is nothing left to lower)."""
    return _set(pid, LOWERED)


def restore(pid: int) -> bool:
    """Raise every thread of process *pid* back to normal priority; False when this process may not."""
    return _set(pid, NORMAL)


def nice_of(pid: int) -> int:
    """The nice value of *pid*'s main thread.

    >>> nice_of(os.getpid()) >= 0
    True
    """
    return os.getpriority(os.PRIO_PROCESS, pid)
