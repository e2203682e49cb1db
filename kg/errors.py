"""One error base for kg; every message says what, where and what to do.

The command line turns a :class:`KGError` into one line on stderr and its
``exit_code`` without a traceback: 2 for a user mistake (a missing input, an
unknown query name, bad SPARQL), 1 when there was nothing to build.

>>> err = UnknownNameError("query", "supplier", ["sanctions", "suppliers"])
>>> print(err)
unknown query 'supplier'; known: sanctions, suppliers
>>> err.exit_code, NothingToBuild("no article could be read").exit_code
(2, 1)
"""
from __future__ import annotations

__all__ = ["KGError", "InputError", "NothingToBuild", "QueryError", "OntologyError", "StoreError",
           "ExportError", "ClusterError", "UnknownNameError"]


class KGError(Exception):
    """Base of every error kg reports to a user."""

    exit_code = 2


class InputError(KGError):
    """An input file or folder cannot be used."""


class NothingToBuild(InputError):
    """Every input was skipped (unreadable, empty, no article text): exit code 1.

    The inputs existed, so this is not a usage mistake; the message lists each
    skipped file and why.
    """

    exit_code = 1


class QueryError(KGError):
    """A SPARQL query is unknown, malformed or cannot run."""


class OntologyError(KGError):
    """ontology.ttl or a data file under kg/data is malformed."""


class StoreError(KGError):
    """A graph store cannot be opened, read or written."""


class ExportError(KGError):
    """An export (graph.ttl, graph.jsonld, graph.html) cannot be written; the others were."""


class ClusterError(KGError):
    """A Dask scheduler cannot be reached, or its workers failed."""


class UnknownNameError(KGError):
    """A name (query, store, format, relation) is not registered; lists what is."""

    def __init__(self, kind: str, name: str, known: list[str]) -> None:
        self.kind, self.name, self.known = kind, name, sorted(known)
        listed = ", ".join(self.known) or "none"
        super().__init__(f"unknown {kind} {name!r}; known: {listed}")
