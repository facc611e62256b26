"""/api/words: the dashboard's words in one language, from data/ui/<lang>.toml.

French is the default; another language falls back to the French word key by key."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from veille import lexicon

DEFAULT = "fr"
Language = Literal["fr", "en"]

router = APIRouter(tags=["dashboard"])


def flat(table: dict, prefix: str = "") -> dict[str, str]:
    """{'types': {'Battles': 'Combats'}} -> {'types.Battles': 'Combats'}."""
    words: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            words.update(flat(value, f"{prefix}{key}."))
        else:
            words[prefix + key] = str(value)
    return words


def words(lang: str) -> dict[str, str]:
    """The words of ``lang``, each missing one taken from the default language."""
    return {**flat(lexicon.load(DEFAULT, folder="ui")), **flat(lexicon.load(lang, "ui"))}


def languages() -> dict[str, str]:
    return {lang: flat(lexicon.load(lang, "ui"))["meta.language"]
            for lang in Language.__args__}


@router.get("/api/words")
def ui_words(lang: Language = DEFAULT) -> dict:
    """The dashboard's words in ``lang`` (key -> word), and the languages offered."""
    return {"lang": lang, "languages": languages(), "words": words(lang)}
