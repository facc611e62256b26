"""Places: regions and provinces by the names the French press gives them, and countries
by their short names."""
from __future__ import annotations

import pytest


def places(extract_text, text):
    return {p.mention: p for p in extract_text(text).places}


@pytest.mark.parametrize("text, mention, country, feature", [
    # a region GeoNames names in English ("Far North"), by its ISO 3166-2 French name
    ("Boko Haram a attaqué un village de la région de l'Extrême-Nord, au Cameroun.",
     "Extrême-Nord", "CM", "region"),
    # a province, second-level division of Burkina Faso
    ("Au Burkina Faso, une embuscade a fait 12 morts dans la province du Soum.",
     "Soum", "BF", "district"),
])
def test_divisions_by_their_french_names(extract_text, text, mention, country, feature):
    found = places(extract_text, text)[mention]
    assert (found.country, found.feature) == (country, feature)


@pytest.mark.parametrize("text, short, country", [
    ("Le président de la République de Moldova a dénoncé une provocation.", "Moldova", "MD"),
    ("Les troupes de la République d'Ouzbékistan ont été mises en alerte.", "Ouzbékistan",
     "UZ"),
])
def test_a_country_s_long_form_is_named_by_its_short_name(extract_text, text, short, country):
    found = places(extract_text, text)
    assert set(found) == {short} and found[short].country == country
