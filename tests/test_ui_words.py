"""The dashboard's words catalogue (data/ui/*.toml): the same keys in every language,
every key the dashboard uses present, and the route that serves them."""
from __future__ import annotations

import re
import typing

from fastapi.testclient import TestClient

from veille import lexicon
from veille.models import EventType, Kind, Victims
from veille.routes.ui import flat, words
from veille.serve import create_app

WEB = lexicon.data_path("web")


def catalogue(lang: str) -> dict[str, str]:
    return flat(lexicon.load(lang, "ui"))


def test_every_language_has_the_same_keys():
    assert set(catalogue("en")) == set(catalogue("fr"))


def test_every_key_the_dashboard_uses_is_in_the_catalogue():
    page = (WEB / "index.html").read_text(encoding="utf-8")
    script = (WEB / "app.js").read_text(encoding="utf-8")
    used = set(re.findall(r'data-t="([^"]+)"', page))
    used |= set(re.findall(r'\bt\("([a-z_]+\.[a-z_]+)"', script))
    assert len(used) > 40
    assert used - set(catalogue("fr")) == set()


def test_contract_values_are_keys():
    fr = catalogue("fr")
    for prefix, values in (("types", EventType), ("kinds", Kind), ("victims", Victims)):
        assert {f"{prefix}.{v}" for v in typing.get_args(values)} <= set(fr)
    sub_types = set(re.findall(r'sub_type = "([^"]+)"',
                               lexicon.data_path("lexicons", "events.toml").read_text("utf-8")))
    assert {f"sub_types.{s}" for s in sub_types} <= set(fr)
    assert fr["types.Explosions/Remote violence"] == "Explosions / violence à distance"


def test_words_route(tmp_path):
    client = TestClient(create_app(tmp_path / "v.db"))
    assert client.get("/api/words").json()["words"]["types.Battles"] == "Combats"
    english = client.get("/api/words", params={"lang": "en"}).json()
    assert english["words"]["types.Battles"] == "Battles"
    assert english["languages"] == {"fr": "Français", "en": "English"}
    assert client.get("/api/words", params={"lang": "de"}).status_code == 422
    assert set(english["words"]) == set(words("fr"))
