"""One build owns its output folder; readers see the last complete store; a build that
fails or is killed never replaces good output with half-written output (issues 19.1,
19.5, 20.3, 20.5).
"""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.build.run
from kg.build import build
from kg.cli import main
from kg.errors import StoreError
from kg.query.named import load_graph
from kg.store.embedded import OxigraphStore
from kg.store.generations import STAMP, generations_of, live_folder

from conftest import ARTICLES, ROOT

A, B = sorted(ARTICLES.glob("*.txt"))
COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


def rows(out: Path) -> int:
    return int(next(iter(load_graph(out).query(COUNT)))[0].value)


def quads(out: Path) -> list[str]:
    return sorted(map(str, ox.Store.read_only(str(out / "store"))))


def snapshot(out: Path) -> dict[str, object]:
    """What a user reads in a build's folder: the exports and the store's quads."""
    files = {p.name: p.read_bytes() for p in out.glob("graph.*")}
    files.pop("graph.html", None)  # it carries the time of its build
    return {**files, "store": quads(out)}


def kg_in_subprocess(script: str, *args: str) -> subprocess.CompletedProcess:
    """Run ``script`` (python, with ``main`` imported) in a fresh process."""
    code = "import sys\nfrom kg.cli import main\n" + textwrap.dedent(script)
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """Clean builds of article A alone and of A and B, for comparison."""
    root = tmp_path_factory.mktemp("clean")
    for name, inputs in (("a", [A]), ("ab", [A, B])):
        folder = root / f"in-{name}"
        folder.mkdir()
        for p in inputs:
            shutil.copy(p, folder / p.name)
        build([folder], root / name, jobs=1)
    return root


def test_two_builds_at_once_leave_the_folder_of_one_clean_build(clean, tmp_path):
    out = tmp_path / "out"
    script = "sys.exit(main(['build', sys.argv[1], '--out', sys.argv[2], '--jobs', '1', '--quiet']))"
    procs = [subprocess.Popen([sys.executable, "-c", "import sys\nfrom kg.cli import main\n" + script,
                               str(clean / f"in-{name}"), str(out)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for name in ("a", "ab")]
    results = [(p.wait(300), p.stderr.read()) for p in procs]
    for proc in procs:
        proc.stdout.close()
        proc.stderr.close()
    for code, err in results:
        assert code == 0 or (code == 2 and "in use by another process" in err and err.count("\n") == 1), err
    winners = [name for name, (code, _) in zip(("a", "ab"), results) if code == 0]
    assert winners
    # when both ran (one after the other), the last one's build is what the folder holds
    assert snapshot(out) in [snapshot(clean / name) for name in winners]


def test_a_build_stops_before_writing_anything_while_another_owns_the_folder(tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys
        from pathlib import Path
        from kg.store.generations import hold_lock
        hold_lock(Path(sys.argv[1]) / ".kg-lock", "busy")
        print("held", flush=True)
        sys.stdin.read()
        """), str(out)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(StoreError, match=r"the output folder is in use by another process"):
            build([A], out, jobs=1)
        assert sorted(p.name for p in out.iterdir()) == [".kg-lock"]  # no store, cache or export
    finally:
        holder.communicate("")


def test_a_killed_build_keeps_what_it_extracted(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(4):  # four articles; the build is killed as it gets the third result
        (inputs / f"a{i}.txt").write_text(f"Country{i} sold drones to Russia in {2000 + i}, officials said.\n",
                                          encoding="utf-8")
    killed = kg_in_subprocess("""
        import os, signal
        import kg.build.run as run
        real = run.extract_iter
        def dying(*args, **kwargs):
            for n, item in enumerate(real(*args, **kwargs)):
                if n == 2:
                    os.kill(os.getpid(), signal.SIGKILL)
                yield item
        run.extract_iter, run.SAVE_SECONDS = dying, 0
        main(["build", sys.argv[1], "--out", sys.argv[2], "--jobs", "1", "--quiet"])
        """, str(inputs), str(tmp_path / "out"))
    assert killed.returncode == -9, killed.stderr
    assert not (tmp_path / "out" / "store").exists()
    again = build([inputs], tmp_path / "out", jobs=1)
    assert (again.reused, again.extracted) == (2, 2)


@pytest.fixture
def first(tmp_path):
    """A folder built from article A, and its snapshot."""
    out = tmp_path / "out"
    build([A], out, jobs=1)
    return out, snapshot(out)


def test_readers_see_the_previous_store_while_a_build_writes(first, tmp_path, monkeypatch):
    out, before = first
    seen = []
    real = OxigraphStore.put

    def put_and_look(self, graphs):
        real(self, graphs)
        seen.append(quads(out))  # what a `kg query` reads in the middle of the write
    monkeypatch.setattr(OxigraphStore, "put", put_and_look)
    build([A, B], out, jobs=1)
    assert seen and all(q == before["store"] for q in seen)
    assert quads(out) != before["store"] and len(list(generations_of(out / "store").glob("0*"))) == 2


def test_a_build_killed_while_the_store_loads_leaves_the_previous_store_answering(first):
    out, before = first
    killed = kg_in_subprocess("""
        import os, signal
        from kg.store.embedded import OxigraphStore
        real = OxigraphStore.put
        def put_and_die(self, graphs):
            real(self, graphs)
            self.store.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        OxigraphStore.put = put_and_die
        main(["build", sys.argv[1], sys.argv[2], "--out", sys.argv[3], "--jobs", "1", "--quiet"])
        """, str(A), str(B), str(out))
    assert killed.returncode == -9, killed.stderr
    assert snapshot(out) == before and rows(out) == len(before["store"]) // 2  # default graph + named graphs
    unfinished = [p for p in generations_of(out / "store").glob("0*") if not (p / STAMP).exists()]
    assert unfinished  # left by the kill; the next build removes it
    build([A, B], out, jobs=1)
    assert not [p for p in generations_of(out / "store").glob("0*") if not (p / STAMP).exists()]


def test_an_incomplete_store_says_so(first, capsys):
    out, _ = first
    (live_folder(out / "store") / STAMP).unlink()
    assert main(["query", "SELECT * { ?s ?p ?o } LIMIT 1", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "the store is incomplete" in err and err.count("\n") == 1


@pytest.mark.parametrize("where", ["store", "cache"])
def test_a_full_disk_is_one_line_and_keeps_the_last_good_output(first, capsys, monkeypatch, where):
    out, before = first

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if where == "store":
        monkeypatch.setattr(OxigraphStore, "put", full)
    else:
        import sqlite3

        def full_db(*args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")
        monkeypatch.setattr(kg.build.run.BuildCache, "set_manifest", full_db)
    assert main(["build", str(A), str(B), "--out", str(out), "--jobs", "1", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: error: ") and err.count("\n") == 1
    assert ("no space left" if where == "store" else "disk is full") in err
    assert not (out / ".kg-exports").exists()
    if where == "store":
        assert snapshot(out) == before
        assert not (out / ".kg-exports").exists()


def test_out_naming_a_file_is_one_line(tmp_path, capsys):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    for out in (tmp_path / "f", tmp_path / "f" / "out"):
        assert main(["build", str(A), "--out", str(out), "--jobs", "1", "--quiet"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("kg: error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert (tmp_path / "f").read_text(encoding="utf-8") == "x"
