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
    ("L'armée nigériane a déclaré qu'une attaque menée par Boko Haram avait visé un camp.",
     "NG.MOD", "accuse", "une attaque menée par Boko Haram"),
    ("Le ministre ukrainien des Affaires étrangères a affirmé que la Russie intensifiait sa "
     "terreur.", "UA.MFA", "accuse", "intensifiait sa terreur"),
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
    ("Le ministre tchadien de la Défense a déclaré à la radio qu'\"aucun soldat\" n'avait "
     "été tué.", "TD.MOD", "assert", "aucun soldat"),
    ("Les autorités locales ont rapporté au moins 14 décès dans le Nord-Kivu, en RDC.",
     "CD.OTHER", "assert", "au moins 14 décès"),
    ("L'Observatoire syrien des droits de l'homme a fourni un nouveau bilan de 60 morts à "
     "Idleb.", "OSDH", "assert", "de 60 morts"),
    ("« Vingt soldats ont été tués », a indiqué le général tchadien Abakar Issa.", "TD.MOD",
     "assert", "Vingt soldats ont été tués"),
    ("Le gouvernement soudanais a pour sa part accusé les FSR d'avoir pillé la ville.",
     "SD.GOV", "accuse", "d'avoir pillé la ville"),
    ("L'armée tchadienne évoque une trentaine de morts dans les rangs de Boko Haram.",
     "TD.MOD", "assert", "une trentaine de morts"),
    ("« Le village a été repris », a poursuivi le porte-parole de l'armée éthiopienne.",
     "ET.MOD", "assert", "Le village a été repris"),
    # attribution by preposition
    ("Au moins 12 civils ont été tués à Kharkiv, selon le gouverneur régional Oleg "
     "Synegoubov.", "UA.OTHER", "assert", "Au moins 12 civils ont été tués"),
    ("Selon l'OSDH, 24 combattants ont péri dans les combats.", "OSDH", "assert",
     "24 combattants ont péri"),
    ("D'après la Maison Blanche, les négociations progressent.", "US.GOV", "assert",
     "les négociations progressent"),
    # news outlets speak for their country, state media for the state
    ("Selon la BBC, une centaine de soldats ont déserté.", "GB.OTHER", "assert",
     "une centaine de soldats ont déserté"),
    ("Selon l'agence officielle Irna, deux gardes-frontières ont été tués.", "IR.GOV", "assert",
     "deux gardes-frontières ont été tués"),
    ("La télévision publique ivoirienne a annoncé que le couvre-feu était levé.", "CI.GOV",
     "assert", "le couvre-feu était levé"),
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
    # participles of reporting verbs with an agent; local people
    ("Israël a affirmé avoir frappé un dépôt d'armes, une information aussitôt démentie par "
     "le Hezbollah.", "HEZBOLLAH", "deny", "une information aussitôt démentie"),
    ("Les secouristes fouillent un entrepôt du port, annoncé par Kiev comme un dépôt de "
     "munitions russe.", "UA.GOV", "assert", "un entrepôt du port"),
    ("Une frappe a touché Kherson, en Ukraine. Mais les riverains nient la présence de "
     "soldats dans le quartier.", "UA.OTHER", "deny", "la présence de soldats"),
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
    # an impersonal 'il', a relative object: nobody reports anything
    "Il faut rappeler que la Russie occupe la Crimée depuis 2014.",
    "La Serbie a perdu le Kosovo, un territoire qu'elle réclame toujours.",
    "Le Tchad n'a pas fourni de bilan militaire après les combats.",
    # a reporting verb whose object is 'aucun': nothing reported
    "Le bilan reste partiel, le Soudan n'annonçant aucune perte parmi ses soldats.",
    # 'il est à noter que': the journalist's aside
    "Il est à noter que les forces russes bombardent Kharkiv depuis des mois.",
])
def test_not_statements(extract_text, text):
    assert claims(extract_text, text, "2022-02") == []


