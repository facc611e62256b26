"""Events: incidents of several wars, typed, dated, placed; background, negations,
hypotheticals and appeals are not events."""
from __future__ import annotations

import pytest


def events(extract_text, text, published):
    return [(e.type, e.sub_type, e.date, e.date_precision, e.place, e.fatalities)
            for e in extract_text(text, published).events]


@pytest.mark.parametrize("text, published, expected", [
    ("Des combats ont éclaté mardi à la frontière entre l'Arménie et l'Azerbaïdjan, tuant "
     "une centaine de soldats.", "2022-09-14",
     [("Battles", "Armed clash", "2022-09-13", "day", None, 100)]),
    ("Les forces azerbaïdjanaises ont lancé des drones de combat en direction de Jermuk.",
     "2022-09", [("Explosions/Remote violence", "Air/drone strike", "2022-09", "month",
                  "Jermuk", None)]),
    ("L'artillerie russe a pilonné Kharkiv dimanche, faisant sept morts.", "2024-05-12",
     [("Explosions/Remote violence", "Shelling/artillery/missile attack", "2024-05-12", "day",
       "Kharkiv", 7)]),
    ("Un engin explosif improvisé a tué quatre soldats près de Gao jeudi.", "2023-09-08",
     [("Explosions/Remote violence", "Remote explosive/landmine/IED", "2023-09-07", "day",
       "Gao", 4)]),
    ("Un attentat-suicide a frappé un marché de Mogadiscio samedi.", "2024-03-04",
     [("Explosions/Remote violence", "Suicide bomb", "2024-03-02", "day", "Mogadishu", None)]),
    ("Des hommes armés ont massacré au moins 20 villageois en Ituri dans la nuit de vendredi "
     "à samedi.", "2024-02-10",
     [("Violence against civilians", "Attack", "2024-02-09", "day", "Ituri", 20)]),
    ("Des jihadistes ont enlevé trois humanitaires près de Ménaka mardi.", "2023-05-11",
     [("Violence against civilians", "Abduction/forced disappearance", "2023-05-09", "day",
       "Menaka", None)]),
    ("Les rebelles du M23 se sont emparés lundi de la ville de Rutshuru.", "2024-03-05",
     [("Battles", "Non-state actor overtakes territory", "2024-03-04", "day", "Rutshuru",
       None)]),
    ("Kinshasa et Kigali ont signé mardi un accord de cessez-le-feu à Luanda.", "2024-03-06",
     [("Strategic developments", "Agreement", "2024-03-05", "day", "Luanda", None)]),
    ("Des manifestants se sont rassemblés à Erevan mercredi.", "2023-09-21",
     [("Protests", "Peaceful protest", "2023-09-20", "day", "Yerevan", None)]),
    ("Un soldat a été tué mardi par un sniper près de Bakhmout.", "2023-05-10",
     [("Battles", "Armed clash", "2023-05-09", "day", "Bakhmut", 1)]),
    ("L'armée a annoncé lundi la reconquête de la ville de Koupiansk.", "2023-05-10",
     [("Battles", "Government regains territory", "2023-05-08", "day", "Kupyansk", None)]),
    # the past conditional of news reports an unconfirmed fact
    ("Le massacre aurait été commis le 14 février dans la localité de Djibo.", "2023-02",
     [("Violence against civilians", "Attack", "2023-02-14", "day", "Djibo", None)]),
    ("Les forces ukrainiennes ont progressé mardi de deux kilomètres près de Koupiansk.",
     "2023-06-14", [("Battles", "Armed clash", "2023-06-13", "day", "Kupyansk", None)]),
    # a generic word of violence against a civilian target
    ("Des hommes armés ont mitraillé des villageois à Djibo.", "2023-05",
     [("Violence against civilians", "Attack", "2023-05", "month", "Djibo", None)]),
    ("Des hommes armés ont attaqué un autocar à Djibo.", "2023-05",
     [("Violence against civilians", "Attack", "2023-05", "month", "Djibo", None)]),
])
def test_incidents_of_several_wars(extract_text, text, published, expected):
    assert events(extract_text, text, published) == expected


def test_one_incident_told_three_times_is_one_event(extract_text):
    text = ("Quatre soldats arméniens tués par des tirs azerbaïdjanais\n\n"
            "Quatre soldats arméniens ont été tués mercredi par des tirs azerbaïdjanais dans "
            "le Nagorny-Karabakh. Des unités azerbaïdjanaises ont ouvert le feu dans les "
            "districts de Martouni et de Martakert, en utilisant de l'artillerie et des drones.")
    found = extract_text(text, "2023-06").events
    assert len(found) == 1
    assert (found[0].type, found[0].place, found[0].fatalities) == \
        ("Explosions/Remote violence", "Martuni", 4)
    assert found[0].actors[:2] == ["AZ", "AM"]


