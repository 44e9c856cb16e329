"""The curated SPARQL query catalogue: one ``.rq`` file per query, with ``#+`` YAML metadata.

Each file stays valid SPARQL; its leading ``#+`` comment lines hold YAML::

    #+ title:
    #+   vi: Nhiệm vụ thực hiện một văn bản
    #+   en: Tasks that carry out an instrument
    #+ description:
    #+   vi: Mọi nhiệm vụ triển khai văn bản, kèm kế hoạch, cơ quan chủ trì và thời gian.
    #+   en: Every task that applies the instrument, with its plan, lead agency and period.
    #+ tags: [legal-tracing]
    #+ params:
    #+   instrument:
    #+     type: instrument
    #+     description:
    #+       vi: Số hiệu văn bản, viết kiểu nào cũng được, ví dụ 40/2014/NĐ-CP hoặc nđ 40/2014.
    #+       en: The instrument's number in any spelling, e.g. 40/2014/NĐ-CP or nđ 40/2014.
    #+     default: 40/2014/NĐ-CP
    #+ example:
    #+   instrument: 40/2014/NĐ-CP
    SELECT ?task … WHERE { ?doc eli:id_local ?instrument . … } ORDER BY ?task

Titles and descriptions (of the query and of each parameter) are given in Vietnamese and English; pages
show them in the interface's language and the JSON API carries both. Metadata is parsed strictly: unknown
keys, a title or description missing a language, untyped parameters, parameters that the query never uses,
a query that is not a SELECT or does not parse are all errors at load time, naming the file and line.
An ``instrument`` parameter takes an instrument in any spelling (:mod:`plangraph.queries.instruments`) and
binds the local id the store prints for it. Parameter values are bound as RDF terms (pyoxigraph
``substitutions``), never pasted into the query text.

A query may also be written for the stores that speak ``LATERAL`` (:mod:`plangraph.store.dialect`), in
``lateral/<name>.rq``: the same query, its OPTIONAL parts read once per selected row. ``<name>.rq`` stays the
public text, shown by the API and the editor and run on every other engine; a store that speaks ``LATERAL`` runs
the other, which must project the same variables (checked at load time; the tests compare their rows). Oxigraph
evaluates an OPTIONAL of more than one triple pattern on its own and joins it afterwards: over the provenance of
every target of the store, at 5 M quads, 23 s instead of 0.15.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from pyoxigraph import Literal, NamedNode, Store, Variable

from plangraph.ontology.errors import PlangraphError
from plangraph.queries.instruments import InstrumentNotFound

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("iri", "string", "instrument", "integer", "decimal", "date", "year", "boolean")
TOP_KEYS = {"title", "description", "tags", "params", "example"}
PARAM_KEYS = {"type", "description", "default", "required", "values"}
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_LIST_COLUMN = re.compile(r'separator\s*=\s*"((?:[^"\\]|\\.)*)"\s*\)\s*AS\s*\?(\w+)', re.IGNORECASE)
LATERAL_DIR = "lateral"  # beside the catalogue: the queries written with LATERAL (see the module docstring)
_TRAILING_PAGING = re.compile(r"\b(LIMIT|OFFSET)\s+\d+\s*(?:(?:LIMIT|OFFSET)\s+\d+\s*)?$", re.IGNORECASE)


class CatalogueError(PlangraphError, ValueError):
    def __init__(self, filename: str, lineno: int, reason: str) -> None:
        self.filename, self.lineno, self.reason = filename, lineno, reason
        super().__init__(f"{filename}:{lineno}: {reason}")


class ParameterError(PlangraphError, ValueError):
    """A parameter value the caller gave that cannot be used; ``str()`` says which and why."""


@dataclass(frozen=True)
class Bilingual:
    """A text of the catalogue in Vietnamese and English."""

    vi: str
    en: str

    def in_language(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def as_dict(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: Bilingual
    default: str | None = None
    required: bool = False
    values: tuple[str, ...] = ()  # allowed values, when the parameter is an enumeration

    def term(self, raw: str) -> NamedNode | Literal:
        """The RDF term for the caller's *raw* value; raises ParameterError when it is not a valid one."""
        if self.values and raw not in self.values:
            raise ParameterError(f"{self.name}: {raw!r} is not one of {', '.join(self.values)}")
        try:
            return _TERMS[self.type](raw)
        except (ValueError, InvalidOperation):
            raise ParameterError(f"{self.name}: {raw!r} is not a valid {self.type}") from None


