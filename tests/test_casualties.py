"""Casualty figures: numbers, qualifiers, kinds, victims, sides, scopes and attribution."""
from __future__ import annotations

import pytest

FIELDS = ("kind", "low", "high", "qualifier", "victims", "side", "scope")


def figures(extract_text, text, published="2024-01"):
    return [tuple(getattr(c, f) for f in FIELDS) + (c.claimed_by,)
            for c in extract_text(text, published).casualties]


def one(extract_text, text, published="2024-01"):
    found = figures(extract_text, text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, low, high", [
    ("La guerre a fait 30.000 morts dans les années 1990.", 30000, 30000),
    ("La guerre a fait 30 000 morts dans les années 1990.", 30000, 30000),
    ("La guerre a fait 30\u00a0000 morts dans les années 1990.", 30000, 30000),
    ("La guerre a fait 30\u202f000 morts dans les années 1990.", 30000, 30000),
    ("La guerre a fait 6’500 morts en 2020.", 6500, 6500),
    ("La guerre a fait 6'500 morts en 2020.", 6500, 6500),
    ("Les affrontements ont fait 1,250 morts selon un bilan.", 1250, 1250),
    ("Les combats ont fait quatre morts.", 4, 4),
    ("Les combats ont fait douze morts et seize blessés.", 12, 12),
    ("Les combats ont fait vingt-deux morts.", 22, 22),
    ("Les combats ont fait deux cent cinquante morts.", 250, 250),
    ("Plus de 1,5 million de personnes ont été déplacées.", 1_500_000, None),
])
def test_numbers_in_digits_and_words(extract_text, text, low, high):
    assert figures(extract_text, text, "2023-06")[0][1:3] == (low, high)


@pytest.mark.parametrize("text, qualifier, low, high", [
    ("Au moins 12 civils ont été tués.", "at_least", 12, None),
    ("Plus de 30 personnes ont été tuées.", "more_than", 30, None),
    ("Près de 200 soldats ont été tués.", "about", 200, 200),
    ("Environ 50 civils ont été tués.", "about", 50, 50),
    ("Quelque 300 combattants ont péri.", "about", 300, 300),
    ("Une centaine de soldats ont été tués.", "about", 100, 100),
    ("Une dizaine de civils ont été blessés.", "about", 10, 10),
    ("Une vingtaine de villageois ont été tués.", "about", 20, 20),
    ("Jusqu'à 40 civils ont pu être tués.", "up_to", 40, 40),
    ("Les deux camps disent avoir tué de 2000 à 3000 soldats ennemis.", "range", 2000, 3000),
    ("Les combats ont fait entre 10 et 15 morts.", "range", 10, 15),
    ("Les affrontements ont fait deux ou trois morts.", "range", 2, 3),
    ("Le bilan de la guerre dépasse les 8 000 morts.", "more_than", 8000, None),
    ("Le bilan a franchi la barre des 1 000 morts.", "more_than", 1000, None),
    ("Le bilan des combats avoisine les 300 morts.", "about", 300, 300),
    ("Le bilan reste sous la barre des 100 morts, selon l'ONU.", "exact", 100, 100),
])
def test_qualifiers(extract_text, text, qualifier, low, high):
    found = figures(extract_text, text)
    assert found and found[0][1:4] == (low, high, qualifier), found


@pytest.mark.parametrize("text, kind", [
    ("Quatre soldats ont péri dans l'explosion.", "killed"),
    ("Trois civils ont perdu la vie.", "killed"),
    ("La frappe a tué six personnes.", "killed"),
    ("L'attaque a fait 12 morts.", "killed"),
    ("Deux civils sont morts à l'hôpital.", "killed"),
    ("28 personnes ont été blessées lors de l'attaque.", "wounded"),
    ("Deux journalistes ont été portés disparus.", "missing"),
    ("Cinq soldats ont été faits prisonniers.", "captured"),
    ("Plus de 135 000 personnes ont été déplacées.", "displaced"),
    ("Le Hamas détient encore 101 otages.", "captured"),
    ("Les combats ont poussé 100 000 personnes à fuir.", "displaced"),
])
def test_kinds(extract_text, text, kind):
    assert figures(extract_text, text)[0][0] == kind


@pytest.mark.parametrize("text, victims", [
    ("Douze soldats ont été tués.", "military"),
    ("Quatre policiers ont péri dans l'explosion.", "military"),
    ("Vingt combattants du Hamas ont été tués.", "military"),
    ("Sept civils ont été tués.", "civilian"),
    ("Trois enfants ont été blessés.", "civilian"),
    ("Quinze villageois ont été tués.", "civilian"),
    ("Les combats ont fait 30 morts.", "mixed"),
    ("La guerre a fait plus de 6 600 morts en 2020.", "mixed"),
    ("Une attaque a fait une cinquantaine de morts parmi les soldats.", "military"),
    ("Les affrontements ont fait 20 blessés du côté des rebelles.", "military"),
    ("Six membres des forces de sécurité ont péri dans l'embuscade.", "military"),
    ("L'attentat a fait neuf morts, cinq gendarmes et quatre passants.", "mixed"),
    ("Trente victimes des forces de sécurité ont été enterrées à Bamenda.", "unknown"),
    ("Un colis a explosé, faisant deux blessés.", "unknown"),
    # the sentence before says whose toll it is
    ("Le bilan militaire reste inconnu. Les rebelles font état de 40 morts.", "military"),
    ("Le bilan civil s'alourdit. Les secours ont compté 25 morts.", "civilian"),
])
def test_victims(extract_text, text, victims):
    assert figures(extract_text, text, "2023-06")[0][4] == victims


def test_sides_from_demonyms_and_shared_nouns(extract_text):
    found = figures(extract_text, "Les combats ont tué 18 soldats arméniens et 12 "
                    "azerbaïdjanais.", "2016-04")
    assert [(f[1], f[4], f[5]) for f in found] == [(18, "military", "AM"), (12, "military", "AZ")]