@pytest.mark.parametrize("text, source", [
    # the same noun as a source named before, or, in a lead, after
    ("Le ministère ukrainien de la Défense a annoncé la destruction de trois drones. Le "
     "ministère a précisé que deux soldats avaient été blessés.", "UA.MOD"),
    ("« Nos positions ont été bombardées toute la nuit », a déclaré le ministère de la "
     "Défense. Le ministère israélien de la Défense a ajouté qu'un soldat avait été tué.",
     "IL.MOD"),
    # a document speaks for the last source, or for the one it is 'de'
    ("L'armée nigérienne a annoncé la mort de dix soldats. Selon le communiqué, les "
     "assaillants ont été repoussés vers la frontière.", "NE.MOD"),
    ("Les rebelles du M23 ont pris la ville. Selon le communiqué de l'armée congolaise, les "
     "combats se poursuivent.", "CD.MOD"),
    # an organisation noun: the last group named, not one it is affiliated to
    ("L'attaque a été menée par le JNIM, affilié à Al-Qaïda. Le groupe a affirmé avoir tué "
     "vingt soldats.", "JNIM"),
    ("Human Rights Watch a enquêté au Tigré pendant des mois. L'ONG affirme que des "
     "centaines de civils ont été tués.", "HRW"),
])
def test_definite_descriptions_refer_back(extract_text, text, source):
    found = claims(extract_text, text)
    assert found and found[-1][0] == source, found


def test_a_participle_after_a_statement_has_its_speaker(extract_text):
    text = ("Le ministère soudanais de la Défense a déclaré que ses troupes avaient repris le "
            "pont, ajoutant que les paramilitaires avaient fui vers le sud.")
    found = claims(extract_text, text)
    assert [s for s, _, _ in found] == ["SD.MOD", "SD.MOD"], found
    assert "les paramilitaires avaient fui" in found[1][2]


def test_sources_reached_by_a_foreign_outlet_are_local(extract_text):
    text = ("Une attaque a visé le camp de Kati, au Mali. Les sources contactées par la BBC "
            "confirment une vingtaine de morts.")
    assert only(extract_text, text)[0] == "ML.OTHER"


def test_an_unqualified_institution_is_the_story_country(extract_text):
    text = ("Un camp militaire a été attaqué près de Diffa, au Niger, dans la nuit. Selon "
            "l'armée, dix assaillants ont été tués.")
    assert only(extract_text, text, "2023-03")[:2] == ("NE.MOD", "assert")


def test_support_by_a_country_is_no_statement(extract_text):
    text = "Les rebelles, soutenus par Kigali, ont pris la ville de Goma."
    assert claims(extract_text, text) == []


def test_an_ambassador_speaks_for_the_country_that_sends_him(extract_text):
    text = ("« Des civils ont été visés à Kharkiv », a déclaré l'ambassadeur d'Ukraine en "
            "Belgique. « Deux écoles ont été détruites », a-t-il ajouté dans la soirée.")
    assert [s.split(".")[0] for s, _, _ in claims(extract_text, text)] == ["UA", "UA"]


@pytest.mark.parametrize("text, source", [
    ("Deux journalistes ont été tués près de Bakhmout, en Ukraine. RSF a dénoncé une "
     "attaque contre la presse.", "RWB"),
    ("Les combats continuent à Khartoum, au Soudan. Les RSF ont affirmé contrôler le palais "
     "présidentiel.", "RSF"),
])
def test_an_acronym_of_two_organisations(extract_text, text, source):
    assert only(extract_text, text)[0] == source


def test_a_subject_inside_the_quotation_is_not_the_speaker(extract_text):
    text = ("« Il faut que les secours arrivent », a appelé lundi le chargé des droits humains "
            "de la région, Jean Dupont.")
    assert claims(extract_text, text) == []


@pytest.mark.parametrize("text, source", [
    ("Le Hamas a tiré des roquettes. Trois de ses commandants ont été tués, selon des sources "
     "proches du mouvement.", "HAMAS"),
    ("Deux chefs ont été tués, selon des sources proches des shebab.", "SHABAAB"),
])
def test_sources_close_to_a_group_speak_for_it(extract_text, text, source):
    assert [s for s, _, _ in claims(extract_text, text)][-1] == source


