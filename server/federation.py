"""Catalogue queries that ask another endpoint (``SERVICE SILENT ?peer { … }`` with ``peer`` a parameter).

pyoxigraph binds the parameter as it binds any other, so the query runs as written; what this module adds is the
server's rule for remote calls: the endpoint a user gives must be on the ``SERVICE`` allow-list
(``PLANGRAPH_SERVICE_ALLOW``), checked by the same guard as a query sent to ``/sparql`` — on the text with the
endpoint written in, so a parameter cannot smuggle a call the endpoint would refuse.
"""

from __future__ import annotations

from collections.abc import Mapping

from pyoxigraph import Literal, NamedNode

from plangraph.server.errors import ProtocolError
from plangraph.server.sparql_guard import ServicePolicy, check
from plangraph.server.sparql_lexer import tokens
from plangraph.server.substitution import substitute


def service_parameters(text: str) -> set[str]:
    """Names of the variables *text* uses as a ``SERVICE`` target.

    >>> sorted(service_parameters("SELECT * { SERVICE SILENT ?peer { ?s ?p ?o } SERVICE <http://x/> {} }"))
    ['peer']
    """
    found: set[str] = set()
    before: list[str] = []
    for token in tokens(text):
        if token.kind == "var" and before and (before[-1] == "service" or before[-2:] == ["service", "silent"]):
            found.add(token.text[1:])
        before = [*before[-1:], token.text.lower() if token.kind == "word" else token.kind]
    return found


def check_peers(text: str, bindings: Mapping[str, NamedNode | Literal], allow: tuple[str, ...],
                private: bool = False) -> None:
    """Raise a 403 ProtocolError unless every endpoint bound to a ``SERVICE`` parameter is allow-listed."""
    wanted = service_parameters(text)
    missing = sorted(wanted - set(bindings))
    if missing:
        raise ProtocolError(400, f"give {', '.join(missing)}: the endpoint this query asks")
    used = {name: term for name, term in bindings.items() if name in wanted}
    if not used:
        return
    written = substitute(text, used, only_services=True)
    refusal = check(written, ServicePolicy(allow=allow, private=private))
    if refusal is not None:
        peers = ", ".join(term.value for term in used.values())
        raise ProtocolError(403, f"{peers}: not an endpoint this server may ask (SERVICE allow-list, "
                                 f"PLANGRAPH_SERVICE_ALLOW); {refusal.reason}")