def test_distinct_places_are_distinct_events(extract_text):
    text = ("L'armée azerbaïdjanaise a bombardé Jermuk. Elle a aussi bombardé les districts de "
            "Kalbajar et Lachin.")
    assert [e[4] for e in events(extract_text, text, "2022-09")] == ["Jermuk", "Kalbajar"]


def test_the_most_precise_place_locates_the_incident(extract_text):
    text = ("L'Azerbaïdjan a bombardé le village de Verin Shorzha, près du lac Sevan, en "
            "Arménie.")
    assert events(extract_text, text, "2022-09")[0][4] == "Verin Shorzha"


def test_a_clause_without_place_joins_the_incident(extract_text):
    text = ("Les combats continuent dans le sud du Karabakh. Les Azerbaïdjanais tentent "
            "d'attaquer mais sont repoussés. L'Azerbaïdjan a repris ses bombardements "
            "d'artillerie sur nos positions.")
    assert [(e[0], e[4]) for e in events(extract_text, text, "2022-02")] == \
        [("Battles", "Nagorno-Karabakh")]


def test_fatalities_take_the_lowest_credible_total(extract_text):
    text = ("Les combats ont fait plus de 30 morts dont deux civils. Les combats ont tué 18 "
            "soldats arméniens et 12 azerbaïdjanais.")
    event = extract_text(text, "2016-04").events[0]
    assert event.fatalities == 30
    assert sorted(v.value for v in event.fatality_versions) == [2, 12, 18, 30]


@pytest.mark.parametrize("text, published", [
    ("Les séparatistes ont pris le contrôle de la région au début des années 1990.", "2022-02"),
    ("Malgré la signature en 1994 d'un cessez-le-feu, aucun traité n'a été signé.", "2022-02"),
    ("Lors de la première guerre, les séparatistes ont pris le contrôle du Karabakh.",
     "2023-06"),
    ("En 2014, la guerre de Gaza avait fait 2 200 morts.", "2024-01"),
    ("La guerre, déclenchée par l'attaque du Hamas contre Israël le 7 octobre, se poursuit.",
     "2024-01-16"),
    ("Aucun combat n'a eu lieu à Mopti.", "2023-09"),
    ("L'armée malienne menace de reprendre Kidal par la force.", "2023-09"),
    ("La Russie a appelé à mettre fin aux combats.", "2023-09"),
    ("Une trêve pourrait être conclue la semaine prochaine.", "2023-05"),
    ("Si les affrontements gagnaient le territoire arménien, la Russie interviendrait.",
     "2020-11"),
    ("Les combats pourraient reprendre à Goma.", "2023-05"),
    # to violate a truce or a border is no sexual violence
    ("Les rebelles ont violé la trêve mardi près de Goma.", "2024-03-14"),
    ("Le cessez-le-feu a été violé mardi près de Goma.", "2024-03-14"),
    ("Les négociations ont progressé mardi.", "2023-06-14"),
    ("Les combats auraient pu reprendre à Goma.", "2023-05"),
    ("Poutine a demandé un cessez-le-feu immédiat.", "2022-02"),
    ("Moscou nie avoir tiré sur le marché de Donetsk.", "2022-04"),
    # a past point of reference, a state since long ago, an incident months before
    ("C'était leur première rencontre depuis les violents combats qui avaient fait 200 morts "
     "au Tigré.", "2021-06-15"),
    ("Le groupe, qui s'est emparé de la ville de Ménaka depuis 2015, recrute.", "2023-09"),
    ("Plus de cinquante personnes avaient péri en mars dans un attentat à Mogadiscio.",
     "2023-10"),
    ("Le dernier accrochage meurtrier à Kharkiv remontait au 12 juin.", "2023-09"),
    ("L'armée, qui s'est emparée de la ville de Kidal depuis 2023, y recrute.", "2024-06"),
    ("Les deux pays sont en conflit depuis 1994, lorsque les séparatistes ont pris le "
     "contrôle de la région de Transnistrie.", "2023-05"),
    ("Pendant la guerre, l'armée a libéré plusieurs villes et une centaine de villages.",
     "2023-05"),
    # an aim is not a fact
    ("Le Qatar a multiplié mardi les efforts pour parvenir à un cessez-le-feu à Gaza.",
     "2024-05-15"),
    # a habit, not an incident
    ("La ville de Kherson est régulièrement visée par les bombardements russes.", "2023-06"),
    ("Les habitants creusent des tranchées contre les attaques récurrentes des jihadistes.",
     "2023-06"),
    ("Les enlèvements de civils se multiplient dans la région de Tillabéri.", "2023-06"),
    ("Un cessez-le-feu, signé sous l'égide de Moscou, a été suivi du déploiement de soldats.",
     "2023-06"),
    ("►►► À lire aussi : Pourquoi la guerre a-t-elle repris au Haut-Karabakh ?", "2020-11"),
    # a plan is no incident
    ("Le commandant, tué lundi, était accusé d'avoir planifié des tirs de roquettes contre "
     "le nord d'Israël.", "2024-08"),
])
def test_not_events(extract_text, text, published):
    assert events(extract_text, text, published) == []


