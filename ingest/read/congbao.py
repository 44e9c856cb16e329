"""Shape C: the text layer of a signed Công báo PDF (congbao.chinhphu.vn).

What the file looks like: every page starts with a running header ``CÔNG BÁO/Số 286/Ngày 27-05-2026`` and
a page number (sometimes before the header); the e-signature stamp (``Ký bởi: …``, ``Cơ quan: …``,
``Ngày ký: …``) sits after the signer; prose is hard-wrapped at the page width; a task table has no cell
delimiters: each wrapped line of each cell is a line of its own, the cells of a row follow one another
column by column, and the table header (itself wrapped, ``Cơ quan⏎chủ trì``) is repeated on every page.

Blocks:

* page furniture (running headers, page numbers, the stamp, a stray bracket left by the signature image)
  is set aside, so a paragraph or a cell that runs over a page break joins up; these lines are counted in
  the report, not listed one by one;
* prose: wrapped lines are joined into one logical line per paragraph, numbered item or list item; a
  paragraph ends where the next line starts an item (``1.``, ``-``, ``Điều 2.``, ``Căn cứ``), changes
  between capitals and lower case, or where its first word would have fitted on the line before (the
  word-fit test, against the body width measured on the document); the lines after a type heading
  (``QUYẾT ĐỊNH``) up to a rule are the title, one line;
* a task table: its header (recognised by the wording of :data:`lexicon.TABLE_COLUMNS`, its labels
  wrapped over several lines) becomes one tab-separated line and its repeats are furniture; a group row
  (``I. …``, the title wrapping onto the next lines) becomes ``I.⏎title``; a task row (``1.`` alone on a
  line, or followed by the text) becomes one tab-separated line whose cells are recovered by
  :mod:`plangraph.ingest.read.congbao_cells`; the rows that module cannot vouch for are still read, and
  listed in the view's ``doubts`` with the reason (``--report`` shows them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from plangraph.ingest.blocks import Cell, ContentBlock, Document, Furniture, Heading, ListItem, Paragraph, Run, Table
from plangraph.ingest.read.classify import blocks_of, with_signatures
from plangraph.ingest.read.congbao_cells import RowReader, Unit, measure
from plangraph.ingest.read.paragraphs import RawParagraph
from plangraph.ingest.read.source import SourceDocument
from plangraph.language import lexicon
from plangraph.language.columns import exact_role, label_role
from plangraph.language.folding import fold
from plangraph.ontology.concepts import by_label

_RUNNING_HEADER = re.compile(r"^\s*CÔNG BÁO\s*/\s*Số\s*\d+(?:\s*\+\s*\d+)*\s*/\s*Ngày\s*[\d\s./-]+$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_STAMP_START = re.compile(r"^\s*(?:Ký bởi|Người ký)\s*:", re.IGNORECASE)
_STAMP_FIELD = re.compile(r"^\s*(?:Cơ quan|Ngày ký|Thời gian ký|Email|Chức vụ)\s*:", re.IGNORECASE)
_STRAY = re.compile(r"^\s*[\[\]{}|]\s*$")
_RULE = re.compile(r"^\s*[-_–—=.]{3,}\s*$")
_ITEM = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\s*[.)]\s|[IVX]{1,4}\s*[.)]\s|[-+•]\s|[a-zđ]\)\s|Điều\s+\d+|"
                   r"Căn cứ|Theo đề nghị|Xét đề nghị|\(Kèm theo|\(Ban hành|Nơi nhận|TM\.|KT\.|Q\.|TL\.)")
# Row numbers: "II. Text", "3." or, on a line of their own, "II" and "3"; a sub-row "2.1" of row 2.
_GROUP = re.compile(r"^(?P<num>[IVXLC]{1,5})(?:\s*\.\s+\S|\s+(?=[A-ZĐÀ-Ỹ])|\.?\s*$)")
_TASK = re.compile(r"^(?P<num>\d{1,3})\s*(?:\.(?:\s+|$)|$)")
_SUB_ROW = re.compile(r"^(?P<num>(?P<parent>\d{1,3})(?:\.\d{1,3})+)\.?(?:\s+|$)")
_TABLE_END = re.compile(r"^(?:Nơi nhận|TM\.|KT\.|PHỤ LỤC|KẾ HOẠCH|QUYẾT ĐỊNH)")
# A line ending on one of these words goes on on the next line whatever the width says.
_CONTINUES = re.compile(r"(?:[,(]|\b(?:và|của|các|với|cho|về|tại|theo|số|ngày|năm|tháng|trong|được|bởi|là))$",
                        re.IGNORECASE)
MAX_LABEL_LINES = 3
SLACK = 4  # characters of doubt in the word-fit test (the PDF font is proportional)


@dataclass
class _Pages:
    content: list[int]  # original line numbers that are content, in order
    page: dict[int, int]  # page index of every content line
    furniture: list[Furniture]
    notes: list[list[int]]  # the lines of each footnote


def _set_aside(source: SourceDocument, lineno: int, reason: str, *, listed: bool = False) -> Furniture:
    """Line *lineno* set aside with *reason* (page furniture is counted in the report, not listed)."""
    start, end = _stripped(source, lineno)
    base = source.offsets[lineno - 1]
    return Furniture(Run.of(source.text, base + start, base + end), (base + start, base + max(start, end)),
                     reason, listed)


def _furniture(source: SourceDocument) -> _Pages:
    lines, total = source.lines, len(source.lines)
    reasons: dict[int, str] = {}
    for n in range(1, total + 1):
        if _RUNNING_HEADER.match(lines[n - 1]):
            reasons[n] = "running page header"
            for step in (-1, 1):
                m = n + step
                while 1 <= m <= total and not lines[m - 1].strip():
                    m += step
                if 1 <= m <= total and _PAGE_NUMBER.match(lines[m - 1]):
                    reasons[m] = "page number"
        elif _STAMP_START.match(lines[n - 1]):
            reasons[n] = "e-signature stamp"
            m = n + 1
            while m <= total and _STAMP_FIELD.match(lines[m - 1]):
                reasons[m] = "e-signature stamp"
                m += 1
        elif _STRAY.match(lines[n - 1]):
            reasons[n] = "stray mark (the signature image)"
    notes = _footnotes(lines, reasons)
    in_notes = {n for note in notes for n in note}
    content, page, current = [], {}, 0
    for n in range(1, total + 1):
        if reasons.get(n) == "running page header":
            current += 1
        elif n not in reasons and n not in in_notes and lines[n - 1].strip():
            content.append(n)
            page[n] = current
    furniture = [_set_aside(source, n, reason) for n, reason in sorted(reasons.items())]
    return _Pages(content, page, furniture, notes)


_NOTE_RULE = re.compile(r"^ {20,}$")  # the rule above a page's footnotes, as the text layer prints it
_NOTE_START = re.compile(r"^\s*\d{1,2}\s+\S|^\s*“")


def _footnotes(lines: tuple[str, ...], reasons: dict[int, str]) -> list[list[int]]:
    """The footnotes of every page: after the rule at the page's foot, each starting with its number (or, when
    the note goes on from the page before, with a quotation), up to the next page's running header."""
    notes: list[list[int]] = []
    total = len(lines)
    n = 1
    while n <= total:
        if not _NOTE_RULE.match(lines[n - 1]):
            n += 1
            continue
        m = n + 1
        while m <= total and not lines[m - 1].strip():
            m += 1
        if m > total or m in reasons or not _NOTE_START.match(lines[m - 1]):
            n = m
            continue
        while m <= total and reasons.get(m) not in {"running page header", "page number"}:
            if lines[m - 1].strip() and m not in reasons:
                if re.match(r"^\s*\d{1,2}\s+\S", lines[m - 1]) or not notes or notes[-1][-1] < n:
                    notes.append([m])
                else:
                    notes[-1].append(m)
            m += 1
        n = m
    return notes