@pytest.mark.parametrize("text, side", [
    ("Les combats ont fait douze morts du côté arménien, selon Bakou.", "AM"),
    ("Les combats ont fait douze morts du côté azerbaïdjanais, selon Erevan.", "AZ"),
])
def test_side_named_by_the_adjective_of_a_side(extract_text, text, side):
    assert figures(extract_text, text, "2023-06")[0][5] == side


def test_side_from_a_possessive_in_a_statement(extract_text):
    found = one(extract_text, "L'Arménie a déclaré qu'au moins 49 de ses soldats avaient été "
                "tués.", "2022-09")
    assert found[1:7] == (49, None, "at_least", "military", "AM", "event")
    assert found[7] == "AM.GOV"


def test_losses_belong_to_the_loser(extract_text):
    assert one(extract_text, "L'Azerbaïdjan a déclaré en avoir perdu 50.", "2022-09")[5] == "AZ"
    assert one(extract_text, "Israël a perdu 12 soldats à Gaza.", "2024-01")[5] == "IL"


def test_part_of_figures(extract_text):
    found = figures(extract_text, "Ces combats ont fait plus de 30 morts dont deux civils.",
                    "2022-02")
    assert [(f[1], f[3], f[4]) for f in found] == [(30, "more_than", "mixed"),
                                                   (2, "exact", "civilian")]


def test_respectivement_distributes_over_the_sides(extract_text):
    text = ("Selon des bilans officiels, depuis la reprise du conflit le 27 septembre, 19 civils "
            "arméniens et 26 azerbaïdjanais ont été tués, dont 5 et 11 respectivement depuis "
            "dimanche.")
    found = figures(extract_text, text, "2020-10")
    assert [(f[1], f[4], f[5], f[6]) for f in found] == [
        (19, "civilian", "AM", "cumulative"), (26, "civilian", "AZ", "cumulative"),
        (5, "civilian", "AM", "event"), (11, "civilian", "AZ", "event")]


def test_each_side_reports_its_own(extract_text):
    text = ("L'Arménie et l'Azerbaïdjan s'affrontent. Chaque côté a fait état de la mort "
            "d'un civil.")
    found = figures(extract_text, text, "2016-04")
    assert sorted((f[1], f[4], f[5], f[7]) for f in found) == [
        (1, "civilian", "AM", "AM"), (1, "civilian", "AZ", "AZ")]


@pytest.mark.parametrize("text, published, scope", [
    ("Les séparatistes ont pris le contrôle de la région au début des années 1990 à "
     "l'issue d'une guerre qui a fait 30.000 morts.", "2022-02", "historical"),
    ("Lors de la première guerre, qui a fait 30’000 morts, les séparatistes ont gagné.",
     "2023-06", "historical"),
    ("L'Azerbaïdjan a récupéré des territoires lors d'une guerre de six semaines en 2020 qui "
     "a tué plus de 6 600 personnes.", None, "historical"),
    ("En 2014, les combats dans le Donbass avaient fait 13 000 morts.", "2022-05", "historical"),
    ("Selon des bilans partiels, ces affrontements ont fait plus de 1.250 morts.", "2020-11",
     "cumulative"),
    ("La guerre a fait plus de 10 000 morts civils depuis février 2022.", "2024-03",
     "cumulative"),
    ("La guerre, déclenchée le 7 octobre, a fait plus de 24 000 morts.", "2024-01-16",
     "cumulative"),
    ("Des combats ont éclaté mardi, tuant une centaine de soldats au total.", None, "event"),
    ("Quatre soldats ont été tués mercredi par des tirs.", "2023-06", "event"),
    # a stretch of time the story is in sums its incidents up
    ("En une semaine, une trentaine de villageois ont péri dans diverses attaques au Niger.",
     "2023-03", "cumulative"),
    ("Une frappe russe a tué cette semaine huit civils à Kherson.", "2023-03", "event"),
    ("Les bombardements ont fait 45 morts en quelques jours à Idleb.", "2020-02",
     "cumulative"),
])
def test_scopes(extract_text, text, published, scope):
    assert figures(extract_text, text, published)[0][6] == scope


def test_attribution_comes_from_the_statement(extract_text):
    found = figures(extract_text, "Au moins sept civils ont été tués dimanche à Kharkiv, a "
                    "annoncé le gouverneur régional Oleg Synegoubov.", "2024-05-12")
    assert found[0][7] == "UA.OTHER"
    found = figures(extract_text, "Selon des bilans officiels, 19 civils ont été tués.", "2020-10")
    assert found[0][7] is None  # an unnamed source is no attribution


def test_a_figure_repeated_is_listed_once_with_its_attribution(extract_text):
    text = ("Quatre soldats arméniens tués par des tirs azerbaïdjanais\n\n"
            "Quatre soldats arméniens ont été tués mercredi, ont affirmé les autorités "
            "séparatistes du Haut-Karabakh.")
    found = figures(extract_text, text, "2023-06")
    assert len(found) == 1 and found[0][5] == "AM" and found[0][7] == "NK.GOV"


@pytest.mark.parametrize("text", [
    "Les forces arméniennes ont violé le cessez-le-feu 130 fois durant la nuit.",
    "Moscou a déployé environ 2 000 soldats de la paix dans la région.",
    "Six chars ont été détruits et deux drones abattus.",
    "Des centaines de milliers de réfugiés ont fui la guerre.",
    "Des dizaines de civils ont été tués.",
    "Le conflit a repris le 27 septembre 2020 à 6 heures.",
    "L'Azerbaïdjan n'a annoncé aucune perte parmi ses soldats.",
    "Les deux pays ont signé trois accords en 2021.",
    "Le bilan de -5 morts est une erreur.",
    "Les villageois ont quitté Kidal après l'attaque, selon l'un d'eux.",
    "Les villageois ont quitté Kidal après l'attaque, d'après l'un d'eux.",
])
def test_numbers_that_are_not_casualties(extract_text, text):
    assert figures(extract_text, text, "2022-02") == []