def test_no_reference_date_no_event_date(extract_text):
    found = events(extract_text, "Des combats ont éclaté mardi à Goma.", None)
    assert found[0][2:4] == (None, None)


def test_event_evidence_slices_back(extract_text):
    text = "Des frappes israéliennes ont fait au moins 20 morts mardi à Khan Younès."
    record = extract_text(text, "2024-01-16")
    event = record.events[0]
    assert text[event.start:event.end] == event.evidence
    assert (event.type, event.place, event.fatalities) == \
        ("Explosions/Remote violence", "Khan Yunis", 20)


@pytest.mark.parametrize("text, published, expected", [
    # a demonstrative or a definite generic word names the incident already told of,
    # whatever place its own clause names
    ("Une frappe de drone a tué six civils samedi à Odessa. Cette attaque a été condamnée à "
     "Bruxelles.", "2023-11-06", [("Explosions/Remote violence", "2023-11-04", "Odesa")]),
    ("Des hommes armés ont massacré douze villageois à Djibo. L'attaque a été revendiquée "
     "par un groupe lié à Al-Qaïda, selon des sources à Ouagadougou.", "2023-05",
     [("Violence against civilians", "2023-05", "Djibo")]),
    # a report of the incident, dated by its own later announcement, is the same incident
    ("Lundi 6 mars, des miliciens ont massacré trente civils à Djugu. Les premières "
     "informations sur la tuerie ont été données mercredi 8 mars par l'armée.", "2023-03",
     [("Violence against civilians", "2023-03-06", "Djugu")]),
])
def test_a_mention_that_refers_back_joins_its_incident(extract_text, text, published,
                                                       expected):
    assert [(e[0], e[2], e[4]) for e in events(extract_text, text, published)] == expected


@pytest.mark.parametrize("text, published, place", [
    # a country fought against names a side, not where the fighting is
    ("Les combats font rage au Tigré. Vingt soldats ont été tués lundi dans les combats avec "
     "l'Érythrée.", "2020-12", "Tigray"),
    # a border between two countries locates nothing when a region is named
    ("Deux soldats ont été tués dans des échanges de tirs à la frontière entre le Tchad et le "
     "Soudan, dans la région du Darfour.", "2023-06", "Darfur"),
    # a noun's incident happens where the verb it completes says, through "lors de"
    ("Deux soldats ont été tués hier lors des échanges de tirs entre soldats à la frontière, "
     "dans la région de Soumy, près de Kiev.", "2023-06-14", "Sumy"),
    # a capital struck by the incident is its place, not a government
    ("Khartoum a été bombardée samedi par l'aviation.", "2023-06", "Khartoum"),
    # the place of another moment ('avant une réunion à Bamako') is not the incident's
    ("Des drones russes ont frappé la région d'Odessa, deux jours avant une réunion à Kiev.",
     "2023-06", "Odessa"),
    # a time zone is no place of the incident
    ("Un missile russe a frappé la région de Soumy vers 10 h (9 h à Kiev).", "2023-06", "Sumy"),
    ("Un missile russe a frappé la région de Soumy vers 10 h, heure de Kiev.", "2023-06",
     "Sumy"),
    ("Un obus est tombé sur un marché vers 10 h, heure de Moscou.", "2023-06", None),
    # a mediator, a place the incident is away from
    ("Une trêve a été conclue mardi sous l'égide du Qatar.", "2024-05-15", None),
    ("Une embuscade a tué dix soldats dans la province de Donetsk, à 40 km à l'est de "
     "Kramatorsk.", "2023-05", "Donetsk"),
    # a country the incident is near is across a border; a clock time abroad is no place
    ("Le Tchad traverse une crise. Des hommes armés ont attaqué un poste dans une région "
     "proche du Niger.", "2024-03", "Chad"),
    ("Le Mali est en guerre. Une embuscade a eu lieu vers 14 heures (13 heures en France).",
     "2024-03", "Mali"),
    # a capital standing for its authorities does not place the incident
    ("Les autorités de Kiev ont fait état d'un bombardement dans la nuit.", "2023-06", None),
    # a region after a locative, which the parser hung on the attackers
    ("Huit soldats ukrainiens ont été tués par les forces russes au Donbass lors de combats "
     "d'une rare violence, a annoncé Kiev.", "2023-06", "Donbas"),
])
def test_where_the_incident_happened(extract_text, text, published, place):
    assert [e[4] for e in events(extract_text, text, published)] == [place]


