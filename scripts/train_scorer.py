"""Train the candidate scorer (kg/data/scorer.json) from annotated real text.

Every folder given holds NAME.txt + NAME.json pairs in the format of
shared/eval/GUIDELINES.md. Each text is parsed and run through the rules; every
candidate pair of :mod:`kg.extract.pairs` is labelled by the gold: positive when
a required gold fact names both actors with that relation and its evidence lies
in the candidate's sentence, left out when only an optional fact does, negative
otherwise (gold negatives, denials and plans among them). A logistic regression
(scikit-learn, liblinear: deterministic) learns the weights; they are written as
plain JSON, so kg needs no scikit-learn to run.

    make train                                   # the default sets
    .venv/bin/python scripts/train_scorer.py --cv DIR ...   # leave one set out, print figures

``--cv`` trains on all folders but one and scores the one left out with the
project's matching rules (kg.evaluate), for each folder in turn.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.evaluate import _match, _widen, fold  # noqa: E402
from kg.extract.entities import find_entities  # noqa: E402
from kg.extract.lexicon import load_lexicon  # noqa: E402
from kg.extract.nlp import load_nlp  # noqa: E402
from kg.extract.pairs import sentence_pairs  # noqa: E402
from kg.extract.relations import extract_facts  # noqa: E402
from kg.extract.scorer import Scorer  # noqa: E402
from kg.model import FACTUAL, Article  # noqa: E402
from kg.read.ingest import read_file  # noqa: E402

DEFAULT_SETS = [ROOT / "tests/data/eval" / n for n in ("gov", "stories", "wire", "sentences")] + \
    [ROOT.parent / "shared/eval" / n for n in ("dev", "voa", "state", "wh")]
OUT = ROOT / "kg/data/scorer.json"


@dataclass
class Text:
    """One annotated text: its gold, the rules' factual triples and its candidates."""

    name: str
    gold: dict
    rule_preds: set[tuple[str, str, str]]
    # per candidate: features, label (1, 0, or None when only an optional fact matches), triple, factual
    cands: list[tuple[list[str], int | None, tuple[str, str, str], bool]] = field(default_factory=list)


def _span(text: str, evidence: str) -> tuple[int, int] | None:
    at = text.find(evidence) if evidence else -1
    return (at, at + len(evidence)) if at >= 0 else None


def _label(facts: list[dict], text: str, s: str, r: str, o: str, sent: tuple[int, int]) -> int | None:
    label = 0
    for f in facts:
        if f["r"] != r or s not in f["_s"] or o not in f["_o"]:
            continue
        span = _span(text, f.get("evidence", ""))
        if span and not (span[0] < sent[1] and sent[0] < span[1]):
            continue
        if not f.get("optional"):
            return 1
        label = None
    return label


def read_set(folder: Path, nlp, lexicon) -> list[Text]:
    out = []
    for gold_path in sorted(folder.glob("*.json")):
        if not gold_path.with_suffix(".txt").exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for f in gold.get("facts", []) + gold.get("negatives", []):
            f["_s"], f["_o"] = _widen(f["s"]), _widen(f["o"])
        articles = [a for a in read_file(gold_path.with_suffix(".txt")) if isinstance(a, Article)]
        if not articles:
            continue
        article = articles[0]
        doc = nlp(article.text)
        ents = find_entities(doc, lexicon, front=article.front)
        facts = extract_facts(doc, ents, lexicon, article.id, learned=False)
        preds = {(fold(f.subject.label), f.relation, fold(f.object.label)) for f in facts if f.factual}
        text = Text(gold_path.stem, gold, preds)
        for p in sentence_pairs(ents, lexicon, facts):
            sent = (p.trigger.sent.start_char, p.trigger.sent.end_char)
            triple = (fold(p.subject.entity.label), p.relation.name, fold(p.object.entity.label))
            label = _label(gold.get("facts", []), article.text, *triple, sent)
            factual = any(f == f"mod={m}" for f in p.features for m in FACTUAL)
            text.cands.append((p.features, label, triple, factual))
        out.append(text)
    return out


