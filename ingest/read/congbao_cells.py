"""Recover the cells of one task-table row of a Công báo text layer, which has no cell delimiters.

The text layer lists each wrapped line of each cell on a line of its own, column after column. Cell
boundaries are chosen by scoring every way of cutting a row's lines into the columns, with cues that hold
for the genre, never for one file:

* widths, measured per document: the task column is the only wide one, so a line wider than the narrow
  columns belongs to it; a line wider than a narrow column there is two cells printed on one baseline
  (``văn bản phối hợp Thường xuyên``), cut before a time phrase or an agency name;
* every cell starts with a capital letter (or a digit), a wrapped line seldom does;
* lead and partner cells start like agency names (:data:`lexicon.AGENCY_HEADS`), the time cell is a time
  phrase (:func:`periods.is_time_phrase`), a cell does not end on a comma or a connecting word;
* justified narrow columns put single words on lines of their own (``Các⏎bộ⏎ở``): one visual line, rarely
  cut; a blank line inside a row usually comes before a cell (the text layer's vertical centring).

A row split by a page break goes on after the repeated header: each fragment there continues one column,
in column order (the open ones first). When the best cut is not clearly better than the next one, or a
cue fails, the row is still read and the doubt is returned with the lines it concerns, for the report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import combinations_with_replacement

from plangraph.language import lexicon
from plangraph.language.folding import fold
from plangraph.language.periods import is_time_phrase
from plangraph.ontology.concepts import by_label

_CONNECTORS = frozenset("các và với của cho thuộc tại ở có về theo để trong được hoặc là".split())
_BULLET = re.compile(r"^[-+•]\s")
_SENTENCE_END = re.compile(r"[.;:!?)]$")
SPLIT_COST = 1.0
DOUBT_MARGIN = 1.0
FRAGMENT_COST = 0.5  # each piece a page break leaves: fewer pieces read more naturally
MAX_WIDE_LINES = 2  # a narrow column's fragment holding more wide lines than this is never the best reading


@dataclass(frozen=True)
class Unit:
    """A run of one original line read as one line of a cell: characters [start, end) of line *lineno*."""

    lineno: int
    start: int
    end: int
    text: str
    after_blank: bool = False  # a blank line precedes it inside the row

    def cut(self, at: int) -> tuple[Unit, Unit]:
        """Two units: text[:at] (right-stripped) and text[at:]."""
        head = self.text[:at].rstrip()
        return (Unit(self.lineno, self.start, self.start + len(head), head, self.after_blank),
                Unit(self.lineno, self.start + at, self.end, self.text[at:]))


@dataclass(frozen=True)
class Widths:
    narrow: int  # the widest line of a narrow column
    wide: int  # the width of a full line of the task column (90th percentile: one merged line is no measure)


@dataclass
class RowCells:
    cells: list[list[Unit]]  # one list per column after the number column
    doubts: list[tuple[int, str]]  # (original line, reason)


def measure(lengths: Sequence[int]) -> Widths:
    """Column widths from the lengths of a table's lines, split in two classes (Otsu): narrow and wide."""
    values = sorted(lengths)
    if len(values) < 2:
        return Widths(20, 50)
    best, threshold = -1.0, values[0]
    for cut in range(1, len(values)):
        low, high = values[:cut], values[cut:]
        mean_low, mean_high = sum(low) / len(low), sum(high) / len(high)
        spread = len(low) * len(high) * (mean_high - mean_low) ** 2
        if spread > best:
            best, threshold = spread, values[cut - 1]
    wide = [v for v in values if v > threshold]
    return Widths(threshold, wide[int(len(wide) * 0.9)] if wide else threshold)


@cache
def _heads() -> re.Pattern[str]:
    heads = sorted({*lexicon.AGENCY_HEADS, "Cơ sở"}, key=len, reverse=True)
    return re.compile("^(?:" + "|".join(re.escape(h) for h in heads) + r")\b", re.IGNORECASE)


def agency_start(text: str) -> bool:
    return text[:1].isupper() and bool(_heads().match(text))


def startable(unit: Unit) -> bool:
    return unit.text[:1].isupper() or unit.text[:1].isdigit()


@lru_cache(maxsize=8192)  # asked of the same cell texts by many cuts
def _open(text: str) -> bool:
    """A cell that visibly goes on: it ends on a comma, a hyphen, a connecting word or a bare agency
    head (``Bộ Tài chính, Bộ``)."""
    text = text.rstrip()
    if not text or text.endswith((",", "-", "–")) or text.split()[-1].lower() in _CONNECTORS:
        return True
    return text.rsplit(",", 1)[-1].strip() in _bare_heads()


