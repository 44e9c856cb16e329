"""Nothing asserted that the source does not say (issue 19, item 1).

Every triple a task carries is either read — its text stands inside the span the task was read from (word by
word, in order: Công báo tables interleave the lines of their cells), or it is an agency or instrument with a
mention annotation of its own — or it is a derivation listed in ``ontology/README.md`` (*Derivations on a
task*), which this test reads. A new default fact fails here until it is read from the text or documented.

Run over documents of every shape: the seed, the shared corpus (pipe, GFM, Công báo), the twelve wild plans
annotated by hand (duties per agency, field blocks, prose tasks) and the layout fixtures.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store
from support import CORPUS, ROOT, SEED, SHARED, run_cli

from plangraph.language.folding import fold
from plangraph.server.jsonld import CONTEXT, compact_iri

README = ROOT / "ontology" / "README.md"
LAYOUTS = ROOT / "tests" / "data" / "layouts"
WILD = SHARED / "wild"
ANNOTATED = ROOT / "tests" / "data" / "wild" / "tasks"

# Read from the task's span: literals whose words stand in it, and entities with a mention of their own.
TEXT = {"rdfs:label", "schema:name", "pg:expectedResult", "pg:fundingText"}
# Read where the task's agencies are named: an agency heading's words carried to each duty under it.
CARRIED = {"pg:agentNote", "pg:participantNote"}
MENTIONED = {"schema:agent", "schema:participant", "eli:cites"}
_WORD = re.compile(r"[^\W_]+")
_ROW = re.compile(r"^\|\s*`([^`]+)`(.*?)\|\s*([^|]+?)\s*\|")


def derivations(section: str = "### Derivations on a task") -> dict[str, set[str]]:
    """The table of *section* in ontology/README.md: each documented term, with the values listed for it."""
    text = README.read_text(encoding="utf-8")
    assert section in text, f"{README} has no section {section!r}"
    table = text.split(section, 1)[1].split("\n#", 1)[0]
    found: dict[str, set[str]] = {}
    for line in table.splitlines():
        matched = _ROW.match(line)
        if matched and matched.group(1) != "term":
            found[matched.group(1)] = set(re.findall(r"`([^`]+)`", matched.group(2)))
    return found


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def in_order(needle: list[str], hay: list[str]) -> bool:
    """Whether the words of *needle* stand in *hay* in the same order (other words may come between)."""
    position = iter(hay)
    return all(any(word == seen for seen in position) for word in needle)


def _documents() -> list[Path]:
    for folder in (CORPUS, WILD):
        if not folder.is_dir():
            pytest.fail(f"{folder} is missing: these tests read the real documents in place (../shared beside the "
                        "checkout)")
    annotated = []
    for name in sorted(p.stem for p in ANNOTATED.glob("*.yaml")):
        found = [p for p in (*WILD.glob(f"{name}.*"), *WILD.glob(f"congbao/{name}.*")) if p.suffix != ".yaml"]
        assert len(found) == 1, f"{name} is annotated but not one file of {WILD}: {found}"
        annotated.append(found[0])
    return [SEED, *sorted(CORPUS.glob("*.txt")), *annotated, *sorted(LAYOUTS.glob("*.txt"))]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = tmp_path_factory.mktemp("fidelity")
    code, _, err = run_cli("ingest", "--store", str(folder / "store"), "--skip-refused", *map(str, _documents()))
    assert code == 0, err
    code, _, err = run_cli("export", "--store", str(folder / "store"), "--format", "nquads", "-o",
                           str(folder / "all.nq"))
    assert code == 0, err
    loaded = Store()
    loaded.bulk_load(path=str(folder / "all.nq"), format=RdfFormat.N_QUADS)
    return loaded


PREFIXES = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in CONTEXT.items())
Term = NamedNode | BlankNode | Literal


def _rows(store: Store, query: str) -> list[dict[str, Term]]:
    result = store.query(PREFIXES + query)
    names = [v.value for v in result.variables]
    return [{n: row[n] for n in names if row[n] is not None} for row in result]


@dataclass
class TaskFacts:
    span: list[str]  # the words of the span the task was read from
    lines: tuple[int, int]  # its first and last line
    triples: list[tuple[str, Term]] = field(default_factory=list)  # (predicate as a compact IRI, object)
    mentions: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # body → quotes
    mention_lines: list[int] = field(default_factory=list)  # the lines its agencies are named on
    region: list[str] = field(default_factory=list)  # the words of the lines from its agencies to its end


def _tasks(store: Store) -> dict[tuple[str, str], TaskFacts]:
    """Every task of every document graph, by (graph, task): its span's words, its triples, its mentions."""
    tasks: dict[tuple[str, str], TaskFacts] = {}
    for row in _rows(store, """SELECT ?g ?t ?exact ?first ?last WHERE { GRAPH ?g { ?t a pg:Task ;
        prov:wasDerivedFrom ?src . ?src pg:startLine ?first ; pg:endLine ?last ; oa:hasSelector ?q .
        ?q a oa:TextQuoteSelector ; oa:exact ?exact } }"""):
        span = (int(row["first"].value), int(row["last"].value))
        tasks[(row["g"].value, row["t"].value)] = TaskFacts(words(row["exact"].value), span)
    for row in _rows(store, "SELECT ?g ?t ?p ?o WHERE { GRAPH ?g { ?t a pg:Task ; ?p ?o } }"):
        tasks[(row["g"].value, row["t"].value)].triples.append((compact_iri(row["p"].value), row["o"]))
    for row in _rows(store, """SELECT ?g ?t ?body ?exact ?line WHERE { GRAPH ?g { ?m pg:mentionedIn ?t ;
        oa:hasBody ?body ; oa:hasTarget ?target . ?t a pg:Task . ?target pg:startLine ?line ; oa:hasSelector ?q .
        ?q a oa:TextQuoteSelector ; oa:exact ?exact } }"""):
        facts = tasks[(row["g"].value, row["t"].value)]
        facts.mentions[row["body"].value].append(row["exact"].value)
        facts.mention_lines.append(int(row["line"].value))
    texts = {row["g"].value: row["text"].value.split("\n") for row in _rows(store, """SELECT ?g ?text WHERE {
        GRAPH ?g { ?g prov:wasDerivedFrom ?source . ?source a pg:SourceText ; cnt:chars ?text } }""")}
    for (graph, _), facts in tasks.items():
        first = min([facts.lines[0], *facts.mention_lines])
        facts.region = words(" ".join(texts[graph][first - 1:facts.lines[1]]))
    return tasks


