"""Entity pages: the context dict behind the page of any minted IRI (and its ``.json`` twin), built from
the :class:`~plangraph.server.describe.Description` and the tracing queries chosen by the node's type."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from pyoxigraph import Literal, NamedNode, Triple

from plangraph.server import dossier, tracing
from plangraph.server.describe import Description
from plangraph.server.graphics import timeline, tracing_graph
from plangraph.server.labels import DCT, ELI, FOAF, OA, ORG, RDF_NS, SCHEMA, SKOS_NS, term_label
from plangraph.server.tracing import Select
from plangraph.store.dialect import Dialect

PG = "https://w3id.org/plangraph/ontology#"
RDF_TYPE = RDF_NS + "type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
START_LINE, END_LINE = PG + "startLine", PG + "endLine"
DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
# Fragment nodes of these types are provenance: shown as source quotes, not as tables.
PROVENANCE_TYPES = {OA + "SpecificResource", OA + "TextQuoteSelector", OA + "TextPositionSelector",
                    OA + "FragmentSelector", OA + "Annotation", PG + "Mention"}
TITLE_PREDICATES = (LABEL, SKOS_NS + "prefLabel", DCT + "title", SCHEMA + "name", FOAF + "name")
INCOMING_PAGE_SIZE = 20
MAX_INCOMING_GROUPS = 40
LONG_LITERAL = 600


class Labeller:
    """Labels for the IRIs on one page in the page's language: the data's own labels, then the vocabulary's."""

    def __init__(self, description: Description, lang: str) -> None:
        self.vi, self.en, self.lang = dict(description.labels), dict(description.labels_en), lang

    def __call__(self, iri: str) -> str | None:
        if self.lang == "en" and iri in self.en:
            return self.en[iri]
        return self.vi.get(iri) or term_label(iri, self.lang)