@pytest.mark.parametrize("text, expected", [
    ("Trois gendarmes ont été tués dans une embuscade près de Gao. Deux autres ont été "
     "blessés.", [("killed", 3, "military"), ("wounded", 2, "military")]),
    ("Une roquette a tué quatre habitants de Sdérot et blessé 11 autres.",
     [("killed", 4, "civilian"), ("wounded", 11, "civilian")]),
    ("Un obus est tombé sur une école de Donetsk, tuant trois élèves et blessant neuf autres "
     "personnes.", [("killed", 3, "civilian"), ("wounded", 9, "civilian")]),
])
def test_others_continue_the_figure_before(extract_text, text, expected):
    """'N autres' counts more of the people just counted, in the same sentence or the
    next one."""
    found = figures(extract_text, text, "2022-05")
    assert [(f[0], f[1], f[4]) for f in found] == expected


def test_a_fatal_wound_is_a_death(extract_text):
    found = one(extract_text, "Un soldat tchadien de la force de l’ONU a été mortellement "
                "blessé par l'explosion d'une mine près de Tessalit.", "2021-03")
    assert found[:2] == ("killed", 1)


@pytest.mark.parametrize("text", [
    "Une frappe de drone sur un marché de Kidal a fait douze morts.",
    "Le bombardement de l'hôpital a fait 14 blessés, selon les secouristes.",
    "Un attentat à la voiture piégée a fait au moins 18 morts près d'une mosquée.",
])
def test_the_dead_of_a_strike_or_an_atrocity_are_civilians(extract_text, text):
    assert figures(extract_text, text, "2023-06")[0][4] == "civilian"


def test_a_strike_on_soldiers_keeps_them_soldiers(extract_text):
    found = figures(extract_text, "Une frappe de drone sur une caserne a tué neuf soldats et "
                    "fait six blessés.", "2023-06")
    assert [f[4] for f in found][0] == "military"
    assert "civilian" not in [f[4] for f in found]


def test_civilians_belong_to_where_most_places_of_their_sentence_are(extract_text):
    text = ("Selon l'ONG, basée à Londres, 40 civils ont été tués dans la province d'Idleb "
            "et près d'Alep.")
    assert figures(extract_text, text, "2019-08")[0][5] == "SY"


def test_civilians_of_a_sentence_without_places_belong_to_the_country_of_the_lead(
        extract_text):
    text = ("Une frappe de drone a touché un marché de Zaporijjia, dans le sud de l'Ukraine, "
            "mardi matin.\n\nSept personnes ont été blessées, a indiqué le gouverneur.")
    found = figures(extract_text, text, "2024-02-06")
    assert [(f[0], f[1], f[4], f[5]) for f in found] == [("wounded", 7, "civilian", "UA")]


def test_others_take_the_side_of_the_figure_they_continue(extract_text):
    text = ("Trois militaires maliens ont été tués dans l'attaque. Deux autres militaires ont "
            "été blessés.")
    found = figures(extract_text, text, "2023-02")
    assert [(f[1], f[5]) for f in found] == [(3, "ML"), (2, "ML")]


def test_soldiers_attacked_at_home_by_an_armed_group_are_the_state_s(extract_text):
    text = ("Au moins 20 soldats ont été tués lors d'une attaque contre un camp militaire "
            "près de Ménaka, dans l'est du Mali, revendiquée par l'État islamique.")
    found = figures(extract_text, text, "2022-03")
    assert [(f[1], f[4], f[5]) for f in found] == [(20, "military", "ML")]


@pytest.mark.parametrize("text, kind, low", [
    ("L'embuscade a fait 14 victimes, selon la préfecture.", "killed", 14),
    ("Trente villageois ont été exterminés par les assaillants.", "killed", 30),
    ("Quelque 40 soldats sont tombés en martyr depuis le début de l'opération.", "killed", 40),
    ("On compte encore 12 portés disparus après le naufrage du convoi.", "missing", 12),
])
def test_more_words_of_harm(extract_text, text, kind, low):
    assert figures(extract_text, text, "2023-06")[0][:2] == (kind, low)


def test_the_death_of_people_before_a_wounding_verb(extract_text):
    text = "Les tirs ont causé la mort de 15 civils, blessant 27 autres."
    found = figures(extract_text, text, "2024-06")
    assert [(f[0], f[1], f[4]) for f in found] == [("killed", 15, "civilian"),
                                                   ("wounded", 27, "civilian")]


def test_a_figure_with_and_without_its_qualifier_is_one_item(extract_text):
    text = ("Au moins six personnes ont été tuées par un bombardement sur Kharkiv. « Six "
            "personnes sont mortes », a déclaré le maire.")
    found = figures(extract_text, text, "2024-05")
    assert [(f[0], f[1], f[2], f[3]) for f in found] == [("killed", 6, None, "at_least")]


def test_a_list_of_figures_by_place_continues_the_first(extract_text):
    text = ("Selon l'ONU, 210 civils ont été tués dans la province du Nord-Kivu, 95 dans celle "
            "de l'Ituri et 12 au Sud-Kivu.")
    found = figures(extract_text, text, "2023-11")
    assert [(f[0], f[1], f[4]) for f in found] == [("killed", 210, "civilian"),
                                                   ("killed", 95, "civilian"),
                                                   ("killed", 12, "civilian")]


