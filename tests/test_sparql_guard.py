"""Tests for plangraph.server.sparql_guard: SERVICE/LOAD must never make the server fetch a non-public URL.

No test here touches the network: host names resolve through an injected fake, socket look-ups and connections are
disabled for the whole module, and the pyoxigraph cross-checks call ``urn:`` endpoints, which pyoxigraph rejects
("invalid authority") before opening any connection.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad, Store
from support import PREFIXES

from plangraph.server import sparql_guard
from plangraph.server.sparql_guard import Refusal, RemoteCall, ServicePolicy, TooComplex, check, remote_calls

# --- a fake DNS --------------------------------------------------------------------------------------------------

DNS = {
    "query.wikidata.org": ["208.80.154.224", "2620:0:861:ed1a::1"],
    "dbpedia.org": ["194.109.129.58"],
    "sparql.internal.example.com": ["10.20.30.40"],  # allowlisted, but resolves to a private address (rebinding)
    "mixed.example.com": ["93.184.215.14", "127.0.0.1"],  # one non-public address is enough to refuse
    "query.wikidata.org.evil.com": ["93.184.215.14"],  # public: only the allowlist stops it
}


class FakeResolver:
    """Resolves from DNS, records every look-up; unknown names fail as getaddrinfo does."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.asked.append(host)
        if host not in DNS:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return DNS[host]


def policy(*allow: str) -> ServicePolicy:
    return ServicePolicy(allow=allow, resolve=FakeResolver())


@pytest.fixture(scope="module", autouse=True)
def no_network() -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the guard tests must not touch the network")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket.socket, "connect", refuse)
        yield


WD = ("https://query.wikidata.org/",)
NONE: tuple[str, ...] = ()


def svc(iri: str) -> str:
    return f"SELECT * WHERE {{ SERVICE <{iri}> {{ ?s ?p ?o }} }}"


# --- the table ---------------------------------------------------------------------------------------------------

