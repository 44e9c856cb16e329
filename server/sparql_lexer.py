"""The one SPARQL lexer of the server: tokens as pyoxigraph reads them.

Everything the server checks or rewrites in SPARQL text goes through here: the SERVICE/LOAD guard
(:mod:`plangraph.server.sparql_guard`, which follows every ambiguous reading), the size and nesting limits
(:mod:`plangraph.server.sparql_limits`) and the protocol dataset written into updates
(:mod:`plangraph.server.update_dataset`). Strings, IRIs and comments are read as pyoxigraph does: a short string
may not span lines, a ``#`` comment ends at CR or LF, ``\\uXXXX`` escapes are decoded inside strings and IRIs only.

:class:`Lexer` gives the token alternatives at a position (more than one where pyoxigraph's reading depends on
the grammar); :func:`tokens` is the single reading pyoxigraph takes, for the checks that need one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple

__all__ = ["Lexer", "Token", "string_end", "tokens"]

_BASE_CHARS = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f"
    "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U_CHARS = _BASE_CHARS + "_"
_EXTRA_CHARS = "0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_CHARS = _U_CHARS + "\\-" + _EXTRA_CHARS
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"

_IRIREF = re.compile(r'<((?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*)>')
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PREFIX_RUN = re.compile(f"[{_BASE_CHARS}][{_PN_CHARS}.]*")
_LOCAL = re.compile(f"(?:[{_U_CHARS}:0-9]|{_PLX})(?:[{_PN_CHARS}.:]|{_PLX})*+")
_SPACE = re.compile(r"\s*+")
_LINE_BREAK = re.compile(r"[\r\n]")  # a comment ends at CR or LF, as in pyoxigraph
_SHORT_STRING = {q: re.compile(f"{q}(?:[^{q}\\\\\r\n]|\\\\.)*+{q}", re.DOTALL) for q in "'\""}
_LONG_STRING = {q: re.compile(f"{q * 3}(?:[^{q}\\\\]|\\\\.|{q}(?!{q * 2}))*+{q * 3}", re.DOTALL) for q in "'\""}
_WORD = re.compile(f"[{_U_CHARS}][{_PN_CHARS}]*")
_VAR = re.compile(f"[?$][{_U_CHARS}0-9][{_U_CHARS}{_EXTRA_CHARS}]*")
_BNODE = re.compile(f"_:[{_U_CHARS}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?")
_LANGTAG = re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")
_LOCAL_ESC = re.compile(r"\\(.)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_MENTIONS_CALL = re.compile(r"service|load", re.IGNORECASE)

# Keywords a word is also split after (see the module docstring); "true"/"false" because a boolean object may be
# glued to the SERVICE that follows it.
_SPLIT_KEYWORDS = ("service", "silent", "load", "prefix", "base", "true", "false")


class Token(NamedTuple):
    kind: str  # iri, pname, var, word, string, unterminated, other
    start: int
    end: int
    text: str


def string_end(text: str, pos: int) -> int | None:
    """End of the string literal opening at ``pos`` (any of the four quote forms), or None if unterminated.

    A short string may not span lines; a backslash escapes the next character, whatever it is (an invalid escape is
    pyoxigraph's syntax error to report).
    """
    quote = text[pos]
    forms = (_LONG_STRING, _SHORT_STRING) if text.startswith(quote * 3, pos) else (_SHORT_STRING,)
    for form in forms:
        match = form[quote].match(text, pos)
        if match:
            return match.end()
        if form is _LONG_STRING:
            return None
    return None


class Lexer:
    """Token alternatives at a position; more than one where pyoxigraph's reading depends on grammar context."""

    def __init__(self, text: str, *, indexed: bool = True) -> None:
        """*indexed*: index prefix runs and line breaks of the whole text up front, for readers that revisit
        positions (the guard's forks); a single pass from the start (:func:`tokens`) reads them as it goes, so a
        check that stops early costs only what it read."""
        self.text = text
        self._indexed = indexed
        runs = [(m.start(), m.end()) for m in _PREFIX_RUN.finditer(text)] if indexed else []
        self._run_starts = [start for start, _ in runs]
        self._run_ends = [end for _, end in runs]
        self._breaks = [m.start() for m in _LINE_BREAK.finditer(text)] if indexed else []

    def skip_space(self, pos: int) -> int:
        """Skip whitespace and ``#`` comments (a comment is skipped in one step: forks often land in one)."""
        text = self.text
        while True:
            pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]  # \s*+ always matches
            if not text.startswith("#", pos):
                return pos
            if not self._indexed:
                found = _LINE_BREAK.search(text, pos)
                pos = found.start() if found else len(text)
                continue
            i = bisect_right(self._breaks, pos)
            pos = self._breaks[i] if i < len(self._breaks) else len(text)

    def _prefix_run_end(self, pos: int) -> int:
        if not self._indexed:
            match = _PREFIX_RUN.match(self.text, pos)
            return match.end() if match else pos
        # Runs are maximal, so a run scanned from inside another ends where it does: look it up, never rescan.
        i = bisect_right(self._run_starts, pos) - 1
        if i >= 0 and self._run_ends[i] > pos:
            return self._run_ends[i]
        match = _PREFIX_RUN.match(self.text, pos)
        return match.end() if match else pos

    def _local_end(self, pos: int) -> int:
        """End of the PN_LOCAL starting at ``pos`` (``pos`` itself if there is none)."""
        match = _LOCAL.match(self.text, pos)
        if not match:
            return pos
        local = match.group()
        while local.endswith(".") and not local.endswith("\\."):  # a local name does not end with a bare dot
            local = local[:-1]
        return pos + len(local)

    def _name(self, pos: int) -> Token:
        text = self.text
        if text[pos] == ":":
            return Token("pname", pos, self._local_end(pos + 1), "")
        run_end = self._prefix_run_end(pos)
        if run_end < len(text) and text[run_end] == ":" and text[run_end - 1] != ".":
            return Token("pname", pos, self._local_end(run_end + 1), "")
        word = _WORD.match(text, pos)
        return Token("word", pos, word.end() if word else pos + 1, "")

    def alternatives(self, pos: int, fork: bool, split: bool) -> list[Token]:
        """Possible tokens at ``pos`` (a non-space position before the end of the text).

        ``fork``: also read an ambiguous ``<`` as an operator; ``split``: also split words after a keyword.
        """
        text = self.text
        char = text[pos]
        if char in "'\"":
            end = string_end(text, pos)
            return [Token("string", pos, end, "") if end is not None else Token("unterminated", pos, len(text), "")]
        if char == "<":
            iri = _IRIREF.match(text, pos)
            if not iri:
                return [Token("other", pos, pos + 1, "")]
            token = Token("iri", pos, iri.end(), iri.group(1))
            if fork and ("'" in iri.group(1) or "#" in iri.group(1)):
                return [token, Token("other", pos, pos + 1, "")]
            return [token]
        if char in "?$":
            var = _VAR.match(text, pos)
            return [Token("var", pos, var.end(), "") if var else Token("other", pos, pos + 1, "")]
        if char == "_" and text.startswith("_:", pos):
            bnode = _BNODE.match(text, pos)
            return [Token("other", pos, bnode.end() if bnode else pos + 2, "")]
        if char == ":" or _WORD.match(text, pos):
            return self._name_alternatives(pos) if split else [self._name(pos)]
        for pattern in (_NUMBER, _LANGTAG):
            match = pattern.match(text, pos)
            if match:
                return [Token("other", pos, match.end(), "")]
        # A backslash outside a prefixed name is a syntax error for pyoxigraph; keep "\'" and "\#" out of play.
        return [Token("other", pos, min(pos + (2 if char == "\\" else 1), len(text)), "")]

    def _name_alternatives(self, pos: int) -> list[Token]:
        whole = self._name(pos)
        found = [whole]
        head = self.text[pos : pos + 7]
        for keyword in _SPLIT_KEYWORDS:
            size = len(keyword)
            if whole.end - pos > size and head[:size].isascii() and head[:size].lower() == keyword:
                found.append(Token("word", pos, pos + size, ""))
        return found


