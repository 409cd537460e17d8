"""`linkwise serve`: uvicorn with N worker processes, access logs that name no order or token.

One worker runs in this process. Several run as uvicorn worker processes, each building the app
from the environment (api.app:create_app as a factory): the command line's settings are handed
down as LINKWISE_* variables. Solver work then runs truly in parallel (one GIL per process), and
each worker admits at most `max_pending_requests` at once (api/app.py).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from catalog.settings import Settings

# Settings a worker process must see exactly as the command line gave them.
_HANDED_DOWN = ("database_url", "merchandiser_token", "env", "solver_time_limit_s", "max_page_size",
                "warm_on_load", "max_pending_requests", "solver_threads", "workers")


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
    for name in _HANDED_DOWN:
        value = getattr(settings, name)
        if value is not None:
            os.environ[f"LINKWISE_{name.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
    print(f"{workers} worker processes", file=sys.stderr)
    uvicorn.run("api.app:create_app", factory=True, workers=workers, **config)


def _log_config() -> dict[str, Any]:
    """uvicorn's logging config with the access-log filter installed in every worker process."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = {**LOGGING_CONFIG}
    config["filters"] = {"path_only": {"()": "api.cli_serve.PathOnly"}}
    handlers = {name: dict(handler) for name, handler in LOGGING_CONFIG["handlers"].items()}
    handlers["access"]["filters"] = ["path_only"]
    config["handlers"] = handlers
    return config