@pytest.mark.parametrize("text, scope", [
    ("Trois soldats ont été tués lundi à Kidal. En mai, six soldats tchadiens y avaient été tués "
     "dans une attaque similaire.", ["event", "historical"]),
    ("C'est l'attaque la plus meurtrière depuis 2019, lorsque des jihadistes avaient fait "
     "une centaine de morts à Inatès.", ["historical"]),
    ("Le gouverneur a affirmé dimanche que 12 civils avaient été tués dans le bombardement "
     "de Kherson.", ["event"]),
    ("Le premier conflit avait coûté la vie à 30 000 personnes. La nouvelle guerre a fait "
     "plus de 200 morts.", ["historical", "cumulative"]),
    ("Dans un premier temps, la police avait annoncé dix morts dans l'attentat.", ["event"]),
    # an incident of the last days, told in the pluperfect, is an incident, not history
    ("Mardi, une frappe sur une maison de Khan Younès avait tué sept membres d'une famille.",
     ["event"]),
])
def test_a_toll_in_the_pluperfect_of_the_narrative_is_an_earlier_episode(
        extract_text, text, scope):
    assert [f[6] for f in figures(extract_text, text, "2024-09-10")] == scope


def test_a_figure_that_continues_another_keeps_its_claimant(extract_text):
    text = ("Trois soldats ont été tués dans l'embuscade, a indiqué l'armée malienne. Deux "
            "autres ont été blessés.")
    found = figures(extract_text, text, "2023-04")
    assert [(f[0], f[1], f[7]) for f in found] == [("killed", 3, "ML.MOD"),
                                                   ("wounded", 2, "ML.MOD")]


@pytest.mark.parametrize("text, expected", [
    ("Cinquante-trois villageois ont été tués par des hommes armés.", [("killed", 53)]),
    ("Six gendarmes et trois civils sont morts samedi dans l'explosion d'un engin.",
     [("killed", 6), ("killed", 3)]),
    ("La mine a tué un chauffeur et blessé trois passagers.",
     [("killed", 1), ("wounded", 3)]),
    ("Une famille a péri dans l'incendie du camp et deux enfants ont été blessés.",
     [("wounded", 2)]),
    ("Le ministère a indiqué que cinq soldats étaient « devenus martyrs ».", [("killed", 5)]),
])
def test_figures_read_from_their_own_words(extract_text, text, expected):
    assert [f[:2] for f in figures(extract_text, text, "2022-08")] == expected


def test_the_dead_of_a_story_about_an_attack_on_civilians_are_civilians(extract_text):
    text = ("Des hommes armés ont attaqué des villageois réunis au marché de Beni, dans l'est "
            "de la RDC, jeudi soir.\n\nAu moins 14 personnes ont été tuées, selon la "
            "société civile locale.")
    found = figures(extract_text, text, "2023-03-10")
    assert [(f[1], f[4], f[5]) for f in found] == [(14, "civilian", "CD")]


def test_the_dead_of_a_story_about_an_attack_on_soldiers_are_soldiers(extract_text):
    text = ("Des jihadistes ont attaqué une base militaire près de Djibo, dans le nord du "
            "Burkina Faso, lundi.\n\nLe bilan est d'au moins 25 morts et 40 blessés, selon une "
            "source sécuritaire.")
    found = figures(extract_text, text, "2023-05-02")
    assert [(f[1], f[4]) for f in found] == [(25, "military"), (40, "military")]


def test_enemies_a_party_reports_killed_are_not_its_own(extract_text):
    text = ("L'armée nigérienne a annoncé que 18 terroristes avaient été neutralisés et que "
            "quatre soldats avaient été tués près de Diffa, dans une attaque de Boko Haram.")
    found = figures(extract_text, text, "2021-06")
    assert [(f[1], f[5]) for f in found] == [(18, None), (4, "NE")]


def test_the_dead_of_an_army_attacked_by_a_group_are_the_state_s(extract_text):
    text = ("Des jihadistes de l'État islamique ont attaqué un camp militaire près de Ménaka, "
            "dans l'est du Mali, dimanche.\n\nL'attaque a fait 17 morts, selon l'armée.")
    found = figures(extract_text, text, "2022-07-11")
    assert [(f[1], f[4], f[5]) for f in found] == [(17, "military", "ML")]


def test_the_lead_s_country_is_the_one_most_of_its_places_are_in(extract_text):
    text = ("Un missile russe a frappé le centre de Tchernihiv, dans le nord de l'Ukraine, "
            "à 60 kilomètres de la frontière avec la Biélorussie.\n\nVingt personnes ont été "
            "blessées, selon les secours.")
    found = figures(extract_text, text, "2023-08-19")
    assert [(f[1], f[4], f[5]) for f in found] == [(20, "civilian", "UA")]


def test_a_headline_filed_under_a_country_gives_its_figures_that_side(extract_text):
    text = ("Niger : douze soldats tués dans une embuscade\n\nL'attaque a eu lieu lundi près "
            "de la frontière malienne.")
    found = figures(extract_text, text, "2023-05-16")
    assert [(f[1], f[5]) for f in found] == [(12, "NE")]


@pytest.mark.parametrize("text, scope", [
    ("Au total, au moins 300 soldats ukrainiens ont été tués depuis le début du mois.",
     "cumulative"),
    ("Au total depuis lundi, ce sont 41 combattants kurdes qui ont perdu la vie.",
     "cumulative"),
    ("Le ministère a indiqué que 900 soldats avaient été blessés pendant la guerre.",
     "cumulative"),
    ("Au total, six personnes ont été tuées mardi dans l'attaque du marché.", "event"),
    ("Plus de 8 millions de personnes ont été déplacées par la guerre.", "cumulative"),
    ("Trois soldats ont été tués par un obus.", "event"),
])
def test_totals_and_war_tolls_are_running_totals(extract_text, text, scope):
    assert figures(extract_text, text, "2023-10-20")[0][6] == scope


@pytest.mark.parametrize("text, scope", [
    ("Depuis le coup d'État, plus de 3 000 civils ont été tués par l'armée, selon une ONG.",
     "cumulative"),
    ("Douze soldats ont été tués dans ces affrontements, les plus violents depuis la fin de "
     "la guerre.", "event"),
])
def test_a_toll_counted_from_an_event_is_a_running_total(extract_text, text, scope):
    assert figures(extract_text, text, "2023-04-12")[0][6] == scope


