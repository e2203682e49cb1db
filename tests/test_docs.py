"""The README and docs/ are what a newcomer reads first: every link in them
leads somewhere, down to the heading it names."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(path: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens."""
    heads = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in heads}


def _links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return [link for link in LINK.findall(text) if not re.match(r"[a-z]+:", link)]


def _broken(doc: Path) -> list[str]:
    broken = []
    for link in _links(doc):
        target, _, anchor = link.partition("#")
        path = (doc.parent / target).resolve() if target else doc
        if not path.exists():
            broken.append(f"{link}: no such file")
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            broken.append(f"{link}: no heading '{anchor}' in {path.name}")
    return broken


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_link_resolves(doc):
    broken = _broken(doc)
    assert not broken, f"{doc.name}: " + "; ".join(broken)


def test_the_checker_sees_a_broken_link(tmp_path):
    doc = tmp_path / "README.md"
    doc.write_text("# The data model\n\n[a](missing.md) [b](#the-data-model) [c](#nowhere) [d](https://x.org)\n",
                   encoding="utf-8")
    assert _broken(doc) == ["missing.md: no such file", "#nowhere: no heading 'nowhere' in README.md"]