# (request, allowlist, refused?, why)
CASES: list[tuple[str, tuple[str, ...], bool, str]] = [
    # Non-public addresses: always refused, allowlisted or not.
    (svc("http://127.0.0.1/sparql"), NONE, True, "loopback"),
    (svc("http://127.0.0.1/sparql"), ("http://127.0.0.1/",), True, "loopback, even allowlisted"),
    (svc("http://localhost:7878/query"), ("http://localhost:7878/",), True, "localhost by name, even allowlisted"),
    (svc("http://api.localhost/sparql"), ("http://api.localhost/",), True, "*.localhost by name"),
    (svc("HTTP://LOCALHOST./sparql"), NONE, True, "upper-case scheme and host, trailing dot"),
    (svc("http://127.0.0.1./sparql"), NONE, True, "IPv4 literal with a trailing dot"),
    (svc("http://[::1]:7878/query"), ("http://[::1]:7878/",), True, "IPv6 loopback literal"),
    (
        svc("http://169.254.169.254/latest/meta-data/iam/security-credentials/"),
        ("http://169.254.169.254/",),
        True,
        "cloud metadata service (link-local), even allowlisted",
    ),
    (svc("http://10.0.0.1/sparql"), NONE, True, "private 10/8"),
    (svc("http://172.16.5.4:8890/sparql"), NONE, True, "private 172.16/12"),
    (svc("http://192.168.1.10/sparql"), NONE, True, "private 192.168/16"),
    (svc("http://100.64.0.1/sparql"), NONE, True, "carrier-grade NAT 100.64/10"),
    (svc("http://0.0.0.0:7878/"), NONE, True, "unspecified address reaches the local host"),
    (svc("http://224.0.0.251/"), ("http://224.0.0.251/",), True, "multicast, even allowlisted"),
    (svc("http://[fe80::1]/"), NONE, True, "IPv6 link-local"),
    (svc("http://[fd00::7]/"), NONE, True, "IPv6 unique local"),
    (svc("http://[fec0::1]/"), NONE, True, "IPv6 site-local (deprecated, Python calls it global)"),
    (svc("http://[2002:a9fe:a9fe::1]/"), NONE, True, "6to4 address embedding 169.254.169.254"),
    (svc("http://[64:ff9b::a00:1]/"), NONE, True, "NAT64 address embedding 10.0.0.1"),
    (svc("http://2130706433/"), NONE, True, "decimal IPv4 (127.0.0.1)"),
    (svc("http://0x7f000001/"), NONE, True, "hexadecimal IPv4"),
    (svc("http://0177.0.0.1/"), NONE, True, "octal IPv4"),
    (svc("http://127.1/"), NONE, True, "short IPv4"),
    (svc("http://0xa9.0xfe.0xa9.0xfe/latest/meta-data/"), NONE, True, "dotted hexadecimal metadata address"),
    (svc("http://1.2.3.4.5/"), NONE, True, "a numeric host that is no valid address"),
    (svc("http://[::ffff:127.0.0.1]/"), NONE, True, "IPv4-mapped IPv6 loopback"),
    (svc("http://[::ffff:a9fe:a9fe]/"), NONE, True, "IPv4-mapped IPv6 metadata address, hex form"),
    (svc("http://%31%32%37.0.0.1/"), NONE, True, "percent-encoded host"),
    (svc("http://query.wikidata.org@127.0.0.1/sparql"), WD, True, "userinfo trick: the host is 127.0.0.1"),
    (svc("http://a@b@10.0.0.1/"), NONE, True, "several @: the host is after the last"),
    # Schemes and malformed endpoints.
    (svc("file:///etc/passwd"), ("file:///",), True, "file: scheme, even allowlisted"),
    (svc("ftp://ftp.example.org/pub/"), NONE, True, "ftp: scheme"),
    (svc("http:127.0.0.1"), NONE, True, "http without an authority"),
    (svc("https://query.wikidata.org:99999/sparql"), WD, True, "port out of range"),
    # The allowlist and name resolution.
    (svc("https://query.wikidata.org/sparql"), WD, False, "allowlisted public endpoint"),
    (svc("HTTPS://Query.Wikidata.ORG/sparql"), WD, False, "scheme and host compare case-insensitively"),
    (svc("https://query.wikidata.org/sparql"), NONE, True, "public, but not in the allowlist"),
    (svc("https://dbpedia.org/sparql"), WD, True, "another public endpoint, not in the allowlist"),
    (svc("https://query.wikidata.org.evil.com/sparql"), WD, True, "look-alike host, prefix entry"),
    (
        svc("https://query.wikidata.org.evil.com/sparql"),
        ("https://query.wikidata.org*",),
        True,
        "look-alike host, '*' entry: a prefix entry also needs the same host",
    ),
    (svc("https://query.wikidata.org/sparql"), ("https://query.wikidata.org/sparql",), False, "exact entry"),
    (svc("https://query.wikidata.org/sparql2"), ("https://query.wikidata.org/sparql",), True, "exact, no prefix"),
    (
        svc("https://sparql.internal.example.com/sparql"),
        ("https://sparql.internal.example.com/",),
        True,
        "allowlisted name resolving to a private address (DNS rebinding)",
    ),
    (svc("https://mixed.example.com/sparql"), ("https://mixed.example.com/",), True, "one resolved address private"),
    (svc("https://nxdomain.example/sparql"), ("https://nxdomain.example/",), True, "allowlisted, cannot resolve"),
    (svc("http://8.8.8.8/sparql"), ("http://8.8.8.8/",), False, "allowlisted public IP literal, not resolved"),
    (svc("https://query.wikidata.org/sp\\u0061rql"), WD, False, "codepoint escape in an allowed IRI is decoded"),
    # Keyword spelling.
    ("select * where { service <http://10.1.1.1/> { } }", NONE, True, "lower-case keyword"),
    ("SELECT * WHERE { SeRvIcE <http://10.1.1.1/> { } }", NONE, True, "mixed-case keyword"),
    ("SELECT * WHERE { SERVICE SILENT <http://192.168.0.1/sparql> { } }", NONE, True, "SERVICE SILENT still fetches"),
    ("SELECT * WHERE { SERVICE\tsilent\n<http://192.168.0.2/> { } }", NONE, True, "SILENT, any whitespace"),
    ("SELECT * WHERE { SERVICE # why not\n <http://127.0.0.1/> { } }", NONE, True, "comment before the target"),
    ("SELECT * WHERE { # comment\rSERVICE <http://127.0.0.1/> { } }", NONE, True, "a comment ends at CR"),
    ("SELECT * WHERE{SERVICE<http://127.0.0.1/>{}}", NONE, True, "no whitespace at all"),
    ("SELECT * WHERE { S\\u0045RVICE <http://127.0.0.1/> { } }", NONE, True, "codepoint escape in the keyword"),
    ("SELECT * WHERE { \\u0053ervice <http://127.0.0.1/> { } }", NONE, True, "escape at the keyword's start"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.\\u0031/> { } }", NONE, True, "codepoint escape in the IRI"),
    # Targets: prefixed names, BASE, variables.
    (
        "PREFIX internal: <http://10.0.0.5/>\nSELECT * WHERE { SERVICE internal:sparql { ?s ?p ?o } }",
        NONE,
        True,
        "prefixed-name target",
    ),
    ("PREFIX : <http://192.168.0.1/>\nSELECT * WHERE { SERVICE :sparql { } }", NONE, True, "empty-prefix target"),
    (
        "PREFIX wdqs: <https://query.wikidata.org/>\nSELECT * WHERE { SERVICE wdqs:sparql { ?s ?p ?o } }",
        WD,
        False,
        "allowlisted prefixed-name target",
    ),
    (
        "PREFIX p: <https://query.wikidata.org/>\nPREFIX p: <http://10.9.9.9/>\nSELECT * { SERVICE p:x { } }",
        WD,
        True,
        "the last declaration of a prefix wins",
    ),
    (
        "BASE <http://169.254.169.254/>\nSELECT * WHERE { SERVICE <latest/meta-data/> { } }",
        NONE,
        True,
        "relative IRI resolved against BASE",
    ),
    (
        "BASE <https://query.wikidata.org/>\nSELECT * WHERE { SERVICE <sparql> { } }",
        WD,
        False,
        "relative IRI resolved against an allowlisted BASE",
    ),
    (
        "BASE <https://query.wikidata.org/>\nSELECT * WHERE { SERVICE <//10.0.0.1/sparql> { } }",
        WD,
        True,
        "network-path reference replaces the host",
    ),
    ("SELECT * WHERE { SERVICE <sparql> { } }", WD, True, "relative IRI with no BASE"),
    ("SELECT * WHERE { SERVICE undeclared:x { } }", WD, True, "undeclared prefix"),
    ("SELECT * WHERE { BIND(<http://127.0.0.1/> AS ?e) SERVICE ?e { } }", NONE, True, "variable target"),
    ("SELECT * WHERE { SERVICE SILENT $endpoint { } }", WD, True, "$variable target, even with an allowlist"),
    # Mentions that are not calls.
    ('SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1/> { }" }', NONE, False, "inside a string literal"),
    ("SELECT * WHERE { ?s ?p 'SERVICE <http://127.0.0.1/> { }' }", NONE, False, "inside a single-quoted string"),
    ("SELECT * { ?s ?p '''x\nSERVICE <http://127.0.0.1/> { }\n''' }", NONE, False, "inside a long string"),
    ('SELECT * { ?s ?p """x\nSERVICE <http://127.0.0.1/> { }\n""" }', NONE, False, "inside a long double string"),
    ('SELECT * { ?s ?p "a \\"SERVICE <http://127.0.0.1/> { }" }', NONE, False, "after an escaped quote"),
    ("SELECT * WHERE { ?s ?p ?o # SERVICE <http://127.0.0.1/> { }\n}", NONE, False, "inside a comment"),
    ("SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }", NONE, False, "inside an IRI"),
    (
        "SELECT * WHERE { ?s a <http://www.w3.org/ns/sparql-service-description#Service> }",
        NONE,
        False,
        "the service-description vocabulary",
    ),
    ("SELECT ?service WHERE { ?service a ?type . $load ?p ?o }", NONE, False, "variables named service and load"),
    ("PREFIX ex: <http://example.org/>\nSELECT * WHERE { ?s ex:SERVICE ?o }", NONE, False, "local name SERVICE"),
    ('INSERT DATA { <urn:a> <urn:b> "LOAD <http://127.0.0.1/>" }', NONE, False, "LOAD inside a string"),
    (PREFIXES + "SELECT ?plan WHERE { ?plan a eli:LegalResource ; dct:title ?t }", NONE, False, "no remote call"),
    # "#" and quotes inside IRIs and strings do not start comments or strings.
    ("SELECT * { ?s <http://example.org/#p> ?o . SERVICE <http://10.0.0.1/> { } }", NONE, True, "# in an IRI"),
    ('SELECT * { ?s ?p "#" . SERVICE <http://10.0.0.1/> { } }', NONE, True, "# in a string"),
    ('SELECT * { ?s ?p "it\'s" . SERVICE <http://10.0.0.1/> { } }', NONE, True, "' in a double-quoted string"),
    ("PREFIX p: <urn:p:>\nSELECT * { ?s ?p p:a\\#b SERVICE <http://10.0.0.1/> {} }", NONE, True, "\\# in a name"),
    # Nesting.
    ("SELECT * { ?s ?p ?o OPTIONAL { ?s ?q ?r SERVICE <http://10.0.0.1/> { } } }", NONE, True, "inside OPTIONAL"),
    ("SELECT * { { ?s ?p ?o } UNION { SERVICE <http://10.0.0.1/> { ?s ?p ?o } } }", NONE, True, "inside UNION"),
    (
        "SELECT * { { SELECT ?s WHERE { SERVICE <http://10.0.0.1/> { ?s ?p ?o } } LIMIT 1 } }",
        NONE,
        True,
        "inside a subquery",
    ),
    ("SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <http://10.0.0.1/> { } } }", NONE, True, "inside FILTER EXISTS"),
    (
        "SELECT * { SERVICE <https://query.wikidata.org/sparql> { SERVICE <http://10.0.0.1/> { } } }",
        WD,
        True,
        "nested SERVICE, inner one private",
    ),
    (
        "SELECT * { SERVICE <https://query.wikidata.org/sparql> { } SERVICE <http://10.0.0.1/> { } }",
        WD,
        True,
        "first call allowed, second refused",
    ),
    # Updates.
    ("LOAD <http://169.254.169.254/latest/meta-data/>", NONE, True, "LOAD from the metadata service"),
    ("LOAD SILENT <http://127.0.0.1:8080/data.ttl> INTO GRAPH <urn:g>", NONE, True, "LOAD SILENT ... INTO GRAPH"),
    ("CLEAR DEFAULT ;\nLOAD <http://10.0.0.1/dump.nt>", NONE, True, "LOAD in the second operation"),
    ("LOAD <https://query.wikidata.org/dump.ttl>", WD, False, "LOAD from an allowlisted public host"),
    ("LOAD <ftp://example.org/dump.ttl>", NONE, True, "LOAD over ftp"),
    (
        "INSERT { ?s ?p ?o } WHERE { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }",
        NONE,
        True,
        "SERVICE in the WHERE of INSERT",
    ),
    (
        "PREFIX p: <https://query.wikidata.org/>\nCLEAR ALL ;\nPREFIX p: <http://169.254.169.254/latest/>\n"
        "LOAD p:meta-data",
        WD,
        True,
        "a prefix redefined before a later operation",
    ),
    # What pyoxigraph really parses (see test_pyoxigraph_agrees): keywords have no word boundary.
    ("PREFIX : <http://127.0.0.1/>\nSELECT * { SERVICE:x { } }", NONE, True, "SERVICE glued to an empty prefix"),
    ("PREFIX p: <http://127.0.0.1/>\nSELECT * { SERVICEp:x { } }", NONE, True, "SERVICE glued to a prefixed name"),
    ("SELECT * { SERVICESILENT<http://127.0.0.1/>{} }", NONE, True, "SERVICE glued to SILENT"),
    ("SELECT * { ?s ?p trueSERVICE <http://127.0.0.1/> { } }", NONE, True, "SERVICE glued to a boolean"),
    ("PREFIX p: <http://127.0.0.1/>\nLOADp:x", NONE, True, "LOAD glued to a prefixed name"),
    # Readings a naive lexer gets wrong.
    ('SELECT ("\\u0022" AS ?q) { SERVICE <http://127.0.0.1/> { } } # "', NONE, True, "escaped quote in a string"),
    (
        "SELECT * { ?s ?p ?o FILTER(?o<'x>y') SERVICE <http://127.0.0.1/> { } FILTER('a'='a') }",
        NONE,
        True,
        "less-than before a string holding '>'",
    ),
    (
        "SELECT * { <<?s?p'x>>'>>?q?r.SERVICE<http://127.0.0.1/>{}FILTER(''='')}",
        NONE,
        True,
        "triple term holding a string with '>'",
    ),
    # Unterminated constructs.
    ('SELECT * { SERVICE <http://127.0.0.1/> { ?s ?p "unterminated } }', NONE, True, "unterminated string after"),
    ('SELECT * { ?s ?p "never closed . SERVICE <http://127.0.0.1/> { } }', NONE, False, "swallowed by a string"),
    ("SELECT * { SERVICE <http://127.0.0.1/ { } }", NONE, False, "unterminated IRI: not a call, a syntax error"),
]
assert len(CASES) >= 40
assert len({(c[0], c[1]) for c in CASES}) == len(CASES), "duplicate case"


