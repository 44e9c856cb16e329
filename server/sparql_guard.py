"""Refuse SPARQL requests that would make the server fetch a URL (SSRF guard).

pyoxigraph runs ``SERVICE <url>`` in a query and ``LOAD <url>`` in an update by fetching the URL over HTTP, with no
timeout and no switch to turn it off. Every request is therefore checked *before* it is executed: :func:`check` finds
every remote call with a small SPARQL lexer (:func:`remote_calls`) and refuses the request unless every endpoint is
an http(s) IRI in the allowlist whose host is, and resolves only to, public addresses. Loopback, private, link-local,
unspecified, multicast and reserved addresses are refused even when allowlisted.

The lexer is deliberately conservative where SPARQL text can be read in more than one way; it reports a call if *any*
reading could make one:

* pyoxigraph matches keywords with no word boundary, so ``SERVICE:x {}``, ``SERVICEp:x {}``, ``SERVICESILENT<…>``,
  ``?s ?p trueSERVICE <…> {}`` and ``LOADp:x`` are remote calls. A word that starts with ``SERVICE``, ``SILENT``,
  ``LOAD``, ``PREFIX``, ``BASE``, ``true`` or ``false`` is read both whole and split after that keyword.
* ``<`` is an IRI or the less-than operator depending on the grammar context (``FILTER(?o<'x>y')`` is a comparison
  with a string, ``<<?s?p'x>>`` a triple term). When the text after ``<`` could be an IRI *and* holds a ``'`` or
  ``#`` (the only characters that could then open a string or comment hiding a call), both readings are followed.
* The SPARQL 1.1 spec decodes ``\\uXXXX``/``\\UXXXXXXXX`` in the whole text before parsing (``S\\u0045RVICE``);
  pyoxigraph decodes them only inside strings and IRIs (``"\\u0022"`` is a one-character string). The text is lexed
  both ways and the calls of both are reported.
* Declarations (``PREFIX``, ``BASE``) are tracked in text order, so a prefix redefined between update operations
  resolves to the definition in force. Where readings disagree on them, a target is checked against every IRI it
  may denote, and one that some reading leaves unresolved is refused.
* A target that is a variable, a relative IRI with no ``BASE`` (the endpoint passes its own URL as pyoxigraph's
  base IRI, so ``SERVICE <x>`` would call the server itself) or a prefixed name with an undeclared prefix is refused.

A call is a ``SERVICE [SILENT] target`` followed by ``{``, or a ``LOAD [SILENT] target`` followed by ``;``,
``INTO`` or the end of the text: anything else is a syntax error that pyoxigraph refuses to run anyway.

The readings are followed together in one pass over the text (see :class:`_Explorer`), in time and memory linear in
its length. Host names are resolved (``ServicePolicy.resolve``) only for allowlisted endpoints; nothing else here
touches the network. pyoxigraph resolves the name again when it connects, so the allowlist should only hold hosts
whose DNS is trusted.
"""

from __future__ import annotations

import heapq
import ipaddress
import re
import socket
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from plangraph.server.sparql_lexer import Lexer as _Lexer
from plangraph.server.sparql_lexer import Token as _Tok

__all__ = ["Refusal", "RemoteCall", "ServicePolicy", "TooComplex", "check", "remote_calls"]

Resolver = Callable[[str], list[str]]


@dataclass(frozen=True)
class Refusal:
    """Why a request was refused, and where: 1-based position of the SERVICE/LOAD keyword in the request text."""

    reason: str
    line: int
    column: int


@dataclass(frozen=True)
class ServicePolicy:
    """Which remote endpoints a request may call.

    ``allow`` holds endpoint IRIs: an entry ending with ``/`` or ``*`` is a prefix (the ``*`` is dropped), any other
    entry must match exactly. Scheme and host compare case-insensitively, and a prefix entry also requires the same
    scheme, host and port, so ``https://query.wikidata.org*`` does not admit ``https://query.wikidata.org.evil.com/``.
    ``resolve`` maps a host name to IP address strings (default: :func:`socket.getaddrinfo`); tests inject it.
    """

    allow: tuple[str, ...] = ()
    resolve: Resolver | None = None
    private: bool = False  # an allow-listed endpoint may be on a non-public address (a government intranet)