def test_a_generic_word_joins_the_placed_incident_of_its_story(extract_text):
    text = ("Douze civils ont été tués dans une nouvelle attaque de miliciens à Djugu, à 60 km "
            "de Bunia. Bunia accueille des milliers de déplacés. Des témoins ont entendu les "
            "assaillants tirer pendant une heure.")
    assert [(e[0], e[4]) for e in events(extract_text, text, "2023-05")] == \
        [("Violence against civilians", "Djugu")]


def test_a_series_of_explosions_is_an_incident(extract_text):
    assert [(e[0], e[4]) for e in events(extract_text, "Une série d'explosions a secoué Beyrouth "
                                         "mardi.", "2023-06-14")] == \
        [("Explosions/Remote violence", "Beirut")]


@pytest.mark.parametrize("text, published, expected", [
    # the date of a clause that qualifies another noun is that noun's
    ("Des hommes fidèles au président renversé le 8 décembre ont attaqué des policiers à "
     "Homs.", "2025-03", ("2025-03", "month", "Homs")),
    # a mere year of the sentence does not date the incident of a dated story
    ("Trois soldats ont été tués par des tirs à Marioupol, ville dévastée l'année dernière par "
     "un siège.", "2023-05-10", ("2023-05-10", "week", "Mariupol")),
])
def test_the_date_of_the_incident_itself(extract_text, text, published, expected):
    assert [(e[2], e[3], e[4]) for e in events(extract_text, text, published)] == [expected]


@pytest.mark.parametrize("text, published, expected", [
    # a territory verb as a participle of a noun is a state; a gathering struck is a target
    ("Des obus sont tombés sur des maisons occupées par des familles à Goma.", "2024-05",
     [("Explosions/Remote violence", "Goma")]),
    ("Un kamikaze a déclenché sa ceinture d'explosifs dans un rassemblement de fidèles à "
     "Kaboul.", "2023-05", [("Explosions/Remote violence", "Kabul")]),
    # an agreement does not join the fighting, nor is it placed where the war is
    ("Des combats ont éclaté mardi à Goma. Un cessez-le-feu a été signé mercredi.",
     "2024-05-16", [("Battles", "Goma"), ("Strategic developments", None)]),
    # fighting at a border and fire near a town along it are one incident
    ("Des combats ont éclaté jeudi à la frontière entre la Thaïlande et le Cambodge. Des "
     "soldats ont essuyé des tirs près de la ville de Surin.", "2025-07-25",
     [("Battles", "Surin")]),
    # a demonstrative names the incident told of, whatever wider place it adds
    ("Des combats ont éclaté lundi près de Bakhmout. Ces combats, les plus violents dans le "
     "Donbass depuis un mois, ont fait dix morts.", "2023-05-10", [("Battles", "Bakhmut")]),
])
def test_what_is_one_incident(extract_text, text, published, expected):
    assert [(e[0], e[4]) for e in events(extract_text, text, published)] == expected


def test_a_dateline_line_is_not_where_the_story_happens(extract_text):
    text = ("Khartoum, 10 mars, SUNA\nLe Soudan est en guerre. Des bombardements ont tué dix "
            "civils dans la nuit.")
    assert [e[4] for e in events(extract_text, text, "2024-03")] == ["Sudan"]


def test_a_country_of_the_sentence_before_does_not_place_an_incident(extract_text):
    text = ("Des soldats ont été tués dans des combats à Goma mardi. Un communiqué a été publié "
            "au Rwanda. Le groupe est tombé dans une embuscade.")
    assert [(e[0], e[4]) for e in events(extract_text, text, "2024-03-14")] == \
        [("Battles", "Goma")]


@pytest.mark.parametrize("text, count", [
    ("Au cours de la première nuit de l'offensive, des frappes russes ont touché Kharkiv.", 1),
    ("Lors de la première guerre, des bombardements avaient détruit Kharkiv.", 0),
])
def test_what_happened_during_a_whole_war_is_background(extract_text, text, count):
    assert len(events(extract_text, text, "2022-03-05")) == count


@pytest.mark.parametrize("text, expected", [
    # a village the gazetteer lacks still places the incident, by its name alone
    ("Des hommes armés ont massacré une trentaine de civils dans la localité de Kodyel, "
     "dans la province de la Komondjari.", ("Violence against civilians", "Kodyel", None)),
    ("Des miliciens ont attaqué dimanche à Baraka-Kitembo un poste de l'armée.",
     ("Battles", "Baraka-Kitembo", None)),
])
def test_an_unknown_village_places_the_incident_by_its_name(extract_text, text, expected):
    found = extract_text(text, "2024-06").events
    assert [(e.type, e.place, e.lat) for e in found] == [expected]