@pytest.mark.parametrize("text, source, words", [
    # a prepositional phrase between the verb and the inverted subject
    ("« Les combats ont repris à l'aube », a déclaré sur Telegram le gouverneur ukrainien "
     "Oleh Synegoubov.", "UA.OTHER", "Les combats ont repris"),
    ("« Deux villages ont été repris », a affirmé dans un communiqué l'armée malienne.",
     "ML.MOD", "Deux villages ont été repris"),
    # the title in apposition after a name says who speaks
    ("« Nos soldats tiennent la ligne », a annoncé à la radio publique Jean Dupont, le "
     "porte-parole de l'armée burkinabè.", "BF.MOD", "Nos soldats tiennent la ligne"),
    # "en précisant que" after an incise: the incise's speaker
    ("« Le pont a été détruit », a déclaré le gouverneur ukrainien de Kherson, en précisant "
     "que deux civils avaient été blessés.", "UA.OTHER", "deux civils avaient été blessés"),
    # "qualifiant X de ...": the qualification is the content
    ("« Notre ville a été frappée », a déclaré le maire ukrainien de Kharkiv, qualifiant "
     "l'attaque de crime de guerre.", "UA.OTHER", "crime de guerre"),
    # a verb group split by an adverbial the parser hangs on the auxiliary
    ("Le Mali a de son côté fait état de douze soldats tués dans l'embuscade.", "ML.GOV",
     "douze soldats tués"),
    # an incise after a clause whose last noun the parser takes for the subject
    ("Six civils ont été tués dans un raid près de Kidal, une ville du nord du Mali, a "
     "annoncé hier un responsable local.", "ML.OTHER", "Six civils ont été tués"),
    # prepositional phrases before the inverted subject, with their own complements
    ("« Les assaillants ont été repoussés », a indiqué, sous couvert d'anonymat, un officier "
     "de l'armée malienne.", "ML.MOD", "Les assaillants ont été repoussés"),
    ("« Le village est encerclé », a affirmé pour sa part sur X le gouverneur ukrainien de "
     "Soumy.", "UA.OTHER", "Le village est encerclé"),
    # an unqualified institution inverted after the clause
    ("Trois drones ont été abattus au-dessus de Kiev, en Ukraine, ont indiqué les autorités "
     "régionales.", "UA.GOV", "Trois drones ont été abattus"),
    # a document speaks for its author
    ("Douze soldats ont été tués près de Djibo, indique un bilan fourni par l'état-major "
     "burkinabè.", "BF.MOD", "Douze soldats ont été tués"),
    ("Selon les chiffres annoncés lundi par Jean Dupont, gouverneur du Nord-Kivu, allié de "
     "l'armée, 80 personnes ont été tuées.", "CD.OTHER", "80 personnes ont été tuées"),
    # "selon lesquelles" names no source: the verb before it is the statement
    ("Le ministère russe de la Défense a démenti les informations selon lesquelles des "
     "soldats ukrainiens avaient franchi la frontière.", "RU.MOD",
     "les informations selon lesquelles"),
    # "selon X" between an opening adverbial or subordinator and the clause it attributes
    ("Dans toute la province, selon l'armée nigériane, une quarantaine d'insurgés ont été "
     "tués.", "NG.MOD", "une quarantaine d'insurgés ont été tués"),
    ("L'attaque a eu lieu près de Gao, au Mali. Il faut rappeler que, selon des témoins, les "
     "assaillants sont arrivés à moto.", "ML.OTHER", "les assaillants sont arrivés à moto"),
])
def test_source_and_content(extract_text, text, source, words):
    found = claims(extract_text, text)
    assert any(s == source and words in e for s, _, e in found), found


def test_selon_after_an_opening_adverbial_attributes_what_follows(extract_text):
    text = "Dans toute la province, selon l'armée nigériane, 40 insurgés ont été tués."
    assert only(extract_text, text)[2] == "40 insurgés ont été tués"