_OPERAND_STARTS = frozenset("0123456789.@")  # numbers and language tags end an operand too
_PAIRS = ("^^", "||", "&&", "!=", "<=", ">=")


# Tokens whose reading needs no context, matched in one step (a speed-up of the general path below, which the
# tests check it agrees with): punctuation, ASCII variables and ASCII words followed by a character that cannot
# continue them (so "ex.a:b", "foo-bar" and "x:y" still take the general path).
_QUICK = re.compile(
    r"(?P<other>[{}()\[\],;*/+=!|&>-]|\.(?![0-9])|\^(?!\^))"
    r"|(?P<var>[?$][A-Za-z0-9_][A-Za-z0-9_]*(?=[\s{}()\[\],;.=!<>*/+|^&?$-]|\Z))"
    r"|(?P<word>[A-Za-z][A-Za-z0-9_]*(?=[\s{}()\[\],;*=!<>/+|^&?$\"']|\Z))"
)


def tokens(text: str) -> Iterator[Token]:
    """The tokens of *text* in the one reading pyoxigraph takes, whitespace and comments left out.

    ``text`` of each token is its source text (the IRI between ``<`` and ``>`` for an IRI). ``<`` is less-than
    after an operand inside parentheses and an IRI's start elsewhere, as pyoxigraph reads it; the two-character
    operators (``^^``, ``||``, ``&&``, ``!=``, ``<=``, ``>=``) are one token each.

    >>> [t.text for t in tokens('SELECT * { ?s <p> "a#b" FILTER(?s<=?o) } # note')]
    ['SELECT', '*', '{', '?s', 'p', '"a#b"', 'FILTER', '(', '?s', '<=', '?o', ')', '}']
    """
    return _tokens(text, quick=True)


def _tokens(text: str, *, quick: bool) -> Iterator[Token]:
    lexer = Lexer(text, indexed=False)
    pos = lexer.skip_space(0)
    parentheses = 0
    after_operand = False
    size = len(text)
    while pos < size:
        pair = text[pos : pos + 2]
        if pair in _PAIRS and (pair[0] != "<" or (parentheses > 0 and after_operand)):
            token = Token("other", pos, pos + 2, pair)
        elif text[pos] == "<" and parentheses > 0 and after_operand:
            token = Token("other", pos, pos + 1, "<")
        elif quick and (fast := _QUICK.match(text, pos)) is not None:
            token = Token(fast.lastgroup or "other", pos, fast.end(), fast.group())
        else:
            found = lexer.alternatives(pos, fork=False, split=False)[0]
            token = found if found.kind == "iri" else Token(found.kind, found.start, found.end,
                                                            text[found.start : found.end])
        source = token.text if token.kind != "iri" else "<"
        if source == "(":
            parentheses += 1
        elif source == ")" and parentheses:
            parentheses -= 1
        after_operand = token.kind != "other" or source == ")" or source[:1] in _OPERAND_STARTS
        yield token
        pos = lexer.skip_space(token.end)