@pytest.mark.parametrize("text", [
    "Des hommes armés ont attaqué un marché de Djibo jeudi, selon des habitants.",
    "Une mosquée a été la cible d'une attaque jeudi à Djibo.",
    "Une attaque a visé des fidèles réunis pour la prière, jeudi à Djibo.",
])
def test_an_attack_aimed_at_civilians_is_violence_against_civilians(extract_text, text):
    # even right after a report of shelling, whose type a bare "attaque" would take
    shelling = "Des obus sont tombés sur une caserne de Dori mercredi. "
    found = events(extract_text, shelling + text, "2024-06-14")
    assert [e[0] for e in found] == ["Explosions/Remote violence", "Violence against civilians"]


def test_a_weapon_in_use_types_the_incident_but_is_none_of_its_own(extract_text):
    text = ("Deux soldats ont été tués lors d'affrontements près de la ville de Bakhmout, "
            "les deux camps employant des mortiers et des lance-roquettes.")
    assert [e[0] for e in events(extract_text, text, "2023-05")] == ["Battles"]
    text = "Les rebelles ont ouvert le feu sur une patrouille à Gao en utilisant des drones."
    assert [e[1] for e in events(extract_text, text, "2023-05")] == ["Air/drone strike"]


def test_the_blast_of_a_depot_is_an_accident_until_someone_caused_it(extract_text):
    text = ("Dans la nuit, l'explosion d'un entrepôt de gaz a fait six morts à Donetsk. "
            "L'explosion a soufflé les vitres du quartier.")
    assert [e[:2] for e in events(extract_text, text, "2024-02")] == \
        [("Strategic developments", "Other")]
    text = "L'explosion d'une voiture piégée a fait six morts à Mogadiscio."
    assert [e[0] for e in events(extract_text, text, "2024-02")] == \
        ["Explosions/Remote violence"]


def test_an_unknown_village_within_a_region_is_one_incident_with_it(extract_text):
    text = ("Une frappe russe a tué neuf civils dans la région de Soumy, jeudi. La frappe a "
            "touché une école du village de Kruhla Dolyna, dans la région de Soumy.")
    assert [(e[0], e[4]) for e in events(extract_text, text, "2024-02-16")] == \
        [("Explosions/Remote violence", "Kruhla Dolyna")]


def test_a_capital_standing_for_its_rulers_places_nothing(extract_text):
    text = ("Des hommes armés ont massacré douze villageois, qui avaient refusé l'ordre de la "
            "junte au pouvoir à Niamey.")
    assert [e[4] for e in events(extract_text, text, "2024-02")] == [None]


def test_a_distinct_attack_at_the_same_place_is_another_incident(extract_text):
    text = ("Des obus ont frappé un marché de Gao mardi. Une ONG a signalé une frappe distincte "
            "contre le camp militaire de Gao.")
    assert [e[0] for e in events(extract_text, text, "2024-02-14")] == \
        ["Explosions/Remote violence", "Explosions/Remote violence"]


@pytest.mark.parametrize("text, place", [
    ("Des jihadistes ont attaqué le poste militaire de Kodyel, tuant huit soldats.", "Kodyel"),
    ("Les forces ont repris la colline stratégique de Tchalka après de violents combats.",
     "Tchalka"),
])
def test_a_post_or_a_hill_named_after_a_place_locates_the_incident(extract_text, text, place):
    assert [e[4] for e in events(extract_text, text, "2024-02")] == [place]


@pytest.mark.parametrize("text, count", [
    ("Deux soldats ont été tués lors d'une provocation armée près de Tovouz, le 3 mai.", 1),
    ("Le ministre a qualifié ces propos de provocation inacceptable.", 0),
])
def test_a_provocation_with_dead_or_fire_is_an_armed_incident(extract_text, text, count):
    assert len(events(extract_text, text, "2024-05")) == count


@pytest.mark.parametrize("text, expected", [
    # the headline places the strike in the city, the lead in its suburb: one strike
    ("Syrie : 9 morts dans une frappe sur Alep\nNeuf civils ont été tués mardi dans une "
     "frappe aérienne sur le quartier de Cheikh Maqsoud, à Alep, selon l'OSDH.",
     [("Explosions/Remote violence", "Aleppo")]),
    # a strike the lead places elsewhere is another incident than the headline's
    ("Liban : une frappe tue 12 personnes à Beyrouth\nUne frappe a tué 12 personnes dans la "
     "banlieue sud de Beyrouth mardi. Plus tôt, une autre frappe avait touché Tyr.",
     [("Explosions/Remote violence", "Beirut"), ("Explosions/Remote violence", "Tyre")]),
])
def test_a_headline_sums_up_the_incident_of_its_lead(extract_text, text, expected):
    assert [(e[0], e[4]) for e in events(extract_text, text, "2024-10-15")] == expected