@pytest.mark.parametrize("text, source, stance", [
    # an attack that did not happen blames nobody
    ("Le ministère ukrainien de la Défense a indiqué qu'aucune attaque russe n'avait été "
     "enregistrée dans la nuit.", "UA.MOD", "assert"),
    # a word that brands a party, for who does the act: named or not, it is blamed
    ("L'armée malienne a affirmé que les terroristes avaient piégé la route de Gao.",
     "ML.MOD", "accuse"),
    ("« Dans une riposte lâche de l'État terroriste, un missile a touché une école », a "
     "déclaré le gouverneur ukrainien de Kharkiv.", "UA.OTHER", "accuse"),
    # ... not for the speaker's own targets, nor for who merely moves
    ("L'armée burkinabè a affirmé avoir détruit des bases où les terroristes s'étaient "
     "repliés.", "BF.MOD", "assert"),
    # an attack put on an armed group of the speaker's own country
    ("Un responsable militaire yéménite a annoncé que six soldats avaient été tués dans une "
     "attaque de drones attribuée aux Houthis.", "YE.OTHER", "accuse"),
    ("Le porte-parole de l'armée congolaise a déclaré que des tirs provenant des rebelles du "
     "M23 avaient tué trois civils.", "CD.MOD", "accuse"),
    # what the statement is about is an act that blames its author, named or not
    ("« Le massacre de Boutcha a fait plus de 400 morts », a déclaré le procureur général "
     "ukrainien.", "UA.OTHER", "accuse"),
    ("« Nous tenons l'ennemi russe entièrement responsable de cette agression », a déclaré "
     "le ministère ukrainien.", "UA.GOV", "accuse"),
    ("Le gouvernement soudanais a qualifié l'attaque de crime contre l'humanité.", "SD.GOV",
     "accuse"),
    # the speaker's side said not to have done something, or a correction, denies
    ("« Nous n'avons tiré aucun obus sur la ville », a déclaré le porte-parole de l'armée "
     "israélienne.", "IL.MOD", "deny"),
    ("Le porte-parole de l'armée soudanaise a assuré que le convoi ne transportait pas de "
     "vivres mais des armes.", "SD.MOD", "deny"),
    # a statement that nobody meant harm, in an impersonal 'il y a', asserts
    ("Le ministère russe des Affaires étrangères a assuré qu'il n'y avait aucune intention "
     "de nuire à la Géorgie.", "RU.MFA", "assert"),
    # a branded party right before a hostile verb, however the parser hangs it
    ("Selon la télévision d'État malienne, le car a sauté alors que les terroristes le "
     "piégeaient près de Gao.", "ML.GOV", "accuse"),
    # no losses on the speaker's side is a fact, not a denial
    ("Le ministère ukrainien de la Défense a indiqué que l'armée ukrainienne n'a subi aucune "
     "perte dans la nuit.", "UA.MOD", "assert"),
    # the paramilitaries' long name
    ("Selon l'armée soudanaise, 20 civils ont été tués lors d'une attaque menée par les "
     "Forces paramilitaires de soutien rapide à Omdurman.", "SD.MOD", "accuse"),
])
def test_stance_of_what_is_said(extract_text, text, source, stance):
    found = claims(extract_text, text)
    assert any(s == source and st == stance for s, st, _ in found), found


@pytest.mark.parametrize("text, source, words", [
    # a cleft or an object pronoun: what is reported is the sentence before
    ("Quatre soldats tchadiens ont été tués près du lac Tchad. C'est ce qu'a annoncé le "
     "porte-parole de l'armée tchadienne.", "TD.MOD", "Quatre soldats tchadiens ont été tués"),
    ("Une base a été attaquée près de Mopti, au Mali. Dans un communiqué, l'armée malienne "
     "l'a confirmé mais sans donner de bilan.", "ML.MOD", "Une base a été attaquée"),
])
def test_what_is_reported_is_the_sentence_before(extract_text, text, source, words):
    found = claims(extract_text, text)
    assert any(s == source and e.startswith(words) for s, _, e in found), found


def test_an_object_pronoun_of_an_accusation_is_who_is_blamed(extract_text):
    text = "Le convoi a été attaqué près de Goma. Kinshasa l'a accusé d'avoir armé les rebelles."
    assert only(extract_text, text)[1:] == ("accuse", "d'avoir armé les rebelles")


def test_an_object_content_stops_before_the_verbs_own_phrases(extract_text):
    text = ("Le gouvernement ukrainien a démenti ces informations par la voix d'un "
            "porte-parole de l'armée.")
    assert only(extract_text, text) == ("UA.GOV", "deny", "ces informations")


@pytest.mark.parametrize("text, expected", [
    # a noun names the statement, its author follows it
    ("Les combats ont repris dans le Donbass malgré les appels au calme de Washington et des "
     "Européens.", ("US.GOV", "call", "appels au calme de Washington")),
    ("L'attaque a provoqué des condamnations, notamment par la France et l'Allemagne.",
     ("FR+DE", "accuse", "condamnations, notamment par la France et l'Allemagne")),
])
def test_statements_named_by_a_noun(extract_text, text, expected):
    assert only(extract_text, text) == expected


@pytest.mark.parametrize("text", [
    "L'appel de Poutine à Macron a duré une heure.",  # a telephone call
    "Les appels de détresse se multiplient à Khartoum.",  # nobody's appeal
    # a court's sentence
    "La condamnation par un tribunal de Moscou d'un soldat ukrainien a choqué Kiev.",
])
def test_nouns_that_name_no_statement(extract_text, text):
    assert claims(extract_text, text) == []


