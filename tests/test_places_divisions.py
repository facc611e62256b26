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


def test_a_name_spelt_otherwise_is_found_in_the_story_s_country(extract_text):
    found = places(extract_text, "Au Mali, des jihadistes ont attaqué un camp militaire dans "
                   "la région de Sikassou, selon l'armée malienne.")
    assert (found["Sikassou"].name, found["Sikassou"].feature) == ("Sikasso", "region")


def test_a_near_spelling_abroad_is_no_match(nlp):
    from veille.extract import make_doc
    from veille.models import Article

    text = "Au Burkina Faso, des jihadistes ont attaqué la localité de Sikassou, dimanche."
    doc = nlp(make_doc(nlp, Article(id="t", text=text, published="2024-02")))
    assert "Sikassou" not in {p.mention for p in doc._.places}
    assert [(p.mention, p.country) for p in doc._.unplaced] == [("Sikassou", "BF")]


@pytest.mark.parametrize("text, mention, name", [
    ("Des séparatistes ont tué deux gendarmes dans le département de la Manyu, dans le "
     "Sud-Ouest du Cameroun.", "Manyu", "Manyu"),
    ("Boko Haram a attaqué un poste de l'armée camerounaise dans le Mayo-Sava.", "Mayo-Sava",
     "Mayo-Sava"),
    ("Les blessés ont été évacués vers Banso, dans le Nord-Ouest du Cameroun.", "Banso",
     "Kumbo"),
    ("Une voiture piégée a explosé dans le quartier de Karrada, à Bagdad.", "Karrada",
     "Karrada"),
    ("Des milliers de femmes vivent encore dans le camp d'Al-Hol, en Syrie.", "Al-Hol",
     "Al-Hol camp"),
])
def test_districts_and_camps_of_the_theatres(extract_text, text, mention, name):
    assert places(extract_text, text)[mention].name == name


def test_a_name_after_arrondissement_is_a_district(nlp):
    from veille.extract import make_doc
    from veille.models import Article

    text = "Au Cameroun, des hommes armés ont incendié des maisons dans l'arrondissement de " \
        "Mbiamé, selon les autorités."
    doc = nlp(make_doc(nlp, Article(id="t", text=text, published="2024-02")))
    assert [(p.mention, p.feature) for p in doc._.unplaced] == [("Mbiamé", "district")]


@pytest.mark.parametrize("text, absent, present", [
    ("Des milliers de manifestants se sont rassemblés place Tahrir, au Caire.", "Tahrir",
     "Caire"),
    ("Une bombe a explosé sur la place Bakou, près du marché de Mossoul.", "Bakou", "Mossoul"),
])
def test_a_square_named_after_a_place_is_not_that_place(extract_text, text, absent, present):
    found = places(extract_text, text)
    assert absent not in found and present in found
