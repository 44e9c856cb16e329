"""Render ``places.ttl``, the scheme of every province and centrally-run city, from the lexicon.

The lexicon (``ingest/lexicon.py``: PROVINCES, MERGED_2025, WIKIDATA_PLACES) is the one source of truth;
:func:`render_places` turns it into Turtle, ``python -m plangraph.ontology.build`` writes it, and a test
fails while the committed file differs. Document graphs name the same places with the same labels
(``ingest/agent_nodes.py``), so the two never disagree.

Each place is valid over an OWL-Time interval (``dct:temporal``); units merged on 1 July 2025 end on
30 June 2025 and point to their successor (``dct:isReplacedBy``, inverse ``dct:replaces``). The legal basis
of a unit created by the merger is ``dct:source`` → Nghị quyết 202/2025/QH15 (not ``prov:wasDerivedFrom``,
which plangraph keeps for the source text a fact was read from).
"""

from __future__ import annotations

import datetime as dt

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from plangraph.language import lexicon, places
from plangraph.ontology import PREFIXES
from plangraph.ontology.concepts import scheme
from plangraph.ontology.iris import DocumentId, Minter

ELI = Namespace(PREFIXES["eli"])
TIME = Namespace(PREFIXES["time"])
WD = Namespace("http://www.wikidata.org/entity/")

HEADER = """\
# Provinces and centrally-run cities of Viet Nam, before and after the merger of 1 July 2025.
# GENERATED from ingest/lexicon.py by `python -m plangraph.ontology.build` (make docs): do not edit.
# The merger table is from memory of Nghị quyết 202/2025/QH15 and QĐ 19/2025/QĐ-TTg, not checked live.
# Wikidata QIDs are only those verified in shared/reference/ontology.md §6.
"""


def merger_citation() -> DocumentId:
    """The resolution that merged the provinces, identified as any citation of it is (a test checks both agree)."""
    doc_type, number, year, issuer, id_local = lexicon.MERGER_2025_IDENTITY
    return DocumentId(doc_type, number, year, issuer, "vn", id_local)


def merger_instrument(minter: Minter) -> str:
    """IRI of the resolution that merged the provinces, minted as any citation of it would be."""
    return minter.document(merger_citation())


def _lit(text: str, lang: str) -> Literal:
    return Literal(text, lang=lang)


def _names(keys: tuple[str, ...], lang: str) -> str:
    names = [getattr(places.place_names(k), lang) for k in keys]
    joiner = " và " if lang == "vi" else " and "
    return ", ".join(names[:-1]) + joiner + names[-1] if len(names) > 1 else names[0]


def _definitions(unit: places.Unit) -> tuple[str, str]:
    """(vi, en) definition of *unit*: what it was made of or became, and when."""
    names = places.place_names(unit.key)
    if unit.begins:
        olds = unit.replaces
        return (f"Thành lập ngày 01/7/2025 (Nghị quyết 202/2025/QH15) trên cơ sở hợp nhất {_names(olds, 'vi')}.",
                f"Formed on 1 July 2025 (Resolution 202/2025/QH15) by merging {_names(olds, 'en')}.")
    if unit.replaced_by:
        successor = places.place_names(unit.replaced_by)
        return (f"{names.vi} đến ngày 30/6/2025; từ 01/7/2025 là một phần của {successor.vi}.",
                f"{names.en} until 30 June 2025; part of {successor.en} from 1 July 2025.")
    return (f"{names.vi}; không thay đổi khi sắp xếp đơn vị hành chính cấp tỉnh ngày 01/7/2025.",
            f"{names.en}; unchanged by the merger of provinces of 1 July 2025.")


def _instant(graph: Graph, interval: URIRef, link: URIRef, name: str, day: dt.date) -> None:
    instant = URIRef(f"{interval}-{name}")
    graph.add((interval, link, instant))
    graph.add((instant, RDF.type, TIME.Instant))
    graph.add((instant, RDFS.label, _lit(f"{day.day:02d}/{day.month:02d}/{day.year}", "vi")))
    graph.add((instant, RDFS.label, _lit(day.isoformat(), "en")))
    graph.add((instant, TIME.inXSDDate, Literal(day.isoformat(), datatype=XSD.date)))


