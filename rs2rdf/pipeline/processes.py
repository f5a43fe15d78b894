"""The one way rs2rdf starts a worker process: a fresh interpreter on a socket pair.

Build stages beside the others (query store, validation), per-project sheet workers and the
query workers of ``serve`` all run in a :class:`Child`. It is started as ``python -c`` with a
one-line program that imports this module, rather than through :mod:`multiprocessing`'s spawn, which
re-imports the caller's main script in every child: a script calling :func:`rs2rdf.build`
without an ``if __name__ == "__main__"`` guard would have started the build again in each
worker (and ``python -`` or an embedded interpreter cannot be re-imported at all). Here the
child imports only the target's module; the parent's ``sys.path`` is passed on so targets
found there (a test's helper module) are found in the child too.

A fresh interpreter also has a small, predictable address space (about 70 MB), so a
memory budget means the same on every call, and no thread or lock of the caller (a
notebook, a server) is copied into the child. The site's page rendering is the one place
that forks instead (see :mod:`rs2rdf.site.build`): its workers read a large index the
parent already holds, which a fork shares page by page.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from multiprocessing.connection import Connection
from typing import Any, Callable


class Child:
    """``target(conn, *args)`` in a new interpreter; ``conn`` is this side's :attr:`conn` peer.

    ``target`` and ``args`` are pickled (by reference for functions: the target must be
    importable by name). The child ends when ``target`` returns or its connection closes; it
    runs in a process group of its own, so Ctrl-C in a terminal reaches only the parent, which
    stops its children (and the child ignores SIGINT besides).
    """

    def __init__(self, target: Callable[..., Any], *args: Any, name: str = "rs2rdf-worker") -> None:
        mine, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _BOOT, str(theirs.fileno()), name],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, close_fds=True,
                # its own process group: Ctrl-C in a terminal reaches the whole foreground group,
                # also a child still starting up; the parent stops its children itself
                process_group=0)
        finally:
            theirs.close()
        self.name = name
        self.conn = Connection(mine.detach())
        self.conn.send(list(sys.path))  # first, on its own: unpickling the target may need it
        self.conn.send((target, args))

    @property
    def pid(self) -> int:
        return self.process.pid

    def is_alive(self) -> bool:
        return self.process.poll() is None

    @property
    def exitcode(self) -> int | None:
        """The exit status once ended (negative: the signal that ended it), else None."""
        return self.process.poll()

    def join(self, timeout: float | None = None) -> None:
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass

    def kill(self) -> None:
        if self.is_alive():
            self.process.kill()

    def close(self) -> None:
        """Stop the child (killed if it has not ended) and release the connection."""
        self.kill()
        self.join()
        self.conn.close()


#: The child's whole program; ``python -m`` on this module would import it twice (the package
#: imports it first) and runpy warns about that on every start.
_BOOT = "import sys; from rs2rdf.pipeline.processes import child_main; child_main(int(sys.argv[1]))"


def child_main(fd: int) -> None:
    """Run the target sent over ``fd``, then leave without interpreter clean-up (nor any atexit
    handler a target's imports registered); ``sys.argv[2]``, the worker's name, is for ps and top."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn = Connection(fd)
    try:
        sys.path[:] = conn.recv()
        target, args = conn.recv()
    except (EOFError, OSError):
        os._exit(0)
    try:
        target(conn, *args)
    finally:
        conn.close()
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(0)
