"""What one query may do: no federated ``SERVICE`` unless allowed, a time
limit and a memory limit, for ``kg query`` and ``kg serve`` alike.

``SERVICE`` is found by reading the query as the parser does: comments,
strings, IRIs, variables and prefixed names are read whole, so only the
keyword itself counts, in any case (``?service`` and ``ex:service`` are names):

>>> uses_service('SELECT * { service <http://10.0.0.1/x> { ?s ?p ?o } }')
True
>>> uses_service('SELECT ?service { ?s ex:service "SERVICE <x>" } # SERVICE')
False

A query runs in a process of its own (:func:`run_limited`) whose memory is
capped (``RLIMIT_DATA``: its heap and private mappings, which a growing query
fills, and not the address space that threads and mapped files reserve):
Oxigraph stops it when an allocation fails, and only that process ends. The calling thread waits on a pipe, so a Ctrl-C
reaches it at once and the query process is killed.
"""
from __future__ import annotations

import multiprocessing
import re
import signal
from typing import Any, Callable

from ..errors import KGError, QueryError

__all__ = ["uses_service", "refuse_service", "limit_memory", "memory_message", "run_limited", "SERVICE_REFUSED",
           "MEMORY_MB", "TIMEOUT"]

TIMEOUT = 30.0  # seconds a query may run, in kg serve and kg query alike
MEMORY_MB = 2048  # a query process's memory (RLIMIT_DATA); one with the store open uses about 85 MB
SERVICE_REFUSED = ("federated SERVICE queries are off: they make this machine send requests to other hosts; "
                   "start with --allow-service to allow them")

_TOKENS = re.compile(r"""
      \#[^\n]*                                           # comment
    | "{3}(?:[^"\\]|\\.|"(?!""))*"{3} | '{3}(?:[^'\\]|\\.|'(?!''))*'{3}
    | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'         # strings
    | <[^<>"{}|^`\\\s]*>                                # IRIs
    | [?$]\w+                                            # variables
    | [\w.\-]*:[\w.:%\-]*                                # prefixed names: ex:service, service:x, :service
    | (?P<service> \bSERVICE\b )                          # the keyword
    | \w+                                                # any other word, read whole
""", re.X | re.I)


def uses_service(text: str) -> bool:
    """Whether SPARQL ``text`` has a ``SERVICE`` clause (outside comments, strings and IRIs)."""
    return any(m.group("service") for m in _TOKENS.finditer(text))


def refuse_service(text: str, allow: bool) -> None:
    """Raise a :class:`QueryError` when ``text`` calls a ``SERVICE`` and that is not allowed."""
    if not allow and uses_service(text):
        raise QueryError(SERVICE_REFUSED)


def limit_memory(megabytes: float) -> None:
    """Cap this process's memory (heap and private mappings); an allocation past it fails (0: no cap)."""
    import resource

    if megabytes > 0:
        cap = int(megabytes * 2**20)
        hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
        resource.setrlimit(resource.RLIMIT_DATA, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))


def memory_message(megabytes: float, flag: str) -> str:
    return (f"the query was stopped: it needed more than the {megabytes:g} MB memory limit ({flag}); "
            "add a LIMIT, a narrower pattern, or raise the limit")


def _child(conn, megabytes: float, fn: Callable[..., Any], args: tuple) -> None:
    import os

    limit_memory(megabytes)
    # Oxigraph prints a line of its own before it aborts on a failed allocation; the parent says it better
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    try:
        conn.send((True, fn(*args)))
    except KGError as exc:
        conn.send((False, (str(exc), exc.exit_code)))
    except MemoryError:
        conn.send((False, (memory_message(megabytes, "--memory-mb"), 2)))
    except Exception as exc:  # noqa: BLE001 - reported as one line by the parent, not lost with stderr
        conn.send((False, (f"the query failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
                           1)))


def run_limited(fn: Callable[..., Any], args: tuple, *, timeout: float, megabytes: float) -> Any:
    """``fn(*args)`` in a spawned process of at most ``megabytes``, stopped after ``timeout`` seconds.

    Its :class:`KGError` is raised here with its message and exit code; a
    process that dies (out of memory) or runs too long is a :class:`QueryError`;
    Ctrl-C (KeyboardInterrupt here) kills it at once.
    """
    ctx = multiprocessing.get_context("spawn")
    conn, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, megabytes, fn, args), daemon=True)
    proc.start()
    child.close()
    try:
        if not conn.poll(timeout):
            raise QueryError(f"the query was stopped after the {timeout:g} s time limit (--timeout); "
                             "add a LIMIT or a narrower pattern, or give it more time")
        ok, value = conn.recv()
    except EOFError:  # it died: Oxigraph aborts a process whose allocation failed
        proc.join(5)
        if proc.exitcode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGKILL):
            raise QueryError(memory_message(megabytes, "--memory-mb")) from None
        raise QueryError(f"the query process ended without an answer (exit code {proc.exitcode})") from None
    finally:
        proc.kill()
        proc.join(5)
        conn.close()
    if not ok:
        error = QueryError(value[0])
        error.exit_code = value[1]
        raise error
    return value
