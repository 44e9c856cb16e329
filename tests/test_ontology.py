"""The ontology, concept schemes and shapes: well-formed, documented, in sync, and the shapes really fire."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files

import pyshacl
import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, SKOS, XSD
from rdflib.term import Node

from plangraph.ontology import (
    CONCEPT_BASE,
    ONTOLOGY_IRI,
    PG,
    SHAPES,
    SHAPES_FILE,
    concept,
    concept_scheme,
    load_ontology_graph,
    load_shapes_graph,
    ontology_files,
)
from plangraph.ontology.build import render_html, render_vocab

SH = Namespace("http://www.w3.org/ns/shacl#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")
PPLAN = Namespace("http://purl.org/net/p-plan#")
SCHEMA = Namespace("http://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
EX = Namespace("https://example.org/")
PG_NS = str(PG._NS)
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)

EXPECTED_CLASSES = {
    "ActionPlan", "Programme", "Objective", "Target", "Task", "TaskGroup", "Signing", "Mention",
    "CitationMention", "AgencyMention", "RecipientEntry", "SourceText", "PlanSection", "RelationStatement",
}  # fmt: skip
EXPECTED_OBJECT_PROPERTIES = {
    "hasObjective", "hasTarget", "indicator", "comparator", "targetType", "targetTime", "baselinePeriod",
    "forProgramme", "taskGroup", "proposal", "signature", "signedBy", "onBehalfOf", "signedFor",
    "inCapacityOf", "mentionedIn", "recipient", "recipientAgent", "schedule", "parentKind",
    "administrativeLevel", "replaces", "carriesOut",
}  # fmt: skip
EXPECTED_DATATYPE_PROPERTIES = {"indicatorText", "startLine", "endLine", "sha256", "expectedResult", "fundingText",
                                "agentNote", "participantNote"}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology_graph()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes_graph()


def pg_terms(graph: Graph) -> list[URIRef]:
    return sorted({s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(PG_NS)})


def lang_literals(graph: Graph, subject: Node, predicate: URIRef, lang: str) -> list[Literal]:
    return [o for o in graph.objects(subject, predicate) if isinstance(o, Literal) and o.language == lang]


# --------------------------------------------------------------------------------------------------
# Files and loading
# --------------------------------------------------------------------------------------------------


def test_every_turtle_file_parses() -> None:
    package = files("plangraph.ontology")
    names = sorted(f.name for f in package.iterdir() if f.name.endswith(".ttl"))
    assert {"plangraph.ttl", "concepts.ttl", SHAPES_FILE} <= set(names)
    for name in names:
        graph = Graph().parse(data=package.joinpath(name).read_text(encoding="utf-8"), format="turtle")
        assert len(graph) > 0, name


def test_ontology_graph_holds_every_vocabulary_file_but_not_the_shapes(onto: Graph) -> None:
    package = files("plangraph.ontology")
    expected = sorted(f.name for f in package.iterdir() if f.name.endswith(".ttl") and f.name != SHAPES_FILE)
    assert [f.name for f in ontology_files()] == expected
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert (concept("doctype", "quyet-dinh"), RDF.type, SKOS.Concept) in onto
    assert not set(onto.subjects(RDF.type, SH.NodeShape))


def test_shapes_graph_holds_only_shapes(shapes: Graph) -> None:
    assert (SHAPES.TaskShape, RDF.type, SH.NodeShape) in shapes
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) not in shapes


def test_ontology_header(onto: Graph) -> None:
    assert str(onto.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    for lang in ("vi", "en"):
        assert lang_literals(onto, ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/title"), lang)
    assert onto.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/license")) is not None


# --------------------------------------------------------------------------------------------------
# pg: terms
# --------------------------------------------------------------------------------------------------


def declared(graph: Graph, kind: URIRef) -> set[str]:
    return {str(s)[len(PG_NS) :] for s in graph.subjects(RDF.type, kind) if str(s).startswith(PG_NS)}


def test_exactly_the_agreed_terms_are_minted(onto: Graph) -> None:
    assert declared(onto, OWL.Class) == EXPECTED_CLASSES
    assert declared(onto, OWL.ObjectProperty) == EXPECTED_OBJECT_PROPERTIES
    assert declared(onto, OWL.DatatypeProperty) == EXPECTED_DATATYPE_PROPERTIES


def test_every_pg_iri_in_use_is_declared(onto: Graph, shapes: Graph) -> None:
    """Catches typos such as pg:startline in the concepts or the shapes."""
    known = {URIRef(PG_NS + name) for kind in KINDS for name in declared(onto, kind)}
    used = {
        node
        for graph in (onto, shapes)
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(PG_NS)
    }
    assert used - known == set()


@pytest.mark.parametrize("term", sorted(EXPECTED_CLASSES | EXPECTED_OBJECT_PROPERTIES | EXPECTED_DATATYPE_PROPERTIES))
def test_term_is_labelled_and_defined_in_both_languages(onto: Graph, term: str) -> None:
    iri = URIRef(PG_NS + term)
    for lang in ("vi", "en"):
        assert len(lang_literals(onto, iri, RDFS.label, lang)) == 1, f"pg:{term} rdfs:label @{lang}"
        definitions = lang_literals(onto, iri, SKOS.definition, lang) + lang_literals(onto, iri, RDFS.comment, lang)
        assert definitions, f"pg:{term} has no definition @{lang}"
    assert (iri, RDFS.isDefinedBy, ONTOLOGY_IRI) in onto


def standard_ancestors(graph: Graph, term: URIRef, link: URIRef) -> set[URIRef]:
    ancestors = set(graph.transitive_objects(term, link)) - {term}
    return {a for a in ancestors if isinstance(a, URIRef) and not str(a).startswith(PG_NS)}


def specialisations() -> list[tuple[URIRef, URIRef]]:
    """(term, rdfs:subClassOf | rdfs:subPropertyOf) for every pg: class and every pg: sub-property."""
    graph = load_ontology_graph()
    found = [(t, RDFS.subClassOf) for t in pg_terms(graph) if (t, RDF.type, OWL.Class) in graph]
    return found + [(t, RDFS.subPropertyOf) for t in pg_terms(graph) if graph.value(t, RDFS.subPropertyOf)]


@pytest.mark.parametrize(("term", "link"), specialisations(), ids=lambda t: str(t).rpartition("#")[2])
def test_every_pg_specialisation_has_a_standard_ancestor(onto: Graph, term: URIRef, link: URIRef) -> None:
    assert standard_ancestors(onto, term, link), f"{term} is not anchored to a standard term"


def test_alignment_as_agreed(onto: Graph) -> None:
    def supers(term: URIRef, link: URIRef = RDFS.subClassOf) -> set[URIRef]:
        return set(onto.objects(term, link))

    assert supers(PG.ActionPlan) == {PROV.Plan, PPLAN.Plan, ELI.LegalResourceSubdivision}
    assert supers(PG.Task) == {PPLAN.Step, SCHEMA.Action, ELI.LegalResourceSubdivision}
    assert supers(PG.Target) == {SCHEMA.QuantitativeValue, QUDT.QuantityValue}
    assert supers(PG.CitationMention) == {PG.Mention}
    assert supers(PG.proposal, RDFS.subPropertyOf) == {ELI.cites}
    assert supers(PG.replaces, RDFS.subPropertyOf) == {ELI.repeals}
    assert supers(PG.carriesOut, RDFS.subPropertyOf) == {ELI.applies}
    assert supers(PG.RelationStatement) == {RDF.Statement, OA.Annotation}
    assert supers(PG.signedBy, RDFS.subPropertyOf) == {PROV.wasAttributedTo}
    # Oxigraph stores derived integer types as xsd:integer, so lines are xsd:integer ≥ 1.
    assert onto.value(PG.startLine, RDFS.range) == XSD.integer
    assert onto.value(PG.mentionedIn, RDFS.range) is None


def test_vocab_is_closed() -> None:
    assert PG.Task == URIRef(PG_NS + "Task")
    with pytest.raises(AttributeError):
        _ = PG.NoSuchTerm


# --------------------------------------------------------------------------------------------------
# Concept schemes
# --------------------------------------------------------------------------------------------------


def all_concepts() -> list[URIRef]:
    return sorted(s for s in load_ontology_graph().subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef))


PLACE_IRI = re.compile(r"https://w3id\.org/plangraph/id/place/(?:vn|\d{2}(?:/2025)?)")


@pytest.mark.parametrize("iri", all_concepts(), ids=lambda c: str(c).split("/plangraph/", 1)[1])
def test_concept_is_complete(onto: Graph, iri: URIRef) -> None:
    for lang in ("vi", "en"):
        assert len(lang_literals(onto, iri, SKOS.prefLabel, lang)) == 1, f"prefLabel @{lang}"
    assert lang_literals(onto, iri, SKOS.definition, "en")
    schemes = list(onto.objects(iri, SKOS.inScheme))
    assert schemes, "no skos:inScheme"
    for scheme in schemes:
        assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
        if str(iri).startswith(str(CONCEPT_BASE)):
            assert re.fullmatch(re.escape(str(scheme)) + r"/[a-z0-9-]+", str(iri)), "IRI is not {scheme}/{key}"
        else:  # places keep the IRIs documents mint for them (ontology/places.ttl)
            assert scheme == concept_scheme("place") and PLACE_IRI.fullmatch(str(iri)), "not a place IRI"


def scheme_concepts(onto: Graph, scheme: str) -> set[URIRef]:
    return set(onto.subjects(SKOS.inScheme, concept_scheme(scheme)))


def notations(onto: Graph, scheme: str) -> dict[str, str]:
    prefix = f"{concept_scheme(scheme)}/"
    return {
        str(c)[len(prefix) :]: str(onto.value(c, SKOS.notation))
        for c in scheme_concepts(onto, scheme)
        if onto.value(c, SKOS.notation) is not None
    }


def test_document_types(onto: Graph) -> None:
    doctypes = notations(onto, "doctype")
    assert doctypes["quyet-dinh"] == "QĐ"
    assert doctypes["to-trinh"] == "TTr"
    assert doctypes["quy-dinh"] == "QyĐ"
    assert len(set(doctypes.values())) == len(doctypes), "duplicate notation"
    assert len(scheme_concepts(onto, "doctype")) == 23
    assert doctypes["cong-dien"] == "CĐ" and doctypes["van-ban-hop-nhat"] == "VBHN"
    assert all((c, RDF.type, ELI.ResourceType) in onto for c in scheme_concepts(onto, "doctype"))
    assert Literal("Qui định", lang="vi") in set(onto.objects(concept("doctype", "quy-dinh"), SKOS.altLabel))


def test_signing_authorities(onto: Graph) -> None:
    assert notations(onto, "authority") == {"tm": "TM.", "kt": "KT.", "q": "Q.", "tl": "TL.", "tuq": "TUQ."}


def test_roles_have_capitalised_alt_labels(onto: Graph) -> None:
    roles = scheme_concepts(onto, "role")
    assert len(roles) == 10
    for role in roles:
        assert (role, RDF.type, ORG.Role) in onto
        (pref,) = lang_literals(onto, role, SKOS.prefLabel, "vi")
        assert Literal(str(pref).upper(), lang="vi") in set(onto.objects(role, SKOS.altLabel)), role


@pytest.mark.parametrize(
    ("scheme", "extra_type", "keys"),
    [
        ("subdivision", ELI.SubdivisionType,
         {"dieu", "ke-hoach", "nhom-nhiem-vu", "nhiem-vu", "phu-luc", "phan", "doan", "chuong", "muc", "tieu-muc",
          "khoan", "diem", "van-ban-kem-theo"}),
        ("unit", QUDT.Unit, {"per-10k-inhabitants", "times", "person", "enterprise"}),
        ("comparator", None, {"eq", "gt", "ge", "lt", "le", "between"}),
        ("target-type", None, {"level", "level-each-year", "annual-growth", "multiple-of-baseline", "change"}),
        ("schedule", None, {"continuous", "annual", "quarterly", "monthly"}),
        ("administrative-level", None, {"national", "province", "district", "commune"}),
    ],
)
def test_small_schemes(onto: Graph, scheme: str, extra_type: URIRef | None, keys: set[str]) -> None:
    members = scheme_concepts(onto, scheme)
    assert members == {concept(scheme, key) for key in keys}
    if extra_type is not None:
        assert all((m, RDF.type, extra_type) in onto for m in members)


def test_per_ten_thousand_unit_scales(onto: Graph) -> None:
    multiplier = onto.value(concept("unit", "per-10k-inhabitants"), QUDT.conversionMultiplier)
    assert isinstance(multiplier, Literal) and multiplier.datatype == XSD.decimal
    assert float(multiplier) == pytest.approx(0.0001)


# --------------------------------------------------------------------------------------------------
# Generated files
# --------------------------------------------------------------------------------------------------


def committed(name: str) -> str:
    return files("plangraph.ontology").joinpath(name).read_text(encoding="utf-8")


def test_vocab_py_is_in_sync() -> None:
    assert committed("vocab.py") == render_vocab(), "ontology/vocab.py is stale: run `make docs`"


def test_html_is_in_sync() -> None:
    assert committed("plangraph.html") == render_html(), "ontology/plangraph.html is stale: run `make docs`"


def test_html_is_self_contained_and_anchored(onto: Graph) -> None:
    page = committed("plangraph.html")
    for forbidden in ("<script", "<link", " src="):
        assert forbidden not in page
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "duplicate anchors"
    for term in pg_terms(onto):
        assert str(term)[len(PG_NS) :] in ids
    assert "concept/doctype/quyet-dinh" in ids and "shape/TaskShape" in ids
    assert set(re.findall(r'href="#([^"]+)"', page)) <= set(ids), "dangling local link"


def test_html_escapes_values_from_the_turtle() -> None:
    graph = Graph()
    evil = URIRef(PG_NS + "Evil")
    graph.add((evil, RDF.type, OWL.Class))
    graph.add((evil, RDFS.label, Literal("<script>alert('x')</script>", lang="en")))
    graph.add((evil, SKOS.definition, Literal('a "quoted" & <b>bold</b> claim', lang="en")))
    graph.add((evil, RDFS.subClassOf, URIRef("javascript:alert(1)")))
    page = render_html(graph, Graph())
    assert "<script>" not in page and "<b>" not in page
    assert 'href="javascript:' not in page and "<code>javascript:alert(1)</code>" in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "a &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; claim" in page


# --------------------------------------------------------------------------------------------------
# SHACL shapes
# --------------------------------------------------------------------------------------------------

GOOD = """
@prefix pg: <https://w3id.org/plangraph/ontology#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix p-plan: <http://purl.org/net/p-plan#> .
@prefix schema: <http://schema.org/> .
@prefix qudt: <http://qudt.org/schema/qudt/> .
@prefix unit: <http://qudt.org/vocab/unit/> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix person: <http://www.w3.org/ns/person#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix concept: <https://w3id.org/plangraph/concept/> .
@prefix ex: <https://example.org/> .