def test_an_attack_by_a_group_is_not_the_side_of_its_victims(extract_text):
    text = "Sept soldats ont été tués dans une attaque des talibans pakistanais, lundi."
    assert figures(extract_text, text, "2023-04-12")[0][5] != "TTP"


def test_a_headline_figure_and_its_qualified_statement_keep_the_statement(extract_text):
    record = extract_text("Six soldats tués près de Kidal\n\nAu moins six soldats maliens ont "
                          "été tués lundi près de Kidal, a annoncé l'armée malienne.", "2024-03-05")
    [item] = record.casualties
    assert (item.qualifier, item.claimed_by) == ("at_least", "ML.MOD")
    assert item.evidence.startswith("Au moins six soldats")


def test_people_kidnapped_by_armed_men_are_civilians_of_where_it_happened(extract_text):
    text = ("Plus de 80 personnes ont été enlevées par des hommes armés dans l'État de Kaduna, "
            "au Nigeria.")
    found = figures(extract_text, text, "2024-03-10")
    assert [(f[0], f[1], f[4], f[5]) for f in found] == [("captured", 80, "civilian", "NG")]


def test_a_figure_right_after_a_report_goes_on_with_it(extract_text):
    text = ("Au moins 40 soldats ont été tués dans l'attaque d'un camp près de Diffa, selon "
            "l'armée nigérienne. Quinze soldats ont également été blessés.\n\nEn 2020, 70 "
            "soldats avaient été tués à Inatès.")
    found = figures(extract_text, text, "2021-06")
    assert [(f[1], f[7]) for f in found] == [(40, "NE.MOD"), (15, "NE.MOD"), (70, None)]


def test_a_toll_of_which_some_are_civilians_is_mixed(extract_text):
    found = figures(extract_text, "Les bombardements ont fait au moins 27 morts, dont deux "
                    "civils, selon les autorités locales.", "2023-09-20")
    assert [(f[1], f[4]) for f in found] == [(27, "mixed"), (2, "civilian")]


def test_a_part_keeps_the_harm_of_its_whole_before_the_next_clause(extract_text):
    found = figures(extract_text, "Deux missiles ont frappé Kramatorsk, tuant au moins 15 "
                    "personnes, dont trois enfants, et en blessant 60 autres.", "2023-09-20")
    assert [(f[0], f[1]) for f in found] == [("killed", 15), ("killed", 3), ("wounded", 60)]


def test_carried_is_missing_only_when_carried_missing(extract_text):
    found = figures(extract_text, "Vingt soldats ont été tués et un autre est porté « disparu ». "
                    "Deux cents hommes portés sur la liste des réservistes ont été rappelés.",
                    "2021-05")
    assert [f[:2] for f in found] == [("killed", 20), ("missing", 1)]


@pytest.mark.parametrize("text", [
    "Une frappe de drone a tué 12 civils lundi à Soumy, le bilan le plus lourd depuis le début "
    "de l'année.",
    "Ce bilan est le plus lourd enregistré depuis 2019 dans la région. L'armée tchadienne a "
    "annoncé la mort de 14 soldats.",
])
def test_a_record_since_a_date_is_no_running_total(extract_text, text):
    assert figures(extract_text, text, "2023-04-12")[0][6] == "event"


@pytest.mark.parametrize("text, published", [
    ("C'était la première rencontre des présidents kirghiz et tadjik depuis les affrontements "
     "frontaliers qui ont fait une centaine de morts.", "2022-12-02"),
    ("La Bosnie s'est reconstruite lentement après une guerre ayant fait 100 000 morts.",
     "2023-05-10"),
    ("En 2008, la Géorgie a été le théâtre d'une guerre de cinq jours avec la Russie, qui a "
     "fait 850 morts.", "2012-03-10"),
    ("Au moins 60 personnes ont été tuées début mars dans des affrontements au Tigré.",
     "2021-12"),
])
def test_an_earlier_episode_is_historical(extract_text, text, published):
    assert figures(extract_text, text, published)[0][6] == "historical"


def test_figures_coordinated_with_a_people_s_toll_are_that_people_s(extract_text):
    found = figures(extract_text, "Selon l'ONU, 350 Yéménites ont été tués et 1 100 blessés "
                    "en mars, dont 90 morts à Taëz.", "2016-04-10")
    assert [(f[1], f[5]) for f in found] == [(350, "YE"), (1100, "YE"), (90, "YE")]


def test_the_harm_verb_of_one_item_of_a_list_is_not_the_next_item_s(extract_text):
    found = figures(extract_text, "L'Ukraine a fait état d'un soldat tué, 12 portés disparus et "
                    "trois prisonniers lors de ces combats avec la Russie.", "2023-04-12")
    assert [(f[0], f[1], f[5]) for f in found] == [
        ("killed", 1, "UA"), ("missing", 12, "UA"), ("captured", 3, "UA")]


@pytest.mark.parametrize("text", [
    "Au moins 45 personnes, principalement des miliciens, ont péri dans les combats autour de "
    "Goma.",
    "Au moins 70 personnes, des civils et des soldats, ont été tuées dans les combats au "
    "Tigré.",
    "Les affrontements ont fait 90 morts parmi les soldats et civils des deux camps.",
])
def test_people_of_both_kinds_or_mostly_of_one_are_mixed(extract_text, text):
    assert figures(extract_text, text, "2021-03-10")[0][4] == "mixed"


def test_a_source_after_a_figure_is_no_apposition_of_its_people(extract_text):
    found = figures(extract_text, "Les combats ont fait au moins 40 morts, dont neuf civils, "
                    "selon les bilans des deux camps.", "2023-05-10")
    assert [(f[1], f[5]) for f in found] == [(40, None), (9, None)]
    record = extract_text("Les combats ont fait neuf civils tués, selon les bilans des deux "
                          "camps.", "2023-05-10")
    assert record.casualties[0].evidence == "neuf civils"


