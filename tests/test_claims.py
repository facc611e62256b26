"""Claims: who says what, with which stance, in sentences of several wars."""
from __future__ import annotations

import pytest


def claims(extract_text, text, published="2024-01"):
    return [(c.source, c.stance, c.evidence) for c in extract_text(text, published).claims]


def only(extract_text, text, published="2024-01"):
    found = claims(extract_text, text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, source, stance, words", [
    # incises after a quotation, with the speaker after the verb
    ('"Les forces arméniennes ont violé le cessez-le-feu 130 fois", a déclaré le ministère '
     "azerbaïdjanais de la Défense.", "AZ.MOD", "accuse", "ont violé le cessez-le-feu"),
    ("«Nous avons repoussé toutes les attaques», a assuré l'état-major ukrainien.",
     "UA.MOD", "assert", "repoussé toutes les attaques"),
    # que-clauses, infinitives, complements
    ("Le ministère russe de la Défense a affirmé que ses troupes avaient pris Avdiïvka.",
     "RU.MOD", "assert", "ses troupes avaient pris Avdiïvka"),
    # a party saying it killed enemies asserts; blaming another party for an act accuses
    ("L'armée israélienne a affirmé avoir tué une dizaine de combattants du Hamas.",
     "IL.MOD", "assert", "avoir tué une dizaine"),
    ("Le ministère de la Santé du Hamas a affirmé que des frappes israéliennes avaient tué "
     "20 personnes.", "HAMAS", "accuse", "des frappes israéliennes"),
    ("Le Rwanda a affirmé qu'il n'avait rien à voir avec ces combats.", "RW.GOV", "deny",
     "rien à voir"),
    ("L'armée malienne a affirmé dans un communiqué avoir neutralisé une vingtaine de "
     "terroristes.", "ML.MOD", "assert", "avoir neutralisé"),
    ("Le gouvernement congolais a accusé le Rwanda de soutenir les rebelles du M23.",
     "CD.GOV", "accuse", "de soutenir les rebelles"),
    ("Le secrétaire général de l'ONU, Antonio Guterres, a appelé à un cessez-le-feu "
     "humanitaire immédiat.", "UN", "call", "cessez-le-feu humanitaire"),
    ("La Russie a demandé à l'Azerbaïdjan de rétablir l'accès au corridor de Latchine.",
     "RU.GOV", "call", "de rétablir l'accès"),
    ("Le ministère russe des Affaires étrangères a exhorté les deux parties à faire preuve "
     "de retenue.", "RU.MFA", "call", "à faire preuve de retenue"),
    ("Le Hamas a démenti toute implication dans l'attaque.", "HAMAS", "deny",
     "toute implication"),
    ("Le JNIM a revendiqué une embuscade contre un convoi militaire près de Tombouctou.",
     "JNIM", "assert", "une embuscade contre un convoi"),
    # attribution by preposition
    ("Au moins 12 civils ont été tués à Kharkiv, selon le gouverneur régional Oleg "
     "Synegoubov.", "UA.OTHER", "assert", "Au moins 12 civils ont été tués"),
    ("Selon l'OSDH, 24 combattants ont péri dans les combats.", "OSDH", "assert",
     "24 combattants ont péri"),
    ("D'après la Maison Blanche, les négociations progressent.", "US.GOV", "assert",
     "les négociations progressent"),
    # unique institutions, capitals as metonyms, named office holders
    ("Le porte-parole du Kremlin, Dmitri Peskov, a déclaré que Moscou était prêt à négocier.",
     "RU.GOV", "assert", "Moscou était prêt à négocier"),
    ("Kigali a rejeté ces accusations.", "RW.GOV", "deny", "ces accusations"),
    ("Tsahal a annoncé la mort de deux soldats.", "IL.MOD", "assert", "la mort de deux soldats"),
    ("Le président Zelensky a dénoncé une frappe sur un hôpital.", "UA.GOV", "accuse",
     "une frappe sur un hôpital"),
    # de facto authorities and armed groups
    ("Les autorités séparatistes du Karabakh ont fait état de 32 morts.", "NK.GOV", "assert",
     "32 morts"),
    ("Les FSR ont accusé l'armée soudanaise d'avoir bombardé des quartiers civils.", "RSF",
     "accuse", "d'avoir bombardé des quartiers civils"),
    ("Les rebelles du M23 ont affirmé contrôler la ville de Sake.", "M23", "assert",
     "contrôler la ville de Sake"),
    ("Selon le ministère de la Santé du Hamas, 35 personnes ont été tuées.", "HAMAS",
     "assert", "35 personnes ont été tuées"),
])
def test_speaker_source_stance_and_content(extract_text, text, source, stance, words):
    found = claims(extract_text, text)
    assert any(s == source and st == stance and words in e for s, st, e in found), found