def _stripped(source: SourceDocument, lineno: int) -> tuple[int, int]:
    raw = source.line(lineno)
    return len(raw) - len(raw.lstrip()), len(raw.rstrip())


def _text(source: SourceDocument, lineno: int) -> str:
    return source.line(lineno).strip()


# --- prose -------------------------------------------------------------------------------------------------

def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _is_type_heading(text: str) -> bool:
    folded = fold(text).strip(" :")
    return _is_caps(text) and (folded in by_label("doctype") or folded in lexicon.PLAN_HEADINGS)


# A sentence opening with an instrument and its number ("Thông tư liên tịch số 12/2016/TTLT-… ngày …"): under a
# consolidated text's title, the list of the texts it consolidates, not more of the title.
_CITING_OPENER = re.compile(r"^(?:Thông tư liên tịch|Thông tư|Nghị định|Quyết định|Nghị quyết|Luật|Bộ luật|Pháp lệnh)"
                            r"\b[^,.;:]{0,80}?\bsố\s+\d")


def _paragraphs(source: SourceDocument, linenos: list[int], width: int) -> list[list[int]]:
    groups: list[list[int]] = []
    title = False
    for lineno in linenos:
        text = _text(source, lineno)
        if groups:
            previous = _text(source, groups[-1][-1])
            if _hyphenated(previous):
                joins = True
            elif title:  # a title under its type heading, up to a blank line (a consolidated text's sources follow)
                joins = not (_is_caps(text) or _RULE.match(text) or _ITEM.match(text)
                             or lineno - groups[-1][-1] > 1
                             or _CITING_OPENER.match(text) and not _CONTINUES.search(previous))
            elif _CONTINUES.search(previous) and not _ITEM.match(text) and not _is_caps(previous):
                joins = True  # "… ngày 14 tháng 6 năm" ⏎ "2025 của Quốc hội": the sentence visibly goes on
            else:
                word = text.split()[0]
                fits = len(previous) + 1 + len(word) <= width - SLACK and not text[:1].islower()
                joins = not (fits or _ITEM.match(text) or _RULE.match(text) or _RULE.match(previous)
                             or _is_caps(text) != _is_caps(previous))
            if joins:
                groups[-1].append(lineno)
                continue
        title = bool(groups) and _is_type_heading(_text(source, groups[-1][-1])) and not _is_caps(text)
        groups.append([lineno])
    return groups