ex:doc a eli:LegalResource ; rdfs:label "Quyết định 281/QĐ-UBND"@vi ;
    eli:id_local "281/QĐ-UBND" ; eli:number "281" ; eli:date_document "2016-02-25"^^xsd:date ;
    eli:type_document concept:doctype\\/quyet-dinh ; eli:passed_by ex:ubnd .
ex:ubnd a org:Organization ; rdfs:label "UBND thành phố Hải Phòng"@vi ;
    skos:prefLabel "Ủy ban nhân dân thành phố Hải Phòng"@vi .
ex:plan a pg:ActionPlan ; rdfs:label "Kế hoạch 1"@vi ; prov:wasDerivedFrom ex:span .
ex:task a pg:Task ; rdfs:label "Nhiệm vụ 1"@vi ; p-plan:isStepOfPlan ex:plan ; eli:number "1" ;
    schema:position 1 ; prov:wasDerivedFrom ex:span ; schema:agent ex:ubnd ; dct:temporal [ a time:Interval ] .
ex:objective a pg:Objective ; rdfs:label "Mục tiêu 1"@vi ; prov:wasDerivedFrom ex:span ;
    pg:hasTarget ex:target , ex:range .
ex:target a pg:Target ; rdfs:label "850 người/vạn dân"@vi ; schema:value 850.0 ;
    qudt:unit concept:unit\\/per-10k-inhabitants ; pg:comparator concept:comparator\\/eq ;
    pg:targetType concept:target-type\\/level ; pg:targetTime ex:y2020 .