@pytest.mark.parametrize("text, expected", [
    # a reporting phrase with a date or adjectives inside it
    ("L'ONU a fourni lundi un nouveau bilan de 30 morts au Darfour.",
     ("UN", "assert", "de 30 morts au Darfour")),
    ("Le parquet ukrainien a rendu publiques les statistiques des crimes commis par l'armée "
     "russe.", ("UA.OTHER", "accuse", "les statistiques des crimes commis par l'armée russe")),
    ("Washington fait pression sur Kiev pour qu'il accepte un cessez-le-feu.",
     ("US.GOV", "call", "il accepte un cessez-le-feu")),
    # with nothing after it, the phrase is its own content
    ("Kiev a aussitôt pointé Moscou du doigt.", ("UA.GOV", "accuse", "pointé Moscou du doigt")),
])
def test_reporting_phrases(extract_text, text, expected):
    assert only(extract_text, text) == expected


@pytest.mark.parametrize("text, source, stance", [
    # an act branded terrorist names nobody
    ("Un poste de police a été la cible d'une « attaque terroriste » près de Diffa, au "
     "Niger, a annoncé l'armée nigérienne.", "NE.MOD", "assert"),
    # "pour sa part" is no second subject, whatever the parser says
    ("«L'armée russe a ouvert le feu sur nos positions», a indiqué pour sa part sur "
     "Facebook le député ukrainien Ivan Petrenko.", "UA.OTHER", "accuse"),
    # a bare noun phrase the parser hangs inside the phrase before it is the speaker
    ("«Les Russes ont bombardé Kherson toute la nuit», a déclaré pour sa part sur Telegram "
     "le gouverneur ukrainien.", "UA.OTHER", "accuse"),
    # an absolute clause before the subject is no second speaker
    ("L'accès à la zone étant impossible, Human Rights Watch dit avoir travaillé sur la "
     "base de témoignages.", "HRW", "assert"),
])
def test_the_one_speaker_of_a_sentence(extract_text, text, source, stance):
    assert only(extract_text, text)[:2] == (source, stance)


@pytest.mark.parametrize("text, source", [
    # the group whose name has the noun, not the last group named
    ("Les combattants du Front de libération de l'Azawad, alliés au JNIM selon Bamako, ont "
     "pris Kidal. Le front a démenti toute alliance.", "FLA"),
    # a lower-case noun the tagger takes for a name still refers back
    ("Le Mouvement du 23 mars a pris Goma. Dans un communiqué, le mouvement a annoncé que "
     "ses troupes contrôlaient l'aéroport.", "M23"),
])
def test_an_organisation_noun_refers_to_the_group_it_names(extract_text, text, source):
    assert claims(extract_text, text)[-1][0] == source


def test_a_closing_quote_set_apart_goes_with_the_sentence_before(extract_text):
    text = ("Le camp de Kaya, au Burkina Faso, a été la cible d'une « attaque ». Dans un "
            "communiqué, l'armée burkinabè l'a confirmé.")
    assert only(extract_text, text)[2].endswith("« attaque »")


def test_a_verb_coordinated_inside_the_content_stays_in_it(extract_text):
    text = ("L'armée nigériane a indiqué que ses avions sont intervenus et ont permis de "
            "détruire trois camps de Boko Haram.")
    assert only(extract_text, text)[2].endswith("détruire trois camps de Boko Haram")


def test_a_verb_coordinated_with_the_reporting_verb_ends_the_content(extract_text):
    text = ("Le gouvernement éthiopien a affirmé que l'armée contrôlait Mekele et a accusé le "
            "TPLF de piller la ville.")
    found = claims(extract_text, text)
    assert found[0][2] == "l'armée contrôlait Mekele", found


def test_a_breakaway_territory_referred_to_as_cette_republique(extract_text):
    # the registry's breakaway territory, in the four-day war of April 2016
    text = ("Les forces du Haut-Karabakh ont repoussé une attaque en avril 2016. Trois soldats "
            "ont été tués, a annoncé le ministère de la Défense de cette république soutenue "
            "par Erevan.")
    assert only(extract_text, text, "2016-04")[:2] == ("NK.MOD", "assert")