def test_people_of_both_camps_have_no_side(extract_text):
    text = ("Des frappes russes ont touché Kharkiv. Au moins 30 personnes, des civils et des "
            "militaires des deux camps, ont été tuées dans la région.")
    assert figures(extract_text, text, "2023-03-10")[0][5] is None


def test_what_the_words_say_of_the_victims_beats_what_the_story_suggests(extract_text):
    text = ("Au moins 52 morts dans des combats au Soudan\n\nAu moins 52 personnes, "
            "majoritairement des soldats, ont péri en trois jours dans des combats au Darfour.")
    assert [f[4] for f in figures(extract_text, text, "2023-05-10")] == ["mixed"]


def test_a_figure_before_a_new_total_is_not_the_total(extract_text):
    text = ("L'armée a annoncé mardi la mort de 12 soldats tchadiens lors d'une embuscade, ce "
            "qui porte le bilan total des combats à au moins 80 morts.")
    assert [(f[1], f[6]) for f in figures(extract_text, text, "2023-05-10")] == [
        (12, "event"), (80, "cumulative")]


@pytest.mark.parametrize("text, expected", [
    ("Deux policiers ont été tués à Kidal et un troisième a reçu une blessure par balle.",
     [("killed", 2), ("wounded", 1)]),
    ("Un journaliste et un photographe qui couvraient la guerre au Yémen ont été blessés "
     "jeudi.", [("wounded", 2)]),
    ("L'armée a annoncé la mort de 12 soldats ainsi que d'une mère et d'un enfant.",
     [("killed", 12), ("killed", 2)]),
    ("L'armée a annoncé la mort de 12 soldats tchadiens ainsi que d'une mère et d'un enfant.",
     [("killed", 12), ("killed", 2)]),
    ("Le conflit a provoqué le déplacement de plus de 3 millions d'habitants.",
     [("displaced", 3_000_000)]),
    ("Les miliciens ont commis l'enlèvement de 14 écoliers près de Kaduna.",
     [("captured", 14)]),
])
def test_people_counted_one_by_one_by_rank_or_by_a_noun_of_harm(extract_text, text, expected):
    assert [f[:2] for f in figures(extract_text, text, "2023-05-10")] == expected


def test_a_state_that_is_a_harm_among_the_victims_of_the_last_toll(extract_text):
    text = ("Une frappe russe sur Dnipro a fait 12 morts et 75 blessés, selon le gouverneur "
            "de la région.\n\nParmi les victimes, une vingtaine sont dans un état critique.")
    found = figures(extract_text, text, "2023-05-10")
    assert [(f[0], f[1], f[5], f[7]) for f in found] == [
        ("killed", 12, "UA", "UA.OTHER"), ("wounded", 75, "UA", "UA.OTHER"),
        ("wounded", 20, "UA", "UA.OTHER")]


def test_people_exterminated_by_militiamen_are_civilians_of_where_it_happened(extract_text):
    text = ("Quarante personnes ont été exterminées dans la nuit de lundi par des miliciens "
            "sur un site de déplacés près de Bunia, en Ituri.")
    found = figures(extract_text, text, "2022-02-10")
    assert [(f[1], f[4], f[5]) for f in found] == [(40, "civilian", "CD")]


def test_a_figure_further_on_in_a_quotation_belongs_to_its_statement(extract_text):
    text = ("Selon l'agence officielle irakienne INA, « la bombe a explosé près du marché de "
            "Sadr City. Six corps ont été transportés à l'hôpital. Il y a aussi 25 blessés ».")
    found = figures(extract_text, text, "2016-07-04")
    assert [(f[1], f[7]) for f in found] == [(6, "IQ.GOV"), (25, "IQ.GOV")]


@pytest.mark.parametrize("text, side", [
    ("Depuis 2015, le Niger est le théâtre d'attaques de l'Etat islamique qui ont fait plus "
     "de 3 000 morts.", "NE"),
    ("La Syrie accuse Israël. Des explosions de radios ont tué 14 personnes mercredi dans "
     "plusieurs villes de Syrie.", "SY"),
    ("Le Soudan du Sud accuse le Soudan. Les combats ont fait 20 morts mercredi à la "
     "frontière.", None),
])
def test_people_of_all_kinds_hit_at_home_belong_there_unless_in_battle_between_states(
        extract_text, text, side):
    assert figures(extract_text, text, "2024-09-20")[0][5] == side


def test_a_repeat_without_its_side_takes_the_side_of_its_first_mention(extract_text):
    text = ("Douze soldats tchadiens ont été tués samedi près du lac Tchad, ont indiqué les "
            "autorités. « Le bilan de cette embuscade est de 12 morts, 9 blessés et un "
            "disparu », a déclaré un officier.")
    found = figures(extract_text, text, "2023-05-10")
    assert [(f[0], f[1], f[5]) for f in found] == [
        ("killed", 12, "TD"), ("wounded", 9, "TD"), ("missing", 1, "TD")]


@pytest.mark.parametrize("text, expected", [
    ("Deux policiers ont été tués lundi à Gao. Un troisième a été blessé.",
     [("killed", 2), ("wounded", 1)]),
    ("Trois casques bleus ont été tués lundi à Gao. Le corps d'un troisième casque bleu a été "
     "rapatrié hier.", [("killed", 3)]),
])
def test_an_ordinal_counts_one_more_unless_it_is_among_those_counted(
        extract_text, text, expected):
    assert [f[:2] for f in figures(extract_text, text, "2023-05-10")] == expected


@pytest.mark.parametrize("text, victims", [
    ("Deux fonctionnaires de la police ont été tués lundi soir à Gao.", "military"),
    ("L'armée a annoncé six morts au combat dans la région de Kidal.", "military"),
    ("Une frappe de drones russes a fait 14 morts à Odessa, la plus meurtrière depuis le début "
     "de la guerre.", "civilian"),
])
def test_victims_told_by_their_force_where_they_fell_or_a_strike(extract_text, text, victims):
    assert figures(extract_text, text, "2023-05-10")[0][4] == victims