ex:range a pg:Target ; rdfs:label "1–2% GDP"@vi ; schema:minValue 1.0 ; schema:maxValue 2.0 ;
    schema:unitText "% GDP" ; pg:comparator concept:comparator\\/between ; pg:targetType concept:target-type\\/level .
ex:y2020 a time:Instant ; rdfs:label "năm 2020"@vi ; time:inXSDgYear "2020"^^xsd:gYear .
ex:signer a person:Person ; rdfs:label "Lê Khắc Nam"@vi ; foaf:name "Lê Khắc Nam" .
ex:span a oa:SpecificResource ; rdfs:label "dòng 3–4"@vi ; oa:hasSource ex:text ; oa:hasSelector ex:quote ;
    pg:startLine 3 ; pg:endLine 4 .
ex:quote a oa:TextQuoteSelector ; rdfs:label "trích dẫn"@vi ; oa:exact "Kế hoạch" .
ex:doc eli:repeals ex:old ; eli:first_date_entry_in_force "2016-02-25"^^xsd:date .
ex:statement a pg:RelationStatement , rdf:Statement , oa:Annotation ; rdfs:label "Bãi bỏ Quyết định 1/QĐ-UBND"@vi ;
    rdf:subject ex:doc ; rdf:predicate eli:repeals ; rdf:object ex:old ; pg:mentionedIn ex:doc ;
    oa:hasTarget ex:span .