def _hyphenated(text: str) -> bool:
    """A line that ends inside a hyphenated number (``Chỉ thị số 52-`` ⏎ ``CT/TW``): joined without a space."""
    return bool(re.search(r"\w-$", text))


def _joined(source: SourceDocument, linenos: list[int]) -> RawParagraph:
    """The lines of one paragraph as one run; a line ending inside a hyphenated number joins without a space."""
    pieces: list[Run] = []
    for position, lineno in enumerate(linenos):
        start, end = _stripped(source, lineno)
        base = source.offsets[lineno - 1]
        piece = Run.of(source.text, base + start, base + end)
        if position and _hyphenated(_text(source, linenos[position - 1])):
            pieces[-1] = pieces[-1] + piece
        else:
            pieces.append(piece)
    return RawParagraph(Run.join(pieces, " "), linenos[0], linenos[-1])


# --- the task table ----------------------------------------------------------------------------------------

def _labels(source: SourceDocument, linenos: list[int], at: int) -> list[tuple[str, int, bool]]:
    """The readings of the header label starting at content index *at*: (role, lines it takes, exact wording)."""
    found = []
    for size in range(MAX_LABEL_LINES, 0, -1):
        if at + size > len(linenos):
            continue
        words = " ".join(_text(source, n) for n in linenos[at:at + size])
        if role := exact_role(words):
            found.append((role, size, True))
        elif role := label_role(words):
            found.append((role, size, False))
    exact = [size for _, size, listed in found if listed]
    # a cue reading never runs past a wording listed exactly ("Thời hạn hoàn thành" is not "… hoàn thành I")
    return [option for option in found if option[2] or not exact or option[1] < max(exact)]


