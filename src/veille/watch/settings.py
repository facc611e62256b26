"""The watcher's settings: the defaults of ``data/watch.toml`` with a user file laid
over them, as one frozen object passed down to every part of the watcher."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

import platformdirs

from veille.lexicon import data_path


class SettingsError(Exception):
    """A settings file that cannot be read or holds an unknown or ill-typed key."""


@dataclass(frozen=True)
class WatchSettings:
    user_agent: str
    timeout: float
    connections: int
    per_host: int
    max_bytes: int
    robots: bool
    interval: float
    backoff_base: float
    backoff_max: float
    retry_after_max: float
    tick: float
    fetch_pages: bool
    languages: tuple[str, ...]
    min_chars: int
    batch: int
    tracking: tuple[str, ...]
    shingle: int
    permutations: int
    bands: int
    threshold: float
    retry_base: float
    retry_max: float

    def replace(self, **changes) -> WatchSettings:
        return load_settings(overrides={**self.__dict__, **changes})


def default_settings_file() -> Path:
    return Path(os.environ.get("VEILLE_WATCH_SETTINGS")
                or Path(platformdirs.user_config_dir("veille")) / "watch.toml")


def read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path}: {error}") from None


def flatten(tables: dict, origin: str) -> dict:
    """{table: {key: value}} -> {key: value}; keys are unique across tables."""
    flat = {}
    for table, values in tables.items():
        if not isinstance(values, dict):
            raise SettingsError(f"{origin}: [{table}] is not a table")
        flat.update(values)
    return flat


def load_settings(path: Path | None = None, overrides: dict | None = None) -> WatchSettings:
    """Defaults, then the user file (``path``, else the default one if it exists), then
    ``overrides`` (keys as in WatchSettings)."""
    values = flatten(read_toml(data_path("watch.toml")), "watch.toml")
    user = path or default_settings_file()
    if path is not None or user.is_file():
        for key, value in flatten(read_toml(user), str(user)).items():
            if key not in values:
                raise SettingsError(f"{user}: unknown setting {key!r}")
            values[key] = value
    values.update(overrides or {})
    return WatchSettings(**{f.name: typed(f.name, values[f.name], f.type) for f in
                            fields(WatchSettings)})


def typed(key: str, value, kind: str):
    """A setting as the type WatchSettings declares (int accepted for float)."""
    if kind.startswith("tuple"):
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise SettingsError(f"setting {key!r} must be a list of strings")
        return tuple(value)
    expected = {"str": str, "float": (int, float), "int": int, "bool": bool}[kind]
    if isinstance(value, bool) and kind != "bool" or not isinstance(value, expected):
        raise SettingsError(f"setting {key!r} must be a {kind}, not {value!r}")
    return float(value) if kind == "float" else value