@cache
def _bare_heads() -> frozenset[str]:
    return frozenset(h for h in lexicon.AGENCY_HEADS if " " not in h and h[:1].isupper())


def _dangling(text: str) -> bool:
    """A cell that may go on: a lone word after its last comma (``…, chữa bệnh, cơ``), the first syllable
    of a name cut by the page break."""
    return "," in text and not text.rstrip().endswith(".") and len(text.rsplit(",", 1)[1].split()) == 1


def _closed(role: str, text: str) -> bool:
    """A cell that is visibly complete: a sentence, or a list of agencies whose last one is a known kind."""
    text = text.rstrip()
    if text.endswith("."):
        return True
    return role in {"lead", "partner"} and _known_kind(text.rsplit(",", 1)[-1])


def _known_kind(name: str) -> bool:
    """True when *name* is printed as the name of a kind of agency (``Bộ Y tế``, ``Sở Tài chính``)."""
    return " ".join(fold(name).split()).strip(" .;") in by_label("agency-kind")


def _joined(units: Sequence[Unit]) -> str:
    return " ".join(u.text for u in units)


def _cells(units: Sequence[Unit], edges: Sequence[int]) -> tuple[tuple[Unit, ...], ...]:
    """The cells of a cut of *units* at *edges* (0, the first unit of each later cell, len(units))."""
    return tuple(tuple(units[a:b]) for a, b in zip(edges, edges[1:], strict=False))


def _single(unit: Unit) -> bool:
    return " " not in unit.text.strip()


@dataclass(frozen=True)
class _Before:
    """What a column's cell held before a page break, as the fragments after it are scored against."""

    text: str
    goes_on: bool  # it visibly goes on, or may (a lone word after its last comma)
    closed: bool  # it is visibly complete
    time: bool  # it is a time phrase

    @classmethod
    def of(cls, role: str, text: str) -> _Before:
        if not text:
            return cls(text, False, False, False)
        return cls(text, _open(text) or _dangling(text), _closed(role, text), is_time_phrase(text))


