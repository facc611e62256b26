"""Dates: every construction with a day, a month and no reference date."""
from __future__ import annotations

import re

import pytest

from veille.extract.time import DAYNUM_REGEX, DAYNUMS, YEAR_REGEX, YEARS


def dates(extract_text, text, published):
    return {m.evidence: (m.value, m.precision, m.until, m.relation)
            for m in extract_text(text, published).dates}


@pytest.mark.parametrize("text, published, evidence, expected", [
    # weekdays and parts of day
    ("Les combats ont repris mercredi matin.", "2022-09-14", "mercredi matin",
     ("2022-09-14", "day", None, "at")),
    ("Les combats ont repris mercredi matin.", "2022-09-16", "mercredi matin",
     ("2022-09-14", "day", None, "at")),
    ("Les combats ont repris mercredi matin.", "2022-09", "mercredi matin",
     ("2022-09", "month", None, "at")),
    ("Les combats ont repris mercredi matin.", None, "mercredi matin",
     (None, None, None, "at")),
    ("Le bombardement a eu lieu dimanche soir.", "2016-04-04", "dimanche soir",
     ("2016-04-03", "day", None, "at")),
    ("Mardi dernier, deux obus sont tombés.", "2022-09-13", "Mardi dernier",
     ("2022-09-06", "day", None, "at")),
    # nights
    ("Des tirs ont eu lieu dans la nuit de vendredi à samedi.", "2016-04-03",
     "dans la nuit de vendredi à samedi", ("2016-04-01", "day", "2016-04-02", "at")),
    ("Des tirs ont eu lieu dans la nuit de vendredi à samedi.", "2016-04",
     "dans la nuit de vendredi à samedi", ("2016-04", "month", None, "at")),
    ("Des tirs ont eu lieu dans la nuit du 3 au 4 avril.", "2016-04-05",
     "dans la nuit du 3 au 4 avril", ("2016-04-03", "day", "2016-04-04", "at")),
    ("Des miliciens ont attaqué le camp dans la nuit du vendredi au samedi 14 mars.",
     "2020-03", "dans la nuit du vendredi au samedi 14 mars", ("2020-03-14", "day", None, "at")),
    ("Une embuscade a été tendue la nuit de jeudi 3 juin 2021 près de Gao.", "2021-06",
     "la nuit de jeudi 3 juin 2021", ("2021-06-03", "day", None, "at")),
    # periods of days: the month they end in
    ("Du 3 au 9 mars 2023, quarante civils ont été tués.", "2023-04", "Du 3 au 9 mars 2023",
     ("2023-03", "month", None, "at")),
    ("Du 28 février au 3 mars, les frappes ont tué dix civils.", "2023-03-05",
     "Du 28 février au 3 mars", ("2023-03", "month", None, "at")),
    # days relative to the story
    ("Hier, trois obus sont tombés.", "2020-10-05", "Hier", ("2020-10-04", "day", None, "at")),
    ("Hier, trois obus sont tombés.", "2020-10", "Hier", ("2020-10", "month", None, "at")),
    ("Hier, trois obus sont tombés.", None, "Hier", (None, None, None, "at")),
    ("Avant-hier, une frappe a visé Goma.", "2024-02-08", "Avant-hier",
     ("2024-02-06", "day", None, "at")),
    ("Aujourd'hui, le calme est revenu.", "2024-02-08", "Aujourd'hui",
     ("2024-02-08", "day", None, "at")),
    ("Des combats ont eu lieu ce week-end.", "2024-02-12", "ce week-end",
     ("2024-02-12", "week", None, "at")),
    ("La Russie a demandé la semaine dernière un accès.", "2023-06-15", "la semaine dernière",
     ("2023-06-08", "week", None, "at")),
    ("La Russie a demandé la semaine dernière un accès.", "2023-06", "la semaine dernière",
     ("2023-06", "month", None, "at")),
    ("Le mois dernier, l'armée a repris Kidal.", "2023-12-02", "Le mois dernier",
     ("2023-11", "month", None, "at")),
    ("Le mois dernier, l'armée a repris Kidal.", "2023-12", "Le mois dernier",
     ("2023-11", "month", None, "at")),
    # parts of months
    ("Les ministres s'étaient vus début mai à Washington.", "2023-06", "début mai",
     ("2023-05", "month", None, "at")),
    ("Ils se retrouveront à la mi-mai.", "2023-06-01", "mi-mai", ("2023-05", "month", None, "at")),
    ("Fin décembre, Erevan a protesté.", "2023-06", "Fin décembre",
     ("2022-12", "month", None, "at")),
    ("Fin décembre, Erevan a protesté.", None, "Fin décembre", None),
    # explicit dates
    ("Le conflit a repris le 27 septembre.", "2020-10", "27 septembre",
     ("2020-09-27", "day", None, "at")),
    ("Le conflit a repris le 27 septembre.", "2021-02-03", "27 septembre",
     ("2020-09-27", "day", None, "at")),
    ("Le conflit a repris le 27 septembre.", None, "27 septembre", None),
    ("Samedi 1er mai, une frappe a touché Kharkiv.", "2021-05-03", "Samedi 1er mai",
     ("2021-05-01", "day", None, "at")),
    ("Le cessez-le-feu du 10 novembre 2020 tient.", None, "10 novembre 2020",
     ("2020-11-10", "day", None, "at")),
    ("Le cessez-le-feu du 10 novembre 2020 tient.", "2022-02", "10 novembre 2020",
     ("2020-11-10", "day", None, "at")),
    # years, decades, spans
    ("La région a fait sécession en 1994.", "2020-10", "en 1994", ("1994", "year", None, "at")),
    ("Au début des années 1990, la guerre a éclaté.", "2022-02",
     "Au début des années 1990", ("1990", "year", "1999", "at")),
    ("Les combats ont duré entre 1988 et 1994.", None, "entre 1988 et 1994",
     ("1988", "year", "1994", "between")),
    ("Des combats opposent les deux camps depuis le 27 septembre.", "2020-10",
     "27 septembre", ("2020-09-27", "day", None, "since")),
    ("Depuis décembre, Erevan accuse son voisin.", "2023-06", "Depuis décembre",
     ("2022-12", "month", None, "since")),
    ("La guerre a repris à l'automne 2020.", "2023-06", "à l'automne 2020",
     ("2020", "year", None, "at")),
])
def test_constructions(extract_text, text, published, evidence, expected):
    found = dates(extract_text, text, published)
    if expected is None:
        assert evidence not in found or found[evidence][0] is None
    else:
        assert found[evidence] == expected