def _interval(store: Store, graph: str, node: str) -> list[tuple[str, Term]]:
    """The triples of a period node and of its instants (fragments of its IRI)."""
    query = (f"SELECT ?p ?o WHERE {{ GRAPH <{graph}> {{ {{ <{node}> ?p ?o }} UNION "
             f"{{ <{node}> ?q ?i . ?i ?p ?o FILTER(STRSTARTS(STR(?i), '{node}')) }} }} }}")
    return [(compact_iri(row["p"].value), row["o"]) for row in _rows(store, query)]


def problems(store: Store) -> Iterator[str]:
    """Each triple of a task that is neither read from its span nor a documented derivation, said."""
    documented = derivations()
    for (graph, task), facts in sorted(_tasks(store).items()):
        cited = {o.value for p, o in facts.triples if p == "eli:cites"}
        for predicate, value in facts.triples:
            where = f"<{task}> {predicate} {value}"
            if predicate in CARRIED and isinstance(value, Literal):
                if not in_order(words(value.value), facts.region):
                    yield f"{where}: its words are neither in the task's span nor where its agencies are named"
            elif predicate in TEXT and isinstance(value, Literal):
                if not in_order(words(value.value), facts.span):
                    yield f"{where}: its words are not in the task's span"
            elif predicate in MENTIONED:
                if not any(quote.strip() for quote in facts.mentions.get(value.value, [])):
                    yield f"{where}: no mention of it with a quote"
            elif predicate == "eli:number":
                # the numbers of the items it is printed under, then its own: printed ("1.a" prints "a)"), or its
                # place among the unnumbered duties of its item ("4.2", "2.a.1")
                *above, own = value.value.split(".")
                enclosing = all(re.fullmatch(r"[0-9]+|[IVXLC]+|[a-zđ]", part) for part in above)
                printed = in_order(words(own), facts.span[:6])
                if "eli:number" not in documented or not (enclosing and (printed or own.isdigit())):
                    yield f"{where}: neither printed at the start of the span nor numbered by its place"
            elif predicate == "rdf:type":
                if compact_iri(value.value) not in documented.get("rdf:type", set()):
                    yield f"{where}: a class no rule gives a task"
            elif predicate == "eli:applies":
                if "eli:applies" not in documented or value.value not in cited:
                    yield f"{where}: applies an instrument it does not cite"
            elif predicate == "dct:temporal" and "dct:temporal" in documented:
                yield from _period(store, graph, value.value, facts.span, documented["dct:temporal"], where)
            elif predicate not in documented:
                yield f"{where}: not read from the span, and not a documented derivation"