@pytest.mark.parametrize(("request_text", "allow", "refused", "why"), CASES, ids=[c[3] for c in CASES])
def test_check(request_text: str, allow: tuple[str, ...], refused: bool, why: str) -> None:
    refusal = check(request_text, policy(*allow))
    assert (refusal is not None) == refused, f"{why}: {refusal}"
    if refusal is not None:
        assert refusal.line >= 1 and refusal.column >= 1


# --- positions and reasons ---------------------------------------------------------------------------------------

# (request, line, column) of the refused keyword
POSITIONS: list[tuple[str, int, int]] = [
    ("SELECT * WHERE {\n  ?s ?p ?o .\n  OPTIONAL {\n    service <http://10.0.0.1/> { }\n  }\n}", 4, 5),
    ("SELECT *\n{\n  S\\u0045RVICE <http://10.0.0.1/> { }\n}", 3, 3),
    ("SELECT *\n{\n  \\u0053ERVICE <http://10.0.0.1/> { }\n}", 3, 3),
    ("SELECT *\r\n{\r\n\tSERVICE <http://10.0.0.1/> { }\r\n}", 3, 2),
    ("CLEAR DEFAULT ;\nLOAD <http://127.0.0.1/x.ttl>", 2, 1),
    ('SELECT * { ?s ?p "Kế hoạch" .\n  ?x ?y "đ" . SERVICE <http://10.0.0.1/> { } }', 2, 15),
    (
        "SELECT * {\n  SERVICE <https://query.wikidata.org/sparql> { }\n  SERVICE <http://10.0.0.1/> { }\n}",
        3,
        3,
    ),
    ('SELECT * {\n  ?s ?p """a\nb\nc""" .\n  SERVICE <http://10.0.0.1/> { } }', 5, 3),
]


