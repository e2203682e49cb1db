"""A whole build: read inputs, extract, write graph.ttl, graph.jsonld and
graph.html into the output folder. Bad input is skipped and reported; the
output of the good input is always written.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import InputError
from .extract import extract
from .graph import build_rdf, write_atomic
from .ingest import Skipped, read_inputs
from .lexicon import load_lexicon
from .model import ArticleResult
from .nlp import load_nlp, parse

__all__ = ["BuildReport", "build", "extract_all"]


@dataclass
class BuildReport:
    """What a build read, made and skipped."""

    out: Path
    articles: int = 0
    entities: int = 0
    facts: Counter = field(default_factory=Counter)  # relation -> direct triples
    assertions: Counter = field(default_factory=Counter)  # modality -> assertions
    skipped: list[Skipped] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"read {self.articles} article(s); {self.entities} entities; "
                 f"{sum(self.facts.values())} facts, {sum(self.assertions.values())} assertions"]
        for rel, n in sorted(self.facts.items()):
            lines.append(f"  {rel}: {n}")
        if self.assertions:
            lines.append("  assertions by modality: " + ", ".join(f"{m} {n}" for m, n in sorted(self.assertions.items())))
        lines += [f"  {s}" for s in self.skipped]
        lines.append("wrote " + ", ".join(str(f) for f in self.files))
        return "\n".join(lines)


def extract_all(articles, lexicon, *, model: str | None = None) -> tuple[list[ArticleResult], list[Skipped]]:
    """Parse and extract every article; one that fails is skipped, not fatal."""
    nlp = load_nlp(lexicon, model)
    results, skipped = [], []
    for article, doc in zip(articles, parse(nlp, (a.text for a in articles))):
        try:
            results.append(extract(article, doc, lexicon))
        except Exception as exc:  # noqa: BLE001 - one bad article must not sink the build
            skipped.append(Skipped(article.path or article.id, f"extraction failed ({type(exc).__name__}: {exc})"))
    return results, skipped


def build(inputs: Iterable[str | Path], out: str | Path = "output", *, ontology: str | Path | None = None,
          model: str | None = None) -> BuildReport:
    """Build the graph of ``inputs`` into ``out``; raises InputError when nothing could be read."""
    out = Path(out)
    lexicon = load_lexicon(ontology)
    articles, skipped = read_inputs(inputs)
    report = BuildReport(out=out, skipped=skipped)
    if not articles:
        raise InputError("nothing to build: no article could be read" +
                         ("".join(f"\n  {s}" for s in skipped) if skipped else " (no .txt, .md, .html or .jsonl files)"))
    results, failed = extract_all(articles, lexicon, model=model)
    report.skipped += failed
    graph = build_rdf(results, lexicon.ontology_path)
    from .page import write_page  # the page is the last stage; imported late to keep the core light

    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "graph.ttl", graph.serialize(format="turtle"))
    write_atomic(out / "graph.jsonld", graph.serialize(format="json-ld", indent=1))
    write_page(graph, out / "graph.html")
    report.files = [out / "graph.ttl", out / "graph.jsonld", out / "graph.html"]
    report.articles = len(results)
    report.entities = len({k for r in results for k in r.entities})
    for r in results:
        for f in r.facts:
            report.assertions[f.modality] += 1
    report.facts = Counter(rel for (_, rel, _) in {(f.subject.key, f.relation, f.object.key)
                                                   for r in results for f in r.facts if f.factual})
    return report
