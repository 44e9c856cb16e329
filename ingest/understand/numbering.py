"""Which group holds a task: the levels of printed numbers and the nesting of task groups.

Task tables and task lists group their rows in up to three levels: parts lettered ``A``, ``B``; sections in
Roman numerals ``I``, ``II``; fields numbered ``1``, ``2`` whose tasks are ``1.1``, ``1.2``. A group closes
when another group of the same or a higher level opens, so ``A/I/1.1`` keeps its whole path and a task
``3`` after the tasks ``2.1``, ``2.2`` of group ``2`` is not put inside that group.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from plangraph.ingest.records import TaskGroup

ROMAN = re.compile(r"^(?=[IVXLC]+$)M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
LETTER = re.compile(r"^[A-Z]$")
ARABIC = re.compile(r"^\d{1,3}(?:\.\d{1,3})*$")

LETTER_LEVEL, ROMAN_LEVEL, ARABIC_LEVEL = 0, 1, 2


def is_group_number(number: str) -> bool:
    """Numbers that head a group by themselves (a letter or a Roman numeral)."""
    return bool(ROMAN.match(number) or LETTER.match(number))


def arabic_level(number: str) -> int:
    """``1`` → 2, ``1.1`` → 3, ``1.1.1`` → 4."""
    return ARABIC_LEVEL + number.count(".")


def is_parent_number(number: str, following: str) -> bool:
    """True when *following* is numbered inside *number* (``2`` → ``2.1``, ``2.1`` → ``2.1.3``)."""
    return bool(ARABIC.match(number) and ARABIC.match(following)) and following.startswith(number + ".")


class GroupNesting:
    """The groups open at the current row, outermost first."""

    def __init__(self) -> None:
        self.open: list[tuple[int, TaskGroup]] = []

    def _level(self, number: str) -> int:
        if ARABIC.match(number):
            return arabic_level(number)
        letters = [g.number for level, g in self.open if level == LETTER_LEVEL]
        # C, L, V, X and I are letters when they follow the previous letter (A, B, C …), Roman numerals otherwise.
        if LETTER.match(number) and (not ROMAN.match(number) or
                                     (letters and ord(letters[-1]) + 1 == ord(number))):
            return LETTER_LEVEL
        return ROMAN_LEVEL

    def group(self, number: str, make: Callable[[TaskGroup | None], TaskGroup]) -> TaskGroup:
        """Open the group numbered *number*; *make* builds it given its parent group."""
        level = self._level(number)
        self._close(level)
        group = make(self.current)
        self.open.append((level, group))
        return group

    def task(self, number: str) -> TaskGroup | None:
        """The group that holds a task numbered *number*."""
        if ARABIC.match(number):
            self._close(arabic_level(number))
        return self.current

    def _close(self, level: int) -> None:
        while self.open and self.open[-1][0] >= level:
            self.open.pop()

    @property
    def current(self) -> TaskGroup | None:
        return self.open[-1][1] if self.open else None