@dataclass(frozen=True)
class RemoteCall:
    """One ``SERVICE`` or ``LOAD`` found in a request.

    ``target`` is the absolute endpoint IRI, or None when it cannot be known before execution: a variable
    (``SERVICE ?x``), a prefixed name with an undeclared prefix, or a relative IRI with no ``BASE``. ``written`` is
    the target as written (``<…>``, ``ex:name`` or ``?x``).
    """

    keyword: str
    target: str | None
    line: int
    column: int
    silent: bool
    written: str


class TooComplex(ValueError):
    """The text has too many ambiguous readings to be checked in bounded time (:func:`check` refuses it)."""


_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESC = re.compile(r"\\(.)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_MENTIONS_CALL = re.compile(r"service|load", re.IGNORECASE)


# --- exploring every reading -------------------------------------------------------------------------------------

_IDLE: tuple = ("idle",)
_OPERAND_STARTS = frozenset("0123456789.@")  # numbers and language tags end an operand too
_UNDECLARED: frozenset[str | None] = frozenset({None})


class _Scope(NamedTuple):
    """Declarations in force, for every reading merged into one.

    ``bases`` holds each BASE a reading may have in force (None: no BASE). ``names`` maps a prefix declared at this
    link to the IRIs it may denote (None: undeclared in some reading); earlier declarations are in ``parent``.
    """

    bases: frozenset[str | None]
    names: dict[str, frozenset[str | None]]
    parent: _Scope | None

    def lookup(self, prefix: str) -> frozenset[str | None]:
        scope: _Scope | None = self
        while scope is not None:
            if prefix in scope.names:
                return scope.names[prefix]
            scope = scope.parent
        return _UNDECLARED

    def table(self) -> dict[str, frozenset[str | None]]:
        found: dict[str, frozenset[str | None]] = {}
        scope: _Scope | None = self
        while scope is not None:
            for prefix, iris in scope.names.items():
                found.setdefault(prefix, iris)
            scope = scope.parent
        return found

    def declare(self, prefix: str, iri: str) -> _Scope:
        return _Scope(self.bases, {prefix: frozenset(_resolve_relative(iri, b) or iri for b in self.bases)}, self)

    def rebase(self, iri: str) -> _Scope:
        return _Scope(frozenset(_resolve_relative(iri, b) or iri for b in self.bases), {}, self)

    def merge(self, other: _Scope) -> _Scope:
        if other is self:
            return self
        mine, theirs = self.table(), other.table()
        names = {p: mine.get(p, _UNDECLARED) | theirs.get(p, _UNDECLARED) for p in mine.keys() | theirs.keys()}
        return _Scope(self.bases | other.bases, names, None)


_ROOT_SCOPE = _Scope(frozenset({None}), {}, None)


class _Found(NamedTuple):
    keyword: str
    offset: int
    target: str | None
    silent: bool
    written: str


def _is_absolute(iri: str) -> bool:
    return bool(_SCHEME.match(iri))


def _resolve_relative(iri: str, base: str | None) -> str | None:
    if _is_absolute(iri):
        return iri
    if base is None or not _is_absolute(base):
        return None
    joined = urljoin(base, iri)
    return joined if _is_absolute(joined) else None


def _decode_uchars(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)

    return _UCHAR.sub(replace, value)


class _Explorer:
    """Follows every reading of the text at once, collecting the calls any of them makes.

    Positions are visited in increasing order; every token advances, so all readings reaching a position are there
    before it is expanded. Readings at a position in the same recogniser state merge: the deepest parenthesis depth
    is kept (a deeper reading forks wherever a shallower one does) and declarations are united. A (position, state)
    pair is thus expanded once, which keeps the work linear in the length of the text.
    """

    def __init__(self, text: str, budget: int) -> None:
        self.text = text
        self.lexer = _Lexer(text)
        self.budget = budget
        self.found: set[_Found] = set()
        self.steps = 0

    def run(self) -> set[_Found]:
        start = self.lexer.skip_space(0)
        # position -> {(recogniser state, last token ends an operand): [deepest depth, merged scope]}
        frontier: dict[int, dict[tuple, list]] = {start: {(_IDLE, False): [0, _ROOT_SCOPE]}}
        positions = [start]
        while positions:
            pos = heapq.heappop(positions)
            readings = frontier.pop(pos)
            if pos >= len(self.text):
                continue
            for (state, after_operand), (depth, scope) in readings.items():
                self.budget -= 1
                if self.budget < 0:
                    raise TooComplex("too many possible readings to check")
                self.steps += 1
                # pyoxigraph reads "<" as less-than only after an operand inside parentheses (every expression is
                # bracketed), or as the second "<" of "<<"; where the grammar fixes the next token (a declared name
                # or an IRI), it has a single reading.
                fork = state is _IDLE and ((depth > 0 and after_operand) or self.text.startswith("<", pos - 1))
                for token in self.lexer.alternatives(pos, fork=fork, split=state[0] in ("idle", "call")):
                    if token.kind == "unterminated":
                        continue  # pyoxigraph refuses the rest; calls seen before it are already recorded
                    source = self.text[token.start : token.end]
                    new_scope, new_state = self._step(scope, state, token, source)
                    new_depth = max(0, depth + (source == "(") - (source == ")"))
                    operand = token.kind != "other" or source == ")" or source[:1] in _OPERAND_STARTS
                    after = self.lexer.skip_space(token.end)
                    if after not in frontier:
                        frontier[after] = {}
                        heapq.heappush(positions, after)
                    merged = frontier[after].get((new_state, operand))
                    if merged is None:
                        frontier[after][(new_state, operand)] = [new_depth, new_scope]
                    else:
                        merged[0] = max(merged[0], new_depth)
                        merged[1] = merged[1].merge(new_scope)
        return self.found

    def _step(self, scope: _Scope, state: tuple, token: _Tok, source: str) -> tuple[_Scope, tuple]:
        """Advance the recogniser of ``PREFIX p: <…>``, ``BASE <…>`` and ``SERVICE|LOAD [SILENT] target``."""
        if state[0] == "prefix" and token.kind == "pname" and source.endswith(":"):
            return scope, ("prefix-name", source[:-1])
        if state[0] == "prefix-name" and token.kind == "iri":
            return scope.declare(state[1], _decode_uchars(token.text)), _IDLE
        if state[0] == "base" and token.kind == "iri":
            return scope.rebase(_decode_uchars(token.text)), _IDLE
        if state[0] == "call":
            _, keyword, offset, silent = state
            if token.kind == "word" and not silent and source.lower() == "silent":
                return scope, ("call", keyword, offset, True)
            if token.kind in ("iri", "pname", "var"):
                if self._call_ends_at(keyword, token.end):
                    for target in self._targets(scope, token, source):
                        self.found.add(_Found(keyword, offset, target, silent, source))
                return scope, _IDLE
        if token.kind == "word" and source.isascii():
            word = source.lower()
            if word in ("service", "load"):
                return scope, ("call", word.upper(), token.start, False)
            if word in ("prefix", "base"):
                return scope, (word,)
        return scope, _IDLE

    def _call_ends_at(self, keyword: str, pos: int) -> bool:
        pos = self.lexer.skip_space(pos)
        if keyword == "SERVICE":
            return self.text.startswith("{", pos)
        return pos >= len(self.text) or self.text[pos] == ";" or self.text[pos : pos + 4].lower() == "into"

    @staticmethod
    def _targets(scope: _Scope, token: _Tok, source: str) -> set[str | None]:
        """Every IRI the target may denote across the merged readings (None: not known before execution)."""
        if token.kind == "var":
            return {None}
        if token.kind == "iri":
            return {_resolve_relative(_decode_uchars(token.text), base) for base in scope.bases}
        prefix, _, local = source.partition(":")
        local = _LOCAL_ESC.sub(r"\1", local)
        return {
            None if iri is None else _resolve_relative(iri + local, base)
            for iri in scope.lookup(prefix)
            for base in scope.bases
        }


def _decode_text(text: str) -> tuple[str, Callable[[int], int]]:
    """Apply the spec's codepoint-escape pass to the whole text.

    Returns the decoded text and a map from an offset in it to the offset of the same character in ``text``.
    """
    pieces: list[str] = []
    marks: list[int] = [0]  # decoded offsets where the shift to the original changes ...
    shifts: list[int] = [0]  # ... and the shift from there on
    last = at = 0
    for match in _UCHAR.finditer(text):
        decoded = _decode_uchars(match.group(0))
        if decoded == match.group(0):
            continue
        pieces += [text[last : match.start()], decoded]
        at += match.start() - last
        marks += [at, at + 1]
        shifts += [match.start() - at, match.end() - at - 1]
        last = match.end()
        at += 1
    pieces.append(text[last:])

    def origin(offset: int) -> int:
        return offset + shifts[bisect_right(marks, offset) - 1]

    return "".join(pieces), origin


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]


