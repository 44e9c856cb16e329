"""One document, many text shapes, the same facts: the seed and the corpus documents printed back from their
blocks as plain text, re-wrapped at 60 / 80 / 100 columns, with header labels and values on separate lines, as
GitHub-flavoured markdown and as the portal's vertical-pipe markdown must give the same tasks (number, text,
leads, partners, period) and the same citations as the file itself."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import shapes
from support import SEED, corpus_file

from plangraph.ingest.pipeline import parse_file
from plangraph.ingest.read.formats import read_document
from plangraph.ingest.records import ParsedDocument
from plangraph.ingest.understand.coverage import mentions
from plangraph.language.folding import fold

DOCUMENTS = ["seed", "02", "08", "09", "10"]
SHAPES: dict[str, Any] = {
    "plain": shapes.plain,
    "labels apart": lambda doc: shapes.plain(doc, split_labels=True),
    "wrapped at 60": lambda doc: shapes.wrapped(doc, 60),
    "wrapped at 80": lambda doc: shapes.wrapped(doc, 80),
    "wrapped at 100": lambda doc: shapes.wrapped(doc, 100),
    "gfm": shapes.gfm,
    "vertical pipe": shapes.vertical_pipe,
}


def source(name: str) -> Path:
    return SEED if name == "seed" else corpus_file(name)


def facts(doc: ParsedDocument) -> dict[str, Any]:
    tasks = [(plan.index, task.number, " ".join(fold(task.text).split()),
              sorted(m.agency.key for m in task.leads), sorted(m.agency.key for m in task.partners),
              " ".join(task.period_text.split()))
             for plan in doc.plans for task in plan.tasks]
    cited = sorted({(c.doc_type, c.id_local, c.issuer, c.year, c.date) for c in (m.citation for m in mentions(doc))},
                   key=repr)
    return {"number": doc.header.symbol.id_local, "date": doc.header.date, "tasks": tasks, "citations": cited}


@cache
def original(name: str) -> dict[str, Any]:
    return facts(parse_file(source(name)))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_same_facts_in_every_shape(tmp_path: Path, name: str, shape: str) -> None:
    printed = SHAPES[shape](read_document(source(name)))
    path = tmp_path / f"{name}.md"
    path.write_text(printed, encoding="utf-8")
    want, got = original(name), facts(parse_file(path))
    assert got["number"] == want["number"] and got["date"] == want["date"]
    assert len(got["tasks"]) == len(want["tasks"])
    for mine, theirs in zip(got["tasks"], want["tasks"], strict=True):
        assert mine == theirs
    assert got["citations"] == want["citations"]


def test_the_shapes_differ_from_the_file() -> None:
    """The shapes are not the file printed again: each lays the text out its own way."""
    doc = read_document(SEED)
    printed = {shape: render(doc) for shape, render in SHAPES.items()}
    assert len(set(printed.values())) == len(printed)
    assert "\t" in printed["plain"] and "| --- |" in printed["gfm"] and "\n|\n" in printed["vertical pipe"]
    assert max(len(line) for line in printed["wrapped at 60"].splitlines() if "\t" not in line) <= 60
    assert "Số:\n281" in printed["labels apart"]