@pytest.mark.parametrize(("request_text", "line", "column"), POSITIONS)
def test_refusal_position(request_text: str, line: int, column: int) -> None:
    refusal = check(request_text, policy(*WD))
    assert refusal is not None
    assert (refusal.line, refusal.column) == (line, column), refusal.reason


@pytest.mark.parametrize(
    ("request_text", "fragment"),
    [
        (svc("http://127.0.0.1/sparql"), "<http://127.0.0.1/sparql>"),
        (svc("https://dbpedia.org/sparql"), "SERVICE <https://dbpedia.org/sparql> is not in the allowlist"),
        (svc("ftp://ftp.example.org/"), "scheme 'ftp'"),
        ("SELECT * { SERVICE ?e { } }", "SERVICE ?e"),
        ("LOAD <http://10.0.0.1/x>", "LOAD <http://10.0.0.1/x>"),
        ("PREFIX p: <http://10.0.0.1/>\nSELECT * { SERVICE p:sparql { } }", "<http://10.0.0.1/sparql>"),
        (svc("https://sparql.internal.example.com/q"), "resolves to the non-public address 10.20.30.40"),
        (svc("https://nxdomain.example/q"), "cannot resolve"),
    ],
)
def test_reason_names_the_endpoint(request_text: str, fragment: str) -> None:
    refusal = check(request_text, policy("https://sparql.internal.example.com/", "https://nxdomain.example/"))
    assert refusal is not None and fragment in refusal.reason


