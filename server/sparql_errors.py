"""SPARQL syntax errors said so that people can act on them: where, what was found there, what was expected.

pyoxigraph reports a syntax error as the parser's expectation set at a position (``error at 1:17: expected one
of "$", "(", "<", "?", "{", "}", ['0'..='9'], ['A' ..= 'Z' | …], [_]``). That set is read here into the kinds
of thing a person writes — a variable, an IRI, a prefixed name, a string, a number, a keyword, a bracket — and
said in Vietnamese or English, with what stands at the position (or that the query ends there). A prefixed name
whose prefix is not declared is said as such (``Prefix not found``), as is an IRI that does not parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SyntaxProblem", "describe", "read_syntax_error"]

_AT = re.compile(r"\berror at (\d+):(\d+): expected (?:one of )?(.*)", re.DOTALL)
_ITEM = re.compile(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_ ]*[A-Za-z0-9_]|[A-Za-z_]')
_PREFIXED_BEFORE = re.compile(r"([A-Za-z][\w.-]*)?:[\w.-]*$")
MAX_SHOWN = 14  # kinds, punctuation and keywords said at most

# What a quoted token of the expectation set stands for (tokens not listed are shown as they are).
_KINDS = {
    "?": "variable", "$": "variable", "<": "iri", ":": "prefixed", "'": "string", '"': "string", "'''": "string",
    '"""': "string", "_:": "blank", "true": "boolean", "false": "boolean", "+": "number", "-": "number",
    "<<": "triple", "<<(": "triple",
}
# The order kinds are said in, before keywords and punctuation.
_ORDER = ("variable", "iri", "prefixed", "name", "string", "number", "boolean", "blank", "triple")
WORDS = {
    "variable": ("biến (?x)", "a variable (?x)"), "iri": ("IRI (<…>)", "an IRI (<…>)"),
    "prefixed": ("tên có tiền tố (pg:Task)", "a prefixed name (pg:Task)"),
    "name": ("tên (pg:Task, từ khoá)", "a name (pg:Task, a keyword)"),
    "string": ("chuỗi (\"…\")", "a string (\"…\")"), "number": ("số", "a number"),
    "boolean": ("true/false", "true/false"), "blank": ("nút trống (_:b)", "a blank node (_:b)"),
    "triple": ("bộ ba (<< … >>)", "a triple term (<< … >>)"),
}


@dataclass(frozen=True)
class SyntaxProblem:
    """A syntax error of a query text: 1-based line and column (in characters), the text found there (empty at
    the end of the query), what was expected (kinds of :data:`WORDS`, keywords and punctuation as written), and
    the special cases pyoxigraph names: an undeclared prefix, an IRI that does not parse."""

    line: int
    column: int
    found: str
    expected: tuple[str, ...]
    undeclared_prefix: str | None = None
    bad_iri: bool = False


def _expected(listed: str) -> tuple[tuple[str, ...], bool, bool]:
    kinds: set[str] = set()
    words: list[str] = []
    prefix_missing = bad_iri = False
    for item in _ITEM.findall(listed):
        if item.startswith('"'):
            token = re.sub(r"\\(.)", r"\1", item[1:-1])
            kind = _KINDS.get(token)
            if kind:
                kinds.add(kind)
            elif token not in words:
                words.append(token)
        elif item.startswith("["):
            if "'A'" in item or "'a'" in item:
                kinds.add("name")
            elif "'0'" in item or "'9'" in item:
                kinds.add("number")
            # [_] is "any character": it says nothing
        elif item == "Prefix not found":
            prefix_missing = True
        elif item == "IRI parsing failed":
            bad_iri = True
        elif item not in words:
            words.append(item)  # a keyword: LATERAL, SERVICE, HAVING, CONSTRUCT …
    if "prefixed" in kinds and "name" in kinds:
        kinds.discard("prefixed")
    ordered = [k for k in _ORDER if k in kinds]
    keywords = sorted(w for w in words if w[:1].isalpha())
    closing = [w for w in ("}", ")", "]") if w in words]  # what a query cut short most often lacks
    marks = closing + [w for w in words if not w[:1].isalpha() and w not in closing]
    return tuple(ordered + marks + keywords), prefix_missing, bad_iri


