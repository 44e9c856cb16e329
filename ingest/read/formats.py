"""Input formats: which converter reads a file, by its content where that is cheap to tell, else its suffix.

A PDF (``%PDF-``) and a Word file (a zip holding ``word/document.xml``) are known by their first bytes
whatever their name; ``.html``/``.htm`` and ``.tsv`` by suffix, and a text file that opens with
``<!DOCTYPE html``, ``<html`` or ``<table`` as HTML. Everything else is read as UTF-8 text, as before.
The converted text is the document's source text; the file it came from is kept as
:class:`~plangraph.ingest.read.source.OriginalFile` (name, IANA media type, SHA-256 of its bytes).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plangraph.ingest.blocks import Document
from plangraph.ingest.errors import IngestError
from plangraph.ingest.read.layouts import read_layout
from plangraph.ingest.read.render import Extracted, XTable, document
from plangraph.ingest.read.source import OriginalFile, SourceDocument, decode_text, read_bytes


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    suffixes: tuple[str, ...]


DOCX = Format("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
PDF = Format("pdf", "application/pdf", (".pdf",))
HTML = Format("html", "text/html", (".html", ".htm"))
TSV = Format("tsv", "text/tab-separated-values", (".tsv",))
TEXT = Format("text", "text/plain", ())
FORMATS = (DOCX, PDF, HTML, TSV)

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|table)\b", re.IGNORECASE | re.DOTALL)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def sniff(name: str, data: bytes) -> Format:
    """The format of a file called *name* holding *data*."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return DOCX
    suffix = Path(name).suffix.lower()
    for fmt in FORMATS:
        if suffix in fmt.suffixes:
            return fmt
    if _HTML_START.match(data[:4096].removeprefix(b"\xef\xbb\xbf")):
        return HTML
    return TEXT


def _extractors() -> dict[str, Callable[[str, bytes], list[Extracted]]]:
    from plangraph.ingest.read import docx, html, pdf, tsv

    return {"docx": docx.extract, "pdf": pdf.extract, "html": html.extract, "tsv": tsv.extract}


def _extract(fmt: Format, name: str, data: bytes) -> list[Extracted]:
    """What the converter of *fmt* reads; a converter's own failure on a damaged file is a refusal."""
    try:
        return _extractors()[fmt.name](name, data)
    except IngestError:
        raise
    except RecursionError:
        raise IngestError(name, 1, f"not a readable {fmt.name.upper()} file: nested too deeply") from None
    except Exception as exc:  # noqa: BLE001 — third-party parsers raise anything on damaged input
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise IngestError(name, 1, f"not a readable {fmt.name.upper()} file: the file is damaged ({reason[:200]})") \
            from None


def read_document(path: Path) -> Document:
    """Read *path* in whatever format and text shape it is into blocks; raises IngestError naming the file,
    line and reason."""
    data = read_bytes(path)
    fmt = sniff(path.name, data)
    if fmt is TEXT:
        source = SourceDocument.from_text(path.name, decode_text(path.name, data))
        return read_layout(source)
    extracted = _extract(fmt, path.name, data)
    if not any(isinstance(x, XTable) or x.strip() for x in extracted):
        raise IngestError(path.name, 1, f"no text found in this {fmt.name.upper()} file")
    original = OriginalFile(path.name, fmt.media_type, hashlib.sha256(data).hexdigest())
    return document(path.name, extracted, original, fmt.name)


def read_input(path: Path) -> SourceDocument:
    """The source text of *path*: the file's text, or the text extracted from a converted format."""
    return read_document(path).source
