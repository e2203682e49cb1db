"""A deterministic corpus of news-like articles for benchmarks.

Recombines paragraphs of real articles (``articles/`` and, when present,
``../shared/eval/dev``) into new articles, and varies the names in them:
countries are swapped for other countries of the actor table, and company
names ("Sinno Electronics Co.") get invented stems. The same ``--seed`` and
sources give the same files, byte for byte.

    python benchmarks/corpus.py --articles 10000 --out /tmp/kg-corpus
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = [ROOT / "articles", ROOT.parent / "shared" / "eval" / "dev"]

_COMPANY = re.compile(r"\b((?:[A-Z][a-z]+ ){1,2})(Co\.|Ltd\.?|Limited|Corp\.?|Corporation|Group|Technologies|"
                      r"Technology|Electronics|Trading|Industries|Aviation|Logistics)\b")
_SYLLABLES = ("an", "bel", "cor", "dan", "el", "fen", "gar", "hol", "in", "jun", "kor", "lan", "mer", "nor",
              "or", "pel", "quin", "ros", "sen", "tal", "ur", "vel", "wen", "xan", "yor", "zel")


def paragraphs(sources: list[Path]) -> list[str]:
    """Prose paragraphs of the source articles: long enough, ending a sentence."""
    pool: list[str] = []
    for src in sources:
        for path in sorted(src.glob("*.txt")) if src.is_dir() else []:
            for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
                block = " ".join(block.split())
                if len(block.split()) >= 25 and block[-1] in ".\"'\u201d" and not block.startswith(("[", "{")):
                    pool.append(block)
    return sorted(set(pool))


def _country_names() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from kg.extract.lexicon import load_lexicon

    return sorted(e.label for e in load_lexicon().actors.values() if e.type == "Country")


def _stem(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def make_article(i: int, pool: list[str], countries: list[str], seed: int = 0) -> str:
    """Article number ``i``: a title line and 4 to 10 recombined paragraphs."""
    rng = random.Random(f"{seed}:{i}")
    body = rng.sample(pool, k=min(len(pool), rng.randint(4, 10)))
    text = "\n\n".join(body)
    present = [c for c in countries if re.search(rf"\b{re.escape(c)}\b", text)]
    swap = dict(zip(present, rng.sample(countries, k=len(present))))
    if swap:
        text = re.sub(r"\b(" + "|".join(map(re.escape, sorted(swap, key=len, reverse=True))) + r")\b",
                      lambda m: swap[m.group(1)], text)
    stems: dict[str, str] = {}
    text = _COMPANY.sub(lambda m: stems.setdefault(m.group(1), _stem(rng) + " ") + m.group(2), text)
    title = re.split(r"(?<=[.!?])\s", body[0])[0][:120]
    return f"{title}\n\n{text}\n"


def write_corpus(out: Path, n: int, *, sources: list[Path] | None = None, seed: int = 0) -> list[Path]:
    """Write ``n`` articles as ``out/NNNNNN.txt``; returns their paths."""
    sources = sources or DEFAULT_SOURCES
    for src in sources:  # a corpus of fewer sources is another benchmark: say so
        if not src.is_dir():
            print(f"corpus: {src} is not a folder; its articles are left out of the corpus", file=sys.stderr)
    pool = paragraphs(sources)
    if not pool:
        raise SystemExit("no source paragraphs found; give --source folders of .txt articles")
    countries = _country_names()
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = out / f"{i:06d}.txt"
        path.write_text(make_article(i, pool, countries, seed), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="example: python benchmarks/corpus.py --articles 1000 --out /tmp/corpus")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--source", type=Path, action="append", help="folder of .txt articles (repeatable)")
    args = ap.parse_args(argv)
    paths = write_corpus(args.out, args.articles, sources=args.source, seed=args.seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"wrote {len(paths)} articles, {words} words, into {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