def _describe(graph: Graph, minter: Minter, key: str, basis: URIRef) -> None:
    iri = URIRef(minter.place(key))
    names = places.place_names(key)
    for cls in (SKOS.Concept, ELI.AdministrativeArea, DCTERMS.Location):
        graph.add((iri, RDF.type, cls))
    graph.add((iri, SKOS.inScheme, URIRef(places.SCHEME)))
    for label in (_lit(names.vi, "vi"), _lit(names.en, "en")):
        graph.add((iri, SKOS.prefLabel, label))
        graph.add((iri, RDFS.label, label))
    graph.add((iri, SKOS.notation, Literal(names.notation)))
    for relation, qid in places.wikidata(key):
        graph.add((iri, SKOS[relation], WD[qid]))
    if key == places.NATIONAL:
        graph.add((iri, SKOS.definition, _lit("Nước Cộng hòa xã hội chủ nghĩa Việt Nam.", "vi")))
        graph.add((iri, SKOS.definition, _lit("The Socialist Republic of Viet Nam.", "en")))
        return
    unit = places.unit(key)
    graph.add((iri, SKOS.broader, URIRef(minter.place(places.NATIONAL))))
    vi_def, en_def = _definitions(unit)
    graph.add((iri, SKOS.definition, _lit(vi_def, "vi")))
    graph.add((iri, SKOS.definition, _lit(en_def, "en")))
    if unit.begins or unit.ends:
        interval = URIRef(f"{iri}#validity")
        graph.add((iri, DCTERMS.temporal, interval))
        graph.add((interval, RDF.type, TIME.Interval))
        graph.add((interval, RDFS.label, _lit(f"Thời gian tồn tại của {names.vi}", "vi")))
        graph.add((interval, RDFS.label, _lit(f"Period of existence of {names.en}", "en")))
        if unit.begins:
            _instant(graph, interval, TIME.hasBeginning, "begin", unit.begins)
        if unit.ends:
            _instant(graph, interval, TIME.hasEnd, "end", unit.ends)
    if unit.replaced_by:
        graph.add((iri, DCTERMS.isReplacedBy, URIRef(minter.place(unit.replaced_by))))
    for old in unit.replaces:
        graph.add((iri, DCTERMS.replaces, URIRef(minter.place(old))))
    if unit.begins:
        graph.add((iri, DCTERMS.source, basis))


def place_graph(minter: Minter | None = None) -> Graph:
    minter = minter or Minter()
    graph = Graph()
    for prefix in ("skos", "dct", "eli", "time", "rdfs", "xsd", "concept"):
        graph.bind(prefix, PREFIXES[prefix])
    graph.bind("place", f"{minter.base}id/place/")
    graph.bind("wd", str(WD))
    scheme_iri = URIRef(places.SCHEME)
    graph.add((scheme_iri, RDF.type, SKOS.ConceptScheme))
    names = (_lit("Tỉnh, thành phố trực thuộc trung ương", "vi"), _lit("Provinces and centrally-run cities", "en"))
    for label in names:
        graph.add((scheme_iri, SKOS.prefLabel, label))
        graph.add((scheme_iri, RDFS.label, label))
    graph.add((scheme_iri, SKOS.definition, _lit(
        "Đơn vị hành chính cấp tỉnh trước và sau ngày 01/7/2025; mã theo QĐ 124/2004/QĐ-TTg và "
        "QĐ 19/2025/QĐ-TTg (đơn vị hợp nhất giữ mã của tỉnh đặt trụ sở).", "vi")))
    graph.add((scheme_iri, SKOS.definition, _lit(
        "Provinces and centrally-run cities before and after 1 July 2025; codes from QĐ 124/2004/QĐ-TTg and "
        "QĐ 19/2025/QĐ-TTg (a merged unit keeps the code of the province hosting its seat).", "en")))
    basis = URIRef(merger_instrument(minter))
    citation = merger_citation()
    doctype = scheme("doctype")[citation.doc_type]
    graph.add((basis, RDF.type, ELI.LegalResource))
    graph.add((basis, ELI.type_document, URIRef(doctype.iri)))
    graph.add((basis, ELI.id_local, Literal(citation.id_local)))
    graph.add((basis, ELI.number, Literal(citation.number)))
    graph.add((basis, RDFS.label, _lit(f"{doctype.label_vi} {citation.id_local}", "vi")))
    graph.add((basis, RDFS.label, _lit(f"{doctype.label_en} {citation.id_local}", "en")))
    graph.add((basis, ELI.passed_by, URIRef(minter.org("vn", "quoc-hoi"))))
    graph.add((basis, ELI.jurisdiction, URIRef(minter.place(places.NATIONAL))))
    for key in [places.NATIONAL, *places.units()]:
        _describe(graph, minter, key, basis)
    return graph


def render_places() -> str:
    return HEADER + place_graph().serialize(format="turtle")
