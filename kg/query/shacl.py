"""``kg validate``: a built graph checked against the SHACL shapes of ``shapes.ttl``.

pySHACL runs the shapes on the store's default graph (the union of its named
graphs, the ontology included, so a class target reaches its subclasses), with
no inference. Each violation is one line a person reads: the node, the
property, the value and what the rule says, with kg's prefixes.

>>> r = Violation("https://w3id.org/kg-news/id/assertion/ab", "https://w3id.org/kg-news/ontology#confidence",
...               "1.5", "an assertion has one kg:confidence, a decimal in [0, 1]")
>>> print(r)
id:assertion/ab  kg:confidence  1.5: an assertion has one kg:confidence, a decimal in [0, 1]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from rdflib import BNode, Graph
from rdflib.namespace import PROV, RDF, RDFS, SH, SKOS, XSD

from ..errors import OntologyError
from ..namespace import ID, KG
from ..resources import DEFAULT_SHAPES

__all__ = ["Violation", "ValidationReport", "validate_graph", "validate_store", "load_shapes", "short"]

_SHORT = (("id:", str(ID)), ("kg:", str(KG._NS)), ("prov:", str(PROV)), ("rdf:", str(RDF)), ("rdfs:", str(RDFS)),
          ("skos:", str(SKOS)), ("xsd:", str(XSD)), ("schema:", "https://schema.org/"))


def short(iri: str) -> str:
    """An IRI with kg's prefixes: ``id:entity/china``, ``kg:supplies``."""
    for prefix, ns in _SHORT:
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return iri


class Violation(NamedTuple):
    """One result of the shapes: the focus node, the property path, the value, the message."""

    focus: str
    path: str
    value: str
    message: str

    def __str__(self) -> str:
        where = "  ".join(filter(None, (short(self.focus), short(self.path))))
        return f"{where}  {short(self.value)}: {self.message}" if self.value else f"{where}: {self.message}"


@dataclass
class ValidationReport:
    """What ``kg validate`` prints: the violations, sorted, then one line of totals."""

    where: str
    shapes: Path
    triples: int
    violations: list[Violation] = field(default_factory=list)

    def text(self) -> str:
        if not self.violations:
            return f"{self.where}: valid, {self.triples} triples conform to {self.shapes.name}"
        nodes = len({v.focus for v in self.violations})
        return "\n".join([*map(str, self.violations),
                          f"{self.where}: {len(self.violations)} violation(s) of {self.shapes.name} on {nodes} node(s)"])


def load_shapes(path: str | Path | None = None) -> tuple[Path, Graph]:
    path = Path(path) if path else DEFAULT_SHAPES
    try:
        return path, Graph().parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise OntologyError(f"{path}: cannot read the SHACL shapes ({msg}); give a Turtle file with --shapes") from None


def validate_graph(data: Graph, shapes: Graph) -> list[Violation]:
    """The violations of ``shapes`` in ``data``, sorted."""
    from pyshacl import validate  # loads only for kg validate

    _, results, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    found = set()
    for r in results.subjects(RDF.type, SH.ValidationResult):
        def text(prop) -> str:
            value = results.value(r, prop)
            return "" if value is None or isinstance(value, BNode) else str(value)  # a path like sh:or
        found.add(Violation(text(SH.focusNode), text(SH.resultPath), text(SH.value), text(SH.resultMessage)))
    return sorted(found)


def validate_store(out: Path, *, shapes: str | Path | None = None) -> ValidationReport:
    """The report of the build in ``out``: its store's default graph (else ``graph.ttl``) against the shapes."""
    import pyoxigraph as ox

    from .named import load_graph

    path, shape_graph = load_shapes(shapes)
    store = load_graph(out)
    nt = ox.serialize((q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())),
                      format=ox.RdfFormat.N_TRIPLES)
    data = Graph().parse(data=nt, format="nt")
    return ValidationReport(str(out), path, len(data), validate_graph(data, shape_graph))
