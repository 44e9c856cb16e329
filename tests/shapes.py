"""The same document printed in other text shapes, for metamorphic tests: a document's blocks written back as
plain text (one line per paragraph, tab-separated tables), re-wrapped at a width, as GitHub-flavoured markdown,
or as the legal portal's vertical-pipe markdown (one table cell per line), with header labels and their values
on separate lines. What the shapes share is what the document says; the readers must find the same facts."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterator

from plangraph.ingest.blocks import ContentBlock, Document, Heading, ListItem, SignatureBlock, Table
from plangraph.ingest.read.render import cell_line

_LABEL = re.compile(r"^(Số|Luật số|Số hiệu)\s*:\s*(\S.*)$")


def _cells(table: Table) -> list[list[str]]:
    """Each cell on one line, its paragraphs joined as the format converters join them."""
    return [[cell_line([run.text for run in cell.paragraphs]) for cell in row] for row in table.rows()]


def _text(block: ContentBlock) -> str:
    if isinstance(block, SignatureBlock):
        return "\n".join(line.text for line in block.lines)
    return " ".join(block.text.split())


def _blocks(doc: Document, table: Callable[[Table], str], paragraph: Callable[[ContentBlock], str]) -> Iterator[str]:
    for block in doc.blocks:
        yield table(block) if isinstance(block, Table) else paragraph(block)


def plain(doc: Document, *, split_labels: bool = False) -> str:
    """One line per paragraph, a blank line between blocks, tables as tab-separated rows."""
    def paragraph(block: ContentBlock) -> str:
        text = _text(block)
        match = _LABEL.match(text)
        return f"{match[1]}:\n{match[2]}" if split_labels and match else text
    return "\n\n".join(_blocks(doc, lambda t: "\n".join("\t".join(row) for row in _cells(t)), paragraph)) + "\n"


def wrapped(doc: Document, width: int) -> str:
    """Paragraphs broken into lines of at most *width* characters, as a PDF's text layer or an e-mail prints them."""
    def paragraph(block: ContentBlock) -> str:
        if isinstance(block, SignatureBlock):
            return _text(block)
        return "\n".join(textwrap.wrap(_text(block), width, break_long_words=False, break_on_hyphens=False))
    return "\n\n".join(_blocks(doc, lambda t: "\n".join("\t".join(row) for row in _cells(t)), paragraph)) + "\n"


def gfm(doc: Document) -> str:
    """GitHub-flavoured markdown: headings marked, tables as pipe tables with a delimiter row."""
    def table(t: Table) -> str:
        rows = _cells(t)
        width = max(len(row) for row in rows)
        lines = ["| " + " | ".join(c.replace("|", "\\|") for c in row + [""] * (width - len(row))) + " |"
                 for row in rows]
        return "\n".join([lines[0], "|" + " --- |" * width, *lines[1:]])

    def paragraph(block: ContentBlock) -> str:
        text = _text(block)
        if isinstance(block, Heading):
            return f"## {text}"
        if isinstance(block, SignatureBlock):
            return "\n\n".join(f"**{line}**" for line in text.split("\n"))
        return text
    return "\n\n".join(_blocks(doc, table, paragraph)) + "\n"


def vertical_pipe(doc: Document) -> str:
    """The legal portal's markdown: a table as ``|`` lines between cells, one cell's text per line or more."""
    def table(t: Table) -> str:
        out: list[str] = []
        for row in t.rows():
            for cell in row:
                out.append("|")
                out.extend(run.text for run in cell.paragraphs if run.text.strip())
            out.append("|")
        return "\n".join(out)

    def paragraph(block: ContentBlock) -> str:
        text = _text(block)
        if isinstance(block, Heading) and not isinstance(block, ListItem):
            return f"**{text}**"
        return text
    return "\n\n".join(_blocks(doc, table, paragraph)) + "\n"
