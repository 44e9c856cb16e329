"""SHACL validation (pySHACL) of a document graph or a whole store, with a readable report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import rdflib
from pyoxigraph import Quad, RdfFormat, serialize
from rdflib.namespace import RDF, SH

from plangraph.ontology import load_shapes_graph


@dataclass(frozen=True)
class Finding:
    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str
    message: str


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    findings: tuple[Finding, ...]

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    def text(self, limit: int = 50) -> str:
        if not self.findings:
            return "conforms: every shape holds"
        lines = [f"{'conforms' if self.conforms else 'does not conform'}: "
                 f"{len(self.violations)} violation(s), {len(self.findings) - len(self.violations)} warning(s)"]
        for finding in self.findings[:limit]:
            lines.append(f"  {finding.severity}: {finding.focus} {finding.path}: {finding.message}")
        if len(self.findings) > limit:
            lines.append(f"  … and {len(self.findings) - limit} more")
        return "\n".join(lines)


def to_rdflib(quads: Iterable[Quad]) -> rdflib.Graph:
    """The triples of *quads* as one rdflib graph (graph names dropped)."""
    data = serialize((q.triple for q in quads), format=RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(data=data, format="nt")
    return graph


def validate_graph(data: rdflib.Graph) -> ValidationReport:
    import pyshacl  # a tenth of a second to import, and an ingest validates with the compiled shapes instead

    conforms, results, _ = pyshacl.validate(data, shacl_graph=load_shapes_graph(), advanced=True,
                                            inference="none", allow_warnings=True)
    return ValidationReport(bool(conforms), tuple(sorted(_findings(results), key=finding_order)))


def finding_order(finding: Finding) -> tuple[int, str, str, str]:
    return ({"Violation": 0, "Warning": 1}.get(finding.severity, 2), finding.focus, finding.path, finding.message)


def _findings(results: rdflib.Graph) -> list[Finding]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = str(results.value(result, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1]
        messages = [str(m) for m in results.objects(result, SH.resultMessage)]
        english = [str(m) for m in results.objects(result, SH.resultMessage) if getattr(m, "language", None) == "en"]
        message = (english or messages or ["(no message)"])[0]
        path = results.value(result, SH.resultPath)
        found.append(Finding(severity, str(results.value(result, SH.focusNode)), str(path or ""), message))
    return found