def _iri(raw: str) -> NamedNode:
    if not re.match(r"^[a-z][a-z0-9+.-]*:", raw, re.IGNORECASE):
        raise ValueError(raw)
    return NamedNode(raw)


def _integer(raw: str) -> Literal:
    return Literal(str(int(raw.strip())), datatype=NamedNode(XSD + "integer"))


def _year(raw: str) -> Literal:
    year = int(raw.strip())
    if not 1900 <= year <= 2200:
        raise ValueError(raw)
    return Literal(f"{year:04d}", datatype=NamedNode(XSD + "gYear"))


def _boolean(raw: str) -> Literal:
    value = {"true": "true", "1": "true", "false": "false", "0": "false"}[raw.strip().lower()]
    return Literal(value, datatype=NamedNode(XSD + "boolean"))


_TERMS: dict[str, Callable[[str], NamedNode | Literal]] = {
    "iri": _iri,
    "string": lambda raw: Literal(raw),
    "instrument": lambda raw: Literal(raw),  # the local id as printed, once resolved (see bindings)
    "integer": _integer,
    "decimal": lambda raw: Literal(format(Decimal(raw.strip()), "f"), datatype=NamedNode(XSD + "decimal")),
    "date": lambda raw: Literal(dt.date.fromisoformat(raw.strip()).isoformat(), datatype=NamedNode(XSD + "date")),
    "year": _year,
    "boolean": _boolean,
}


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title_vi: str
    title_en: str
    description: Bilingual
    tags: tuple[str, ...]
    params: tuple[Param, ...]
    example: dict[str, str]
    text: str
    path: str = field(repr=False, default="")
    lateral_text: str | None = field(repr=False, default=None)  # the same query with LATERAL, where one is written

    def text_for(self, lateral: bool) -> str:
        """The text to run on a store that speaks ``LATERAL`` (*lateral*) or not."""
        return self.lateral_text if lateral and self.lateral_text else self.text

    def bindings(self, given: dict[str, str], *, resolve: Callable[[str], str] | None = None) \
            -> dict[Variable, NamedNode | Literal]:
        """Substitutions for the caller's parameter values (defaults filled in); raises ParameterError.

        *resolve* reads an ``instrument`` value in any spelling (see :mod:`plangraph.queries.instruments`)
        and returns the local id the query matches; without it the value is bound as given."""
        unknown = sorted(set(given) - {p.name for p in self.params})
        if unknown:
            raise ParameterError(f"unknown parameter(s) {', '.join(unknown)}; this query takes "
                                 f"{', '.join(p.name for p in self.params) or 'none'}")
        bound: dict[Variable, NamedNode | Literal] = {}
        for param in self.params:
            raw = given.get(param.name, param.default)
            if raw is None or raw == "":
                if param.required:
                    raise ParameterError(f"{param.name} is required ({param.description.en})")
                continue
            if param.type == "instrument" and resolve is not None:
                try:
                    raw = resolve(raw)
                except InstrumentNotFound as exc:
                    raise ParameterError(f"{param.name}: {exc}") from None
            bound[Variable(param.name)] = param.term(raw)
        return bound

    @property
    def lists(self) -> dict[str, str]:
        """The columns that are lists (``GROUP_CONCAT(…; separator="…") AS ?name``), each with its separator.

        >>> SavedQuery("q", "", "", Bilingual("", ""), (), (), {}, 'SELECT (GROUP_CONCAT(?x; separator="; ") AS ?xs) '
        ...            'WHERE {}').lists
        {'xs': '; '}
        """
        return {name: separator.replace('\\"', '"') for separator, name in _LIST_COLUMN.findall(self.text)}

    def tidy(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """*rows* with the items of each list column in text order, and an empty list left out (no value): SPARQL
        leaves the order of ``GROUP_CONCAT`` to the engine, and a list of nothing is ``""`` on Virtuoso but unbound
        on Oxigraph, so the API and the pages tidy them, and every store answers alike.

        >>> SavedQuery("q", "", "", Bilingual("", ""), (), (), {}, 'SELECT (GROUP_CONCAT(?x; separator="; ") AS ?xs) '
        ...            'WHERE {}').tidy([{"xs": "b; a"}, {"xs": ""}])
        [{'xs': 'a; b'}, {}]
        """
        lists = self.lists
        if not lists:
            return rows
        tidied = []
        for row in rows:
            row = dict(row)
            for name, separator in lists.items():
                if row.get(name) == "":
                    del row[name]
                elif isinstance(row.get(name), str) and separator:
                    row[name] = separator.join(sorted(row[name].split(separator)))
            tidied.append(row)
        return tidied

    def paged(self, limit: int, offset: int, *, lateral: bool = False) -> str:
        """The query text (see :meth:`text_for`) with LIMIT and OFFSET appended (both validated integers)."""
        return f"{self.text_for(lateral).rstrip()}\nLIMIT {int(limit)}\nOFFSET {int(offset)}\n"


def _metadata(path: Path, lines: list[str]) -> tuple[dict[str, Any], int]:
    """The YAML of the leading ``#+`` lines and the number of such lines."""
    header = []
    for line in lines:
        if line.startswith("#+"):
            header.append(line[2:].removeprefix(" "))
        elif line.strip() == "" and not header:
            continue
        else:
            break
    if not header:
        raise CatalogueError(path.name, 1, "no '#+' metadata at the top of the file")
    try:
        data = yaml.safe_load("\n".join(header))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        lineno = (mark.line + 1) if mark else 1
        raise CatalogueError(path.name, lineno, f"metadata is not valid YAML: {getattr(exc, 'problem', exc)}") \
            from None
    if not isinstance(data, dict):
        raise CatalogueError(path.name, 1, "metadata must be a YAML mapping")
    return data, len(header)


def _line_of(lines: list[str], key: str) -> int:
    return next((i for i, line in enumerate(lines, start=1) if re.match(rf"#\+ ?{re.escape(key)}\s*:", line)), 1)


def _params(path: Path, lines: list[str], raw: Any) -> tuple[Param, ...]:
    if raw is None:
        return ()
    line = _line_of(lines, "params")
    if not isinstance(raw, dict):
        raise CatalogueError(path.name, line, "params must be a mapping of parameter name → description")
    params = []
    for name, spec in raw.items():
        pattern = re.compile(rf"#\+\s+{re.escape(str(name))}\s*:")
        where = next((i for i, text in enumerate(lines, start=1) if pattern.match(text)), line)
        if not isinstance(name, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
            raise CatalogueError(path.name, where, f"parameter name {name!r} is not a SPARQL variable name")
        if not isinstance(spec, dict):
            raise CatalogueError(path.name, where, f"parameter {name} needs type and description")
        unknown = set(spec) - PARAM_KEYS
        if unknown:
            raise CatalogueError(path.name, where, f"parameter {name}: unknown key(s) {', '.join(sorted(unknown))}")
        kind = spec.get("type")
        if kind not in PARAM_TYPES:
            raise CatalogueError(path.name, where, f"parameter {name}: type must be one of {', '.join(PARAM_TYPES)}")
        description = _bilingual(spec.get("description"))
        if description is None:
            raise CatalogueError(path.name, where, f"parameter {name}: a description in 'vi' and 'en' is required")
        default = None if spec.get("default") is None else str(spec["default"])
        values = tuple(str(v) for v in spec.get("values") or ())
        param = Param(name, kind, description, default, bool(spec.get("required", default is None)), values)
        if default is not None:
            try:
                param.term(default)
            except ParameterError as exc:
                raise CatalogueError(path.name, where, f"default of {exc}") from None
        params.append(param)
    return tuple(params)


def _bilingual(value: Any) -> Bilingual | None:
    """The text of a ``{vi: …, en: …}`` mapping with both languages and nothing else, or None."""
    if not isinstance(value, dict) or set(value) != {"vi", "en"}:
        return None
    if not all(isinstance(value[k], str) and value[k].strip() for k in ("vi", "en")):
        return None
    return Bilingual(" ".join(value["vi"].split()), " ".join(value["en"].split()))


def _text_field(path: Path, lines: list[str], data: dict[str, Any], key: str) -> Bilingual:
    text = _bilingual(data.get(key))
    if text is None:
        raise CatalogueError(path.name, _line_of(lines, key), f"'{key}' needs text in 'vi' and 'en' (and nothing else)")
    return text


def load_query(path: Path) -> SavedQuery:
    """Load and check one ``.rq`` file; raises CatalogueError naming the file and line."""
    name = path.stem
    if not _NAME.match(name):
        raise CatalogueError(path.name, 1, "file names are lower-case words joined by '-' (the query's URL name)")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    data, header_lines = _metadata(path, lines)
    unknown = set(data) - TOP_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise CatalogueError(path.name, _line_of(lines, key), f"unknown metadata key(s): {', '.join(sorted(unknown))}")
    title = data.get("title")
    if not isinstance(title, dict) or not all(isinstance(title.get(k), str) and title[k].strip() for k in ("vi", "en")):
        raise CatalogueError(path.name, _line_of(lines, "title"), "title needs both 'vi' and 'en'")
    if set(title) - {"vi", "en"}:
        raise CatalogueError(path.name, _line_of(lines, "title"), "title takes only 'vi' and 'en'")
    description = _text_field(path, lines, data, "description")
    tags = data.get("tags")
    if not isinstance(tags, list) or not tags or not all(isinstance(t, str) and _NAME.match(t) for t in tags):
        raise CatalogueError(path.name, _line_of(lines, "tags"), "tags must be a non-empty list of lower-case words")
    params = _params(path, lines, data.get("params"))
    body = "\n".join(lines[header_lines:])
    _check_body(path, header_lines, body, params)
    example = data.get("example") or {}
    if not isinstance(example, dict):
        raise CatalogueError(path.name, _line_of(lines, "example"), "example must map parameter names to values")
    query = SavedQuery(name, title["vi"].strip(), title["en"].strip(), description, tuple(tags), params,
                       {str(k): str(v) for k, v in example.items()}, body.strip() + "\n", str(path),
                       _lateral_text(path, body))
    try:
        query.bindings(query.example)
    except ParameterError as exc:
        raise CatalogueError(path.name, _line_of(lines, "example"), f"example: {exc}") from None
    return query


def _lateral_text(path: Path, body: str) -> str | None:
    """The text of ``lateral/<name>.rq`` beside *path*, checked against *body*; None when there is none."""
    lateral = path.parent / LATERAL_DIR / path.name
    if not lateral.is_file():
        return None
    text = lateral.read_text(encoding="utf-8")
    shown = f"{LATERAL_DIR}/{path.name}"
    if _TRAILING_PAGING.search(text.strip()):
        raise CatalogueError(shown, 1, "the query must not end with LIMIT/OFFSET: the API pages it")
    try:
        projected = _projected(text)
    except SyntaxError as exc:
        raise CatalogueError(shown, 1, f"the query does not parse: {exc}") from None
    if projected != _projected(body):
        raise CatalogueError(shown, 1, f"projects {sorted(projected or ())}, not the variables of {path.name}")
    return text.strip() + "\n"


def _projected(body: str) -> set[str] | None:
    """The variables *body* projects (it is parsed, and run on an empty store), None when it is not a SELECT.

    The query's result is dropped here, in the thread that made it: pyoxigraph's results may not be freed from
    another thread, which an error raised beside it (its frame kept by the traceback) would otherwise leave to the
    garbage collector of whichever thread runs it next."""
    result = Store().query(body)  # no implicit prefixes: every file is valid SPARQL on its own
    return {v.value for v in result.variables} if hasattr(result, "variables") else None


def _check_body(path: Path, header_lines: int, body: str, params: tuple[Param, ...]) -> None:
    first = header_lines + 1
    for param in params:
        if not re.search(rf"[?$]{re.escape(param.name)}\b", body):
            raise CatalogueError(path.name, first, f"parameter {param.name} is not used in the query (?{param.name})")
    if _TRAILING_PAGING.search(body.strip()):
        raise CatalogueError(path.name, first, "the query must not end with LIMIT/OFFSET: the API pages it")
    try:
        projected = _projected(body)
    except SyntaxError as exc:
        raise CatalogueError(path.name, first, f"the query does not parse: {exc}") from None
    if projected is None:
        raise CatalogueError(path.name, first, "catalogue queries are SELECT queries")
    for param in params:
        # pyoxigraph binds a value only to a variable the SELECT projects; say so now, not at run time.
        if param.name not in projected:
            raise CatalogueError(path.name, first,
                                 f"parameter {param.name} must be in the SELECT clause (?{param.name})")


def catalogue_dir() -> Path:
    return Path(str(files("plangraph.queries")))


def load_catalogue(directory: Path | None = None) -> dict[str, SavedQuery]:
    """Every query of *directory* (default: the bundled ``queries/``), by name."""
    folder = directory or catalogue_dir()
    return {query.name: query for query in (load_query(path) for path in sorted(folder.glob("*.rq")))}