# (endpoint, what the refusal must say): each endpoint is allowlisted, so only the address check can refuse it.
NON_PUBLIC: list[tuple[str, str]] = [
    ("http://127.0.0.1/sparql", "non-public address 127.0.0.1"),
    ("http://2130706433/", "non-public address 127.0.0.1"),
    ("http://0x7f000001/", "non-public address 127.0.0.1"),
    ("http://0177.0.0.1/", "non-public address 127.0.0.1"),
    ("http://127.1/", "non-public address 127.0.0.1"),
    ("http://127.0.0.1./", "non-public address 127.0.0.1"),
    ("http://%31%32%37.0.0.1/", "non-public address 127.0.0.1"),
    ("http://\uff11\uff12\uff17.0.0.1/", "non-public address 127.0.0.1"),
    ("http://0xa9.0xfe.0xa9.0xfe/latest/meta-data/", "non-public address 169.254.169.254"),
    ("http://169.254.169.254/latest/meta-data/", "non-public address 169.254.169.254"),
    ("http://0.0.0.0:7878/", "non-public address 0.0.0.0"),
    ("http://224.0.0.251/", "non-public address 224.0.0.251"),
    ("http://[::1]:7878/", "non-public address ::1"),
    ("http://[::ffff:127.0.0.1]/", "non-public address ::ffff:7f00:1"),
    ("http://[fec0::1]/", "non-public address fec0::1"),
    ("http://[2002:a9fe:a9fe::1]/", "non-public address 2002:a9fe:a9fe::1"),
    ("http://[64:ff9b::a00:1]/", "non-public address 64:ff9b::a00:1"),
    ("HTTP://LOCALHOST./", "targets localhost"),
    ("http://api.localhost/", "targets localhost"),
    ("http://1.2.3.4.5/", "not a valid IPv4 address"),
    ("http://[v1.x]/", "not a valid IP address"),
]


