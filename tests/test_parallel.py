"""Extraction on several processes and on a Dask cluster gives what one process
gives, in the same order; a progress bar shows rate and time left."""
from __future__ import annotations

import shutil
import socket

import pytest

from kg.build import build
from kg.errors import ClusterError
from kg.read.ingest import read_inputs
from kg.build.parallel import extract_many

from conftest import ARTICLES


@pytest.fixture(scope="module")
def articles():
    found, _ = read_inputs([ARTICLES])
    return found


def outputs(extracted):
    return [(e.result.article.id, e.result.facts, e.nt) for e in extracted]


def test_process_pool_gives_the_same_results_in_order(articles, lexicon, nlp):
    # batch_size=1 makes two batches, so two processes really run
    pooled = extract_many(articles, lexicon, jobs=2, batch_size=1)
    alone = extract_many(articles, lexicon, jobs=1)
    assert [e.result.article.id for e in pooled] == [a.id for a in articles]
    assert outputs(pooled) == outputs(alone)


def test_a_started_worker_extracts_what_this_process_would(articles, lexicon, nlp, monkeypatch):
    import kg.build.parallel

    alone = extract_many(articles, lexicon, jobs=1)
    monkeypatch.setattr(kg.build.parallel, "_STARTED", {})
    kg.build.parallel.start_worker(lexicon)  # as a new `kg build` does, before it reads its cache
    worker, _ = kg.build.parallel._STARTED[(id(lexicon), None)]
    try:
        def not_here(*args, **kwargs):
            raise AssertionError("extracted in this process, not in the started worker")

        monkeypatch.setattr(kg.build.parallel, "extract_batch", not_here)  # the worker has its own copy
        assert outputs(extract_many(articles, lexicon, jobs=2)) == outputs(alone)  # one batch: the worker's
        kg.build.parallel.start_worker(lexicon)
        assert kg.build.parallel._STARTED[(id(lexicon), None)][0] is worker  # kept for the next build, model loaded
    finally:
        worker.terminate()


def test_workers_started_on_every_core_are_the_pool(articles, lexicon, nlp, monkeypatch):
    """A first build starts a worker per core before it reads its inputs; they extract
    every batch, and no other pool loads the model again."""
    import kg.build.parallel

    alone = extract_many(articles, lexicon, jobs=1)
    monkeypatch.setattr(kg.build.parallel, "_STARTED", {})
    kg.build.parallel.start_worker(lexicon, processes=2)
    pool, _ = kg.build.parallel._STARTED[(id(lexicon), None)]
    try:
        def no_new_pool(*args, **kwargs):
            raise AssertionError("a new pool was started")

        monkeypatch.setattr(kg.build.parallel, "_in_pool", no_new_pool)
        monkeypatch.setattr(kg.build.parallel, "extract_batch", no_new_pool)  # nor here: the workers have their own copy
        assert outputs(extract_many(articles, lexicon, jobs=2, batch_size=1)) == outputs(alone)  # two batches
        kg.build.parallel.start_worker(lexicon)  # the next build of a --watch process, one article new
        assert kg.build.parallel._STARTED[(id(lexicon), None)][0] is pool
    finally:
        pool.terminate()


def test_progress_bar_shows_rate_and_time_left(articles, lexicon, nlp, capsys):
    extract_many(articles[:1], lexicon, jobs=1, progress=True)
    err = capsys.readouterr().err
    assert "extracting" in err and "article/s" in err and "<" in err  # [elapsed<left, rate]


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as c:
        yield c


def test_dask_cluster_builds_the_same_graph(cluster, built, tmp_path):
    inputs = tmp_path / "in"
    shutil.copytree(ARTICLES, inputs)
    report = build([inputs], tmp_path / "out", scheduler=cluster.scheduler_address, formats=["ttl"])
    assert report.extracted == 2
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (built / "graph.ttl").read_bytes()


def test_unreachable_scheduler_is_a_one_line_error(articles, lexicon):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), \
            pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        extract_many(articles, lexicon, scheduler=f"tcp://127.0.0.1:{port}")