@pytest.mark.parametrize("text", [
    "Les deux camps disent avoir tué de 2000 à 3000 soldats ennemis.",
    "Sept soldats ont été blessés.",
    "Il y a 1994 habitants dans le village.",
    "Des miliciens ont incendié des maisons dans le village de Juin-Gara.",
])
def test_numbers_that_are_not_dates(extract_text, text):
    assert not extract_text(text, "2020-10").dates


def test_header_contradicted_by_the_text_gives_a_warning(extract_text):
    record = extract_text("Samedi 2 avril 2016, les combats ont repris au Karabakh.", "2022-02")
    assert any("2022-02" in w and "2016-04-02" in w for w in record.warnings)


def test_a_past_date_told_as_history_is_no_warning(extract_text):
    record = extract_text("Le cessez-le-feu du 10 novembre 2020 tient toujours.", "2022-02")
    assert not record.warnings


def test_offsets_slice_back(extract_text):
    text = " date 2016-04-03 Dans la nuit de vendredi à samedi, et dimanche matin, des tirs."
    from veille.extract import extract_one
    from veille.read.text import parse_plain

    record = extract_one(parse_plain(text, "t", "t"))
    assert record.dates
    for mention in record.dates:
        assert text[mention.start:mention.end] == mention.evidence


def test_the_first_pattern_in_the_lexicon_names_words_two_patterns_read(extract_text):
    """'début février' is read by the month_part and the month patterns alike: the kind
    is the first one's, whatever the process (no set order decides)."""
    record = extract_text("Les combats durent depuis début février à Saké.", "2024-02-20")
    assert [(m.evidence, m.kind) for m in record.dates] == [("début février", "month_part")]


@pytest.mark.parametrize("text, expected", [
    # the day before or after the last full date the story told
    ("Dimanche 12 mars, des hommes armés sont entrés à Djibo. La veille au soir, ils "
     "avaient attaqué un convoi.", ("La veille", "2023-03-11")),
    ("L'offensive a commencé le 3 mars. Le lendemain, la ville était encerclée.",
     ("Le lendemain", "2023-03-04")),
    # nothing to count from: no date, or only the date of a document
    ("La veille, des tirs avaient été entendus.", ("La veille", None)),
    ("Des frappes ont touché Rafah le 3 mars. Selon un rapport du 20 février, la situation "
     "est grave. Le lendemain, de nouvelles frappes ont eu lieu.", ("Le lendemain",
                                                                     "2023-03-04")),
    ("Le 5 mars, des drones ont frappé Kharkiv. L’avant-veille, des missiles avaient touché "
     "Odessa.", ("L’avant-veille", "2023-03-03")),
])
def test_days_told_from_the_last_date(extract_text, text, expected):
    found = {m.evidence: m.value for m in extract_text(text, "2023-03").dates}
    assert found.get(expected[0]) == expected[1]


def test_the_eve_of_a_named_event_is_not_told_from_a_date(extract_text):
    record = extract_text("Le 3 mars, la veille du scrutin, des tirs ont éclaté.", "2023-03")
    assert [m.evidence for m in record.dates] == ["3 mars"]


def test_the_number_classes_list_every_word_their_regex_reads():
    """A word's classes are looked up in word lists, the patterns read numbers by regex:
    both must say the same of every number."""
    numbers = [str(n) for n in range(10000)] + [f"{n}er" for n in range(100)] + ["01", "1e"]
    for regex, words in ((DAYNUM_REGEX, DAYNUMS), (YEAR_REGEX, YEARS)):
        assert {n for n in numbers if re.fullmatch(regex, n)} == words