@pytest.mark.parametrize("text, scope", [
    ("Après trois semaines de combats, le bilan officiel est de 800 morts.", "cumulative"),
    ("En six mois de guerre, plus de 9 000 soldats ont été tués, selon Kiev.", "cumulative"),
    ("Des rebelles ont attaqué lundi un camp militaire près de Goma. Les soldats, répondant à "
     "cette attaque, avaient fait trois morts parmi les assaillants.", "event"),
])
def test_a_span_of_fighting_is_a_running_total_and_this_episode_is_no_earlier_one(
        extract_text, text, scope):
    assert figures(extract_text, text, "2023-05-10")[-1][6] == scope


def test_an_earlier_count_of_a_toll_counts_the_same_people(extract_text):
    text = ("« Nos unités comptent six morts au combat », a indiqué l'armée tchadienne "
            "mardi, après avoir initialement fait état de quatre militaires tués.")
    found = figures(extract_text, text, "2023-05-10")
    assert [(f[1], f[4], f[5], f[7]) for f in found] == [
        (6, "military", "TD", "TD.MOD"), (4, "military", "TD", "TD.MOD")]


def test_a_figure_after_another_source_s_words_is_not_the_statement_s(extract_text):
    text = ("Un camp militaire a été attaqué lundi près de Tillabéri. Dans un communiqué, sans "
            "donner de bilan, l'armée nigérienne l'a confirmé mais les sources jointes par la "
            "BBC confirment une vingtaine de morts.")
    # the army gave no figure: the twenty dead are the local sources' (not the BBC's)
    assert figures(extract_text, text, "2023-05-10")[0][7] == "NE.OTHER"


def test_a_place_in_an_organisation_s_name_is_not_where_people_were_hit(extract_text):
    text = ("Un camp de l'armée a été attaqué lundi. Dans un communiqué, sans donner de bilan, "
            "l'armée malienne l'a confirmé mais les sources jointes par Radio France "
            "Internationale (RFI) confirment une trentaine de morts.")
    assert figures(extract_text, text, "2023-05-10")[0][5] != "FR"


@pytest.mark.parametrize("text, expected", [
    ("La police a ouvert le feu sur les assaillants, tuant l'un d'eux. Les deux autres ont "
     "pris la fuite.", [("killed", 1, "military")]),
    ("Un immeuble s'est effondré à Kharkiv après la frappe. Une personne se trouve sous les "
     "décombres.", [("missing", 1, "civilian")]),
    ("Le ministère a annoncé la mort de 45 « martyrs » dans la frappe sur Jabaliya.",
     [("killed", 45, "civilian")]),
])
def test_one_of_them_under_the_rubble_and_quoted_nouns(extract_text, text, expected):
    assert [(f[0], f[1], f[4]) for f in figures(extract_text, text, "2024-05-10")] == expected


def test_a_toll_both_camps_give_together_has_no_one_side_or_claimant(extract_text):
    text = ("Des échanges de tirs ont fait au moins six morts près d'Abyei, selon les autorités "
            "des deux parties.")
    assert [(f[5], f[7]) for f in figures(extract_text, text, "2023-05-10")] == [(None, None)]


def test_a_figure_the_source_of_a_running_total_gives_next_goes_on_with_it(extract_text):
    text = ("Le ministère ukrainien de la Défense a déclaré que 9 000 soldats avaient été "
            "blessés pendant la guerre. Quelque 300 soldats tués n'ont pas encore été "
            "identifiés, a-t-il déclaré.")
    assert [(f[1], f[6]) for f in figures(extract_text, text, "2023-05-10")] == [
        (9000, "cumulative"), (300, "cumulative")]


def test_besides_the_victims_continues_the_last_toll_and_its_source(extract_text):
    text = ("Une frappe a tué au moins 14 civils à Kramatorsk, selon un bilan du service "
            "ukrainien des situations d'urgence.\nLe bilan a été publié sur Telegram. Outre les "
            "victimes, 60 personnes ont été blessées, dont huit enfants.")
    found = figures(extract_text, text, "2023-05-10")
    assert [(f[1], f[7][:2] if f[7] else None) for f in found] == [
        (14, "UA"), (60, "UA"), (8, "UA")]


def test_people_summed_up_with_a_demonstrative_are_those_counted_before(extract_text):
    text = ("Trois gendarmes et un civil burkinabè sont morts lundi dans l'explosion d'une mine "
            "près de Djibo. Ces quatre personnes ont été tuées sur la route de Ouahigouya.")
    found = figures(extract_text, text, "2023-05-10")
    assert (4, "mixed") in [(f[1], f[4]) for f in found]


def test_a_source_given_looking_back_in_the_next_sentence_claims_the_figure(extract_text):
    text = ("Trois soldats ont été tués lors d'une attaque de rebelles à la frontière, le 11 "
            "janvier. C'est ce qu'a rapporté le service de presse du ministère tchadien de la "
            "Défense.\n\nEn 2021, 40 soldats avaient été tués près du lac.")
    found = figures(extract_text, text, "2022-01-15")
    assert [(f[1], f[7]) for f in found] == [(3, "TD.MOD"), (40, None)]


def test_figures_among_the_dead_are_dead_after_a_count_of_wounded(extract_text):
    text = ("Douze civils ont été tués et 40 blessés mardi à Omdurman. Parmi les morts figurent "
            "trois enfants, selon des médecins.")
    assert [(f[0], f[1]) for f in figures(extract_text, text, "2024-06")][-1] == ("killed", 3)


@pytest.mark.parametrize("text, scope", [
    ("La guerre, qui a éclaté en avril 2023, a fait plus de dix millions de déplacés, selon "
     "l'ONU.", "cumulative"),
    ("La guerre, qui a éclaté en 1992 et s'est achevée en 1995, a fait 100 000 morts.",
     "historical"),
])
def test_a_war_whose_start_is_dated_is_going_on(extract_text, text, scope):
    assert [f[6] for f in figures(extract_text, text, "2024-07")] == [scope]


