"""Lexicons and other data files shipped under ``veille/data``, read once per process."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

DATA = files("veille") / "data"


def data_path(*parts: str) -> Path:
    return Path(str(DATA.joinpath(*parts)))


@lru_cache(maxsize=None)
def load(name: str, folder: str = "lexicons") -> dict:
    """The data file ``data/<folder>/<name>.toml`` as a dict."""
    return tomllib.loads(data_path(folder, f"{name}.toml").read_text(encoding="utf-8"))