def test_an_inverted_speaker_keeps_the_de_phrase_hung_on_the_verb(extract_text):
    text = ("Les combats ont repris près de Tombouctou, au Mali. Douze soldats ont été tués, a "
            "annoncé le ministère de la Défense de ce pays sahélien.")
    claim = extract_text(text, "2024-01").claims[-1]
    assert (claim.source, claim.speaker) == ("ML.MOD",
                                             "le ministère de la Défense de ce pays sahélien")


def test_a_quoted_paragraph_after_a_colon_is_the_speakers(extract_text):
    text = ("Moscou nie avoir tiré sur la gare de Kramatorsk. Selon le porte-parole du Kremlin, "
            "Dmitri Peskov, tout cela est une provocation :\n"
            "« Les missiles Totchka-U ne sont utilisés que par l'armée ukrainienne. »\n"
            "Les habitants ne le croient pas.")
    found = claims(extract_text, text, "2022-04")
    assert found[-1][0] == "RU.GOV" and found[-1][2].startswith("Les missiles Totchka-U")
    assert len(found) == 3, found


def test_a_quoted_paragraph_with_its_own_verb_is_not_taken_twice(extract_text):
    text = ("Le gouverneur ukrainien de Kherson a réagi :\n"
            "« Les Russes ont encore frappé la ville », a-t-il écrit sur Telegram.")
    assert len(claims(extract_text, text)) == 1


@pytest.mark.parametrize("text, expected", [
    # "selon X" inside a clause, with the figure right after the source
    ("Les tirs ukrainiens avaient fait selon Moscou 3 morts et 12 blessés.",
     ("RU.GOV", "assert", "3 morts et 12 blessés")),
    # a numeral inside the source's own words
    ("Les combats ont repris à Gaza. Au moins 15 personnes ont été tuées, selon les deux "
     "agences de l'ONU présentes sur place.", ("UN", "assert", "Au moins 15 personnes ont été "
                                                              "tuées")),
])
def test_selon_inside_a_clause(extract_text, text, expected):
    assert claims(extract_text, text)[-1] == expected


def test_the_self_proclaimed_republic_is_the_breakaway_territory(extract_text):
    # the registry's breakaway territory, in the four-day war of April 2016
    text = ("Des obus sont tombés sur Martakert, dans le Haut-Karabakh. « Deux civils ont été "
            "tués », a déclaré le médiateur de la république autoproclamée.")
    assert claims(extract_text, text, "2016-04")[-1][0] == "NK.GOV"


def test_the_other_sides_statement_inside_a_content_is_its_own(extract_text):
    text = ("L'Ukraine a déclaré lundi que les combats se poursuivaient à Bakhmout, que la "
            "Russie a annoncé avoir prise samedi.")
    assert [s for s, _, _ in claims(extract_text, text)] == ["UA.GOV", "RU.GOV"]


def test_a_statement_of_the_same_side_inside_a_content_is_part_of_it(extract_text):
    text = ("Le ministère israélien de la Défense a indiqué que l'armée israélienne avait "
            "annoncé la mort de deux soldats.")
    assert [s for s, _, _ in claims(extract_text, text)] == ["IL.MOD"]


def test_selon_ce_qua_indique_x_and_a_possessive_speaker(extract_text):
    text = ("Human Rights Watch a publié un rapport sur le Darfour. Les exécutions ont continué "
            "à El-Geneina, selon ce qu'a indiqué à la presse son directeur, Kenneth Roth.")
    assert claims(extract_text, text)[-1] == ("HRW", "accuse",
                                              "Les exécutions ont continué à El-Geneina")


def test_ainsi_que_does_not_open_the_content(extract_text):
    text = ("Les autorités maliennes ont annoncé la mort de 16 militaires ainsi que d'une mère "
            "et d'un enfant.")
    assert only(extract_text, text)[2] == ("la mort de 16 militaires ainsi que d'une mère et "
                                           "d'un enfant")


def test_who_is_accused_in_the_passive_is_no_speaker(extract_text):
    text = ("L'armée russe et des miliciens tchétchènes sont accusés d'avoir commis un massacre "
            "à Boutcha.")
    assert claims(extract_text, text) == []


def test_a_reciprocal_accusation_is_both_sides(extract_text):
    text = "Kiev et Moscou se sont mutuellement accusés de bombarder la centrale."
    assert only(extract_text, text)[:2] == ("UA+RU", "accuse")