def remote_calls(text: str) -> list[RemoteCall]:
    """Every SERVICE/LOAD call in a query or update, in text order.

    Raises :class:`TooComplex` if the text has too many ambiguous readings to explore (never for ordinary queries).
    """
    decoded, origin = _decode_text(text) if "\\" in text else (text, int)
    if not _MENTIONS_CALL.search(text) and not _MENTIONS_CALL.search(decoded):
        return []
    budget = 20_000 + 10 * len(text)  # a safety net: each position is expanded once per recogniser state
    found = {(call, call.offset) for call in _Explorer(text, budget).run()}
    if decoded != text:
        found |= {(call, origin(call.offset)) for call in _Explorer(decoded, budget).run()}
    starts = _line_starts(text)
    calls = set()
    for call, offset in found:
        line = bisect_right(starts, offset)
        calls.add(RemoteCall(call.keyword, call.target, line, offset - starts[line - 1] + 1, call.silent, call.written))
    return sorted(calls, key=lambda c: (c.line, c.column, c.keyword, c.target or "", c.written, c.silent))


# --- policy ------------------------------------------------------------------------------------------------------

_BAD_IRI_CHARS = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|^`\\]')
_HOST_CHARS = re.compile(r"[a-z0-9.\-_]+")
_NUMERIC_LABEL = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)")
_AUTHORITY = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*://[^/?#]*)(.*)$", re.DOTALL)
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_COMPAT = ipaddress.ip_network("::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries (mapped, 6to4, Teredo, NAT64, IPv4-compatible)."""
    found = [addr for addr in (ip.ipv4_mapped, ip.sixtofour) if addr is not None]
    if ip.teredo:
        found.extend(ip.teredo)
    if any(ip in net for net in _NAT64) or ip in _COMPAT:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def _not_public(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None or any(_not_public(inner) for inner in _embedded_ipv4(ip)):
            return True
        if ip.is_site_local:
            return True
    return (
        not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _host_ip(host: str, bracketed: bool) -> IPAddress | None:
    """The address a host denotes if it is an IP literal in any form an HTTP client could accept.

    Raises ValueError for a host that looks like an IP literal but is not a valid one.
    """
    if bracketed or ":" in host:
        try:
            return ipaddress.ip_address(host)
        except ValueError as error:
            raise ValueError(f"the host [{host}] is not a valid IP address") from error
    if _NUMERIC_LABEL.fullmatch(host.rsplit(".", 1)[-1]):
        try:  # inet_aton semantics: 2130706433, 0x7f000001, 0177.0.0.1, 127.1
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError as error:
            raise ValueError(f"the host {host} is not a valid IPv4 address") from error
    return None


def _normalise(iri: str) -> str:
    match = _AUTHORITY.match(iri)
    return match.group(1).lower() + match.group(2) if match else iri


def _origin(iri: str) -> tuple[str, str | None, int | None] | None:
    try:
        parts = urlsplit(iri)
        return parts.scheme.lower(), parts.hostname, parts.port
    except ValueError:
        return None


def _allowed(iri: str, allow: Iterable[str]) -> bool:
    target = _normalise(iri)
    for entry in allow:
        is_prefix = entry.endswith(("/", "*"))
        wanted = _normalise(entry[:-1] if entry.endswith("*") else entry)
        if target == wanted or (is_prefix and target.startswith(wanted) and _origin(iri) == _origin(wanted)):
            return True
    return False


def _default_resolve(host: str) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)]


def _clean_host(iri: str) -> tuple[str, bool]:
    """The host of an http(s) IRI, normalised, and whether it was in brackets; ValueError if missing or malformed."""
    parts = urlsplit(iri)
    _ = parts.port  # raises ValueError on a bad port
    host = unicodedata.normalize("NFKC", unquote(parts.hostname or "")).lower().rstrip(".")
    bracketed = "[" in parts.netloc
    if not host or not host.isascii() or not (bracketed or _HOST_CHARS.fullmatch(host)):
        raise ValueError("the host is missing or malformed")
    return host, bracketed


def _endpoint_problem(kind: str, iri: str, policy: ServicePolicy, lookups: dict[str, list[str] | None]) -> str | None:
    """Why calling ``iri`` is refused, or None if it is allowed."""
    name = f"{kind} <{iri}>"
    if _BAD_IRI_CHARS.search(iri):
        return f"{name} is not a well-formed IRI"
    scheme = iri.split(":", 1)[0].lower()
    if scheme not in ("http", "https"):
        return f"{name}: scheme {scheme!r} is not allowed (only http and https)"
    if not iri[len(scheme) + 1 :].startswith("//"):
        return f"{name} has no authority (expected {scheme}://host/…)"
    try:
        host, bracketed = _clean_host(iri)
        ip = _host_ip(host, bracketed)
    except ValueError as error:
        return f"{name}: {error}"
    if policy.private and _allowed(iri, policy.allow):
        return None  # the operator listed it and allowed non-public addresses: no address check
    if ip is not None and _not_public(ip):
        return f"{name} targets the non-public address {ip}"
    if host == "localhost" or host.endswith(".localhost"):
        return f"{name} targets localhost"
    if not _allowed(iri, policy.allow):
        return f"{name} is not in the allowlist"
    if ip is not None:
        return None
    if host not in lookups:
        try:
            lookups[host] = list((policy.resolve or _default_resolve)(host))
        except Exception:  # any failure to resolve is a refusal
            lookups[host] = None
    addresses = lookups[host]
    if not addresses:
        return f"{name}: cannot resolve host {host}"
    for address in addresses:
        try:
            resolved = ipaddress.ip_address(str(address))
        except ValueError:
            return f"{name}: host {host} resolves to an unparseable address {address!r}"
        if _not_public(resolved):
            return f"{name}: host {host} resolves to the non-public address {resolved}"
    return None


def _call_problem(call: RemoteCall, policy: ServicePolicy, lookups: dict[str, list[str] | None]) -> str | None:
    if call.target is not None:
        return _endpoint_problem(call.keyword, call.target, policy, lookups)
    if call.written.startswith(("?", "$")):
        return f"{call.keyword} {call.written}: the endpoint is a variable, chosen at run time"
    if call.written.startswith("<"):
        return f"{call.keyword} {call.written}: relative IRI with no BASE to resolve it"
    return f"{call.keyword} {call.written}: cannot resolve the prefixed name (undeclared prefix or no BASE)"


def check(text: str, policy: ServicePolicy) -> Refusal | None:
    """Refusal for the first remote call in ``text`` that ``policy`` does not allow, or None if all are allowed."""
    try:
        calls = remote_calls(text)
    except TooComplex:
        return Refusal("the request has too many ambiguous readings to be checked for SERVICE/LOAD", 1, 1)
    lookups: dict[str, list[str] | None] = {}
    for call in calls:
        problem = _call_problem(call, policy, lookups)
        if problem is not None:
            return Refusal(problem, call.line, call.column)
    return None