class RowReader:
    """Cuts rows of one table; *roles* are the column roles after the number column."""

    def __init__(self, roles: Sequence[str], widths: Widths) -> None:
        self.roles = list(roles)
        self.widths = widths
        self.continues = False  # the row being read goes on after a page break

    # --- the first page of a row ---------------------------------------------------------------------

    def read(self, parts: Sequence[Sequence[Unit]]) -> RowCells:
        first = list(parts[0]) if parts else []
        self.continues = len(parts) > 1
        scored = sorted(self._candidates(first), key=lambda c: -c[0])
        cells: list[list[Unit]] = [[] for _ in self.roles]
        doubts: list[tuple[int, str]] = []
        if scored:
            best_score, variant, edges = scored[0]
            best = _cells(variant, edges)
            cells = [list(c) for c in best]
            runner_up = next((s for s, v, e in scored[1:] if _cells(v, e) != best), None)
            if runner_up is not None and best_score - runner_up < DOUBT_MARGIN:
                doubts.append((first[0].lineno, "cell boundaries uncertain: two readings of this row score "
                                                f"alike ({best_score:.1f} vs {runner_up:.1f})"))
        continues = len(parts) > 1
        for part in parts[1:]:
            self._continue(cells, list(part), doubts)
        doubts.extend(self._checks(cells, continues))
        return RowCells(cells, doubts)

    def _candidates(self, units: list[Unit]) -> list[tuple[float, list[Unit], tuple[int, ...]]]:
        """Every reading of the row: its score, the variant of its units and the edges of its cells."""
        out = []
        for variant, cost in self._variants(units):
            for score, edges in self._cuts(variant):
                out.append((score - cost, variant, edges))
        return out

    def _variants(self, units: list[Unit]) -> list[tuple[list[Unit], float]]:
        """The row's units, and the same with one or two wide lines cut where a second cell begins."""
        splits = [(i, at) for i, u in enumerate(units) for at in self._split_points(u)]
        variants = [(units, 0.0)]
        for count in (1, 2):
            for chosen in _distinct(splits, count):
                cut = list(units)
                for i, at in sorted(chosen, reverse=True):
                    cut[i:i + 1] = list(cut[i].cut(at))
                variants.append((cut, SPLIT_COST * count))
        return variants

    def _split_points(self, unit: Unit) -> list[int]:
        if len(unit.text) <= self.widths.narrow + 2:
            return []
        points = []
        for match in re.finditer(r"\s(?=\S)", unit.text):
            at = match.end()
            tail, head = unit.text[at:], unit.text[:at].rstrip()
            if len(tail) > self.widths.narrow + 2 or not tail[:1].isupper() or not head:
                continue
            if head.split()[-1].lower() in _CONNECTORS:
                continue
            if is_time_phrase(tail) or agency_start(tail):
                points.append(at)
        return points

    def _cuts(self, units: list[Unit]) -> list[tuple[float, tuple[int, ...]]]:
        """Every cut of *units* into the columns whose cells (after the first) start on a startable unit, as its
        score and its edges (:func:`_cells` makes the cells of the few that are read).

        A cut's score is the sum of its cells' scores and of the boundaries between them; a cell's score
        depends only on its column and its units, so each is computed once for all the cuts that share it
        (a wide row has thousands of cuts and a few hundred distinct cells)."""
        n, k = len(units), len(self.roles)
        starts = [i for i in range(1, n) if startable(units[i])] + [n]
        cell_scores: dict[tuple[int, int, int], float] = {}
        boundaries: dict[int, float] = {}
        out = []
        for bounds in combinations_with_replacement(starts, k - 1):
            edges = (0, *bounds, n)
            score = 0.0
            a = 0
            for index in range(k):
                b = edges[index + 1]
                key = (index, a, b)
                cell = cell_scores.get(key)
                if cell is None:
                    cell = cell_scores[key] = self._cell_score(self.roles[index], units[a:b], last=index == k - 1)
                score += cell
                if a < b < n:  # the next non-empty cell starts right where this one ends
                    edge = boundaries.get(b)
                    if edge is None:
                        edge = boundaries[b] = self._boundary(units[b - 1], units[b])
                    score += edge
                a = b
            out.append((score, edges))
        return out

    def _score(self, cells: tuple[tuple[Unit, ...], ...], units: list[Unit]) -> float:
        """The score of one cut, as :meth:`_cuts` computes it for all (kept for the test that both agree)."""
        score = 0.0
        for index, (role, cell) in enumerate(zip(self.roles, cells, strict=True)):
            score += self._cell_score(role, cell, last=index == len(self.roles) - 1)
            following = next((c[0] for c in cells[index + 1:] if c), None)
            if cell and following is not None:
                score += self._boundary(cell[-1], following)
        return score

    def _boundary(self, before: Unit, after: Unit) -> float:
        score = 0.0
        if after.after_blank:
            score += 1.0
        if _single(before) and _single(after) and not after.after_blank:
            score -= 1.0  # inside one justified visual line
        return score

    def _cell_score(self, role: str, cell: Sequence[Unit], *, last: bool) -> float:
        text = _joined(cell)
        if role == "task":
            if not cell:
                return -10.0
            score = 0.0
            for unit, following in zip(cell, cell[1:], strict=False):
                if len(unit.text) <= self.widths.narrow and not (
                        _BULLET.match(following.text) or _SENTENCE_END.search(unit.text)):
                    score -= 3.0
                if unit.text.endswith(".") and following.text[:1].islower():
                    score -= 1.0  # a sentence ended; a wrapped line does not go on in lower case
            return score
        if not cell:
            return {"lead": -6.0, "period": -4.0}.get(role, -3.0)
        score = -4.0 * sum(1 for u in cell if len(u.text) > self.widths.narrow + 2)
        score -= 1.0 * sum(1 for u in cell[1:] if u.after_blank)
        if role in {"lead", "partner"}:
            score += 2.0 if agency_start(text) else (-2.0 if role == "lead" else -1.0)
        elif role == "period":
            score += 3.0 if is_time_phrase(text) else (-3.0 if any(agency_start(u.text) for u in cell) else -1.0)
        elif agency_start(text):
            score -= 1.0
        if not last and _open(text):
            score -= 2.0
        elif not last and _dangling(text) and not self.continues:
            score -= 1.0
        return score

    # --- fragments after a page break -----------------------------------------------------------------

    def _continue(self, cells: list[list[Unit]], units: list[Unit], doubts: list[tuple[int, str]]) -> None:
        """Append the fragments of *units* to the columns they continue (a DP over fragment ends and columns)."""
        n, k = len(units), len(self.roles)
        if not n:
            return
        before = [_Before.of(role, _joined(c)) for role, c in zip(self.roles, cells, strict=True)]

        @cache
        def text(i: int, j: int) -> str:  # the DP asks for each span once per column
            return _joined(units[i:j])

        @cache
        def fragment(c: int, i: int, j: int) -> float:
            return self._fragment_score(c, units[i:j], before[c], text(i, j))

        @cache
        def best(i: int, column: int) -> tuple[float, tuple[tuple[int, int, int], ...]]:
            if i == n:
                return 0.0, ()
            found: tuple[float, tuple[tuple[int, int, int], ...]] = (-1e9, ())
            for c in range(column, k):
                wide = 0
                for j in range(i + 1, n + 1):
                    if self.roles[c] != "task" and len(units[j - 1].text) > self.widths.narrow + 2:
                        wide += 1
                        if wide > MAX_WIDE_LINES:
                            break  # each wide line costs a narrow column more than any reading can win back
                    score = fragment(c, i, j) - FRAGMENT_COST
                    if j < n:
                        score += self._fragment_end(c, units[j - 1], units[j])
                        score -= 2.0 if _open(units[j - 1].text) else 0.0
                    rest, plan = best(j, c + 1)
                    if score + rest > found[0]:
                        found = (score + rest, ((c, i, j), *plan))
            return found

        score, plan = best(0, 0)
        for column, i, j in plan:
            cells[column].extend(units[i:j])
            if fragment(column, i, j) < 0:
                doubts.append((units[i].lineno, f"after the page break, which column this continues is uncertain "
                                                f"(read as '{self.roles[column]}')"))

    def _fragment_score(self, column: int, units: Sequence[Unit], before: _Before, text: str) -> float:
        """How well *units* (joined: *text*) continue column *column*, whose cell held *before* on the page
        before."""
        role = self.roles[column]
        score = 2.0 if before.goes_on else 0.0
        if not before.text and units[0].text[:1].isupper():
            score += 1.0  # a cell that begins only on this page
        if before.closed and units[0].text[:1].islower():
            score -= 2.0
        if role == "task":
            score += 1.0 if len(units[0].text) > self.widths.narrow else 0.0
            score += self._cell_score("task", units, last=True)
            return score
        score -= 4.0 * sum(1 for u in units if len(u.text) > self.widths.narrow + 2)
        if role == "period" and before.time:
            score -= 3.0
        if role == "period" and not before.text:
            score += 2.0 if is_time_phrase(text) else -2.0
        elif role != "period" and not before.text and is_time_phrase(text):
            score -= 2.0
        elif role != "period" and is_time_phrase(text) and text[:1].isupper():
            score -= 1.0  # a time phrase of its own belongs to the time column
        return score

    def _fragment_end(self, column: int, last: Unit, following: Unit) -> float:
        """A task fragment ends on a line the next word would have fitted on; a full line goes on."""
        if self.roles[column] != "task":
            return 0.0
        word = following.text.split()[0] if following.text.split() else ""
        return 0.0 if len(last.text) + 1 + len(word) <= self.widths.wide - 4 else -1.0

    # --- what the reader cannot vouch for ---------------------------------------------------------------

    def _checks(self, cells: list[list[Unit]], continues: bool) -> list[tuple[int, str]]:
        doubts = []
        for role, cell in zip(self.roles, cells, strict=True):
            text = _joined(cell)
            if role == "lead" and cell and not agency_start(text):
                doubts.append((cell[0].lineno, f"the lead cell does not start like an agency name: {text[:40]!r}"))
            if role == "lead" and not cell:
                doubts.append((0, "no lead agency cell found"))
            if role == "period" and cell and not is_time_phrase(text) and (
                    agency_start(text) or len(text) > self.widths.narrow):
                # a short phrase is a status the genre prints there ("Đã hoàn thành"), not a misread cell
                doubts.append((cell[0].lineno, f"the time cell is not a time phrase: {text[:40]!r}"))
            if any(len(u.text) > self.widths.narrow + 2 for u in cell) and role != "task":
                doubts.append((cell[0].lineno, f"a line wider than the narrow columns was read into '{role}'"))
        return doubts


def _distinct(splits: list[tuple[int, int]], count: int) -> list[tuple[tuple[int, int], ...]]:
    """Choices of *count* split points, at most one per unit."""
    from itertools import combinations

    return [c for c in combinations(splits, count) if len({i for i, _ in c}) == count]