def fit(texts: list[Text], c: float) -> dict:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [(f, y) for t in texts for f, y, _, _ in t.cands if y is not None]
    vec = DictVectorizer()
    x = vec.fit_transform([{k: 1 for k in f} for f, _ in rows]).tocsr()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")  # liblinear takes 32-bit indices
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
    model.fit(x, [y for _, y in rows])
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), model.coef_[0]) if abs(w) >= 1e-4}
    return {"bias": round(float(model.intercept_[0]), 4), "weights": dict(sorted(weights.items())),
            "examples": len(rows), "positives": sum(y for _, y in rows)}


def probability(model: dict, feats: list[str]) -> float:
    return Scorer(bias=model["bias"], weights=model["weights"]).probability(feats)  # the scoring kg runs


def score(texts: list[Text], model: dict | None, threshold: float, veto: float = 0.0) -> tuple[int, int, int, int]:
    """(tp, predicted, gold, false assertions) with the rules, less the rule facts
    the scorer rates below ``veto``, plus the pairs it rates at ``threshold`` or above."""
    tp = n_pred = n_gold = fa = 0
    for t in texts:
        preds = set(t.rule_preds)
        if model:
            best: dict[tuple, float] = {}
            for f, _, tr, factual in t.cands:
                if "rule=here" in f:
                    best[tr] = max(best.get(tr, 0.0), probability(model, f))
            preds -= {tr for tr, p in best.items() if p < veto}
            preds |= {tr for f, _, tr, factual in t.cands if factual and probability(model, f) >= threshold}
        facts = t.gold.get("facts", [])
        for rel in {p[1] for p in preds} | {f["r"] for f in facts}:
            k, fps, _ = _match(sorted(p for p in preds if p[1] == rel), [f for f in facts if f["r"] == rel])
            tp, n_pred = tp + k, n_pred + k + len(fps)
            n_gold += len([f for f in facts if f["r"] == rel and not f.get("optional")])
        fa += sum(1 for n in t.gold.get("negatives", [])
                  if any(p[1] == n["r"] and p[0] in n["_s"] and p[2] in n["_o"] for p in preds))
    return tp, n_pred, n_gold, fa


def _prf(tp: int, pred: int, gold: int) -> str:
    p = tp / pred if pred else 1.0
    r = tp / gold if gold else 1.0
    return f"P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r) if p + r else 0:.3f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sets", nargs="*", type=Path, help="annotated folders (default: the project's sets)")
    ap.add_argument("--cv", action="store_true", help="leave one set out and print figures; write nothing")
    ap.add_argument("--c", type=float, default=0.3, help="inverse regularization strength")
    ap.add_argument("--threshold", type=float, default=0.8, help="probability above which a pair is a fact")
    ap.add_argument("--veto", type=float, default=0.0, help="probability below which a rule's fact is dropped")
    ap.add_argument("--cache", type=Path, help="folder to keep parsed candidates in between runs")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    folders = [f for f in (args.sets or DEFAULT_SETS) if f.is_dir()]
    lexicon = load_lexicon()
    nlp = load_nlp(lexicon)
    sets = {}
    for folder in folders:
        cached = args.cache / f"{folder.parent.name}_{folder.name}.pkl" if args.cache else None
        if cached and cached.exists():
            sets[folder] = pickle.loads(cached.read_bytes())
        else:
            sets[folder] = read_set(folder, nlp, lexicon)
            if cached:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(pickle.dumps(sets[folder]))
        print(f"{folder}: {len(sets[folder])} texts, {sum(len(t.cands) for t in sets[folder])} candidates",
              file=sys.stderr)
    if args.cv:
        for held in folders:
            model = fit([t for f in folders if f != held for t in sets[f]], args.c)
            before, after = score(sets[held], None, 1.0), score(sets[held], model, args.threshold, args.veto)
            print(f"{held.name:<10} rules {_prf(*before[:3])} FA {before[3]}   +scorer {_prf(*after[:3])} FA {after[3]}")
        return 0
    model = fit([t for f in folders for t in sets[f]], args.c)
    model = {"trained_on": [str(f.relative_to(ROOT.parent)) for f in folders], "threshold": args.threshold,
             "c": args.c, **model}
    args.out.write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(model['weights'])} weights from {model['examples']} candidates "
          f"({model['positives']} facts)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
