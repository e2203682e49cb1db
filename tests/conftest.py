"""Shared fixtures: one real model for the session, paths to the bundled articles."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "articles"


@pytest.fixture(scope="session")
def lexicon():
    from kg.extract.lexicon import load_lexicon

    return load_lexicon()


@pytest.fixture(scope="session")
def nlp(lexicon):
    from kg.extract.nlp import load_nlp

    return load_nlp(lexicon)


@pytest.fixture(scope="session")
def extract_text(nlp, lexicon):
    """Facts of a text: ``extract_text("China sold drones to Russia.")``."""
    from kg.extract import extract
    from kg.model import Article

    def run(text: str):
        return extract(Article(id="t", text=text), nlp(text), lexicon).facts

    return run


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The bundled articles built once into a temporary folder."""
    from kg.build import build

    out = tmp_path_factory.mktemp("built")
    build([ARTICLES], out)
    return out



class Listener:
    """A loopback TCP listener that answers nothing; :meth:`received` lists the first bytes of each connection."""

    def __init__(self) -> None:
        import socket
        import threading

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.got: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            self._take()

    def _take(self) -> bool:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return False
        with conn:
            conn.settimeout(2)
            try:
                self.got.append(conn.recv(4096))
            except OSError:
                self.got.append(b"")
        return True

    def received(self) -> list[bytes]:
        """What came, connections still waiting in the backlog included."""
        self.stop.set()
        self.thread.join(5)
        self.sock.settimeout(0)
        while self._take():
            pass
        return self.got

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


@pytest.fixture
def listener():
    """A :class:`Listener` on a free loopback port, closed after the test."""
    server = Listener()
    yield server
    server.close()