def test_an_intertitle_names_what_its_paragraphs_tell_and_nothing_new(extract_text):
    text = ("Le président a réuni son conseil de sécurité mardi.\n"
            "Des attaques contre les civils\n"
            "Le ministre a dénoncé la dégradation de la situation.")
    assert events(extract_text, text, "2024-03") == []
    text = ("Trois civils ont été tués mardi par des obus tombés sur Kharkiv.\n"
            "Des frappes ciblant les civils\n"
            "Le maire a dénoncé une stratégie de terreur.")
    assert [e[4] for e in events(extract_text, text, "2024-03-14")] == ["Kharkiv"]


def test_the_dead_of_an_incident_are_a_total_not_its_part(extract_text):
    text = ("Au moins 13 personnes, dont deux enfants, ont été tuées dimanche dans des frappes "
            "aériennes sur un marché d'Idleb, selon l'OSDH.")
    assert [e[5] for e in events(extract_text, text, "2023-06-26")] == [13]


def test_a_statement_added_to_the_clause_does_not_place_its_incident(extract_text):
    text = ("L'armée malienne a affirmé que ses troupes ont repris le contrôle de la ville de "
            "Léré, ajoutant que les environs du village de Dioura ont aussi été libérés.")
    assert [(e[1], e[4]) for e in events(extract_text, text, "2023-06")] == \
        [("Government regains territory", "Léré"), ("Government regains territory", "Dioura")]


def test_the_massacre_of_a_strike_is_that_strike(extract_text):
    text = ("Une frappe aérienne a touché un camp de déplacés à Khan Younès mardi, faisant 30 "
            "morts, selon les secours. Le massacre a été condamné par l'ONU.")
    assert [(e[0], e[4]) for e in events(extract_text, text, "2024-05-15")] == \
        [("Explosions/Remote violence", "Khan Yunis")]


@pytest.mark.parametrize("text", [
    "Les routes sont coupées dans la région du Darfour, où s'affrontent depuis avril l'armée "
    "et les paramilitaires.",
    "Les routes sont coupées au Darfour, région où s'affrontent depuis avril l'armée et les "
    "paramilitaires.",
])
def test_a_clause_of_where_describes_the_place(extract_text, text):
    assert events(extract_text, text, "2023-06") == []


@pytest.mark.parametrize("text", [
    "Les secours sont arrivés dans le quartier où un obus a tué trois enfants.",
    "Les déplacés ont trouvé refuge à Goma, où des obus sont tombés mardi.",
    "Le convoi a atteint Sittwe, ville où l’Armée d’Arakan a bombardé une base militaire lundi.",
])
def test_a_clause_of_where_with_a_toll_or_a_day_reports_an_incident(extract_text, text):
    assert [e[0] for e in events(extract_text, text, "2023-06")] == \
        ["Explosions/Remote violence"]


def test_a_day_of_the_main_clause_does_not_make_a_clause_of_where_an_incident(extract_text):
    text = ("Mardi, le ministre s'est rendu dans la province où s'affrontent depuis des mois "
            "l'armée et les rebelles.")
    assert events(extract_text, text, "2023-06") == []


def test_a_moment_word_of_the_sentence_before_makes_no_other_incident(extract_text):
    text = ("Des combats ont éclaté mardi à Rutshuru entre l'armée et le M23. Les habitants "
            "avaient quitté la ville la veille. Des combats ont fait douze morts à Rutshuru.")
    assert [(e[0], e[4]) for e in events(extract_text, text, "2024-03-06")] == \
        [("Battles", "Rutshuru")]


def test_the_date_of_a_clause_of_another_noun_does_not_date_the_incident(extract_text):
    text = ("L'armée a annoncé avoir libéré trois villages dans la région où l'offensive a "
            "commencé en mai.")
    assert [(e[1], e[2]) for e in events(extract_text, text, "2023-06")] == \
        [("Government regains territory", "2023-06")]


def test_a_village_the_gazetteer_lacks_is_where_the_story_happens(extract_text):
    text = ("A Kodyel, les habitants avaient creusé des tranchées. Des hommes armés ont "
            "mitraillé les villageois au marché, selon des témoins joints à Kodyel.")
    assert [(e[0], e[4]) for e in events(extract_text, text, "2024-08")] == \
        [("Violence against civilians", "Kodyel")]