def _period(store: Store, graph: str, node: str, span: list[str], rule: set[str], where: str) -> Iterator[str]:
    """The period as printed is in the span; what is derived from it is documented and said by it."""
    facts = _interval(store, graph, node)
    labels = [o.value for p, o in facts if p == "rdfs:label"]
    if not any(in_order(words(label), span) for label in labels):
        yield f"{where}: the period {labels} is not printed in the task's span"
    said = {w for label in labels for w in words(label)}
    for predicate, value in facts:
        if predicate == "rdfs:label":
            continue
        if predicate not in rule and not (predicate == "rdf:type" and compact_iri(value.value) in rule):
            yield f"{where}: its period carries {predicate} {value}, no documented derivation"
        if predicate == "time:inXSDgYear" and value.value[:4] not in said:
            yield f"{where}: the year {value.value} is not in the period as printed {labels}"


def test_the_derivations_are_documented_as_a_table() -> None:
    documented = derivations()
    assert {"rdf:type", "schema:position", "eli:applies", "pplan:isStepOfPlan", "dct:temporal"} <= set(documented)
    assert "pg:Task" in documented["rdf:type"]
    assert "time:hasBeginning" in documented["dct:temporal"]


def test_no_default_status_or_other_fact_without_a_source(store: Store) -> None:
    status = _rows(store, "SELECT ?t WHERE { GRAPH ?g { ?t schema:actionStatus ?s } } LIMIT 1")
    assert not status, "a task carries a status no document states"
    tasks = _tasks(store)
    assert len(tasks) >= 400, len(tasks)  # the test reads tasks of every shape, not a handful
    found = list(problems(store))
    assert not found, f"{len(found)} triple(s) of tasks neither read nor documented:\n" + "\n".join(found[:40])


def test_the_check_fails_on_a_default_fact(store: Store) -> None:
    """The test can fail: a default status, a lead with no mention, a result the row does not print and a year
    its period does not say are caught."""
    graph, task, instant = next(
        (graph, task, o.value) for (graph, task), facts in sorted(_tasks(store).items())
        for p, period in facts.triples if p == "dct:temporal"
        for q, o in _interval(store, graph, period.value) if q == "time:hasEnd")
    planted = Store()
    for quad in store:
        planted.add(quad)
    g = NamedNode(graph)
    planted.add(Quad(NamedNode(task), NamedNode("http://schema.org/actionStatus"),
                     NamedNode("http://schema.org/PotentialActionStatus"), g))
    planted.add(Quad(NamedNode(task), NamedNode("http://schema.org/agent"),
                     NamedNode("https://w3id.org/plangraph/id/org/31/so-khong-co"), g))
    planted.add(Quad(NamedNode(task), NamedNode("https://w3id.org/plangraph/ontology#expectedResult"),
                     Literal("Hoàn thành trước năm 2099", language="vi"), g))
    planted.add(Quad(NamedNode(instant), NamedNode("http://www.w3.org/2006/time#inXSDgYear"),
                     Literal("2099", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#gYear")), g))
    found = [p for p in problems(planted) if p.startswith(f"<{task}>")]
    assert any("schema:actionStatus" in p and "not a documented derivation" in p for p in found), found
    assert any("so-khong-co" in p and "no mention" in p for p in found), found
    assert any("Hoàn thành trước năm 2099" in p and "not in the task's span" in p for p in found), found
    assert any("the year 2099 is not in the period as printed" in p for p in found), found
    assert len(found) == 4, found  # and nothing else of that task
