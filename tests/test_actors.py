"""The actor registry: countries, demonyms, armed groups and bodies, by their French names."""
from __future__ import annotations

import pytest

from veille.actors import registry


@pytest.mark.parametrize("word, code", [
    ("philippins", "PH"), ("thaïlandaise", "TH"), ("kirghizes", "KG"), ("ouzbèkes", "UZ"),
    ("bangladais", "BD"), ("centrafricains", "CF"), ("tanzanienne", "TZ"),
])
def test_demonyms_of_more_theatres(word, code):
    assert registry().demonym(word) == code


@pytest.mark.parametrize("name, code", [
    ("Hachd al-Chaabi", "PMF"), ("Armée d'Arakan", "AA"), ("Front al-Nosra", "NUSRA"),
    ("Maï-Maï", "MAIMAI"), ("anti-balaka", "ANTIBALAKA"), ("Abou Sayyaf", "ABUSAYYAF"),
    ("Bureau de coordination des affaires humanitaires", "UN"), ("État islamique", "ISIS"),
    ("Observatoire syrien des droits de l'homme", "OSDH"), ("Amnesty International", "AMNESTY"),
    ("Reporters sans frontières", "RWB"),
])
def test_groups_and_bodies_have_the_record_format_s_codes(name, code):
    assert registry().lookup(name).code == code


def test_a_common_word_is_not_a_capital():
    assert registry().lookup("berne") is None  # "drapeaux en berne"