def _header_at(source: SourceDocument, linenos: list[int], at: int) -> list[tuple[str, list[int]]] | None:
    """The labels of a task-table header starting at content index *at* (role and lines of each), if any: the
    reading that takes the most lines as labels, then the one with the most wordings listed exactly."""
    if exact_role(_text(source, linenos[at])) != "number":
        return None

    @cache
    def best(position: int) -> tuple[int, int, tuple[tuple[str, int], ...]]:
        options = [(0, 0, ())]
        for role, size, exact in _labels(source, linenos, position):
            lines, exacts, rest = best(position + size)
            options.append((lines + size, exacts + exact, ((role, size), *rest)))
        return max(options, key=lambda option: option[:2])

    _, _, reading = best(at)
    labels, position = [], at
    for role, size in reading:
        labels.append((role, linenos[position:position + size]))
        position += size
    roles = [r for r, _ in labels]
    return labels if len(roles) >= 3 and "task" in roles and roles[0] == "number" else None


@dataclass
class _Row:
    kind: str  # "group" or "task"
    number_line: int
    number: tuple[int, int]  # characters of the number on its line
    parts: list[list[Unit]]  # the row's units, one list per page


def _roman(value: int) -> str:
    """>>> _roman(4), _roman(9), _roman(14)
    ('IV', 'IX', 'XIV')"""
    out = ""
    for size, digits in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= size:
            out, value = out + digits, value - size
    return out


def _rows(source: SourceDocument, pages: _Pages, linenos: list[int], header: list[tuple[str, list[int]]],
          furniture: list[Furniture]) -> tuple[list[_Row], list[int]]:
    """The rows of the table whose body is *linenos*; repeated headers are moved to *furniture*."""
    size = sum(len(lines) for _, lines in header)
    roles = [r for r, _ in header]
    rows: list[_Row] = []
    stray: list[int] = []
    expected, groups = 1, 0
    at, blank_before = 0, False
    while at < len(linenos):
        lineno = linenos[at]
        repeat = _header_at(source, linenos, at)
        if repeat and [r for r, _ in repeat] == roles:
            for _, lines in repeat:
                furniture.extend(_set_aside(source, n, "table header repeated on a new page") for n in lines)
            at += size
            continue
        raw = source.line(lineno)
        lead, end = _stripped(source, lineno)
        text = raw[lead:end]
        blank_before = at > 0 and lineno - linenos[at - 1] > 1 and pages.page[lineno] == pages.page[linenos[at - 1]]
        group, task, sub = _GROUP.match(text), _TASK.match(text), _SUB_ROW.match(text)
        number = int(task["num"]) if task else 0
        if group and not text[len(group["num"]):].lstrip().startswith(".") and group["num"] != _roman(groups + 1):
            group = None  # a Roman numeral alone on a line is a row only when it is the next one
        if group:
            groups += 1
            rows.append(_Row("group", lineno, (lead, lead + len(group["num"]) + 1), [[]]))
            unit_start = lead + len(group["num"]) + (1 if text[len(group["num"]):].lstrip().startswith(".") else 0)
            unit_start += len(raw[unit_start:end]) - len(raw[unit_start:end].lstrip(" ."))
            if unit_start < end:
                rows[-1].parts[0].append(Unit(lineno, unit_start, end, raw[unit_start:end]))
        elif task and (number == expected or (number == 1 and rows and rows[-1].kind == "group")):
            rows.append(_Row("task", lineno, (lead, lead + len(task["num"]) + 1), [[]]))
            expected = number + 1
            rest = lead + task.end()
            if rest < end:
                rows[-1].parts[0].append(Unit(lineno, rest, end, raw[rest:end]))
        elif sub and int(sub["parent"]) == expected - 1 and rows and rows[-1].kind == "task":
            rows.append(_Row("task", lineno, (lead, lead + len(sub["num"])), [[]]))
            rest = lead + sub.end()
            if rest < end:
                rows[-1].parts[0].append(Unit(lineno, rest, end, raw[rest:end]))
        elif rows:
            row = rows[-1]
            last_units = [u for part in row.parts for u in part]
            previous_line = last_units[-1].lineno if last_units else row.number_line
            if pages.page[lineno] != pages.page[previous_line]:
                row.parts.append([])
            row.parts[-1].append(Unit(lineno, lead, end, text, blank_before and bool(row.parts[-1])))
        else:
            stray.append(lineno)
        at += 1
    return rows, stray


