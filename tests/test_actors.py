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


def test_an_armed_group_speaks_as_itself_a_de_facto_authority_through_its_ministries(
        extract_text):
    record = extract_text("Selon le ministère de la Santé du Hamas, 40 personnes ont été tuées. "
                          "Le ministère de la Défense du Haut-Karabakh a fait état de trois "
                          "soldats tués.", "2023-11-02")
    assert [c.claimed_by for c in record.casualties] == ["HAMAS", "NK.MOD"]


def test_names_read_through_the_story_once_its_counts_and_people_are_known(nlp):
    """A term and a person the article introduces are read with what the whole article
    says, though the first pass over its names (the counting) could not know it yet."""
    from veille.actors import article_actors
    from veille.nlp import make_doc
    from veille.read.text import parse_plain

    text = ("Le ministre arménien de la Défense, Arman Vardanian, a visité le front lundi. "
            "Vardanian a affirmé que les séparatistes du Haut-Karabakh tenaient leurs "
            "positions. Les séparatistes ont démenti.")
    doc = nlp(make_doc(nlp, parse_plain(text, "t", "test", published="2023-10-02")))
    actors = article_actors(doc)
    words = [t.text for t in doc]
    person = words.index("Vardanian", words.index("Arman") + 2)
    term = len(words) - 1 - words[::-1].index("séparatistes")
    assert actors.resolve(doc[person:person + 1]).source == "AM.MOD"
    assert actors.resolve(doc[term - 1:term + 1]).source == "NK"
