"""Human labels (Vietnamese, English) for the vocabulary terms that occur in the data: the ontology's own
``rdfs:label``s first, then a table for the standard terms (ELI, schema.org, org, PROV, DCMI, SKOS, OA…)."""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph
from rdflib import RDFS

from plangraph.ontology import ontology_files

ELI = "http://data.europa.eu/eli/ontology#"
SCHEMA = "http://schema.org/"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
OA = "http://www.w3.org/ns/oa#"
TIME = "http://www.w3.org/2006/time#"
QUDT = "http://qudt.org/schema/qudt/"
CNT = "http://www.w3.org/2011/content#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
FOAF = "http://xmlns.com/foaf/0.1/"

# (Vietnamese, English) for terms the ontology does not label itself.
VOCABULARY: dict[str, tuple[str, str]] = {
    RDF_NS + "type": ("loại", "type"),
    RDF_NS + "value": ("giá trị", "value"),
    str(RDFS.label): ("nhãn", "label"),
    ELI + "AdministrativeArea": ("Đơn vị hành chính", "Administrative area"),
    ELI + "LegalExpression": ("Bản thể hiện văn bản", "Legal expression"),
    ELI + "Organization": ("Tổ chức", "Organisation"),
    ELI + "ResourceType": ("Loại văn bản", "Resource type"),
    ELI + "SubdivisionType": ("Loại phần văn bản", "Subdivision type"),
    ELI + "Person": ("Người", "Person"),
    ELI + "applies": ("triển khai", "applies"),
    ELI + "based_on": ("căn cứ", "based on"),
    ELI + "cites": ("trích dẫn", "cites"),
    ELI + "date_document": ("ngày ban hành", "date"),
    ELI + "embodies": ("thể hiện", "embodies"),
    ELI + "has_part": ("gồm", "has part"),
    ELI + "id_local": ("số hiệu", "number as printed"),
    ELI + "is_embodied_by": ("được thể hiện bởi", "embodied by"),
    ELI + "is_part_of": ("thuộc", "part of"),
    ELI + "is_realized_by": ("được thể hiện bằng", "realised by"),
    ELI + "jurisdiction": ("địa bàn", "jurisdiction"),
    ELI + "language": ("ngôn ngữ", "language"),
    ELI + "media_type": ("định dạng", "media type"),
    ELI + "number": ("số", "number"),
    ELI + "passed_by": ("cơ quan ban hành", "issued by"),
    ELI + "realizes": ("thể hiện", "realises"),
    ELI + "responsibility_of_agent": ("cơ quan chịu trách nhiệm", "responsible agent"),
    ELI + "title": ("tiêu đề", "title"),
    ELI + "type_document": ("loại văn bản", "document type"),
    ELI + "type_subdivision": ("loại phần", "subdivision type"),
    "http://data.europa.eu/m8g/PublicOrganisation": ("Cơ quan nhà nước", "Public organisation"),
    DCT + "Location": ("Địa điểm", "Location"),
    DCT + "conformsTo": ("theo chuẩn", "conforms to"),
    DCT + "spatial": ("địa bàn", "place"),
    DCT + "temporal": ("thời gian thực hiện", "period"),
    DCT + "title": ("tiêu đề", "title"),
    "http://purl.org/net/p-plan#isStepOfPlan": ("thuộc kế hoạch", "step of plan"),
    QUDT + "numericValue": ("giá trị số", "numeric value"),
    QUDT + "unit": ("đơn vị", "unit"),
    QUDT + "Unit": ("Đơn vị đo", "Unit"),
    QUDT + "conversionMultiplier": ("hệ số quy đổi", "conversion multiplier"),
    SCHEMA + "PotentialActionStatus": ("chưa thực hiện", "not started"),
    SCHEMA + "actionStatus": ("trạng thái", "status"),
    SCHEMA + "agent": ("cơ quan chủ trì", "lead agency"),
    SCHEMA + "participant": ("cơ quan phối hợp", "participating agency"),
    SCHEMA + "maxValue": ("giá trị tối đa", "maximum"),
    SCHEMA + "minValue": ("giá trị tối thiểu", "minimum"),
    SCHEMA + "name": ("tên", "name"),
    SCHEMA + "position": ("thứ tự", "position"),
    SCHEMA + "softwareVersion": ("phiên bản", "software version"),
    SCHEMA + "text": ("văn bản", "text"),
    SCHEMA + "unitText": ("đơn vị (như in)", "unit as printed"),
    SCHEMA + "value": ("giá trị", "value"),
    SKOS_NS + "altLabel": ("tên khác", "alternative label"),
    SKOS_NS + "ConceptScheme": ("Bộ khái niệm", "Concept scheme"),
    SKOS_NS + "definition": ("định nghĩa", "definition"),
    SKOS_NS + "inScheme": ("thuộc bộ khái niệm", "in scheme"),
    SKOS_NS + "topConceptOf": ("khái niệm gốc của", "top concept of"),
    SKOS_NS + "hasTopConcept": ("có khái niệm gốc", "has top concept"),
    SKOS_NS + "broader": ("thuộc khái niệm", "broader"),
    SKOS_NS + "narrower": ("gồm khái niệm", "narrower"),
    SKOS_NS + "exactMatch": ("trùng với", "exact match"),
    SKOS_NS + "notation": ("mã", "code"),
    SKOS_NS + "prefLabel": ("tên gọi", "preferred label"),
    TIME + "ProperInterval": ("Khoảng thời gian xác định", "Proper interval"),
    TIME + "hasBeginning": ("bắt đầu", "begins"),
    TIME + "hasEnd": ("kết thúc", "ends"),
    TIME + "inXSDgYear": ("năm", "year"),
    CNT + "characterEncoding": ("bảng mã", "character encoding"),
    CNT + "chars": ("nội dung", "text"),
    ELI + "amends": ("sửa đổi, bổ sung", "amends"),
    ELI + "changes": ("thay đổi (một phần)", "changes"),
    ELI + "corrects": ("đính chính", "corrects"),
    ELI + "consolidates": ("hợp nhất", "consolidates"),
    ELI + "ensures_implementation_of": ("quy định chi tiết, hướng dẫn", "details or guides"),
    ELI + "first_date_entry_in_force": ("ngày có hiệu lực", "in force from"),
    ELI + "date_no_longer_in_force": ("ngày hết hiệu lực", "no longer in force from"),
    RDF_NS + "Statement": ("Mệnh đề", "Statement"),
    RDF_NS + "subject": ("chủ thể của quan hệ", "subject"),
    RDF_NS + "predicate": ("quan hệ", "predicate"),
    RDF_NS + "object": ("đối tượng của quan hệ", "object"),
    OA + "linking": ("liên kết", "linking"),
    OA + "FragmentSelector": ("Bộ chọn đoạn", "Fragment selector"),
    OA + "TextPositionSelector": ("Bộ chọn vị trí", "Text position selector"),
    OA + "TextQuoteSelector": ("Bộ chọn trích dẫn", "Text quote selector"),
    OA + "end": ("ký tự cuối", "end"),
    OA + "exact": ("trích nguyên văn", "exact quote"),
    OA + "hasBody": ("nói đến", "body"),
    OA + "hasSelector": ("bộ chọn", "selector"),
    OA + "hasSource": ("văn bản nguồn", "source"),
    OA + "hasTarget": ("vị trí trong nguồn", "target"),
    OA + "identifying": ("nhận diện", "identifying"),
    OA + "motivatedBy": ("mục đích", "motivated by"),
    OA + "prefix": ("ngữ cảnh trước", "prefix"),
    OA + "start": ("ký tự đầu", "start"),
    OA + "suffix": ("ngữ cảnh sau", "suffix"),
    ORG + "Role": ("Vai trò", "Role"),
    ORG + "classification": ("loại cơ quan", "agency kind"),
    ORG + "hasPost": ("có chức vụ", "has post"),
    ORG + "heldBy": ("người giữ", "held by"),
    ORG + "holds": ("giữ chức vụ", "holds"),
    ORG + "postIn": ("chức vụ tại", "post in"),
    ORG + "role": ("vai trò", "role"),
    ORG + "subOrganizationOf": ("trực thuộc", "sub-organisation of"),
    ORG + "transitiveSubOrganizationOf": ("trực thuộc (gián tiếp)", "within"),
    PROV + "Association": ("Liên kết", "Association"),
    PROV + "Person": ("Người", "Person"),
    PROV + "SoftwareAgent": ("Phần mềm", "Software agent"),
    PROV + "agent": ("tác nhân", "agent"),
    PROV + "hadRole": ("vai trò", "role"),
    PROV + "qualifiedAssociation": ("liên kết", "qualified association"),
    PROV + "used": ("đã dùng", "used"),
    PROV + "wasAssociatedWith": ("do … thực hiện", "associated with"),
    PROV + "wasDerivedFrom": ("trích từ", "derived from"),
    PROV + "wasGeneratedBy": ("được tạo bởi", "generated by"),
    FOAF + "Person": ("Người", "Person"),
    FOAF + "name": ("họ tên", "name"),
    "http://qudt.org/vocab/unit/PERCENT": ("phần trăm", "percent"),
    "http://publications.europa.eu/resource/authority/language/VIE": ("tiếng Việt", "Vietnamese"),
    "http://www.iana.org/assignments/media-types/text/plain": ("văn bản thuần", "plain text"),
    "http://tools.ietf.org/rfc/rfc5147": ("RFC 5147 (đoạn văn bản)", "RFC 5147 (text fragments)"),
}


