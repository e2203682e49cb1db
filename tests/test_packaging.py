"""A plain ``pip install .`` (not editable) carries ontology.ttl, shapes.ttl and queries/ (issue 20.6)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import ARTICLES, ROOT

SOURCES = ["kg", "queries", "ontology.ttl", "shapes.ttl", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """A wheel of a copy of the repository (pip writes build/ where it builds)."""
    root = tmp_path_factory.mktemp("pkg")
    src = root / "src"
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                         if (ROOT / name).is_dir() else {}))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", str(src), "-w", str(root / "dist")], check=True, cwd=root)
    [found] = (root / "dist").glob("kg-*.whl")
    return found


def test_the_wheel_carries_the_ontology_and_the_queries(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kg/bundled/ontology.ttl" in names
    assert "kg/bundled/shapes.ttl" in names
    assert {f"kg/bundled/queries/{p.name}" for p in (ROOT / "queries").glob("*.rq")} <= names
    assert zipfile.ZipFile(wheel).read("kg/bundled/ontology.ttl") == (ROOT / "ontology.ttl").read_bytes()


def test_an_installed_wheel_builds_and_queries(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
                    "--target", str(site), str(wheel)], check=True, cwd=tmp_path)
    shutil.copy(ARTICLES / "001_a13f49f80d360422.txt", tmp_path / "a.txt")
    env = {**os.environ, "PYTHONPATH": str(site)}  # this kg, not the repository's

    def kg(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "kg", *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)
    where = subprocess.run([sys.executable, "-c", "import kg.resources as r; print(r.DEFAULT_ONTOLOGY)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site))
    built = kg("build", "a.txt", "--out", "out", "--jobs", "1", "--quiet")
    assert built.returncode == 0, built.stderr
    answer = kg("query", "sanctions", "--out", "out", "--format", "csv")
    assert answer.returncode == 0 and answer.stdout.count("\n") > 1, answer.stderr