"""

Triple = tuple[URIRef, URIRef, Node]


@dataclass(frozen=True)
class BadCase:
    """A mutation of GOOD that must produce a result of ``shape`` on ``focus`` (and ``path``)."""

    name: str
    shape: str
    focus: URIRef
    path: URIRef | None
    remove: tuple[tuple[URIRef, URIRef], ...] = ()
    add: tuple[Triple, ...] = ()
    severity: URIRef = field(default=SH.Violation)


def positive(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


BAD_CASES = [
    BadCase("no-issuer", "DocumentShape", EX.doc, ELI.passed_by, remove=((EX.doc, ELI.passed_by),)),
    BadCase(
        "date-not-xsd-date", "DocumentShape", EX.doc, ELI.date_document,
        remove=((EX.doc, ELI.date_document),), add=((EX.doc, ELI.date_document, Literal("25/02/2016")),),
    ),
    BadCase("two-dates-in-force", "DocumentShape", EX.doc, ELI.first_date_entry_in_force,
            add=((EX.doc, ELI.first_date_entry_in_force, Literal("2016-03-01", datatype=XSD.date)),)),
    BadCase("end-not-xsd-date", "DocumentShape", EX.doc, ELI.date_no_longer_in_force,
            add=((EX.doc, ELI.date_no_longer_in_force, Literal("01/03/2016")),)),
    BadCase("statement-without-quote", "RelationStatementShape", EX.statement, OA.hasTarget,
            remove=((EX.statement, OA.hasTarget),)),
    BadCase("statement-of-two-relations", "RelationStatementShape", EX.statement, RDF.predicate,
            add=((EX.statement, RDF.predicate, ELI.amends),)),
    BadCase("plan-without-source", "ActionPlanShape", EX.plan, PROV.wasDerivedFrom,
            remove=((EX.plan, PROV.wasDerivedFrom),)),
    BadCase(
        "step-of-a-non-plan", "TaskShape", EX.task, PPLAN.isStepOfPlan,
        remove=((EX.task, PPLAN.isStepOfPlan),), add=((EX.task, PPLAN.isStepOfPlan, EX.doc),),
    ),
    BadCase("task-without-lead", "TaskShape", EX.task, SCHEMA.agent,
            remove=((EX.task, SCHEMA.agent),), severity=SH.Warning),
    BadCase("target-without-value", "TargetShape", EX.target, None, remove=((EX.target, SCHEMA.value),)),
    BadCase(
        "range-inverted", "TargetShape", EX.range, SCHEMA.minValue,
        remove=((EX.range, SCHEMA.minValue),), add=((EX.range, SCHEMA.minValue, Literal("3.0", datatype=XSD.decimal)),),
    ),
    BadCase("two-comparators", "TargetShape", EX.target, PG.comparator,
            add=((EX.target, PG.comparator, concept("comparator", "ge")),)),
    BadCase("objective-without-label", "ObjectiveShape", EX.objective, RDFS.label,
            remove=((EX.objective, RDFS.label),)),
    BadCase(
        "organisation-named-in-english", "OrganizationShape", EX.ubnd, SKOS.prefLabel,
        remove=((EX.ubnd, SKOS.prefLabel),), add=((EX.ubnd, SKOS.prefLabel, Literal("Hai Phong PC", lang="en")),),
    ),
    BadCase("person-without-name", "PersonShape", EX.signer, FOAF.name, remove=((EX.signer, FOAF.name),)),
    BadCase(
        "span-ends-before-it-starts", "SpecificResourceShape", EX.span, PG.startLine,
        remove=((EX.span, PG.startLine),), add=((EX.span, PG.startLine, positive(9)),),
    ),
    BadCase("quote-without-text", "QuoteShape", EX.quote, OA.exact, remove=((EX.quote, OA.exact),)),
    BadCase(
        "label-only-in-english", "LabelShape", EX.y2020, RDFS.label,
        remove=((EX.y2020, RDFS.label),), add=((EX.y2020, RDFS.label, Literal("year 2020", lang="en")),),
    ),
]  # fmt: skip


def good_graph() -> Graph:
    return Graph().parse(data=GOOD, format="turtle")


def validate(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, inference="none")
    assert isinstance(report, Graph)
    return bool(conforms), report


def node_shape_of(shapes: Graph, source: Node) -> Node:
    """The node shape a result came from: itself, or the node shape that lists it as sh:property."""
    return shapes.value(predicate=SH.property, object=source) or source


def results(report: Graph, shapes: Graph) -> set[tuple[Node, Node | None, Node, Node]]:
    """(focus node, result path, node shape, severity) of every validation result."""
    return {
        (
            report.value(r, SH.focusNode),
            report.value(r, SH.resultPath),
            node_shape_of(shapes, report.value(r, SH.sourceShape)),
            report.value(r, SH.resultSeverity),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


def test_good_instance_conforms(shapes: Graph) -> None:
    conforms, report = validate(good_graph(), shapes)
    assert conforms, report.serialize(format="turtle")


def test_vocabulary_itself_conforms(onto: Graph, shapes: Graph) -> None:
    """The store may hold the vocabulary beside the data: it must not add violations of its own."""
    conforms, report = validate(onto, shapes)
    assert conforms, report.serialize(format="turtle")


def test_every_shape_has_a_bad_case(shapes: Graph) -> None:
    node_shapes = {str(s)[len(str(SHAPES)) :] for s in shapes.subjects(RDF.type, SH.NodeShape)}
    assert node_shapes == {case.shape for case in BAD_CASES}


@pytest.mark.parametrize("case", BAD_CASES, ids=lambda c: f"{c.shape}-{c.name}")
def test_shape_rejects_bad_instance(shapes: Graph, case: BadCase) -> None:
    data = good_graph()
    for subject, predicate in case.remove:
        assert (subject, predicate, None) in data, "the mutation must change the good graph"
        data.remove((subject, predicate, None))
    for triple in case.add:
        data.add(triple)
    conforms, report = validate(data, shapes)
    assert not conforms
    expected = (case.focus, case.path, SHAPES[case.shape], case.severity)
    assert expected in results(report, shapes)


def test_shapes_are_labelled_and_explained(shapes: Graph) -> None:
    node_shapes = list(shapes.subjects(RDF.type, SH.NodeShape))
    assert len(node_shapes) == 11
    for shape in node_shapes:
        for lang in ("vi", "en"):
            assert lang_literals(shapes, shape, RDFS.label, lang), (shape, lang)
            assert lang_literals(shapes, shape, SH.message, lang), (shape, lang)
        for prop in shapes.objects(shape, SH.property):
            for lang in ("vi", "en"):
                assert lang_literals(shapes, prop, SH.message, lang), (shape, shapes.value(prop, SH.path), lang)


def test_messages_reach_the_report(shapes: Graph) -> None:
    data = good_graph()
    data.remove((EX.signer, FOAF.name, None))
    _, report = validate(data, shapes)
    messages = {(str(m), m.language) for m in report.objects(None, SH.resultMessage) if isinstance(m, Literal)}
    assert {lang for _, lang in messages} >= {"vi", "en"}


@pytest.mark.parametrize("scheme", ["place", "indicator"])
def test_generated_and_indicator_schemes_are_labelled_in_both_languages(onto: Graph, scheme: str) -> None:
    members = set(onto.subjects(SKOS.inScheme, concept_scheme(scheme)))
    assert members, f"scheme {scheme} is empty"
    for member in members:
        for lang in ("vi", "en"):
            assert len(lang_literals(onto, member, SKOS.prefLabel, lang)) == 1, (member, lang)
            assert lang_literals(onto, member, RDFS.label, lang), (member, lang)


def test_ontology_quads_are_the_ontology_graph() -> None:
    """The store's ontology graph (Turtle parsed by Oxigraph) holds exactly the triples rdflib reads."""
    from pyoxigraph import NamedNode, Quad, RdfFormat, Store, parse

    from plangraph.ingest.pipeline import ontology_quads
    from plangraph.ontology import ONTOLOGY_IRI, load_ontology_graph

    graph = NamedNode(str(ONTOLOGY_IRI))
    data = load_ontology_graph().serialize(format="nt", encoding="utf-8")
    by_rdflib, by_oxigraph = Store(), Store()
    by_rdflib.extend(Quad(t.subject, t.predicate, t.object, graph) for t in parse(data, format=RdfFormat.N_TRIPLES))
    by_oxigraph.extend(ontology_quads())
    assert len(by_oxigraph) > 1000
    assert set(by_oxigraph) == set(by_rdflib)


def test_load_ontology_graph_is_a_copy() -> None:
    from rdflib import Literal, URIRef

    from plangraph.ontology import load_ontology_graph, ontology_graph

    mine = load_ontology_graph()
    mine.add((URIRef("urn:x"), URIRef("urn:y"), Literal("z")))
    assert (URIRef("urn:x"), URIRef("urn:y"), Literal("z")) not in ontology_graph()
    assert len(mine) == len(ontology_graph()) + 1