def test_a_pluperfect_toll_of_the_same_day_is_the_story_s(extract_text):
    text = ("Une frappe a tué 22 personnes jeudi à Beyrouth. Plus tôt dans la journée, trois "
            "soldats libanais avaient été tués près de Tyr.")
    assert [f[6] for f in figures(extract_text, text, "2024-10-04")] == ["event", "event"]


@pytest.mark.parametrize("text, kinds", [
    ("Malheureusement, la vie de sept patients n'a pu être sauvée, a indiqué l'hôpital de "
     "Goma.", [("killed", 7)]),
    ("Les médecins n'ont pas pu sauver la vie de trois enfants blessés à Kharkiv.",
     [("killed", 3)]),
    ("La vie de douze blessés a pu être sauvée.", [("wounded", 12)]),
])
def test_lives_no_one_could_save_are_dead(extract_text, text, kinds):
    assert [(f[0], f[1]) for f in figures(extract_text, text, "2024-02")] == kinds


@pytest.mark.parametrize("text", [
    " selon un bilan partiel des autorités ",
    " depuis le début de la guerre, 500 soldats ont été tués ",
    " le précédent bilan faisait état de 20 morts ",
    " des civils des deux camps ",
    " trois soldats ont été tués mercredi ",
    " la pire attaque depuis des années ",
    "",
])
def test_phrases_grouped_under_a_shared_word_are_all_found(text):
    from veille import lexicon
    from veille.extract.casualties import CasualtyLexicon

    lex = CasualtyLexicon.load(lexicon.load("casualties"))
    for phrases in (lex.cumulative, lex.revisions, lex.both_sides, lex.mostly,
                    lex.comparatives, lex.past_markers, lex.condition_phrases):
        assert sorted(p for _, group in phrases.groups for p in group) == sorted(phrases)
        assert phrases.found_in(text) == any(p in text for p in phrases), (text, phrases)


def test_the_tokens_between_two_characters_are_those_of_an_expanded_char_span(nlp):
    from veille.nlp import tokens_between

    doc = nlp("Après deux semaines de combats,  douze soldats ont été tués.\nLe bilan s'alourdit.")
    for start in range(len(doc.text) + 1):
        for end in range(start, len(doc.text) + 2):
            span = doc.char_span(start, end, alignment_mode="expand")
            assert tokens_between(doc, start, end) == \
                (None if span is None else (span.start, span.end)), (start, end)


@pytest.mark.parametrize("text, expected", [
    # some of the people named just before, in the sentence or the one before
    ("Des centaines d'habitants ont fui les combats. Au moins 35 d'entre eux ont péri en "
     "route.", ("killed", 35, None, "at_least", "civilian")),
    ("Les gendarmes ont été pris en embuscade ; sept d'entre eux ont été blessés.",
     ("wounded", 7, 7, "exact", "military")),
    ("Les militaires ont riposté contre les assaillants, tuant l'un d'eux.",
     ("killed", 1, 1, "exact", "military")),
])
def test_some_of_those_named_before(extract_text, text, expected):
    assert one(extract_text, text, "2023-04")[:5] == expected


@pytest.mark.parametrize("text, victims", [
    ("Une frappe sur un marché de Raqqa a tué six hommes et deux enfants.", "civilian"),
    ("Le groupe armé a perdu onze hommes lors de l'assaut contre la caserne.", "military"),
    ("Le commandant a reconnu la mort de trois de ses hommes.", "military"),
])
def test_men_are_fighters_only_when_a_side_counts_them(extract_text, text, victims):
    assert figures(extract_text, text, "2023-04")[0][4] == victims


def test_neutralising_fighters_is_a_toll(extract_text):
    text = "Le ratissage a permis la neutralisation de 23 terroristes, selon l'armée nigérienne."
    assert one(extract_text, text, "2023-04")[:5] == ("killed", 23, 23, "exact", "military")


@pytest.mark.parametrize("text, side", [
    ("Au moins 17 Houthis ont péri dans des frappes sur Saada.", "HOUTHI"),
    ("L'armée somalienne affirme avoir tué 40 shebabs près de Kismayo.", "SHABAAB"),
])
def test_a_group_name_counts_its_fighters(extract_text, text, side):
    found = figures(extract_text, text, "2022-03")
    assert [(f[0], f[4], f[5]) for f in found] == [("killed", "military", side)]


@pytest.mark.parametrize("text, expected", [
    ("Le nombre de policiers tués atteint désormais 27.", ("killed", 27, "military")),
    ("Le nombre de blessés s'élève à 140, selon les secours.", ("wounded", 140, "civilian")),
    ("Ce nouveau drame porte à 61 le nombre total de morts depuis janvier.",
     ("killed", 61, "mixed")),
])
def test_a_figure_given_to_le_nombre_de(extract_text, text, expected):
    found = one(extract_text, text, "2022-06")
    assert (found[0], found[1], found[4]) == expected


def test_a_part_set_between_commas_leaves_the_verb_to_the_whole(extract_text):
    text = ("Le directeur de l'hôpital a parlé. Depuis mardi, 52 personnes, dont 11 enfants, "
            "ont été tuées dans les bombardements de Deraa.")
    found = figures(extract_text, text, "2018-07")
    assert sorted((f[0], f[1]) for f in found) == [("killed", 11), ("killed", 52)]


def test_the_toll_a_count_rose_from_is_not_a_figure(extract_text):
    text = "Le nombre de morts est passé de 12 à 42 en une journée à Goma."
    assert 12 not in [f[1] for f in figures(extract_text, text, "2025-01")]


def test_a_breakdown_of_another_harm_does_not_describe_the_dead(extract_text):
    text = "L'attaque a fait trois morts, deux soldats et un civil blessés."
    assert figures(extract_text, text, "2023-04")[0][4] != "mixed"