def test_a_weapon_in_use_named_by_a_noun_is_no_incident(extract_text):
    assert events(extract_text, "Kiev dénonce le recours à des drones kamikazes iraniens.",
                  "2023-06") == []


@pytest.mark.parametrize("text, place", [
    # a town far from the incident does not place it; one a few kilometres away does,
    # as ACLED codes an unknown village
    ("Des hommes armés ont tué douze civils dans un village situé à 200 km au nord de "
     "Niamey. Les assaillants ont mitraillé les habitants avant de fuir.", None),
    ("Une voiture piégée a explosé vendredi près d'un marché d'un village situé à 20 km de "
     "Damas. Les secours ont évacué les blessés.", "Damascus"),
    ("Des miliciens ont massacré les habitants d'un village situé à une quarantaine de "
     "kilomètres au nord de Goma. Les assaillants ont incendié des maisons.", "Goma"),
    ("Des miliciens ont massacré les habitants d'un village situé à une centaine de "
     "kilomètres au nord de Goma. Les assaillants ont incendié des maisons.", None),
])
def test_where_a_story_in_an_unknown_village_happens(extract_text, text, place):
    assert [e[4] for e in events(extract_text, text, "2024-03")] == [place]


def test_a_contrast_that_opens_the_sentence_does_not_place_the_incident(extract_text):
    text = ("Alors que les pourparlers piétinent à Doha, une frappe israélienne a tué 20 "
            "personnes à Rafah.")
    assert [e[4] for e in events(extract_text, text, "2024-03")] == ["Rafaḩ"]


def test_weapons_that_kill_are_an_incident(extract_text):
    text = "Le recours aux frappes aériennes par l'armée a fait 20 morts à Khartoum mardi."
    assert [(e[1], e[5]) for e in events(extract_text, text, "2024-03")] == \
        [("Air/drone strike", 20)]


def test_a_clause_set_against_the_incident_does_not_place_it(extract_text):
    text = ("Les nouveaux combats entre l'Éthiopie et l'Érythrée ont fait plus de 1000 morts, "
            "alors que trois trêves négociées respectivement sous l'égide du Kenya, de la "
            "France et des États-Unis ont échoué.")
    assert [e[4] for e in events(extract_text, text, "2020-11")] == ["Ethiopia"]


@pytest.mark.parametrize("text, expected", [
    # in a story dated to the month, the day its lead gives an incident dates the
    # incidents it goes on to tell without a date
    ("Au moins douze civils ont été tués lors de deux attaques ce mardi 14 mars à Beni, "
     "selon l'armée. Par ailleurs, des obus sont tombés sur le marché de Butembo.",
     [("2023-03-14", "day"), ("2023-03-14", "day")]),
    # not the day of a sentence that tells no incident, nor a day that dates no incident
    ("Mardi 14 mars, une vidéo a circulé sur les réseaux sociaux. Des hommes armés ont "
     "attaqué le village de Kodyel.", [("2023-03", "month")]),
    ("Le rapport publié le 20 mars recense les frappes russes à Kharkiv. Un drone a frappé "
     "Odessa.", [("2023-03", "month"), ("2023-03", "month")]),
])
def test_the_day_of_the_lead(extract_text, text, expected):
    assert [(e[2], e[3]) for e in events(extract_text, text, "2023-03")] == expected


def test_a_relative_clause_of_another_noun_does_not_place_the_incident(extract_text):
    text = ("Trois soldats indiens ont été tués jeudi dans des affrontements avec les forces "
            "pakistanaises à la frontière entre les deux pays, qui se disputent la région du "
            "Cachemire. Les soldats ont été tués dans un échange de tirs près de la ville de "
            "Poonch, a précisé l'armée.")
    assert [(e[0], e[4]) for e in events(extract_text, text, "2019-03")] == \
        [("Battles", "Pūnch")]


def test_an_attack_told_as_the_day_before_is_another_incident(extract_text):
    text = ("Un missile a touché le centre d'Odessa samedi, blessant dix personnes. Moscou n'a "
            "fait aucun commentaire sur cette frappe, qui est intervenue au lendemain d'une "
            "attaque de drones qui a fait 20 morts en Ukraine.")
    assert [(e[1], e[4], e[5]) for e in events(extract_text, text, "2023-12")] == \
        [("Shelling/artillery/missile attack", "Odesa", None),
         ("Air/drone strike", "Ukraine", 20)]  # its toll is the other attack's


