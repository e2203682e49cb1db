"""Reading (page-noise cleaning) time of one big .txt article, by size and shape.

Shapes: ``paragraphs`` (a short paragraph a line, blank lines between), ``wrapped``
(paragraphs hard-wrapped at 70 columns, joined again by the cleaner) and ``line``
(the whole text on one line, its last sentence without a full stop). Prints a
Markdown table; each time is the best of ``--rounds``.

    python benchmarks/big_inputs.py --sizes 1 2 4 8 50
    PYTHONPATH=/tmp/old-kg python benchmarks/big_inputs.py --sizes 1 2 4   # an older kg, to compare
"""
from __future__ import annotations

import argparse
import tempfile
import textwrap
import time
from pathlib import Path

from kg.read.ingest import read_file


def sentence(i: int) -> str:
    return f"Officials said {i} drones were sold to Russia by China on March 3, 2024, in the talks. "


def make_text(megabytes: float, shape: str) -> str:
    size, parts, i = megabytes * 1e6, [], 0
    while sum(map(len, parts[-1:])) * len(parts) < size:  # about the size asked
        parts.append("".join(sentence(i + k) for k in range(4)).strip())
        i += 4
    if shape == "line":
        return " ".join(parts).rstrip(".")
    if shape == "wrapped":
        return "\n\n".join("\n".join(textwrap.wrap(p, 70)) for p in parts)
    return "\n\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 8])
    ap.add_argument("--shapes", nargs="+", default=["paragraphs", "wrapped", "line"])
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    print("| shape | " + " | ".join(f"{s:g} MB" for s in args.sizes) + " |")
    print("|---|" + "---|" * len(args.sizes))
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shapes:
            cells = []
            for mb in args.sizes:
                path = Path(tmp) / f"{shape}-{mb:g}.txt"
                path.write_text(make_text(mb, shape), encoding="utf-8")
                best = float("inf")
                for _ in range(args.rounds):
                    start = time.perf_counter()
                    [article] = read_file(path)
                    best = min(best, time.perf_counter() - start)
                cells.append(f"{best:.2f} s")
            print(f"| {shape} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
