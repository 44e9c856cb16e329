"""Server-side SVG charts: pure functions from rows (mappings, as SPARQL results and page contexts give them)
to SVG markup that reads without JavaScript.

Every chart is one ``<svg role="img">`` with a ``<title>`` (and a ``<desc>``), every figure printed as text
beside its mark, every label and note escaped, and every link an ``<a href>`` that passed
:func:`~plangraph.server.links.safe_href`. Bars and timelines are laid out in percentages of the chart's
width, so one drawing fits 1280 px and 390 px alike (labels stand on their own line above their mark); a heat
map keeps fixed cells and scrolls sideways inside its container when it is wider than the screen.

The three functions take the names of the fields to read, so they chart query rows as they are:

* :func:`bar_chart` — one bar per row: a label and a number, with a link;
* :func:`heat_map` — counts of rows × columns, with a legend of the colour scale;
* :func:`timeline` — dated events (a start) or periods (a start and an end) on a year axis.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from plangraph.server.links import safe_href

Row = Mapping[str, Any]

LINE = 18  # height of a line of text, px
BAR = 14  # thickness of a bar, px
BAR_SPAN = 80.0  # % of the width the longest bar takes; the rest holds its number
LABEL_CHARS = 52  # a label longer than this is cut (with "…"); the whole label is in its <title>
CELL_WIDTH, CELL_HEIGHT = 44, 26  # heat-map cells, px
ROW_HEADER = 270  # heat-map row labels (34 characters at most), px
COLUMN_HEADER = 120  # heat-map column labels (written at an angle), px
# Sequential colour scale (light → dark blue): the legend shows each step's range.
SCALE = ("#eef4fb", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")

def _short(text: str, limit: int = LABEL_CHARS) -> str:
    """*text* on one line, cut to *limit* characters.

    >>> _short("Sở Khoa học và Công nghệ")
    'Sở Khoa học và Công nghệ'
    >>> _short("a  very\\nlong label", 8)
    'a very …'
    """
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + " …"


def _number(value: Any) -> float:
    """A row's figure as a number: SPARQL gives strings.

    >>> _number("12"), _number(3), _number(None), _number("x")
    (12.0, 3.0, 0.0, 0.0)
    """
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _figure(value: float) -> str:
    """>>> _figure(12.0), _figure(2.5)
    ('12', '2.5')
    """
    return str(int(value)) if value == int(value) else f"{value:g}"


def _link(href: str | None, inner: str, label: str) -> str:
    """*inner* inside a link to *href* when it may be a link (see :mod:`plangraph.server.links`)."""
    safe = safe_href(href)
    if safe is None:
        return inner
    return f'<a href="{escape(safe)}" aria-label="{escape(label)}">{inner}</a>'


def _svg(kind: str, title: str, description: str, width: str, height: int, body: list[str],
         view_box: str | None = None) -> Markup:
    content = "".join(body)
    ident = f"{kind}-" + hashlib.sha1((title + content).encode()).hexdigest()[:10]  # same chart, same id
    box = f' viewBox="{view_box}"' if view_box else ""
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img" width="{width}" '
        f'height="{height}"{box} aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(description)}</desc>'
        + content + "</svg>")


def _unit(unit: str | tuple[str, str], value: float) -> str:
    """The noun after *value* in a hover text, with its space ("" without a unit).

    >>> _unit(("task", "tasks"), 1), _unit(("task", "tasks"), 2), _unit("nhiệm vụ", 1)
    (' task', ' tasks', ' nhiệm vụ')
    """
    if isinstance(unit, tuple):
        unit = unit[0] if value == 1 else unit[1]
    return f" {unit}" if unit else ""


def bar_chart(rows: Iterable[Row], *, title: str, label: str = "label", value: str | Sequence[str] = "value",
              href: str | None = "href", note: str | None = None, unit: str | tuple[str, str] = "",
              series: Sequence[str] = (),
              top: float | None = None, description: str = "") -> Markup:
    """One group of horizontal bars per row, in the order given: the row's *label* above, one bar per field of
    *value* (a name, or several names for grouped bars, then *series* names them in a legend), each with its
    number at its end; the group a link to the row's *href* (when it has one).

    *note* names a field shown on hover with the label; *unit* follows each number in the hover text (a pair: the
    noun after one, the noun after any other number — "1 task", "2 tasks"). Bars are
    scaled to *top* (default: the largest value), so two charts drawn with the same *top* compare. The chart is
    as wide as its container.

    >>> svg = bar_chart([{"label": "Hải Phòng", "value": "66", "href": "/tasks?city=31"},
    ...                  {"label": "<Sơn La>", "value": 19}], title="Nhiệm vụ", unit="nhiệm vụ")
    >>> svg.count('<rect class="bar'), 'data-value="66"' in svg, '&lt;Sơn La&gt;' in svg
    (2, True, True)
    >>> '<a href="/tasks?city=31"' in svg, '<title id="bar-' in svg, 'width="100%"' in svg
    (True, True, True)
    >>> 'width="80.0%"' in svg and 'width="23.03%"' in svg  # 19 / 66 of the longest bar's 80 %
    True
    >>> two = bar_chart([{"label": "Sở Tài chính", "a": 3, "b": 0}], title="x", value=("a", "b"),
    ...                 series=("Hải Phòng", "Sơn La"), top=6)
    >>> two.count('class="bar-value"'), 'data-series="b" data-value="0"' in two, 'width="40.0%"' in two
    (2, True, True)
    >>> bar_chart([], title="x").count("<rect")
    0
    """
    fields = [value] if isinstance(value, str) else list(value)
    items = list(rows)
    figures = [[_number(row.get(f)) for f in fields] for row in items]
    top = top or max((v for values in figures for v in values), default=0.0) or 1.0
    body: list[str] = []
    y = 0
    if len(fields) > 1:
        x = 0
        for k, name in enumerate(series or fields):
            body.append(f'<rect class="bar series-{k}" x="{x}" y="2" width="14" height="12"></rect>'
                        f'<text class="legend" x="{x + 18}" y="13">{escape(_short(name, 30))}</text>')
            x += 30 + 7 * len(_short(name, 30))
        y = LINE + 8
    for row, values in zip(items, figures, strict=True):
        name = str(row.get(label) or "")
        hover = name + ": " + ", ".join(
            (f"{series[k]} " if k < len(series) else "") + _figure(v) + _unit(unit, v)
            for k, v in enumerate(values))
        if note and row.get(note):
            hover += f" · {row[note]}"
        parts = [f'<g class="bar-row" data-label="{escape(name)}"><title>{escape(hover)}</title>'
                 f'<text class="label" x="0" y="{y + LINE - 4}">{escape(_short(name))}</text>']
        y += LINE
        for k, (field, figure) in enumerate(zip(fields, values, strict=True)):
            width = round(max(figure, 0) / top * BAR_SPAN, 2)
            parts.append(f'<g class="bar-value" data-series="{escape(field)}" data-value="{_figure(figure)}">'
                         f'<rect class="bar series-{k}" x="0" y="{y}" width="{width}%" height="{BAR}" rx="2">'
                         f'</rect><text class="figure" x="{width}%" dx="6" y="{y + BAR - 2}">{_figure(figure)}'
                         f"</text></g>")
            y += BAR + 2
        parts.append("</g>")
        y += 6
        body.append(_link(row.get(href) if href else None, "".join(parts), hover))
    text = description or f"{len(items)} bars"
    return _svg("bar", title, text, "100%", max(y, LINE), body)


def _bounds(top: float) -> list[int]:
    """The largest count of each colour step on a scale up to *top*: steps grow geometrically, so small counts
    (most cells) are told apart as well as large ones.

    >>> _bounds(49), _bounds(10), _bounds(3)
    ([0, 1, 3, 9, 21, 49], [0, 1, 1, 3, 5, 10], [0, 1, 1, 1, 2, 3])
    """
    steps = len(SCALE) - 1
    inner = [max(1, math.floor((1 + top) ** (k / steps) - 1 + 1e-9)) for k in range(1, steps)]
    return [0, *inner, math.floor(top)]


def _step(figure: float, bounds: list[int]) -> int:
    """The colour step of *figure* (0 for nothing).

    >>> [_step(v, _bounds(49)) for v in (0, 1, 2, 3, 5, 21, 22, 49)]
    [0, 1, 2, 2, 3, 4, 5, 5]
    """
    if figure <= 0:
        return 0
    return next((k for k in range(1, len(bounds)) if figure <= bounds[k]), len(bounds) - 1)


def _legend(bounds: list[int], y: int, label: str) -> list[str]:
    """The colour scale as boxes with the range of counts each stands for (steps that hold no count left out)."""
    parts = [f'<g class="legend" transform="translate(0,{y})">'
             f'<text class="legend-label" x="0" y="12">{escape(label)}</text>']
    x = 0
    for k in range(len(SCALE)):
        if k == 0:
            text = "0"
        else:
            low, high = bounds[k - 1] + 1, bounds[k]
            if high < low:
                continue
            text = str(low) if low == high else f"{low}–{high}"
        parts.append(f'<rect x="{x}" y="20" width="16" height="12" fill="{SCALE[k]}" stroke="#9aa7b4"></rect>'
                     f'<text x="{x + 20}" y="31">{escape(text)}</text>')
        x += 28 + 7 * len(text)
    parts.append("</g>")
    return parts


def heat_map(cells: Iterable[Row], *, title: str, row: str = "row", column: str = "column", value: str = "value",
             href: str | None = "href", row_label: str | None = None, column_label: str | None = None,
             row_href: str | None = None, column_href: str | None = None, column_title: str | None = None,
             rows: Sequence[str] | None = None, columns: Sequence[str] | None = None, legend: str = "",
             description: str = "") -> Markup:
    """A matrix of counts, one cell per row: its *row* and *column* keys place it, its *value* colours it and is
    printed in it, its *href* (when it has one) is the cell's link.

    *row_label*/*column_label* name the fields holding the labels shown for the keys (default: the keys),
    *row_href*/*column_href* the fields linking them, *column_title* a longer name shown on hover over a column
    heading. *rows*/*columns* fix the order of the keys (default: as first met). Cells no row gives stay empty.
    A legend of the colour scale, headed *legend*, is drawn below the matrix.

    >>> svg = heat_map([{"row": "k1", "column": "31", "value": "12", "href": "/tasks?city=31&kind=k1",
    ...                  "kind": "Sở Tài chính", "city": "Hải Phòng"},
    ...                 {"row": "k2", "column": "82", "value": 3, "kind": "Sở <Y tế>"}],
    ...                title="Nhiệm vụ theo loại cơ quan", row_label="kind", legend="nhiệm vụ")
    >>> svg.count('<g class="cell"'), 'data-row="k1" data-column="31" data-value="12"' in svg
    (2, True)
    >>> 'Sở &lt;Y tế&gt;' in svg, '<a href="/tasks?city=31&amp;kind=k1"' in svg, 'class="legend"' in svg
    (True, True, True)
    """
    items = list(cells)
    row_keys = list(rows) if rows is not None else list(dict.fromkeys(str(c.get(row)) for c in items))
    column_keys = list(columns) if columns is not None else list(dict.fromkeys(str(c.get(column)) for c in items))
    row_names: dict[str, str] = {}
    column_names: dict[str, tuple[str, str | None, str]] = {}
    for cell in items:
        key = str(cell.get(row))
        row_names.setdefault(key, str(cell.get(row_label) or key) if row_label else key)
        row_names[key + "\0href"] = row_names.get(key + "\0href") or (str(cell.get(row_href) or "")
                                                                          if row_href else "")
        ckey = str(cell.get(column))
        if ckey not in column_names:
            name = str(cell.get(column_label) or ckey) if column_label else ckey
            link = str(cell.get(column_href) or "") if column_href else ""
            column_names[ckey] = (name, link or None, str(cell.get(column_title) or name) if column_title else name)
    figures = {(str(c.get(row)), str(c.get(column))): c for c in items}
    bounds = _bounds(max((_number(c.get(value)) for c in items), default=0.0))
    width = ROW_HEADER + CELL_WIDTH * len(column_keys) + COLUMN_HEADER
    body: list[str] = []
    for j, ckey in enumerate(column_keys):
        name, link, hover = column_names.get(ckey, (ckey, None, ckey))
        x = ROW_HEADER + j * CELL_WIDTH + CELL_WIDTH // 2
        head = (f'<g class="column-head"><title>{escape(hover)}</title>'
                f'<text transform="translate({x},{COLUMN_HEADER - 6}) rotate(-40)">{escape(_short(name, 24))}'
                f"</text></g>")
        body.append(_link(link, head, hover))
    for i, rkey in enumerate(row_keys):
        y = COLUMN_HEADER + i * CELL_HEIGHT
        name = row_names.get(rkey, rkey)
        head = (f'<g class="row-head"><title>{escape(name)}</title>'
                f'<text x="{ROW_HEADER - 8}" y="{y + CELL_HEIGHT // 2 + 5}" text-anchor="end">'
                f"{escape(_short(name, 34))}</text></g>")
        body.append(_link(row_names.get(rkey + "\0href") or None, head, name))
        for j, ckey in enumerate(column_keys):
            cell = figures.get((rkey, ckey))
            x = ROW_HEADER + j * CELL_WIDTH
            if cell is None:
                body.append(f'<rect class="empty" x="{x + 1}" y="{y + 1}" width="{CELL_WIDTH - 2}" '
                            f'height="{CELL_HEIGHT - 2}" fill="{SCALE[0]}"></rect>')
                continue
            figure = _number(cell.get(value))
            step = _step(figure, bounds)
            hover = f"{name} · {column_names.get(ckey, (ckey,))[0]}: {_figure(figure)}" + (
                f" {legend}" if legend else "")
            shade = "light" if step < 4 else "dark"
            mark = (f'<g class="cell" data-row="{escape(rkey)}" data-column="{escape(ckey)}" '
                    f'data-value="{_figure(figure)}"><title>{escape(hover)}</title>'
                    f'<rect x="{x + 1}" y="{y + 1}" width="{CELL_WIDTH - 2}" height="{CELL_HEIGHT - 2}" '
                    f'fill="{SCALE[step]}"></rect><text class="{shade}" x="{x + CELL_WIDTH // 2}" '
                    f'y="{y + CELL_HEIGHT // 2 + 5}" text-anchor="middle">{_figure(figure)}</text></g>')
            body.append(_link(cell.get(href) if href else None, mark, hover))
    bottom = COLUMN_HEADER + len(row_keys) * CELL_HEIGHT + 12
    body.extend(_legend(bounds, bottom, legend))
    text = description or f"{len(row_keys)} rows × {len(column_keys)} columns"
    height = bottom + 40
    return _svg("heat", title, text, str(width), height, body, view_box=f"0 0 {width} {height}")


_YEAR = re.compile(r"^\s*(-?\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def _when(value: Any) -> float | None:
    """A date (``2016``, ``2016-07``, ``2016-07-01``, an int year, an xsd:date string) as a fractional year.

    >>> _when("2016"), _when(2020), _when("2016-07-01") > 2016.4, _when("soon")
    (2016.0, 2020.0, True, None)
    """
    if isinstance(value, int | float):
        return float(value)
    match = _YEAR.match(str(value or ""))
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    return year + (month - 1) / 12 + (day - 1) / 365


def timeline(rows: Iterable[Row], *, title: str, label: str = "label", start: str = "start", end: str = "end",
             href: str | None = "href", note: str | None = None, description: str = "") -> Markup:
    """Dated events and periods on a common year axis, one lane per row in the order given: the *label*
    above, a dot at *start* for an event or a bar from *start* to *end* for a period (a year-only end runs to
    the year's end), linked to *href*. Rows without a readable start are left out (count them beside the chart).

    >>> svg = timeline([{"label": "QĐ 281/QĐ-UBND", "start": "2016-02-04", "href": "/eli/vn/1"},
    ...                 {"label": "Kế hoạch 2016–2020", "start": "2016", "end": "2020"},
    ...                 {"label": "undated", "start": ""}], title="Dòng thời gian")
    >>> svg.count('class="event"'), svg.count('class="period"'), 'undated' in svg
    (1, 1, False)
    >>> '<text class="tick" x="0.0%"' in svg and '>2020<' in svg
    True
    """
    lanes: list[tuple[Row, float, float | None]] = []
    for row in rows:
        begin = _when(row.get(start))
        if begin is None:
            continue
        finish = _when(row.get(end)) if end else None
        if finish is not None and re.fullmatch(r"\s*-?\d{4}\s*", str(row.get(end))):
            finish += 1  # a year-only end means the end of that year
        lanes.append((row, begin, finish if finish is not None and finish > begin else None))
    if not lanes:
        return _svg("timeline", title, description or "no dated rows", "100%", LINE, [])
    first = int(min(b for _, b, _ in lanes))
    last = int(max((f if f is not None else b) for _, b, f in lanes) + 0.999)
    last = max(last, first + 1)
    span = last - first

    def at(year: float) -> float:
        return round((year - first) / span * 96 + 1, 2)  # 1 % margins so dots and ticks stay inside

    body = ['<g class="axis">']
    years = range(first, last + 1)
    every = max(1, -(-len(years) // 10))  # at most about ten ticks
    for year in years:
        if (year - first) % every == 0 or year == last:
            x = at(year)
            body.append(f'<line x1="{x}%" x2="{x}%" y1="{LINE}" y2="{LINE + 6 + len(lanes) * (2 * LINE + 4)}">'
                        f"</line>")
            anchor = "start" if year == first else "end" if year == last else "middle"
            body.append(f'<text class="tick" x="{0.0 if year == first else x}%" y="{LINE - 4}" '
                        f'text-anchor="{anchor}">{year}</text>')
    body.append("</g>")
    for i, (row, begin, finish) in enumerate(lanes):
        y = LINE + 8 + i * (2 * LINE + 4)
        name = str(row.get(label) or "")
        when = str(row.get(start)) + (f" – {row.get(end)}" if finish is not None else "")
        hover = f"{name} ({when})" + (f" · {row[note]}" if note and row.get(note) else "")
        left = at(begin)
        anchor = "end" if left > 70 else "start"
        x_label = min(left, 99.0) if anchor == "end" else left
        if finish is None:
            mark = f'<circle class="event" cx="{left}%" cy="{y + LINE + BAR // 2}" r="6"></circle>'
        else:
            width = max(round(at(finish) - left, 2), 0.5)
            mark = (f'<rect class="period" x="{left}%" y="{y + LINE}" width="{width}%" height="{BAR}" '
                    f'rx="3"></rect>')
        lane = (f'<g class="lane" data-start="{escape(str(row.get(start)))}"><title>{escape(hover)}</title>'
                f'<text class="label" x="{x_label}%" y="{y + LINE - 4}" text-anchor="{anchor}">'
                f"{escape(_short(name))}</text>{mark}</g>")
        body.append(_link(row.get(href) if href else None, lane, hover))
    height = LINE + 8 + len(lanes) * (2 * LINE + 4)
    text = description or f"{len(lanes)} dated rows, {first}–{last}"
    return _svg("timeline", title, text, "100%", height, body)


CHARTS = {"bar_chart": bar_chart, "heat_map": heat_map, "chart_timeline": timeline}


def init_app(app: Any) -> None:
    """Make the charts callable from every template (``{{ bar_chart(rows, title=…) }}``)."""
    app.jinja_env.globals.update(CHARTS)