@pytest.mark.parametrize(("endpoint", "reason"), NON_PUBLIC)
def test_non_public_even_if_allowlisted(endpoint: str, reason: str) -> None:
    guard = policy(endpoint)
    refusal = check(svc(endpoint), guard)
    assert refusal is not None and reason in refusal.reason, refusal
    assert guard.resolve.asked == []  # type: ignore[union-attr]  # literals and localhost are never looked up


@pytest.mark.parametrize(
    "endpoint",
    [
        "ftp://query.wikidata.org/",
        "gopher://query.wikidata.org/",
        "ws://query.wikidata.org/",
        "file://query.wikidata.org/",
    ],
)
def test_only_http_and_https(endpoint: str) -> None:
    refusal = check(svc(endpoint), policy(endpoint))
    assert refusal is not None and "scheme" in refusal.reason, refusal


# --- remote_calls --------------------------------------------------------------------------------------------------


def test_remote_calls_fields() -> None:
    text = (
        "PREFIX wd: <https://query.wikidata.org/>\n"
        "SELECT * WHERE {\n"
        "  SERVICE SILENT wd:sparql { ?s ?p ?o }\n"
        "  SERVICE ?endpoint { }\n"
        "}"
    )
    assert remote_calls(text) == [
        RemoteCall("SERVICE", "https://query.wikidata.org/sparql", 3, 3, True, "wd:sparql"),
        RemoteCall("SERVICE", None, 4, 3, False, "?endpoint"),
    ]


def test_remote_calls_load() -> None:
    assert remote_calls("LOAD SILENT <http://example.org/a.ttl> INTO GRAPH <urn:g> ;\nload <b.ttl>") == [
        RemoteCall("LOAD", "http://example.org/a.ttl", 1, 1, True, "<http://example.org/a.ttl>"),
        RemoteCall("LOAD", None, 2, 1, False, "<b.ttl>"),
    ]


def test_remote_calls_local_escapes() -> None:
    [call] = remote_calls("PREFIX p: <http://h/>\nSELECT * { SERVICE p:a\\/b\\?c\\=1 { } }")
    assert call.target == "http://h/a/b?c=1"


def test_ambiguous_silent_reports_both_readings() -> None:
    """``SERVICE SILENTp:x``: SILENT then p:x, or the name SILENTp:x; pyoxigraph takes either, so both count."""
    text = (
        "PREFIX SILENTp: <https://query.wikidata.org/>\nPREFIX p: <http://127.0.0.1/>\n"
        "SELECT * { SERVICE SILENTp:x { } }"
    )
    targets = {(call.target, call.silent) for call in remote_calls(text)}
    assert targets == {("https://query.wikidata.org/x", False), ("http://127.0.0.1/x", True)}
    assert check(text, policy(*WD)) is not None


def test_not_a_call_without_a_group() -> None:
    """SERVICE needs ``{`` after its target, LOAD an end; otherwise pyoxigraph refuses the syntax and runs nothing."""
    assert remote_calls("SELECT * { ?s ?p ?o } # SERVICE <http://127.0.0.1/>") == []
    assert remote_calls("SELECT * { SERVICE <http://127.0.0.1/> ?x }") == []
    assert remote_calls("LOAD <http://127.0.0.1/> ?x") == []


# --- resolution --------------------------------------------------------------------------------------------------


def test_resolution_only_for_allowlisted_names() -> None:
    resolver = FakeResolver()
    guard = ServicePolicy(allow=WD, resolve=resolver)
    assert check(svc("https://dbpedia.org/sparql"), guard) is not None
    assert check(svc("http://127.0.0.1/"), guard) is not None
    assert resolver.asked == []
    text = "SELECT * { SERVICE <https://query.wikidata.org/a> { } SERVICE <https://query.wikidata.org/b> { } }"
    assert check(text, guard) is None
    assert resolver.asked == ["query.wikidata.org"], "one look-up per host and request"