def _at(text: str, line: int, column: int) -> int | None:
    """The character offset of (line, column) in *text*, or None past its end."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    offset = sum(len(previous) + 1 for previous in lines[:line - 1]) + column - 1
    return offset if offset < len(text) else None


def read_syntax_error(message: str, text: str) -> SyntaxProblem | None:
    """The problem pyoxigraph's *message* describes in the query *text*; None when it is no syntax error.

    >>> problem = read_syntax_error("error at 1:17: expected one of \\"?\\", \\"{\\", \\"}\\", [_]", "SELECT * WHERE {")
    >>> problem.line, problem.column, problem.found, problem.expected
    (1, 17, '', ('variable', '}', '{'))
    """
    matched = _AT.search(message)
    if matched is None:
        return None
    line, column = int(matched.group(1)), int(matched.group(2))
    expected, prefix_missing, bad_iri = _expected(matched.group(3))
    offset = _at(text, line, column)
    found = ""
    if offset is not None:
        start = offset
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_:") and text[offset].isalnum():
            start -= 1  # the whole word the position falls in
        found = re.match(r"\s*(\S{0,24})", text[start:]).group(1)  # type: ignore[union-attr]
    prefix = None
    if prefix_missing:
        before = text[:len(text) if offset is None else offset].rstrip()
        named = _PREFIXED_BEFORE.search(before) or _PREFIXED_BEFORE.search(before + found)
        prefix = (named.group(1) or "") if named else ""
    return SyntaxProblem(line, column, found, expected, prefix, bad_iri)


def describe(problem: SyntaxProblem, lang: str, *, where: bool = True) -> str:
    """The problem said in *lang* (``vi`` or ``en``), starting with its line and column unless *where* is false
    (for a reader that shows the position already).

    >>> problem = SyntaxProblem(1, 17, "", ("variable", "}", "{"))
    >>> describe(problem, "en")
    'Line 1, column 17: the query ends here, but SPARQL expects one of: a variable (?x), “}”, “{”.'
    >>> describe(problem, "vi", where=False)
    'Truy vấn kết thúc ở đây, nhưng SPARQL cần một trong: biến (?x), “}”, “{”.'
    """
    text = _describe(problem, lang == "en")
    if where:
        return (f"Line {problem.line}, column {problem.column}: " if lang == "en"
                else f"Dòng {problem.line}, cột {problem.column}: ") + text
    return text[:1].upper() + text[1:]


def _describe(problem: SyntaxProblem, english: bool) -> str:
    if problem.undeclared_prefix is not None:
        name = f"{problem.undeclared_prefix}:"
        if english:
            return (f"the prefix “{name}” is not declared; add “PREFIX {name} <…>” at the top of the "
                    "query, or use a declared one.")
        return (f"tiền tố “{name}” chưa được khai báo; thêm “PREFIX {name} <…>” ở đầu truy vấn, "
                "hoặc dùng một tiền tố đã khai báo.")
    if problem.bad_iri:
        return ("this is not a valid IRI (write an absolute IRI between < and >, without spaces)." if english
                else "đây không phải một IRI hợp lệ (viết IRI đầy đủ giữa < và >, không có dấu cách).")
    found = ((f"found “{problem.found}”" if problem.found else "the query ends here") if english
             else (f"gặp “{problem.found}”" if problem.found else "truy vấn kết thúc ở đây"))
    items = [WORDS[item][1 if english else 0] if item in WORDS else f"“{item}”" for item in problem.expected]
    if not items:
        return f"{found}."
    listed = ", ".join(items[:MAX_SHOWN])
    more = len(items) - MAX_SHOWN
    if english:
        return (f"{found}, but SPARQL expects {'one of: ' if len(items) > 1 else ''}{listed}"
                + (f" and {more} more." if more > 0 else "."))
    return (f"{found}, nhưng SPARQL cần {'một trong: ' if len(items) > 1 else ''}{listed}"
            + (f" và {more} thứ khác." if more > 0 else "."))