class EntityContext:
    """Builds the context of one entity page; *href* maps IRIs to local paths, *select* runs SPARQL written in
    the store's *dialect*."""

    def __init__(self, iri: str, description: Description, *, lang: str, href: Any, select: Select,
                 dialect: Dialect) -> None:
        self.iri, self.description, self.lang, self.href, self.select = iri, description, lang, href, select
        self.dialect = dialect
        self.label = Labeller(description, lang)
        self.by_subject: dict[str, list[Triple]] = defaultdict(list)
        for triple in description.outgoing:
            self.by_subject[triple.subject.value].append(triple)  # type: ignore[union-attr]
        self.types = {t.object.value for t in self.by_subject[iri] if t.predicate.value == RDF_TYPE}

    # -- values -----------------------------------------------------------------------------------------
    def node(self, iri: str, label: str | None = None) -> dict[str, Any]:
        """An IRI as a link: its local path and its label (None when no label exists: shown as the IRI)."""
        return {"kind": "iri", "iri": iri, "href": self.href(iri), "label": label or self.label(iri)}

    def value(self, term: object) -> dict[str, Any]:
        if isinstance(term, NamedNode):
            return self.node(term.value)
        if isinstance(term, Literal):
            datatype = term.datatype.value if term.datatype else None
            return {"kind": "literal", "value": term.value, "lang": term.language, "datatype": datatype,
                    "long": len(term.value) > LONG_LITERAL}
        return {"kind": "other", "value": str(term)}

    def properties(self, triples: list[Triple]) -> list[dict[str, Any]]:
        grouped: dict[str, list[object]] = defaultdict(list)
        for triple in triples:
            grouped[triple.predicate.value].append(triple.object)
        rows = []
        for predicate, values in grouped.items():
            rows.append({"predicate": predicate, "label": self.label(predicate), "href": self.href(predicate),
                         "objects": [self.value(v) for v in values]})
        # rdf:type and labels first, then by the label people read
        return sorted(rows, key=lambda r: (r["predicate"] != RDF_TYPE, r["predicate"] != LABEL,
                                           (r["label"] or r["predicate"]).casefold()))

    # -- the parts of the page ---------------------------------------------------------------------------
    def titles(self) -> dict[str, str]:
        own = self.by_subject[self.iri]
        found: dict[str, str] = {}
        for predicate in TITLE_PREDICATES:
            for triple in own:
                term = triple.object
                if triple.predicate.value == predicate and isinstance(term, Literal):
                    found.setdefault(term.language if term.language in ("vi", "en") else "vi", term.value)
            if "vi" in found:
                break
        return found

    def is_provenance(self, subject: str) -> bool:
        types = {t.object.value for t in self.by_subject[subject] if t.predicate.value == RDF_TYPE}
        return bool(types & PROVENANCE_TYPES)

    def quotes(self) -> list[dict[str, Any]]:
        """Every span described with the page: the words, their lines and a link into the source view."""
        facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for subject, triples in self.by_subject.items():
            for triple in triples:
                facts[subject][triple.predicate.value].append(triple.object.value)  # type: ignore[union-attr]
        about: dict[str, tuple[str, str]] = {}  # span → (what it is about, the mention's class)
        for fact in facts.values():
            for span in fact.get(OA + "hasTarget", []):
                kind = next((t for t in fact.get(RDF_TYPE, []) if t.startswith(PG) and t != PG + "Mention"), "")
                for body in fact.get(OA + "hasBody", []):
                    about[span] = (body, kind)
        for span in facts[self.iri].get(DERIVED_FROM, []):
            about.setdefault(span, (self.iri, "source"))
        for subject, fact in facts.items():  # spans of fragment nodes: a signing, a period…
            for span in fact.get(DERIVED_FROM, []):
                about.setdefault(span, (subject, "other"))
        quotes = []
        for subject, fact in facts.items():
            if START_LINE not in fact or OA + "hasSource" not in fact:
                continue
            selectors = fact.get(OA + "hasSelector", [])
            exact = next((facts[s][OA + "exact"][0] for s in selectors if OA + "exact" in facts.get(s, {})), "")
            first = int(fact[START_LINE][0])
            last = int(fact.get(END_LINE, fact[START_LINE])[0])
            body, kind = about.get(subject, ("", ""))
            quotes.append({
                "anchor": subject.split("#", 1)[-1], "quote": exact, "first": first, "last": last,
                "lines": str(first) if first == last else f"{first}–{last}",
                "href": f"{self.href(fact[OA + 'hasSource'][0])}/text#L{first}",
                "about": self.node(body) if body and body != self.iri else None,
                "kind": {"source": "source", PG + "CitationMention": "citation",
                         PG + "AgencyMention": "agency"}.get(kind, "other")})
        return sorted(quotes, key=lambda q: (q["kind"] != "source", q["first"], q["anchor"]))

    def details(self) -> list[dict[str, Any]]:
        """Fragment nodes that are not provenance (periods, signings, recipients), each with its properties."""
        found = []
        for subject in self.description.subjects:
            if subject == self.iri or subject not in self.by_subject or self.is_provenance(subject):
                continue
            found.append({"iri": subject, "anchor": subject.split("#", 1)[-1] if "#" in subject else subject,
                          "label": self.label(subject), "properties": self.properties(self.by_subject[subject])})
        return found

    def incoming(self, path: str, focus: str | None, page: int) -> list[dict[str, Any]]:
        """Incoming links grouped by property, each group with its exact count and its own paging."""
        groups = []
        counts = tracing.incoming_counts(self.select, self.iri)
        for index, (predicate, count) in enumerate(counts[:MAX_INCOMING_GROUPS]):
            pages = max(1, -(-count // INCOMING_PAGE_SIZE))
            number = min(page, pages) if focus in (None, predicate) else 1
            items = tracing.incoming_page(self.select, self.iri, predicate, limit=INCOMING_PAGE_SIZE,
                                          offset=(number - 1) * INCOMING_PAGE_SIZE, count=count)
            anchor = f"in-{index + 1}"

            def link(n: int, predicate: str = predicate, anchor: str = anchor) -> str:
                return f"{path}?{urlencode({'incoming': predicate, 'page': n})}#{anchor}"

            groups.append({
                "predicate": predicate, "label": self.label(predicate), "href": self.href(predicate),
                "anchor": anchor, "count": count, "page": number, "pages": pages,
                "subjects": [self.node(i["iri"], (i["en"] if self.lang == "en" else "") or i["vi"] or i["en"] or None)
                          for i in items],
                "previous": link(number - 1) if number > 1 else None,
                "next": link(number + 1) if number < pages else None})
        return groups

    def sparql(self) -> dict[str, str]:
        """The query that reproduces the page's properties, and a link that opens it in the editor."""
        query = (f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                 f"# The properties of {self.titles().get('vi', self.iri)}\n"
                 f"SELECT DISTINCT ?property ?value ?label WHERE {{\n"
                 f"  {tracing.ref(self.iri)} ?property ?value .\n"
                 f"  OPTIONAL {{ ?value rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), \"{self.lang}\")) }}\n"
                 f"}}\nORDER BY ?property ?value")
        return {"query": query, "href": "/editor?" + urlencode({"query": query})}

    # -- tracing views ----------------------------------------------------------------------------------
    def views(self) -> dict[str, Any]:
        types, views = self.types, {}
        if PG + "Task" in types:
            task = tracing.task_summary(self.select, self.iri, dialect=self.dialect)
            if task:
                views["task"] = self._links(task)
        elif PG + "ActionPlan" in types:
            found = [self._links(t) for t in tracing.plan_tasks(self.select, self.iri, dialect=self.dialect)]
            objectives = tracing.objectives(self.select, self.iri, dialect=self.dialect)
            views["plan"] = {"objectives": [self._objective(o) for o in objectives],
                             "groups": tracing.group_by_heading(found), "task_count": len(found),
                             "timeline": self._timeline(found), "list_href": self._task_list("plan")}
        elif ORG + "Organization" in types:
            led_count, led = tracing.agency_tasks(self.select, self.iri, "lead", self._limit, dialect=self.dialect)
            joined_count, joined = tracing.agency_tasks(self.select, self.iri, "participant", self._limit,
                                                        dialect=self.dialect)
            shown_led, shown_joined = self._shown(led), self._shown(joined)
            views["agency"] = {"lead_count": led_count, "lead_shown": len(shown_led),
                               "lead": tracing.group_by_city_and_plan(shown_led),
                               "participant_count": joined_count, "participant_shown": len(shown_joined),
                               "participant": tracing.group_by_city_and_plan(shown_joined),
                               "timeline": self._timeline(shown_led), "list_href": self._task_list("lead")}
        elif ELI + "LegalResource" in types and ELI + "LegalResourceSubdivision" not in types:
            document = tracing.document_summary(self.select, self.iri)
            if document:
                views["document"] = self._document(document)
            views["dossier"] = self._dossier(dossier.build(self.select, self.iri, dialect=self.dialect))
            count, found = tracing.instrument_tasks(self.select, self.iri, self._limit, dialect=self.dialect)
            if found or not document:
                shown = self._shown(found)
                center = {"iri": self.iri, "label": self.label(self.iri) or self.iri}
                graph = tracing_graph(center, shown, task_label=self._caption) if found else None
                if graph:
                    for node in graph["nodes"]:
                        node["href"] = self.href(node["iri"])
                views["instrument"] = {"task_count": count, "task_shown": len(shown),
                                       "cities": tracing.group_by_city_and_plan(shown),
                                       "graph": graph, "timeline": self._timeline(shown),
                                       "list_href": self._task_list("instrument")}
        return views

    def _dossier(self, found: dict[str, Any]) -> dict[str, Any]:
        """Local hrefs for the dossier, and the rows of its two charts (tasks per body, texts over time)."""
        for group in found["groups"]:
            for item in group["items"]:
                item["other"]["href"] = self.href(item["other"]["iri"])
                for part in item["parts"]:
                    part["href"] = self.href(part["iri"])
                for quote in item["quotes"]:
                    quote["href"] = self._line_href(quote["source"], quote["line"])
                    quote["stated_in"]["href"] = self.href(quote["stated_in"]["iri"])
        for key in ("in_force", "ceases"):
            for item in found["dates"][key]:
                item["stated_in"]["href"] = self.href(item["stated_in"]["iri"])
                item["href"] = self._line_href(item["source"], item["line"])
        carrying = found["carried_out"]
        for body in carrying["bodies"]:
            if body["body"]:
                body["body"]["href"] = self.href(body["body"]["iri"])
            for kind in body["kinds"]:
                kind["name"] = (kind["label"]["en"] if self.lang == "en" else None) or kind["label"]["vi"]
        for text in carrying["texts"]:
            text["href"] = self.href(text["iri"])
        for item in carrying["citing"]:
            item["document"]["href"] = self.href(item["document"]["iri"])
            if item["body"]:
                item["body"]["href"] = self.href(item["body"]["iri"])
        for event in found["timeline"]:
            if event["other"]:
                event["other"]["href"] = self.href(event["other"]["iri"])
        found["bars"] = [{"label": self._body_name(b), "value": b["tasks"], "href": (b["body"] or {}).get("href"),
                          "texts": len(b["texts"])} for b in carrying["bodies"]]
        found["plan_dates"] = [{"label": f"{t['number']} · {(t['body'] or {}).get('name') or ''}".strip(" ·"),
                                "start": t["date"], "href": t["href"]} for t in carrying["texts"] if t["date"]]
        return found

    @staticmethod
    def _body_name(body: dict[str, Any]) -> str:
        name = (body["body"] or {}).get("name") or body["texts"][0]["number"]
        city = (body["city"] or {}).get("code")
        return f"{name} ({city})" if city and city not in name else name

    @property
    def _limit(self) -> int:
        """How many tasks an agency's or an instrument's page lists (``PLANGRAPH_SHOWN_TASKS``)."""
        from flask import current_app

        return int(current_app.config.get("PLANGRAPH_SHOWN_TASKS", 200))

    def _shown(self, tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The first ``PLANGRAPH_SHOWN_TASKS`` of *tasks* (already in document order), with their links. A
        national body leads thousands of tasks: the whole table would be megabytes of HTML, slow to write and to
        read; the page counts them all and links to the task list, which pages through the rest with facets."""
        return [self._links(task) for task in tasks[:self._limit]]

    def _task_list(self, facet: str) -> str:
        """The task list narrowed to this node, where every other facet is counted (see server/lists.py)."""
        return "/tasks?" + urlencode({facet: self.iri})

    def _caption(self, task: dict[str, Any]) -> str:
        plan = task["plan"]["number"]
        prefix = f"KH {plan} · " if plan else ""
        return f"{prefix}{task['full_number']} {task['text']}"

    def _links(self, task: dict[str, Any]) -> dict[str, Any]:
        """Local hrefs for everything a task row links to, and links into the source view for its lines."""
        task["href"] = self.href(task["iri"])
        for key in ("plan", "decision", "city", "group"):
            if task.get(key) and task[key].get("iri"):
                task[key]["href"] = self.href(task[key]["iri"])
        for agent in (*task["leads"], *task["participants"]):
            agent["href"] = self.href(agent["iri"])
        for item in task.get("instruments", []):
            item["href"] = self.href(item["iri"])
        task["line_href"] = self._line_href(task["source"], task["line"])
        for quote in task.get("quotes", []):
            quote["href"] = self._line_href(quote["source"], quote["line"])
        return task

    def _line_href(self, source: str | None, line: int | None) -> str | None:
        return f"{self.href(source)}/text#L{line}" if source and line else None

    def _objective(self, objective: dict[str, Any]) -> dict[str, Any]:
        objective["href"] = self.href(objective["iri"])
        objective["line_href"] = self._line_href(objective["source"], objective["line"])
        for target in objective["targets"]:
            target["href"] = self.href(target["iri"])
            target["comparator_text"] = target["comparator_label"][self.lang] or target["comparator_label"]["vi"]
            target["line_href"] = self._line_href(objective["source"], target["line"])
        return objective

    def _document(self, document: dict[str, Any]) -> dict[str, Any]:
        for key in ("issuer", "signer", "city"):
            if document[key]:
                document[key]["href"] = self.href(document[key]["iri"])
        for item in (*document["plans"], *document["basis"]):
            item["href"] = self.href(item["iri"])
        return document

    def _timeline(self, found: list[dict[str, Any]]) -> dict[str, Any] | None:
        several_plans = len({t["plan"]["iri"] for t in found}) > 1
        line = timeline(found, task_label=lambda t: f"KH{t['plan']['number']}·{t['full_number']}"
                        if several_plans and t["plan"]["number"] else t["full_number"])
        if line:
            for group in line["groups"]:
                for task in group["tasks"]:
                    task["href"] = self.href(task["iri"])
            for task in line["undated"]:
                task["href"] = self.href(task["iri"])
        return line

    def build(self, *, path: str, focus: str | None, page: int) -> dict[str, Any]:
        titles = self.titles()
        label = (titles.get("en") if self.lang == "en" else None) or titles.get("vi") or titles.get("en") or self.iri
        kinds = [self.node(t) for t in sorted(self.types)]
        return {
            "iri": self.iri, "href": self.href(self.iri), "label": label, "labels": titles, "kinds": kinds,
            "alternates": [{"type": "text/turtle", "name": "Turtle", "href": f"{path}?format=turtle"},
                           {"type": "application/ld+json", "name": "JSON-LD", "href": f"{path}?format=jsonld"},
                           {"type": "application/json", "name": "JSON", "href": f"{path}.json"}],
            "properties": self.properties(self.by_subject[self.iri]),
            "quotes": self.quotes(), "details": self.details(),
            "views": self.views(),
            "incoming": self.incoming(path, focus, page),
            "sparql": self.sparql(),
        }
