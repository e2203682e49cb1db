"""``kg eval GOLD_DIR``: precision, recall and F1 of extraction against gold
facts, in the format of ``shared/eval/GUIDELINES.md`` (``NAME.txt`` +
``NAME.json``), with the same matching rules as the project's scorer:

- names are folded (case, accents, punctuation, possessives, a leading "the",
  trailing legal forms) and widened by the name variants of
  ``kg/data/eval_variants.tsv`` (US = U.S. = Washington ...);
- each article is built alone; a prediction is a direct relation triple read
  back from the graph by the labels of its ends;
- matching is one to one; a prediction matching no gold fact (optional ones
  included) is a false positive, and one matching a negative is a false
  assertion.

The model is loaded once for the whole folder, so this is much faster than
running the builder per article.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import RDFS

from .errors import InputError
from .extract import extract
from .extract.lexicon import load_lexicon
from .extract.nlp import load_nlp
from .graph.rdf import build_rdf
from .model import Article
from .read.ingest import read_file
from .resources import data_lines

__all__ = ["evaluate", "Scores", "fold"]

_LEGAL = {"co", "ltd", "llc", "inc", "corp", "corporation", "company", "limited", "plc", "jsc", "pjsc", "ojsc",
          "cjsc", "gmbh", "ag", "sa", "bv", "nv", "llp", "lp", "ooo", "oao", "zao", "pte", "pvt", "fze", "fzco",
          "srl", "spa"}


def fold(name: str) -> str:
    """A name folded for matching.

    >>> fold("The Sinno Electronics Co., Limited")
    'sinno electronics'
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold().replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s-]", "", s).replace("-", " ")
    s = re.sub(r"^the ", "", re.sub(r"\s+", " ", s).strip())
    words = s.split()
    while len(words) > 1 and words[-1] in _LEGAL:
        words.pop()
    return " ".join(words)


@lru_cache(maxsize=1)
def _variants() -> dict[str, frozenset[str]]:
    groups: dict[str, frozenset[str]] = {}
    for _, line in data_lines("eval_variants.tsv"):
        group = frozenset(fold(n) for n in line.split("|"))
        for name in group:
            groups[name] = group
    return groups


def _widen(names: list[str]) -> set[str]:
    out: set[str] = set()
    for n in names:
        f = fold(n)
        out |= {f} | _variants().get(f, frozenset())
    return out


@dataclass
class Scores:
    """Counts per relation and the errors behind them."""

    tp: dict[str, int] = field(default_factory=dict)
    pred: dict[str, int] = field(default_factory=dict)
    gold: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    false_assertions: list[str] = field(default_factory=list)
    articles: int = 0

    def add(self, rel: str, tp: int, pred: int, gold: int) -> None:
        for d, v in ((self.tp, tp), (self.pred, pred), (self.gold, gold)):
            d[rel] = d.get(rel, 0) + v

    def table(self) -> str:
        lines = [f"{'relation':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'pred':>5} {'gold':>5}"]
        rels = sorted(self.gold)
        rows = [(r, self.tp[r], self.pred[r], self.gold[r]) for r in rels]
        rows.append(("all", sum(self.tp.values()), sum(self.pred.values()), sum(self.gold.values())))
        f_all = 0.0
        for name, tp, pred, gold in rows:
            p = tp / pred if pred else (1.0 if gold == 0 else 0.0)
            r = tp / gold if gold else 1.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            f_all = f
            lines.append(f"{name:<10} {p:6.3f} {r:6.3f} {f:6.3f} {tp:4d} {pred:5d} {gold:5d}")
        lines.append(f"articles {self.articles}, false assertions {len(self.false_assertions)}")
        lines.append(f"F1 {f_all:.3f}")
        return "\n".join(lines)


def _match(preds: list[tuple[str, str, str]], facts: list[dict]) -> tuple[int, list, list]:
    """Maximum one-to-one matching; returns (tp, false positives, missed facts)."""
    required = [f for f in facts if not f.get("optional")]
    ok = lambda p, f: p[1] == f["r"] and p[0] in f["_s"] and p[2] in f["_o"]  # noqa: E731
    owner: dict[int, int] = {}

    def augment(pi: int, seen: set[int]) -> bool:
        for gi, f in enumerate(required):
            if gi not in seen and ok(preds[pi], f):
                seen.add(gi)
                if gi not in owner or augment(owner[gi], seen):
                    owner[gi] = pi
                    return True
        return False

    for pi in range(len(preds)):
        augment(pi, set())
    used = set(owner.values())
    fps = [p for i, p in enumerate(preds) if i not in used and not any(ok(p, f) for f in facts)]
    missed = [f for gi, f in enumerate(required) if gi not in owner]
    return len(owner), fps, missed


def _predictions(article: Article, nlp, lexicon) -> list[tuple[str, str, str]]:
    graph = build_rdf([extract(article, nlp(article.text), lexicon)], lexicon.ontology_path)
    label = {s: str(o) for s, o in graph.subject_objects(RDFS.label) if isinstance(o, Literal)}
    rels = set(lexicon.relations)
    out = set()
    for s, p, o in graph:
        name = str(p).rsplit("#", 1)[-1]
        if name in rels and s in label and o in label:
            out.add((fold(label[s]), name, fold(label[o])))
    return sorted(out)


def evaluate(gold_dir: Path, *, verbose: bool = False, ontology: str | Path | None = None,
             model: str | None = None) -> str:
    """Score extraction on every NAME.txt + NAME.json pair of ``gold_dir``."""
    pairs = sorted(p for p in Path(gold_dir).glob("*.json") if p.with_suffix(".txt").exists())
    if not pairs:
        raise InputError(f"{gold_dir}: no NAME.txt + NAME.json pairs; see shared/eval/GUIDELINES.md for the format")
    lexicon = load_lexicon(ontology)
    nlp = load_nlp(lexicon, model)
    scores = Scores()
    for gold_path in pairs:
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"{gold_path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
        for f in gold.get("facts", []) + gold.get("negatives", []):
            f["_s"], f["_o"] = _widen(f["s"]), _widen(f["o"])
        articles = [a for a in read_file(gold_path.with_suffix(".txt")) if isinstance(a, Article)]
        preds = _predictions(articles[0], nlp, lexicon) if articles else []
        scores.articles += 1
        for rel in sorted({f["r"] for f in gold.get("facts", [])} | set(lexicon.relations)):
            tp, fps, missed = _match([p for p in preds if p[1] == rel], [f for f in gold["facts"] if f["r"] == rel])
            scores.add(rel, tp, tp + len(fps), len([f for f in gold["facts"] if f["r"] == rel and not f.get("optional")]))
            scores.errors += [f"{gold_path.stem}: FP  {s} --{r}--> {o}" for s, r, o in fps]
            scores.errors += [f"{gold_path.stem}: FN  {f['s'][0]} --{f['r']}--> {f['o'][0]}" for f in missed]
        for neg in gold.get("negatives", []):
            if any(p[1] == neg["r"] and p[0] in neg["_s"] and p[2] in neg["_o"] for p in preds):
                scores.false_assertions.append(
                    f"{gold_path.stem}: FALSE ASSERTION  {neg['s'][0]} --{neg['r']}--> {neg['o'][0]}   ({neg.get('why', '')})")
    report = scores.table()
    return "\n".join(scores.errors + scores.false_assertions + [report]) if verbose else report
