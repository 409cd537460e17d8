"""`linkwise serve`: uvicorn with N worker processes, access logs that name no order or token.

One worker runs in this process. Several are forked from it after it has opened the store, loaded
the newest catalog version and compiled and warmed its solver: every worker starts with that work
done, sharing its memory copy-on-write, instead of building it N times. They accept on one shared
socket; a worker that dies is forked again from the same warm parent. Solver work then runs truly
in parallel (one GIL per process), and each worker admits at most `max_pending_requests` at once
(api/app.py). A version written later is compiled by each worker that reads it, but from that
worker's own warm earlier version (solver.reuse): each rebuilds only what the edit touched, not a
whole warm-up (N workers cost N incremental compiles, not N warm-ups; sharing them across
processes would need the compiled structures in shared memory, not done).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import time
from types import FrameType
from typing import Any

from catalog.settings import Settings

RESPAWN_PAUSE_S = 1.0  # between re-forks of a worker that keeps dying


def worker_count(settings: Settings) -> int:
    return settings.workers or os.cpu_count() or 1


class PathOnly(logging.Filter):
    """Drops the query string from uvicorn's access log: a GET can carry an order reference or a
    claim token in it, and neither may reach a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], args[2].split("?", 1)[0] + "?…", *args[3:])
        return True


def serve(settings: Settings, *, log_level: str) -> None:
    import uvicorn

    from api.app import create_app

    workers = worker_count(settings)
    settings = settings.model_copy(update={"workers": workers})
    config: dict[str, Any] = dict(host=settings.host, port=settings.port, log_level=log_level,
                                  log_config=_log_config())
    if workers == 1:
        uvicorn.run(create_app(settings), **config)
        return
    # Listening first: connections made during the warm-up wait in the backlog, not refused.
    listener = socket.socket(socket.AF_INET6 if ":" in settings.host else socket.AF_INET)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((settings.host, settings.port))
    listener.listen(2048)
    listener.set_inheritable(True)
    # Built and warmed here, with no thread running, so that forking copies a consistent state.
    app = create_app(settings.model_copy(update={"warm_on_load": False}))
    state = app.state.linkwise
    snapshot = state.latest()
    if settings.warm_on_load and snapshot.catalog.styles:
        snapshot.solver.warm(time_limit_s=settings.warm_time_limit_s)
    state.settings = settings  # later versions warm as configured
    print(f"{workers} worker processes, forked from one warm catalog v{snapshot.version}", file=sys.stderr)
    _supervise(workers, lambda: _worker(app, listener, config))


def _worker(app: Any, listener: socket.socket, config: dict[str, Any]) -> None:
    """The body of a forked worker: fresh database connections, then uvicorn on the shared socket."""
    import uvicorn

    app.state.linkwise.store.engine.dispose(close=False)  # the parent's connections stay the parent's
    server = uvicorn.Server(uvicorn.Config(app, **{k: v for k, v in config.items() if k not in ("host", "port")}))
    server.run(sockets=[listener])


def _supervise(workers: int, body: Any) -> None:
    """Fork `workers` children running `body`; fork again any that dies; stop all on SIGTERM/SIGINT."""
    children: set[int] = set()
    stopping = False

    def fork() -> None:
        pid = os.fork()
        if pid == 0:
            _end_with_parent()
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            code = 0
            try:
                body()
            except BaseException:  # a worker's end is reported by its exit code
                logging.getLogger("linkwise.serve").exception("worker failed")
                code = 1
            os._exit(code)
        children.add(pid)

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(workers):
        fork()
    while children:
        try:
            pid, _status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        children.discard(pid)
        if not stopping:
            logging.getLogger("linkwise.serve").warning("a worker process ended; starting another")
            time.sleep(RESPAWN_PAUSE_S)
            if not stopping:
                fork()


def _end_with_parent() -> None:
    """Linux: this worker gets SIGTERM if the supervisor dies (even by SIGKILL), so no orphan keeps
    serving the port. Elsewhere a no-op."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _log_config() -> dict[str, Any]:
    """uvicorn's logging config with the access-log filter installed in every worker process."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = {**LOGGING_CONFIG}
    config["filters"] = {"path_only": {"()": "api.cli_serve.PathOnly"}}
    handlers = {name: dict(handler) for name, handler in LOGGING_CONFIG["handlers"].items()}
    handlers["access"]["filters"] = ["path_only"]
    config["handlers"] = handlers
    return config
