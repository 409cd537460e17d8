"""Typed configuration from environment variables, all prefixed `LINKWISE_` (e.g. LINKWISE_PORT=9000)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LINKWISE_", extra="ignore", frozen=True)

    database_url: str = Field(
        "sqlite:///./linkwise.db",
        description="SQLAlchemy URL; the default is a SQLite file in the working directory. "
        "postgresql://user:password@host/db selects PostgreSQL through psycopg 3.",
    )
    # Kept out of repr so the token never lands in logs or tracebacks.
    merchandiser_token: str | None = Field(
        None, repr=False, description="bearer token for merchandiser mutations; None disables them"
    )
    solver_time_limit_s: float = Field(5.0, gt=0, le=3600, description="wall-clock limit per solve")
    solver_work_limit: int | None = Field(
        None, ge=1, description="work-step limit per solve (none by default); tests set it with a wall-clock "
        "limit no machine reaches, so a busy machine cannot turn an answer incomplete")
    max_page_size: int = Field(100, ge=1, le=10_000, description="cap on `first` in connections")
    warm_on_load: bool = Field(
        True, description="solve and count every style's empty selection in the background when a catalog "
        "version is first loaded, so the first shoppers' requests find it done"
    )
    warm_time_limit_s: float = Field(120.0, gt=0, le=3600, description="warm-up limit per style")
    max_style_slots: int = Field(500, ge=30, le=100_000, description="most slots a style may hold "
                                 "(option slots included); rule-heavy styles hold hundreds")
    max_body_bytes: int = Field(
        256 * 1024, ge=1024, le=1024**3,
        description="largest GraphQL request body a shopper may send; refused (413) before it is parsed",
    )
    max_merchandiser_body_bytes: int = Field(
        64 * 1024 * 1024, ge=1024, le=1024**3,
        description="largest body with a valid merchandiser token (importCatalog documents are big)",
    )
    max_pending_requests: int = Field(
        32, ge=1, le=100_000,
        description="GraphQL requests one worker process holds at once (running or queued); "
        "more are refused with 429 and Retry-After instead of waiting unboundedly",
    )
    retry_after_s: int = Field(1, ge=1, le=3600, description="Retry-After sent with a 429")
    solver_threads: int | None = Field(
        None, ge=1, le=256,
        description="solver threads per worker process; default: the cores divided among the workers",
    )
    workers: int | None = Field(
        None, ge=1, le=256, description="worker processes of `linkwise serve`; default: the core count"
    )
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    env: Literal["development", "test", "production"] = Field(
        "development", description="development serves GraphiQL; production does not"
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read from the environment once (get_settings.cache_clear() rereads)."""
    return Settings()
