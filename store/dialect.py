"""The dialect of SPARQL a store answers: what the query text sent to it may use beyond SPARQL 1.1.

Two dialects matter to plangraph's queries:

- ``lateral``: SPARQL 1.1 and ``LATERAL`` (Oxigraph's extension, proposed for SPARQL 1.2). The embedded
  store (pyoxigraph) and the Oxigraph server speak it; the page queries that describe each selected task or
  relation are written with ``LATERAL`` there, because Oxigraph evaluates them once per selected row.
- ``sparql11``: SPARQL 1.1 alone. Virtuoso, and any engine plangraph cannot identify, get the portable form of
  those queries: the same rows, without ``LATERAL``.

A store's dialect is found once, by a probe (:data:`PROBE`): ``LATERAL`` is used only where it parses *and*
answers as ``LATERAL`` does. ``PLANGRAPH_STORE_DIALECT`` overrides the probe: ``auto`` (the default) probes,
``lateral`` or ``sparql11`` says which (``sparql11`` on the embedded store runs the portable forms there).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TypeVar

SETTING = "PLANGRAPH_STORE_DIALECT"
AUTO = "auto"

# ?x is bound outside the LATERAL group: only an engine that evaluates the group once per row binds ?y to 2
# (a plain join evaluates the group on its own, where ?x is unbound, and leaves ?y unbound).
PROBE = "SELECT ?y WHERE { VALUES ?x { 1 } LATERAL { BIND(?x + 1 AS ?y) } }"

T = TypeVar("T")


class Dialect(StrEnum):
    """What a store's query text may use (see the module docstring)."""

    LATERAL = "lateral"
    SPARQL11 = "sparql11"

    @property
    def lateral(self) -> bool:
        return self is Dialect.LATERAL

    def pick(self, forms: Mapping[Dialect, T]) -> T:
        """The form written for this dialect; a dialect without one of its own takes the SPARQL 1.1 form, which
        every engine answers.

        >>> Dialect.LATERAL.pick({Dialect.SPARQL11: "portable"})
        'portable'
        """
        return forms[self] if self in forms else forms[Dialect.SPARQL11]


def configured(value: str | None = None) -> Dialect | None:
    """The dialect *value* (default: ``PLANGRAPH_STORE_DIALECT``) asks for, or None for ``auto`` (probe the
    store); anything else is a ValueError that names the choices.

    >>> configured("sparql11"), configured("auto")
    (<Dialect.SPARQL11: 'sparql11'>, None)
    """
    text = (os.environ.get(SETTING, AUTO) if value is None else value).strip().lower() or AUTO
    if text == AUTO:
        return None
    try:
        return Dialect(text)
    except ValueError:
        choices = ", ".join([AUTO, *(d.value for d in Dialect)])
        raise ValueError(f"{SETTING}={text!r} is not a dialect: give one of {choices}") from None


def probe(run: Callable[[str], object]) -> Dialect:
    """The dialect of the store that *run* queries: *run* answers :data:`PROBE` with the value bound to ``?y``
    in its first row (or None), or raises when the store refuses the query.

    >>> probe(lambda query: "2"), probe(lambda query: None)
    (<Dialect.LATERAL: 'lateral'>, <Dialect.SPARQL11: 'sparql11'>)
    """
    try:
        answer = run(PROBE)
    except Exception:  # noqa: BLE001 - a store that cannot parse the probe does not speak LATERAL
        return Dialect.SPARQL11
    return Dialect.LATERAL if answer is not None and str(answer) == "2" else Dialect.SPARQL11


def probe_store(query: Callable[[str], object]) -> Dialect:
    """The dialect of a store whose *query* method answers like pyoxigraph's (solutions indexed by name)."""

    def first(text: str) -> object:
        row = next(iter(query(text)), None)  # type: ignore[call-overload]
        value = row["y"] if row is not None else None
        return getattr(value, "value", value)

    return probe(first)


def resolve(setting: str | None, detect: Callable[[], Dialect]) -> Dialect:
    """The dialect *setting* names, or the one *detect* finds when it says ``auto``."""
    chosen = configured(setting)
    return chosen if chosen is not None else detect()