@pytest.mark.parametrize("text, place", [
    ("Pakistan : douze soldats tués dans une embuscade au Baloutchistan\n"
     "Douze soldats pakistanais ont été tués samedi dans une embuscade tendue par des "
     "séparatistes près de Turbat, a annoncé l'armée.", "Turbat"),
    # a region the curated file names in French, its towns filed under another spelling
    ("Irak : un attentat fait douze morts dans la province de Ninive\nUn kamikaze s'est "
     "fait exploser lundi sur un marché de Mossoul, selon la police.", "Mosul"),
])
def test_a_headline_region_and_a_town_of_it_are_one_incident(extract_text, text, place):
    assert [e[4] for e in events(extract_text, text, "2024-03-17")] == [place]


@pytest.mark.parametrize("text, places", [
    # two towns struck are two incidents; fighting between two towns is one
    ("Des frappes russes ont touché dans la nuit Kharkiv et Odessa, faisant au moins cinq "
     "morts.", ["Kharkiv", "Odesa"]),
    ("Des drones ont frappé Kherson, Mykolaïv et Odessa mardi.",
     ["Kherson", "Mykolayiv", "Odesa"]),
    ("De violents combats ont eu lieu entre Bakhmout et Soledar dimanche.", ["Soledar"]),
    ("Un convoi humanitaire reliant Goma et Bukavu a été attaqué samedi.", ["Goma"]),
    # a town the sentence names elsewhere is not listed with the incident's
    ("Kiev et Moscou s'accusent mutuellement après une frappe de drone sur Kiev mardi qui a "
     "tué deux personnes.", ["Kyiv"]),
])
def test_towns_listed_as_struck_are_incidents_of_their_own(extract_text, text, places):
    assert sorted(e[4] for e in events(extract_text, text, "2024-05-20")) == places


def test_the_toll_of_towns_struck_together_is_counted_once(extract_text):
    text = ("Au moins 27 Palestiniens ont été tués jeudi dans des frappes israéliennes sur la "
            "ville de Gaza et à Khan Younès, a annoncé la Défense civile.")
    assert [(e[4], e[5]) for e in events(extract_text, text, "2025-05-30")] == \
        [("Gaza", 27), ("Khan Yunis", None)]


def test_the_dead_of_the_headline_are_the_lead_incident_s(extract_text):
    text = ("Ukraine : cinq civils tués à Kharkiv\nUne frappe russe a touché jeudi un immeuble "
            "de Kharkiv, selon le maire. Des drones ont visé Odessa dans la nuit.")
    assert [(e[4], e[5]) for e in events(extract_text, text, "2024-05-17")] == \
        [("Kharkiv", 5), ("Odesa", None)]


def test_a_generic_word_dated_apart_keeps_its_own_kind(extract_text):
    text = ("Des jihadistes ont attaqué lundi la base de Djibo avant d'être repoussés par "
            "l'aviation. Le 11 mai, une attaque similaire contre la même base avait fait des "
            "dizaines de morts.")
    assert [(e[0], e[2]) for e in events(extract_text, text, "2025-05-27")] == \
        [("Battles", "2025-05-26"), ("Battles", "2025-05-11")]


@pytest.mark.parametrize("text, published, expected", [
    # a raid is from the air, unless irregular fighters carry it out
    ("Des raids aériens ont tué neuf civils à Maarat al-Noomane.", "2019-12",
     ("Explosions/Remote violence", "Air/drone strike")),
    ("Un raid de jihadistes contre la gendarmerie de Djibo a fait six morts.", "2019-12",
     ("Battles", "Armed clash")),
    ("Un raid des shebab contre une base militaire près de Kismayo a fait quatre morts.",
     "2019-12", ("Battles", "Armed clash")),
    ("Un raid contre des positions jihadistes près de Ménaka a fait quatre morts.",
     "2019-12", ("Explosions/Remote violence", "Air/drone strike")),
])
def test_a_raid_by_fighters_is_on_the_ground(extract_text, text, published, expected):
    assert [e[:2] for e in events(extract_text, text, published)] == [expected]


def test_a_country_blamed_is_not_where_it_happened(extract_text):
    text = ("Trois civils ont été tués à Odessa par une attaque de drones imputée à la Russie, "
            "selon les autorités ukrainiennes.")
    assert [e[4] for e in events(extract_text, text, "2023-07")] == ["Odesa"]


def test_blasts_heard_take_the_kind_of_the_strikes_told(extract_text):
    text = "De fortes explosions ont retenti dans la nuit à Odessa, visée par des missiles russes."
    assert [e[:2] for e in events(extract_text, text, "2023-07")] == [
        ("Explosions/Remote violence", "Shelling/artillery/missile attack")]


def test_stepping_up_strikes_is_no_habit(extract_text):
    text = "Israël a multiplié mardi les frappes au Liban, tuant douze personnes à Tyr."
    assert [e[0] for e in events(extract_text, text, "2024-10-01")] == [
        "Explosions/Remote violence"]
