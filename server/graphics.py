"""Server-side pictures for the tracing views, as plain data the templates draw (no JavaScript): the
instrument → tasks → lead agencies graph in three columns, and a timeline of tasks by period."""

from __future__ import annotations

from typing import Any

ROW = 26  # vertical distance between task nodes
NODE_HEIGHT = 20
COLUMNS = (10, 250, 650)  # x of the instrument, task and agency columns
WIDTHS = (200, 340, 300)
TOP = 34


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tracing_graph(center: dict[str, str], tasks: list[dict[str, Any]], *, task_label: Any) -> dict[str, Any]:
    """Nodes (with local hrefs) and edges of instrument → tasks → lead agencies, laid out in columns.

    *task_label* turns a task into its short caption (e.g. ``KH 1 · I.3 Triển khai…``).
    """
    agencies: dict[str, dict[str, Any]] = {}
    for task in tasks:
        for lead in task["leads"]:
            agencies.setdefault(lead["iri"], {"iri": lead["iri"], "label": lead["label"], "tasks": 0})
            agencies[lead["iri"]]["tasks"] += 1
    rows = max(len(tasks), len(agencies), 1)
    height = TOP + rows * ROW + 10
    task_y = {task["iri"]: TOP + i * ROW for i, task in enumerate(tasks)}
    # Agencies are spread over the same height as the tasks so the edges fan out evenly.
    step = (rows * ROW) / max(len(agencies), 1)
    agency_y = {iri: TOP + int(i * step + (step - ROW) / 2) for i, iri in enumerate(sorted(
        agencies, key=lambda a: min(task_y[t["iri"]] for t in tasks if any(x["iri"] == a for x in t["leads"]))))}
    center_y = TOP + int((rows * ROW) / 2 - ROW / 2)
    nodes = [{"kind": "instrument", "iri": center["iri"], "label": _short(center["label"], 30),
              "title": center["label"], "x": COLUMNS[0], "y": center_y, "width": WIDTHS[0]}]
    edges = []
    for task in tasks:
        y = task_y[task["iri"]]
        caption = task_label(task)
        nodes.append({"kind": "task", "iri": task["iri"], "label": _short(caption, 54), "title": caption,
                      "x": COLUMNS[1], "y": y, "width": WIDTHS[1]})
        edges.append(_edge(COLUMNS[0] + WIDTHS[0], center_y, COLUMNS[1], y))
        for lead in task["leads"]:
            edges.append(_edge(COLUMNS[1] + WIDTHS[1], y, COLUMNS[2], agency_y[lead["iri"]]))
    for iri, agency in agencies.items():
        caption = f"{agency['label']} ({agency['tasks']})"
        nodes.append({"kind": "agency", "iri": iri, "label": _short(caption, 46), "title": caption,
                      "x": COLUMNS[2], "y": agency_y[iri], "width": WIDTHS[2]})
    return {"width": COLUMNS[2] + WIDTHS[2] + 10, "height": height, "node_height": NODE_HEIGHT,
            "nodes": nodes, "edges": edges}


def _edge(x1: int, y1: int, x2: int, y2: int) -> dict[str, int]:
    middle = NODE_HEIGHT // 2
    return {"x1": x1, "y1": y1 + middle, "x2": x2, "y2": y2 + middle}


def timeline(tasks: list[dict[str, Any]], *, task_label: Any) -> dict[str, Any] | None:
    """Tasks grouped by period, each group a bar over the years it spans (percentages of the axis);
    *task_label* gives each task's short caption."""
    dated = [t for t in tasks if t["begin"] or t["end"]]
    if not dated:
        return None
    first = min(t["begin"] or t["end"] for t in dated)
    last = max(t["end"] or t["begin"] for t in dated)
    span = last - first + 1
    groups: dict[tuple[int, int], dict[str, Any]] = {}
    for task in dated:
        begin, end = task["begin"] or task["end"], task["end"] or task["begin"]
        group = groups.setdefault((begin, end), {
            "begin": begin, "end": end, "label": f"{begin}–{end}" if begin != end else str(begin), "tasks": [],
            "left": round((begin - first) / span * 100, 2), "width": round((end - begin + 1) / span * 100, 2)})
        group["tasks"].append({"iri": task["iri"], "number": task_label(task), "text": task["text"],
                               "period": task["period"]})
    years = [{"year": year, "left": round((year - first) / span * 100, 2)} for year in range(first, last + 1)]
    ordered = sorted(groups.values(), key=lambda g: (g["begin"], g["end"]))
    return {"first": first, "last": last, "years": years, "groups": ordered,
            "undated": [{"iri": t["iri"], "number": task_label(t), "text": t["text"]}
                        for t in tasks if not (t["begin"] or t["end"])]}