@pytest.mark.parametrize("answer", [[], ["not-an-address"], ["93.184.215.14", "::ffff:10.0.0.1"], ["2002:a00:1::"]])
def test_bad_resolver_answers_refuse(answer: list[str]) -> None:
    guard = ServicePolicy(allow=WD, resolve=lambda host: answer)
    assert check(svc("https://query.wikidata.org/sparql"), guard) is not None


def test_resolver_exception_refuses() -> None:
    def broken(host: str) -> list[str]:
        raise RuntimeError("resolver down")

    refusal = check(svc("https://query.wikidata.org/sparql"), ServicePolicy(allow=WD, resolve=broken))
    assert refusal is not None and "cannot resolve" in refusal.reason


def test_default_resolver_uses_getaddrinfo(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_getaddrinfo(host: str, port: object, *args: object, **kwargs: object) -> list[tuple]:
        address = {"query.wikidata.org": "208.80.154.224", "rebind.example": "127.0.0.1"}[host]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    assert check(svc("https://query.wikidata.org/sparql"), ServicePolicy(allow=WD)) is None
    assert check(svc("https://rebind.example/sparql"), ServicePolicy(allow=("https://rebind.example/",))) is not None


def test_too_complex_is_a_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    def too_complex(text: str) -> list[RemoteCall]:
        raise TooComplex("too many readings")

    monkeypatch.setattr(sparql_guard, "remote_calls", too_complex)
    assert check("SELECT * { SERVICE <https://query.wikidata.org/> { } }", policy(*WD)) == Refusal(
        "the request has too many ambiguous readings to be checked for SERVICE/LOAD", 1, 1
    )


def test_budget_is_enforced() -> None:
    with pytest.raises(TooComplex):
        sparql_guard._Explorer("SELECT * { SERVICE <http://a/> { } }", budget=3).run()


# --- pyoxigraph agrees -------------------------------------------------------------------------------------------

PROBE = "PREFIX : <urn:x-guard-probe:>\nPREFIX p: <urn:x-guard-probe:>\n"

# Requests pyoxigraph runs as a remote call (it fails on the urn: endpoint before connecting anywhere).
PYOXIGRAPH_CALLS = [
    "SELECT * { SERVICE <urn:x-guard-probe:e> { } }",
    "SELECT * { SERVICE:e { } }",
    "SELECT * { SERVICEp:e { } }",
    "SELECT * { ?s ?p trueSERVICE p:e { } }",
    "SELECT * WHERE{SERVICE<urn:x-guard-probe:e>{}}",
    'SELECT * { BIND("\\u0022" AS ?q) SERVICE p:e { } } # "',
    "SELECT * { BIND(1 AS ?o) FILTER(?o<'x>y' || true) SERVICE p:e { } FILTER('a'='a') }",
    "SELECT * { # comment\rSERVICE p:e { } }",
    "SELECT * { ?s ?p p:a\\#b SERVICE p:e { } }",
    "SELECT * { ?s ?p p:a\\'b SERVICE p:e { } } # '",
    "LOAD p:e",
    "LOADp:e",
    "CLEAR ALL ; LOAD <urn:x-guard-probe:e> INTO GRAPH <urn:g>",
    "INSERT { ?s ?p ?o } WHERE { SERVICE p:e { ?s ?p ?o } }",
]
# Requests pyoxigraph runs without any remote call.
PYOXIGRAPH_NO_CALLS = [
    'SELECT * { ?s ?p "SERVICE <urn:x-guard-probe:e> { }" }',
    "SELECT * { ?s ?p ?o # SERVICE <urn:x-guard-probe:e> { }\n}",
    "SELECT * { ?s ?p '''\nSERVICE <urn:x-guard-probe:e> { }\n''' }",
    'SELECT * { ?s ?p "\\"SERVICE <urn:x-guard-probe:e> { }" }',
    "SELECT * { ?s <urn:x-guard-probe:SERVICE> ?o }",
    "SELECT ?service { ?service ?p ?o }",
    "SELECT * { ?s p:SERVICE ?o }",
]


def run_in_pyoxigraph(text: str) -> str:
    store = Store()
    for value in (Literal(True), NamedNode("urn:x-guard-probe:a#b"), NamedNode("urn:x-guard-probe:a'b")):
        store.add(Quad(NamedNode("urn:s"), NamedNode("urn:p"), value))
    try:
        if re.search(r"\b(LOAD|INSERT|CLEAR)", text):
            store.update(text)
        else:
            result = store.query(text)
            _ = result if isinstance(result, bool) else list(result)
    except OSError:
        return "remote call"
    return "ran"


@pytest.mark.parametrize("body", PYOXIGRAPH_CALLS)
def test_pyoxigraph_agrees_on_calls(body: str) -> None:
    assert run_in_pyoxigraph(PROBE + body) == "remote call"
    targets = {call.target for call in remote_calls(PROBE + body)}
    assert any(target and target.startswith("urn:x-guard-probe:") for target in targets), targets
    assert check(PROBE + body, policy()) is not None


@pytest.mark.parametrize("body", PYOXIGRAPH_NO_CALLS)
def test_pyoxigraph_agrees_on_non_calls(body: str) -> None:
    assert run_in_pyoxigraph(PROBE + body) == "ran"
    assert remote_calls(PROBE + body) == []


# --- properties ------------------------------------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def decode_escapes(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)

    return _ESCAPE.sub(replace, text)


FRAGMENTS = [
    " ", "\n", "\r", "\t", "{", "}", "(", ")", "<", ">", "<<", ">>", ".", ";", ",", ":", "'", '"', "'''", '"""',
    "#", "\\", "\\u0045", "\\u0022", "\\u003C", "?x", "$y", "p:", ":x", "_:b", "SERVICE", "service", "SILENT",
    "LOAD", "INTO", "PREFIX", "BASE", "true", "a", "1", "@en", "<http://127.0.0.1/>", "<urn:a#b>", "<a'b>",
    "<https://query.wikidata.org/sparql>", "<rel>", "PREFIX p: <http://10.0.0.1/>", "BASE <http://10.0.0.2/>",
    "FILTER(", "S", "ERVICE", "LO", "AD", "\\u0053", "%41",
]  # fmt: skip
sparqlish = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
any_request = st.one_of(st.text(), sparqlish, st.text(alphabet="SERVICELOAD <>{}'\"#\\u0045?:;.\n"))


@given(any_request)
def test_check_never_raises(text: str) -> None:
    refusal = check(text, policy(*WD))
    assert refusal is None or (refusal.line >= 1 and refusal.column >= 1 and refusal.reason)
    for call in remote_calls(text):
        assert call.keyword in ("SERVICE", "LOAD") and call.line >= 1 and call.column >= 1


@given(any_request)
def test_no_keyword_letters_never_refused(text: str) -> None:
    assume(not re.search("service|load", decode_escapes(text), re.IGNORECASE))
    assert remote_calls(text) == []
    assert check(text, policy()) is None


# Complete constructs that may surround a call without hiding it.
FILLER = [
    " ", "\n", "?s ?p ?o .", '"a b"', "'c'", "'''x\ny'''", '"""\n"""', "# SERVICE <http://127.0.0.1/> { }\n",
    "<http://e.org/x#y>", "<http://e.org/SERVICE>", "?service", "ex:SERVICE", '"SERVICE <http://127.0.0.1/> { }"',
    "FILTER(?a < 3)", "FILTER(?o<'x>y')", "FILTER(?o = <http://x#p>)", "(<urn:a#b> <urn:c'd>)", '"\\u0022"',
    "OPTIONAL { ?s ?p ?o }", "{ ?s ?p ?o } UNION { ?s ?q ?o }", "BIND(1 AS ?n)", "VALUES ?v { 1 2 }", "true",
]  # fmt: skip
filler = st.lists(st.sampled_from(FILLER), max_size=12).map(" ".join)
bad_calls = st.sampled_from(
    [
        "SERVICE <http://10.0.0.1/sparql> { }",
        "service silent <http://169.254.169.254/latest/meta-data/> { ?a ?b ?c }",
        "SERVICE ?endpoint { }",
        "S\\u0045RVICE <http://127.0.0.1/> { }",
        "SERVICE <https://query.wikidata.org.evil.com/> { }",
    ]
)


@given(filler, bad_calls, filler)
def test_call_among_filler_is_always_refused(before: str, call: str, after: str) -> None:
    # S\u0045RVICE is a call only when escapes are decoded first, and then "\u0022" is a quote: no reading runs both.
    assume("\\u" not in call or "\\u0022" not in before)
    text = f"PREFIX ex: <http://example.org/>\nSELECT * WHERE {{ {before} {call} {after} }}"
    assert check(text, policy(*WD)) is not None
