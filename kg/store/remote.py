"""Remote SPARQL 1.1 endpoints as graph stores (``kg build --store URL``).

One named graph per request unit: the Graph Store Protocol PUTs and DELETEs
each graph; SPARQL Update drops and inserts graphs, a few MB per request. Both
keep one HTTP connection alive for a whole build. The schemes are registered
in :data:`kg.store.base.STORES`, so :func:`kg.store.base.open_store` finds them.
"""
from __future__ import annotations

import base64
import http.client
import re
from typing import Iterable, Mapping
from urllib.parse import quote, urlsplit

from ..errors import StoreError
from .base import BULK_BYTES, GraphStore, register_store

__all__ = ["GraphStoreProtocol", "SparqlUpdate"]


class _Http(GraphStore):
    """A remote endpoint over one kept-alive HTTP connection; ``user:pass@`` becomes basic auth."""

    def __init__(self, location: str) -> None:
        url = re.sub(r"^(gsp|update)\+", "", location)
        parts = urlsplit(url)
        if not parts.hostname:
            raise StoreError(f"{location}: not a URL of a SPARQL endpoint (e.g. http://127.0.0.1:7878/store)")
        super().__init__(location)
        self.parts = parts
        self.path = parts.path or "/"
        self.headers = {}
        if parts.username:
            token = base64.b64encode(f"{parts.username}:{parts.password or ''}".encode()).decode()
            self.headers["Authorization"] = f"Basic {token}"
        self._conn: http.client.HTTPConnection | None = None

    def _request(self, method: str, target: str, body: bytes | None = None, ctype: str | None = None) -> int:
        headers = dict(self.headers, **({"Content-Type": ctype} if ctype else {}))
        for attempt in (1, 2):  # a kept-alive connection the server closed is retried once
            if self._conn is None:
                cls = http.client.HTTPSConnection if self.parts.scheme == "https" else http.client.HTTPConnection
                self._conn = cls(self.parts.hostname, self.parts.port, timeout=300)
            try:
                self._conn.request(method, target, body=body, headers=headers)
                resp = self._conn.getresponse()
                detail = resp.read()[:300].decode("utf-8", "replace").strip()
                break
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                self.close()
                if attempt == 2:
                    raise StoreError(f"{self.location}: cannot reach the endpoint ({exc}); is the server "
                                     "running?") from None
        if resp.status >= 400 and not (method in ("DELETE", "HEAD") and resp.status == 404):
            raise StoreError(f"{self.location}: HTTP {resp.status} {resp.reason} on {method}"
                             + (f" ({detail.splitlines()[0]})" if detail else ""))
        return resp.status

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


@register_store("http", "https", "gsp")
class GraphStoreProtocol(_Http):
    """SPARQL 1.1 Graph Store HTTP Protocol: PUT replaces a graph, DELETE drops it."""

    name = "gsp"

    def _target(self, graph: str) -> str:
        sep = "&" if self.parts.query else "?"
        query = f"?{self.parts.query}" if self.parts.query else ""
        return f"{self.path}{query}{sep}graph={quote(graph, safe='')}"

    def contains(self, graph: str) -> bool:
        return self._request("HEAD", self._target(graph)) < 400

    def put(self, graphs: Mapping[str, bytes]) -> None:
        for iri, data in graphs.items():
            self._request("PUT", self._target(iri), data, "application/n-triples")

    def drop(self, graphs: Iterable[str]) -> None:
        for iri in graphs:
            self._request("DELETE", self._target(iri))


@register_store("update")
class SparqlUpdate(_Http):
    """SPARQL 1.1 Update: ``DROP SILENT GRAPH`` then ``INSERT DATA``, a few MB per request."""

    name = "update"

    def _post(self, operations: Iterable[bytes]) -> None:
        batch: list[bytes] = []
        for op in operations:
            batch.append(op)
            if sum(map(len, batch)) > 4 * BULK_BYTES:
                self._request("POST", self.path, b" ;\n".join(batch), "application/sparql-update")
                batch = []
        if batch:
            self._request("POST", self.path, b" ;\n".join(batch), "application/sparql-update")

    def put(self, graphs: Mapping[str, bytes]) -> None:
        self._post(b"DROP SILENT GRAPH <%s> ;\nINSERT DATA { GRAPH <%s> {\n%s} }" % (iri.encode(), iri.encode(), data)
                   for iri, data in graphs.items())

    def drop(self, graphs: Iterable[str]) -> None:
        self._post(b"DROP SILENT GRAPH <%s>" % iri.encode() for iri in graphs)