@lru_cache(maxsize=1)
def _ontology() -> dict[str, dict[str, str]]:
    """IRI → {language: label} from the ontology's files (rdfs:label, else skos:prefLabel).

    Read with pyoxigraph's parser, not into the shared rdflib graph: a web process's first page that shows a
    vocabulary term then costs milliseconds, not the third of a second rdflib takes to parse the ontology."""
    chosen = {SKOS_NS + "prefLabel": 0, str(RDFS.label): 1}  # rdfs:label ranks above skos:prefLabel
    ranked: dict[str, dict[str, tuple[int, str]]] = {}
    for resource in ontology_files():
        for quad in pyoxigraph.parse(resource.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE):
            rank = chosen.get(quad.predicate.value)
            label = quad.object
            if rank is None or not isinstance(label, pyoxigraph.Literal) or label.language not in ("vi", "en"):
                continue
            held = ranked.setdefault(quad.subject.value, {})
            if rank >= held.get(label.language, (-1, ""))[0]:
                held[label.language] = (rank, label.value)
    return {iri: {lang: text for lang, (_, text) in labels.items()} for iri, labels in ranked.items()}


def term_label(iri: str, lang: str) -> str | None:
    """The label of a vocabulary term in *lang* (``vi`` or ``en``), falling back to the other language."""
    known = _ontology().get(iri)
    if known:
        return known.get(lang) or known.get("vi") or known.get("en")
    pair = VOCABULARY.get(iri)
    if pair:
        return pair[1] if lang == "en" else pair[0]
    return None