def _unit_run(source: SourceDocument, unit: Unit) -> Run:
    base = source.offsets[unit.lineno - 1]
    return Run.of(source.text, base + unit.start, base + unit.end)


def _cell(source: SourceDocument, row: int, col: int, units: list[Unit], *, header: bool = False) -> Cell:
    """One cell: its units' text joined as one paragraph (the wrapped lines of one cell)."""
    runs = [_unit_run(source, u) for u in units]
    run = Run.join(runs, " ")
    spans = [s for r in runs if (s := r.span())]
    span = (spans[0][0], spans[-1][1]) if spans else None
    return Cell(row, col, (run,) if run else (), span, header=header)


def _table(source: SourceDocument, pages: _Pages, linenos: list[int], furniture: list[Furniture]) -> Table:
    header = _header_at(source, linenos, 0)
    assert header is not None
    roles = [r for r, _ in header]
    cells = [_cell(source, 0, c, [Unit(n, *_stripped(source, n), _text(source, n)) for n in lines], header=True)
             for c, (_, lines) in enumerate(header)]
    row_spans = [_region(source, [n for _, lines in header for n in lines])]
    body = linenos[sum(len(lines) for _, lines in header):]
    rows, stray = _rows(source, pages, body, header, furniture)
    furniture.extend(_set_aside(source, n, "a line of the table before its first row", listed=True) for n in stray)
    lengths = [len(u.text) for row in rows if row.kind == "task" for part in row.parts for u in part]
    reader = RowReader(roles[1:], measure(lengths))
    doubts: list[tuple[int, int, str]] = []
    for index, row in enumerate(rows, start=1):
        number = Unit(row.number_line, *row.number, _text(source, row.number_line)[:row.number[1] - row.number[0]])
        cells.append(_cell(source, index, 0, [number]))
        units = [u for part in row.parts for u in part]
        if row.kind == "group":
            cells.append(_cell(source, index, 1, units))
        else:
            read = reader.read(row.parts)
            cells.extend(_cell(source, index, c, cell) for c, cell in enumerate(read.cells, start=1))
            label = _text(source, row.number_line).split()[0].rstrip(".")
            doubts.extend((index, n or row.number_line, f"task {label}: {reason}") for n, reason in read.doubts)
        row_spans.append(_region(source, [row.number_line, *(u.lineno for u in units)]))
    whole = (row_spans[0][0], max(end for _, end in row_spans))
    return Table(Run(""), whole, tuple(cells), len(rows) + 1, len(roles), 1, tuple(doubts), tuple(row_spans))


def _region(source: SourceDocument, linenos: list[int]) -> tuple[int, int]:
    first, last = min(linenos), max(linenos)
    start = source.offsets[first - 1] + _stripped(source, first)[0]
    return start, source.offsets[last - 1] + _stripped(source, last)[1]


# --- the whole file ----------------------------------------------------------------------------------------

def _body_width(source: SourceDocument, linenos: list[int]) -> int:
    lengths = sorted(len(_text(source, n)) for n in linenos)
    return lengths[int(len(lengths) * 0.95)] if lengths else 80


def read_congbao(source: SourceDocument) -> Document:
    """The blocks of a Công báo text layer."""
    pages = _furniture(source)
    furniture = list(pages.furniture)
    content = pages.content
    width = _body_width(source, content)
    blocks: list[ContentBlock] = []
    prose: list[int] = []

    def flush() -> None:
        for group in _paragraphs(source, prose, width):
            for block in blocks_of(_joined(source, group)):
                (furniture if isinstance(block, Furniture) else blocks).append(block)  # type: ignore[arg-type]
        prose.clear()

    at = 0
    while at < len(content):
        if _header_at(source, content, at):
            flush()
            end = next((i for i in range(at + 1, len(content)) if _TABLE_END.match(_text(source, content[i]))),
                       len(content))
            blocks.append(_table(source, pages, content[at:end], furniture))
            at = end
            continue
        prose.append(content[at])
        at += 1
    flush()
    notes = [block for note in pages.notes for block in blocks_of(_joined(source, note))]
    return Document(source, "congbao", with_signatures(blocks), furniture,
                    [n for n in notes if isinstance(n, Paragraph | ListItem | Heading)])
