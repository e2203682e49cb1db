#!/usr/bin/env python3
"""Draw annotation sets from the public-domain corpus (../shared/corpus).

    python scripts/sample_corpus.py ../shared/corpus OUT_DIR [--n 60] [--seed 17]

Keeps releases and statements whose text speaks of the scored relations
(sanctions, designations, transfers, warnings), leaves out those already in
../shared/eval/state and ../shared/eval/wh (by title), draws N of them with a
fixed seed, cuts each after the paragraph that passes 3,500 characters, and
writes them alternately into OUT_DIR/a and OUT_DIR/b as NAME.txt (title, blank
line, text) with a sources.tsv per set. Deterministic for a given corpus.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import re
from pathlib import Path

# Words of the scored relations; a text needs several to be worth annotating.
CUES = re.compile(
    r"\b(sanction\w*|designat\w*|blacklist\w*|entity list|export controls?|blocking|"
    r"suppl(?:y|ies|ied)\b|deliver(?:ed|ing|ies|y)|shipments?|transferr?\w*|sold|sells?|"
    r"imports?|exports?|warn\w*|threat\w*|weapons?|arms|missiles?|drones?|oil|gas)\b", re.I)
CUT = 3500


def _known_titles(eval_dir: Path) -> set[str]:
    titles = set()
    for tsv in eval_dir.glob("*/sources.tsv"):
        with tsv.open(encoding="utf-8") as f:
            titles |= {row.get("title", "").strip().lower() for row in csv.DictReader(f, delimiter="\t")}
    return titles


def _cut(text: str) -> str:
    out, size = [], 0
    for para in re.split(r"\n\s*\n", text.strip()):
        out.append(para.strip())
        size += len(para)
        if size > CUT:
            break
    return "\n\n".join(out)


def _slug(title: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", re.sub(r"\\u[0-9a-f]{4}", "", title.lower()))[:6])


def candidates(corpus: Path, known: set[str]) -> list[dict]:
    docs = []
    for path in sorted(corpus.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                if doc["title"].strip().lower() in known:
                    continue
                if len(CUES.findall(_cut(doc["text"]))) >= 6:
                    docs.append(doc)
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    known = _known_titles(args.corpus.parent / "eval")
    docs = candidates(args.corpus, known)
    rng = random.Random(args.seed)
    # As many State Department releases as White House texts, though the corpus holds
    # four times more of the latter.
    by_source = {}
    for doc in docs:
        by_source.setdefault(doc["source"], []).append(doc)
    picked = [d for group in sorted(by_source) for d in rng.sample(by_source[group], args.n // len(by_source))]
    rng.shuffle(picked)
    for i, doc in enumerate(picked):
        part = args.out / ("a" if i % 2 == 0 else "b")
        part.mkdir(parents=True, exist_ok=True)
        name = f"c{i:02d}_{_slug(doc['title'])}"
        (part / f"{name}.txt").write_text(f"{doc['title']}\n\n{_cut(doc['text'])}\n", encoding="utf-8")
        new = not (part / "sources.tsv").exists()
        with (part / "sources.tsv").open("a", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t")
            if new:
                w.writerow(["name", "id", "source", "url", "title", "date"])
            w.writerow([name, doc["id"], doc["source"], doc["url"], doc["title"], doc["date"]])
    print(f"{len(docs)} candidates, {args.n} drawn into {args.out}/a and {args.out}/b")


if __name__ == "__main__":
    main()
