"""One error base for kg; every message says what, where and what to do.

The command line turns a :class:`KGError` into one line on stderr and exit
code 2 (user mistakes) without a traceback.
"""
from __future__ import annotations

__all__ = ["KGError", "InputError", "QueryError", "OntologyError", "StoreError", "UnknownNameError"]


class KGError(Exception):
    """Base of every error kg reports to a user."""

    exit_code = 2


class InputError(KGError):
    """An input file or folder cannot be used."""


class QueryError(KGError):
    """A SPARQL query is unknown, malformed or cannot run."""


class OntologyError(KGError):
    """ontology.ttl or a data file under kg/data is malformed."""


class StoreError(KGError):
    """A graph store cannot be opened, read or written."""


class UnknownNameError(KGError):
    """A name (query, store, format, relation) is not registered; lists what is."""

    def __init__(self, kind: str, name: str, known: list[str]) -> None:
        self.kind, self.name, self.known = kind, name, sorted(known)
        listed = ", ".join(self.known) or "none"
        super().__init__(f"unknown {kind} {name!r}; known: {listed}")
