"""Input formats: which converter reads a file, by its content where that is cheap to tell, else its suffix.

A PDF (``%PDF-``) and a Word file (a zip holding ``word/document.xml``) are known by their first bytes
whatever their name; ``.html``/``.htm`` and ``.tsv`` by suffix, and a text file that opens with
``<!DOCTYPE html``, ``<html`` or ``<table`` as HTML. Everything else is read as UTF-8 text, as before.
The converted text is the document's source text; the file it came from is kept as
:class:`~plangraph.ingest.source.OriginalFile` (name, IANA media type, SHA-256 of its bytes).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from plangraph.ingest.errors import IngestError
from plangraph.ingest.source import OriginalFile, SourceDocument, decode_text, read_bytes


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


def _converters() -> dict[str, Callable[[str, bytes], str]]:
    from plangraph.ingest import format_docx, format_html, format_pdf, format_tsv

    return {"docx": format_docx.convert, "pdf": format_pdf.convert, "html": format_html.convert,
            "tsv": format_tsv.convert}


def read_input(path: Path) -> SourceDocument:
    """Read *path* in whatever format it is; raises IngestError naming the file, line or page and reason."""
    data = read_bytes(path)
    fmt = sniff(path.name, data)
    if fmt is TEXT:
        return SourceDocument.from_text(path.name, decode_text(path.name, data))
    text = _converters()[fmt.name](path.name, data)
    if not text.strip():
        raise IngestError(path.name, 1, f"no text found in this {fmt.name.upper()} file")
    original = OriginalFile(path.name, fmt.media_type, hashlib.sha256(data).hexdigest())
    return SourceDocument.from_text(path.name, text, original)