def test_a_quoted_paragraph_is_not_given_to_an_earlier_speaker(extract_text):
    text = ("Selon le gouverneur ukrainien, deux immeubles ont été touchés. Une habitante "
            "raconte :\n« Tout a tremblé, puis les vitres ont explosé. »")
    assert [s for s, _, _ in claims(extract_text, text)] == ["UA.OTHER"]


def test_a_reporting_verb_spelt_without_its_circumflex(extract_text):
    text = "Kiev a d'abord démenti, mais l'Ukraine reconnait que les combats font rage à Bakhmout."
    assert ("UA.GOV", "assert", "les combats font rage à Bakhmout") in claims(extract_text, text)



def test_naming_an_army_is_no_hostile_act(extract_text):
    text = ("Les représentants de l'armée soudanaise et des FSR ont signé un accord de "
            "cessez-le-feu, ont annoncé l'Arabie saoudite et les États-Unis.")
    assert [c.stance for c in extract_text(text, "2023-05").claims] == ["assert"]


def test_residents_speak_for_the_place_the_sentence_names(extract_text):
    text = ("Un accord de cessez-le-feu a été signé à Djeddah, a annoncé l'Arabie saoudite. Les "
            "combats se poursuivaient toutefois dimanche à Omdourman, selon des habitants.")
    assert [c.source for c in extract_text(text, "2023-05").claims][-1] == "SD.OTHER"


def test_the_pronoun_of_an_incise_is_the_speaker_named_before(extract_text):
    text = ("Le porte-parole de l'armée tchadienne a annoncé la mort de huit soldats. Les "
            "rebelles ont attaqué la garnison à l'aube, a-t-il précisé.")
    assert [s for s, _, _ in claims(extract_text, text, "2021-04")] == ["TD.MOD", "TD.MOD"]


def test_a_statement_told_with_selon_and_an_incise_is_one_claim(extract_text):
    text = ("Selon le maire de Kharkiv, les forces russes ont pilonné la ville toute la nuit, "
            "a-t-il ajouté.")
    found = claims(extract_text, text, "2022-12")
    assert [(s, st) for s, st, _ in found] == [("UA.OTHER", "accuse")]


def test_the_spokesman_of_an_institution_named_before_speaks_as_it(extract_text):
    text = ("Selon le ministère libanais de la Santé, les frappes ont fait neuf morts. Le "
            "porte-parole du ministère, Karim Haddad, a précisé que 40 personnes ont été blessées.")
    assert [s for s, _, _ in claims(extract_text, text, "2024-09")] == ["LB.HEALTH", "LB.HEALTH"]


@pytest.mark.parametrize("text, source", [
    ("Des drones ont visé Saada, fief des Houthis. Les rebelles ont affirmé que huit civils "
     "avaient été tués.", "HOUTHI"),
    ("Un camp de l'armée a été attaqué par le JNIM. « Nous avons tué 20 soldats », a déclaré "
     "la radio des jihadistes.", "JNIM"),
])
def test_a_groups_fighters_speak_for_the_group_named_before(extract_text, text, source):
    assert [s for s, _, _ in claims(extract_text, text, "2023-02")] == [source]


def test_a_report_not_made_is_no_denial(extract_text):
    text = ("Un responsable de la police nigériane a indiqué qu'il y avait aussi des blessés, "
            "dont il n'a pas précisé le nombre.")
    assert [st for _, st, _ in claims(extract_text, text, "2021-03")] == ["assert"]


@pytest.mark.parametrize("text, expected", [
    ("Trois policiers ont été tués samedi près de Diffa, au Niger, a appris dimanche l'AFP de "
     "source sécuritaire.", [("NE.OTHER", "assert")]),
    ("L'AFP a appris auprès de sources locales que six civils avaient été tués à Kaya, au "
     "Burkina Faso.", [("BF.OTHER", "assert")]),
    ("Les habitants de Kaya, au Burkina Faso, ont appris la mort de six civils à la radio.", []),
])
def test_what_the_story_learnt_from_a_source_is_its_claim(extract_text, text, expected):
    assert [(s, st) for s, st, _ in claims(extract_text, text, "2022-05")] == expected


def test_an_incise_pronoun_after_a_new_subject_is_that_subject(extract_text):
    text = ("Le ministère russe de la Défense a affirmé avoir détruit un dépôt. Le président "
            "ukrainien s'est rendu à Kharkiv dimanche. « Nous tiendrons », a-t-il déclaré.")
    assert [s for s, _, _ in claims(extract_text, text, "2022-05")][-1] == "UA.GOV"