def test_pronoun_after_a_quote_refers_to_the_last_speaker(extract_text):
    text = ('"Les tirs provenaient du territoire arménien", a déclaré le ministère '
            'azerbaïdjanais de la Défense. "L\'armée a répliqué", a-t-il précisé.')
    found = claims(extract_text, text, "2022-02")
    assert [s for s, _, _ in found] == ["AZ.MOD", "AZ.MOD"]


def test_la_meme_source(extract_text):
    text = ("Des unités azerbaïdjanaises ont ouvert le feu dans le Haut-Karabakh, a indiqué le "
            "ministère de la Défense séparatiste. «Quatre soldats ont été tués», selon la même "
            "source.")
    found = claims(extract_text, text, "2023-06")
    assert [s for s, _, _ in found] == ["NK.MOD", "NK.MOD"]


def test_pronoun_after_a_narrative_sentence(extract_text):
    text = ("Le conseiller présidentiel azerbaïdjanais Hikmet Hajiyev a diffusé une vidéo sur "
            "Twitter. Il a dénoncé une attaque contre des civils.")
    assert only(extract_text, text, "2020-10")[:2] == ("AZ.GOV", "accuse")


def test_joint_statement_of_several_countries(extract_text):
    text = ("Les trois pays – Russie, France et Etats-Unis – ont dénoncé les attaques contre "
            "des civils.")
    assert only(extract_text, text, "2020-10")[0] == "RU+FR+US"


def test_both_sides_and_each_side(extract_text):
    text = ("L'Arménie et l'Azerbaïdjan s'affrontent. Les deux camps disent avoir tué de 2000 "
            "à 3000 soldats ennemis.")
    assert ("AM+AZ", "assert") in [(s, st) for s, st, _ in claims(extract_text, text, "2020-10")]


def test_ce_que_x_a_dementi(extract_text):
    text = ("L'Azerbaïdjan a affirmé avoir pris le contrôle d'un village, ce que Erevan a "
            "démenti.")
    found = claims(extract_text, text, "2022-02")
    assert ("AZ.GOV", "assert") in [(s, st) for s, st, _ in found]
    assert ("AM.GOV", "deny", "ce que Erevan a démenti") in found


def test_office_from_the_text_wins_over_the_registry(extract_text):
    # Kerry left the State Department in 2017: the text's own title says who he is
    text = "Le secrétaire d'Etat américain John Kerry a appelé les deux parties à négocier."
    assert only(extract_text, text, "2022-02")[0] == "US.MFA"


def test_registry_office_holders_have_periods(extract_text):
    text = "Nikol Pachinian a affirmé que la situation était sous contrôle."
    assert only(extract_text, text, "2020-11")[0] == "AM.GOV"


def test_local_sources_take_the_story_country(extract_text):
    text = "Au moins 15 villageois ont été tués près de Bandiagara, au Mali, selon des élus locaux."
    assert only(extract_text, text, "2023-09")[0] == "ML.OTHER"


@pytest.mark.parametrize("text", [
    "L'Azerbaïdjan menace de reprendre la région par la force.",
    "La région, toujours reconnue comme faisant partie de l'Azerbaïdjan, reste tendue.",
    "Les séparatistes, soutenus par Erevan, ont pris le contrôle de la région en 1994.",
    "►►► À lire aussi : Haut Karabakh : l'Arménie affirme que la guerre a repris",
])
def test_not_statements(extract_text, text):
    assert claims(extract_text, text, "2022-02") == []
