"""Places: every toponym surface of an article, resolved to a gazetteer place.

Candidates come from three sources: the wire dateline, gazetteer names found in the
text (longest first, starting at a capitalised word or a lower-case name head such as
"lac"), and names introduced by a place noun ("le village de X"). The language model's
entities decide only what it knows better (a LOC tag admits a weak gazetteer match, a
PER tag vetoes one). Ambiguous names are resolved by the article's context: the
countries it is about and the places already placed without doubt.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import compress, count
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from veille import lexicon
from veille.actors import article_actors, first_word, registry
from veille.gazetteer import Candidate, Gazetteer, default_gazetteer, km
from veille.models import Place
from veille.nlp import (
    Memo,
    article_of,
    entities,
    in_ranges,
    keep_extracted,
    per_doc,
    sentence_at,
    span_text,
    text_of,
    tokens_of,
)
from veille.normalize import fold, strip_accents

MAX_NAME_TOKENS = 6
MAX_CONTAINER_GAP = 40
CONTAINER_LINKS = {"dans", "en", "au", "aux", "à", "de", "du", "des", "d'", "la", "le", "l'",
                   "les"}
CONTAINER_PUNCTUATION = re.compile(r"[,(–—-]|(?<=')")
CUE_LINKS = {"de", "d'", "d’", "du", "des", "et", ",", "la", "l'", "l’", "le"}
BUILDING_LINKS = {"de", "d'", "d’"}
TIER_PRIOR = {0: 70, 1: 65, 2: 50, 3: 45, 4: 40}
COUNTRY_BONUS = 30
CUE_BONUS = 40
MATCH_PENALTY = {"name": 0, "phonetic": 5, "fuzzy": 15}
NEAR_BONUS = 25
NEAR_KM = 600
STRONG_POPULATION = 50_000
POPULATION_CAP = 30.0
EXONYM_POPULATION = 500_000
CITY_POPULATION = 100_000
STANDINGS_LIMIT = 100_000
CUE_COMPATIBLE = {"village": {"village", "town"}, "town": {"town", "city", "village"},
                  "district": {"district", "town", "city", "region"},
                  "region": {"region", "district"}, "water": {"water"},
                  "other": {"other", "town", "village", "city"}}


@dataclass
class Mention:
    """A toponym occurrence and the places it may designate."""

    start: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]
    cue: str | None = None
    dateline: bool = False
    chosen: Candidate | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Standing:
    """What the places a name may designate say of it, whatever the text around it."""

    curated: bool  # one is a curated place
    major: bool  # one is curated or major
    named: bool  # one is curated, or major and named so (not only sounding alike)
    notable: bool  # one is notable enough for a proper noun to name it here

    @classmethod
    def of(cls, found: tuple[Candidate, ...]) -> Standing:
        return cls(curated=any(c.tier == 0 for c in found),
                   major=any(c.tier <= 1 for c in found),
                   named=any(c.tier == 0 or c.tier == 1 and c.match == "name" for c in found),
                   notable=any(c.tier <= 3 and (not c.alt or (c.population or 0) >=
                                                STRONG_POPULATION) for c in found))


class WordsVeto(NamedTuple):
    """Why some words name no place, wherever they stand."""

    always: bool  # an agency, a demonym, an institution
    uncued: bool  # a not-place ("Occident"), unless a place noun introduces it
    minor: bool  # an armed group, unless a major place has that name


class PlaceLexicon:
    def __init__(self, data: dict):
        self.cues: dict[str, str] = data["cues"]
        self.buildings = set(data["buildings"])
        self.lowercase_heads = set(data["lowercase_heads"])
        self.not_places = {fold(n) for n in data["not_places"]}
        # every beginning of them (a first word is one): a name that begins none of
        # them needs no look at its longer runs of words
        self.not_place_starts = {name[:k] for name in self.not_places
                                 for k in range(len(name) + 1)}
        self.agencies = {fold(a) for a in data["agencies"]}
        self.name_heads = set(data["name_heads"])
        self.street_nouns = set(data["street_nouns"])
        self.locative = set(data["locative"])
        self.near = set(data["near"])


@Language.factory("veille_places", assigns=["doc._.places"])
def make_place_extractor(nlp: Language, name: str):
    return PlaceExtractor()


class PlaceExtractor:
    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or default_gazetteer()
        self.gazetteer.load_fuzzy_pool()  # with the pipeline, not at the first misspelt name
        self.lex = PlaceLexicon(lexicon.load("places"))
        self.name_starts = Memo(self.name_start)
        # words (as written) -> whether some gazetteer name begins with them
        self.name_beginnings = Memo(lambda words: self.gazetteer.could_start(fold(words)))
        # a word (as written) -> whether some not-place begins with it
        self.not_place_heads = Memo(lambda word: fold(word) in self.lex.not_place_starts)
        self.words_vetoes = Memo(self.words_veto)
        # id of a tuple of candidates -> (the tuple, its Standing)
        self.standings: dict[int, tuple[tuple[Candidate, ...], Standing]] = {}

    def __call__(self, doc: Doc) -> Doc:
        cues = self.cue_positions(doc)
        mentions = self.dateline_mentions(doc) + self.text_mentions(doc, cues)
        self.disambiguate(mentions, doc)
        text = article_of(doc).text
        unknown = self.unknown_mentions(doc, cues, mentions)
        respelt = [m for m in unknown if m.candidates]
        keep_extracted(doc, "places", places_from(mentions + respelt, text))
        keep_extracted(doc, "unplaced", places_from([m for m in unknown if not m.candidates],
                                                    text))
        return doc

    # -- finding mentions -------------------------------------------------------------
    def dateline_mentions(self, doc: Doc) -> list[Mention]:
        article = article_of(doc)
        line = article.dateline if article else None
        if line is None:
            return []
        mentions, offset = [], line.start
        for piece in line.place.split(","):
            name = piece.strip()
            start = article.text.index(name, offset) if name else offset
            offset = start + len(name)
            found = self.gazetteer.lookup(name) if name else ()
            if found:
                mentions.append(Mention(start, offset, name, found, dateline=True))
        return mentions

    def text_mentions(self, doc: Doc, cues: dict[int, str]) -> list[Mention]:
        """Toponyms in the text. A lookup starts only at a capitalised word (or a name
        head such as "lac") that some gazetteer name begins with, or at a location the
        model found; it spans at most the words up to the next punctuation mark."""
        table = tokens_of(doc)
        texts = table.text
        # where the model's locations start -> where they end (entities do not overlap)
        locations = self.locations = {start: end for (start, end), label
                                      in entity_bounds(doc).items() if label in ("LOC", "GPE")}
        verdicts = list(map(self.name_starts.__getitem__, texts))
        # the words some name begins with, and the model's locations at capitalised words
        starts = [*compress(count(), verdicts), *(i for i in locations if verdicts[i] is False)]
        mentions: list[Mention] = []
        free = 0
        for i in sorted(starts):
            if i < free:
                continue
            mention = self.mention_at(doc, table, i, cues.get(i))
            if mention:
                mentions.append(mention)
                free = bisect_left(table.idx, mention.end)  # the token after the name
        return mentions

    def name_start(self, word: str) -> bool | None:
        """Whether a word may begin a name that the gazetteer knows (remembered per word
        in ``name_starts``): None when it is neither capitalised nor a name head such as
        "lac", False when no name begins with it (it may still begin a location the model
        found)."""
        if not (word[:1].isupper() or word.lower() in self.lex.lowercase_heads):
            return None
        return self.gazetteer.could_start(first_word(word))

    def mention_at(self, doc: Doc, table, i: int, cue: str | None) -> Mention | None:
        """The longest name starting at token i that the gazetteer knows and that is a
        place here (``table``: the Doc's tokens_of). Words are looked up as strings; no
        Span is made. Only the runs of words that may be a name are read: those that
        some gazetteer name begins with, and the location the model found here, unless a
        not-place vetoes the names it begins ("Washington Post")."""
        if breaks_a_name(table, i):
            return None  # a location the model starts at a punctuation mark
        text = text_of(doc)
        start = table.idx[i]
        known = self.known_prefix(table, text, i)
        veto = self.not_place_length(table, text, i) if cue is None else 0
        location_length = self.locations.get(i, i) - i
        lengths = range(known, veto, -1)
        if location_length > max(known, veto) and \
                location_length <= words_to_a_break(table, i):
            lengths = [location_length, *lengths]  # a longer location the model found
        for n in lengths:
            tagged = n == location_length  # the model found a location in these n words
            if cut_in_a_compound(table, i + n):
                continue  # "Baraka" of "Baraka-Kitembo" is not that place
            words = text[start:table.end(i + n - 1)]
            listed = self.gazetteer.lookup(words) if n <= known else None
            if not (listed or n == 1 and i in self.locations or tagged):
                continue
            if n > 1 and not ends_a_name(doc, table, i + n - 1):
                continue
            found = self.lookup(words, table.pos[i], tagged, listed)
            if found and self.accept(doc, i, i + n, words, found, cue):
                return Mention(start, start + len(words), words, found, cue)
        return None

    def known_prefix(self, table, text: str, i: int) -> int:
        """How many words from token i, up to the next punctuation mark, some gazetteer
        name begins with: longer runs of words need no lookup ("Selon le ministère de
        ...")."""
        n, longest, start = 1, words_to_a_break(table, i), table.idx[i]
        while n < longest and self.name_beginnings[text[start:table.end(i + n)]]:
            n += 1
        return n

    def not_place_length(self, table, text: str, i: int) -> int:
        """The number of words from token i (two or more) that name something that is
        no place ("Washington Post", "Le Monde"), which vetoes the shorter names it
        begins; 0 when they name none. A run of words whose folded form begins no
        not-place cannot grow into one."""
        if not self.not_place_heads[table.text[i]]:
            return 0
        starts = self.lex.not_place_starts
        veto, start = 0, table.idx[i]
        for n in range(2, words_to_a_break(table, i) + 1):
            folded = fold(text[start:table.end(i + n - 1)])
            if folded not in starts:
                break
            if folded in self.lex.not_places and not cut_in_a_compound(table, i + n):
                veto = n
        return veto

    def lookup(self, words: str, first_pos: str, tagged: bool,
               listed: tuple[Candidate, ...] | None) -> tuple[Candidate, ...]:
        """Gazetteer places for the words (``listed``: what the gazetteer's lookup gave for
        them, if asked already); a misspelt name ("Narogno-Karabakh") is looked up by edit
        distance only when the model ``tagged`` exactly these words a location."""
        if first_pos in ("DET", "ADP"):
            # "Le Caire" is a name with its article; "La Russie" is not looked up as one
            return self.gazetteer.by_key("name", fold(words))
        found = self.gazetteer.lookup(words) if listed is None else listed
        if not found and tagged:
            found = self.gazetteer.fuzzy(words)
        return found

    def cue_positions(self, doc: Doc) -> dict[int, str]:
        """Token index -> feature for names introduced by a place noun: 'village de X',
        'districts de Martouni et de Martakert', 'région du Sahel', 'la région
        ukrainienne de Kharkiv', 'la colline stratégique de Lala-Tepe'; after a building,
        only 'de X' ('l'hôpital de Kaya', not 'l'hôpital des Martyrs')."""
        positions: dict[int, str] = {}
        table = tokens_of(doc)
        lowers, texts, n = table.lower, table.text, len(table.text)
        cues = self.lex.cues
        for i in compress(count(), map(cues.__contains__, lowers)):
            feature = cues[lowers[i]]
            j = i + 1
            while j < min(n, i + 3) and table.pos[j] == "ADJ" and texts[j].islower() and \
                    j + 1 < n and lowers[j + 1] in CUE_LINKS:
                j += 1
            if lowers[i] in self.lex.buildings:
                if j + 1 < n and lowers[j] in BUILDING_LINKS and texts[j + 1][:1].isupper():
                    positions[j + 1] = feature  # "l'hôpital de Kaya"
                continue
            while j < n and lowers[j] in CUE_LINKS:
                j += 1
                if j < n and texts[j][:1].isupper():
                    positions[j] = feature
                    while j < n and (texts[j][:1].isupper() or texts[j] in "-'’"):
                        j += 1
            if i + 1 < n and texts[i + 1][:1].isupper():
                positions.setdefault(i + 1, feature)
        return positions

    def unknown_mentions(self, doc: Doc, cues: dict[int, str],
                         known: list[Mention]) -> list[Mention]:
        """Names the gazetteer does not know (or knows only as a namesake that was set
        aside), introduced as places: by a place noun ('la localité de Ngarbuh') or, for a
        location the model found, by 'à' ('un autocar attaqué à Seytenga'). They have no
        position, an event can still say where it happened; unless the gazetteer knows the
        name in another spelling in the country it is in ('la région de Koulikouro')."""
        starts = self.unknown_starts(doc, cues)
        if not starts:
            return []
        placed = [(m.start, m.end) for m in known]
        idx = tokens_of(doc).idx
        names = [(span, feature) for i, feature in starts
                 if not in_ranges(idx[i], placed) and
                 (span := name_from(doc, i)) is not None and
                 self.may_be_unknown(span, cued=i in cues)]
        if not names:
            return []
        home = main_country(known, article_actors(doc))
        found = []
        for span, feature in names:
            within = self.container(span, known)
            country = within.country if within else home
            respelt = self.gazetteer.fuzzy_in(span_text(span), country) if country else ()
            place = max(respelt, default=None, key=lambda c: self.score(
                c, feature, {country})) or unknown_place(span, feature, within, country)
            found.append(Mention(span.start_char, span.end_char, span_text(span), respelt,
                                 feature, chosen=place))
        return found

    def container(self, span: Span, known: list[Mention]) -> Candidate | None:
        """'le village de Groza, dans la région de Kharkiv', 'à Komanda, en Ituri': the
        region or country named right after an unknown name, by a place noun or a
        preposition, contains it."""
        after = min((m for m in known if m.start >= span.end_char), default=None,
                    key=lambda m: m.start)
        if after is None:
            return None
        between = text_of(span.doc)[span.end_char:after.start]
        words = CONTAINER_PUNCTUATION.sub(" ", between.lower().replace("’", "'")).split()
        if len(between) > MAX_CONTAINER_GAP or \
                any(w not in self.lex.cues and w not in CONTAINER_LINKS for w in words):
            return None
        wide = after.chosen.feature in ("region", "district", "country") or \
            any(self.lex.cues[w] in ("region", "district") for w in words if w in self.lex.cues)
        return after.chosen if wide else None

    def unknown_starts(self, doc: Doc, cues: dict[int, str]) -> list[tuple[int, str]]:
        """Token index -> feature where a name the gazetteer lacks may begin."""
        starts = dict(cues)
        table = tokens_of(doc)
        for (i, _), label in entity_bounds(doc).items():
            if label == "LOC" and i > 0 and self.located_after(table, i):
                starts.setdefault(i, "town")
        return sorted(starts.items())

    def located_after(self, table, i: int) -> bool:
        """'à Seytenga', 'A Gao' (capitals drop their accent), 'près de Kodyel'."""
        before = table.lower[i - 1]
        return before in self.lex.locative or table.text[i - 1] == "A" or \
            i > 1 and before in ("de", "d'", "d’") and table.lower[i - 2] in self.lex.near

    def may_be_unknown(self, span: Span, cued: bool) -> bool:
        """Not a word the article uses otherwise: an actor, an agency, or (unless a place
        noun introduces it) what the model takes for a person or an organisation."""
        text = span_text(span)
        folded = fold(text)
        table = tokens_of(span.doc)
        if folded in self.lex.agencies or folded in self.lex.not_places or \
                is_credit(table, span.start, span.end, self.lex.agencies):
            return False
        kinds = table.ent_type[span.start:span.end]
        if not cued and ("PER" in kinds or "ORG" in kinds):
            return False
        return article_actors(span.doc).registry.lookup(text) is None

    # -- is it a place? ------------------------------------------------------------------
    def accept(self, doc: Doc, start: int, end: int, text: str,
               found: tuple[Candidate, ...], cue: str | None) -> bool:
        """Whether a name the gazetteer knows (tokens ``start`` to ``end``, reading
        ``text``) is a place here: something admits it and nothing vetoes it. Admission is
        asked first, as it is cheaper and most capitalised words that some place is named
        after ('Le', 'Selon') fail it."""
        standing = self.standing(found)
        return self.admitted(doc, start, end, found, standing, cue) and \
            not self.vetoed(doc, start, end, text, found, standing, cue)

    def standing(self, found: tuple[Candidate, ...]) -> Standing:
        """The standing of the places some words may designate, worked out once per tuple
        of candidates: the gazetteer's cached tuple, read again at every mention of the
        name. The entry keeps its tuple alive, so the tuple's id names it while the entry
        lives."""
        try:
            return self.standings[id(found)][1]
        except KeyError:
            if len(self.standings) >= STANDINGS_LIMIT:
                self.standings.clear()
            standing = Standing.of(found)
            self.standings[id(found)] = (found, standing)
            return standing

    def admitted(self, doc: Doc, start: int, end: int, found: tuple[Candidate, ...],
                 standing: Standing, cue: str | None) -> bool:
        """A curated or major place, a place noun before it, the model's tag, a locative
        before a town of the story's countries, or a proper noun naming a notable place."""
        if cue or standing.named:
            return True
        if is_model_location(doc, start, end) or self.located_in_story(doc, start, found):
            return True
        return standing.notable and proper_noun(tokens_of(doc), start, end)

    def vetoed(self, doc: Doc, start: int, end: int, text: str, found: tuple[Candidate, ...],
               standing: Standing, cue: str | None) -> bool:
        """An agency, a credit, a street, a name of something else, an actor, a person,
        part of a longer name or an organisation's, or an acronym the model does not
        take for a place."""
        words = self.words_vetoes[text]
        major = standing.major
        if words.always or words.uncued and cue is None or words.minor and not major:
            return True
        table = tokens_of(doc)
        if is_credit(table, start, end, self.lex.agencies) or \
                self.names_a_street(table, start) or self.in_a_name(table, start):
            return True
        curated = standing.curated
        if "PER" in table.ent_type[start:end] and not curated and \
                not self.mistaken_person(doc, start, end, text, found):
            return True
        if cue is None and not major and (followed_by_name(table, end) or
                                          inside_organisation(doc, start, end)):
            return True
        if cue is None and inside_a_name(doc, start, end):
            return True
        return text.isupper() and len(text) > 1 and \
            not (curated or is_model_location(doc, start, end))

    def words_veto(self, text: str) -> WordsVeto:
        """What the words of a name say against its being a place, wherever they stand
        (remembered per name in ``words_vetoes``)."""
        folded = fold(text)
        entry = registry().lookup(text)
        kind = entry.kind if entry else None
        return WordsVeto(always=folded in self.lex.agencies or kind in ("demonym", "institution"),
                         uncued=folded in self.lex.not_places, minor=kind == "group")

    def in_a_name(self, table, start: int) -> bool:
        """'le groupe de Minsk', 'les Conventions de Genève': the name (starting at token
        ``start``) of a body or a treaty, not the place."""
        lowers = table.lower
        if start < 2 or lowers[start - 1] not in ("de", "d'", "d’", "du"):
            return False
        return lowers[start - 2] in self.lex.name_heads

    def names_a_street(self, table, start: int) -> bool:
        """'la place Tahrir', 'l'avenue Habib-Bourguiba': a street or a square."""
        return start > 0 and table.lower[start - 1] in self.lex.street_nouns

    def mistaken_person(self, doc: Doc, start: int, end: int, text: str,
                        found: tuple[Candidate, ...]) -> bool:
        """The model tags unfamiliar foreign names as persons ("Zaporijjia"). A one-word
        'person' that names a large city or a region, or one after 'à' or 'près de' that
        names a town of a country the story names, and is no registered person, is taken
        for the place."""
        if (start, end) not in entity_bounds(doc):
            return False
        actors = article_actors(doc)
        if actors.registry.person(text, None):
            return False
        if end - start == 1 and any(c.match != "fuzzy" and (c.feature in ("region", "country") or
                                                         (c.population or 0) >= CITY_POPULATION)
                                  for c in found):
            return True
        return self.located_in_story(doc, start, found)

    def located_in_story(self, doc: Doc, start: int, found: tuple[Candidate, ...]) -> bool:
        """'tués près de Bint Jbeil': after 'à' or 'près de', the name of a town of a
        country the story names."""
        named = article_actors(doc).mentions
        return self.located_after(tokens_of(doc), start) and \
            any(c.match == "name" and c.country in named for c in found)

    # -- which place? --------------------------------------------------------------------
    def disambiguate(self, mentions: list[Mention], doc: Doc) -> None:
        # the candidates of a mention are the gazetteer's cached tuple, shared by every
        # mention of the name: alive, so their id names them
        readings = {id(m.candidates): m.candidates for m in mentions}
        countries = self.context_countries(mentions, readings.values(), doc)
        settled = {key: candidates[0] for key, candidates in readings.items()
                   if names_one_place(candidates)}
        for mention in mentions:
            mention.chosen = settled.get(id(mention.candidates))
        nearest = distance_to_nearest({place.coords for place in settled.values()
                                       if place.feature != "country"})
        registry = article_actors(doc).registry
        # a name read again with the same cue is the same place
        chosen: dict[tuple[str, str | None, int], Candidate] = {}
        for mention in mentions:
            if mention.chosen is None:
                cue = mention.cue or self.locative_cue(mention, doc)
                key = (mention.text, cue, id(mention.candidates))
                if key not in chosen:
                    candidates = capital_named(mention, registry) or \
                        [c for c in mention.candidates if plausible(c, countries, mention.text)] \
                        or mention.candidates
                    chosen[key] = self.best_candidate(candidates, cue, countries, nearest)
                mention.chosen = chosen[key]
        mentions[:] = [m for m in mentions
                       if m.dateline or plausible(m.chosen, countries, m.text)]

    def locative_cue(self, mention: Mention, doc: Doc) -> str | None:
        """'à Djibouti', 'à Koweït': French puts 'à' before a town and 'au'/'en' before a
        country, so a name shared by both is the town."""
        before = text_of(doc)[max(0, mention.start - 3):mention.start].split()
        return "town" if before and before[-1] in self.lex.locative else None

    def context_countries(self, mentions: list[Mention],
                          readings: Iterable[tuple[Candidate, ...]], doc: Doc) -> set[str]:
        """The countries the story is about: those it names, as places (``readings``:
        the mentions' distinct tuples of candidates) or as actors."""
        countries = {c.country for candidates in readings for c in candidates
                     if c.feature == "country" and c.match == "name"}
        actors = article_actors(doc)
        for code in actors.mentions:
            group = actors.registry.groups.get(code)
            countries.add(group.country if group else code)
        countries |= {m.candidates[0].country for m in mentions if m.dateline}
        return countries

    def best_candidate(self, candidates: Iterable[Candidate], cue: str | None,
                       countries: set[str],
                       nearest_anchor: Callable[[tuple], float] | None) -> Candidate:
        """The candidate of the highest score, the first of those that tie. Closeness to
        the places the article names unambiguously (``nearest_anchor``: coordinates -> km
        to the closest of them) adds up to NEAR_BONUS: it is not measured for a candidate
        that could not beat the best so far even with all of it."""
        best, top = None, -math.inf
        for candidate in candidates:
            score = self.score(candidate, cue, countries)
            if nearest_anchor and candidate.feature != "country" and score + NEAR_BONUS > top:
                nearest = nearest_anchor(candidate.coords)
                score += NEAR_BONUS * max(0.0, 1 - nearest / NEAR_KM)
            if score > top:
                best, top = candidate, score
        return best

    def score(self, candidate: Candidate, cue: str | None, countries: set[str]) -> float:
        """Prior (tier, population: a country outweighs its towns, how the name
        matched), plus the cue and the story's countries."""
        score = TIER_PRIOR.get(candidate.tier, 35)
        score += POPULATION_CAP if candidate.feature == "country" else \
            min(POPULATION_CAP, 5 * math.log10(max(candidate.population or 1, 1)))  # "Mozambique"
        if candidate.alt and (candidate.population or 0) < EXONYM_POPULATION:
            score -= 8  # a big city's other names are exonyms everyone uses ("Odessa")
        score -= MATCH_PENALTY[candidate.match]
        if cue and candidate.feature in CUE_COMPATIBLE.get(cue, ()):
            score += CUE_BONUS
        if candidate.country in countries or not candidate.country:
            score += COUNTRY_BONUS  # a sea is every coast's ("en mer Rouge")
        return score


def capital_named(mention: Mention, registry) -> list[Candidate]:
    """'réunis à Vienne': the name of a capital names the capital, not a town of the
    same name elsewhere (Vienne in France)."""
    entry = registry.lookup(mention.text)
    if entry is None or entry.kind != "capital":
        return []
    return [c for c in mention.candidates if c.country == entry.code and c.feature == "city"]


def distance_to_nearest(anchors: set[tuple]) -> Callable[[tuple], float] | None:
    """Coordinates -> km to the closest anchor, remembered: a long text names the same
    candidates again and again."""
    if not anchors:
        return None
    return Memo(lambda coords: min(map(partial(km, coords), anchors))).__getitem__


def names_one_place(candidates: tuple[Candidate, ...]) -> bool:
    """Whether the candidates are one place (or several at the same point)."""
    return len(candidates) == 1 or len({(c.lat, c.lon) for c in candidates}) == 1


def plausible(place: Candidate, countries: set[str], surface: str) -> bool:
    """A small place abroad, in a story about other countries, is most likely another
    place of the same name that the gazetteer does not know: better no point than a
    wrong one. So is a place abroad whose name only sounds like the surface, or that
    has it as a code of a few letters ("Tillia" is not Tilburg, "Ndu" not Rundu)."""
    if not countries or place.country in countries:
        return True
    if place.match != "name" or place.alt and len(surface) <= 3:
        return False
    return place.tier <= 1 or (place.population or 0) >= CITY_POPULATION


def proper_noun(table, start: int, end: int) -> bool:
    """Whether the words ``start`` to ``end`` are a proper noun's ("Bosnie-Herzégovine",
    "Mont de Marsan")."""
    return all(table.pos[i] == "PROPN" or not table.text[i].isalpha() or
               table.lower[i] in ("de", "d'", "du") for i in range(start, end))


def cut_in_a_compound(table, end: int) -> bool:
    """Whether a name ending before token ``end`` stops inside a hyphenated word."""
    return end < len(table.text) and table.text[end] == "-" and \
        not table.is_space[end - 1] and end + 1 < len(table.text) and \
        table.text[end + 1][:1].isupper() and table.idx[end] == table.end(end - 1)


def is_model_location(doc: Doc, start: int, end: int) -> bool:
    kinds = tokens_of(doc).ent_type[start:end]
    return "LOC" in kinds or "GPE" in kinds


@per_doc
def entity_bounds(doc: Doc) -> dict[tuple[int, int], str]:
    """(start, end) -> label of the Doc's entities, built once."""
    return {(e.start, e.end): e.label_ for e in entities(doc)}


def ends_a_name(doc: Doc, table, i: int) -> bool:
    """Whether token i may be the last word of a name of several words: no function
    word ends one ('Azerbaïdjan se' is not a name)."""
    last = doc[i]
    return not (last.is_punct or last.is_stop or
                table.pos[i] in ("ADP", "DET", "PRON", "AUX", "VERB", "CCONJ", "SCONJ"))


def words_to_a_break(table, i: int) -> int:
    """How many words from token i come before the next punctuation mark (at most
    MAX_NAME_TOKENS): the longest run a name may span."""
    n, size = 1, len(table.text)
    while n < MAX_NAME_TOKENS and i + n < size and not breaks_a_name(table, i + n):
        n += 1
    return n


def breaks_a_name(table, i: int) -> bool:
    """Whether token i is white space or punctuation (hyphens and apostrophes aside)."""
    return table.is_space[i] or table.is_punct[i] and table.text[i] not in "-'’"


def inside_organisation(doc: Doc, start: int, end: int) -> bool:
    """'Université de Kharkiv', 'Washington Post', "L'Union africaine": part of an
    organisation's name (which the model may start after its article)."""
    first = start + 1 if end - start > 1 and tokens_of(doc).lower[start] in ("l'", "l’") \
        else start
    org_start, org_end = organisation_around(doc).get(first, (0, 0))
    return end <= org_end and org_end - org_start > end - first


@per_doc
def organisation_around(doc: Doc) -> dict[int, tuple[int, int]]:
    """Token index -> (start, end) of the organisation entity it is part of, built once
    (entities do not overlap)."""
    return {i: (start, end) for (start, end), label in entity_bounds(doc).items()
            if label == "ORG" for i in range(start, end)}


def followed_by_name(table, end: int) -> bool:
    """'Ararat Mirzoïan', 'Washington Post': a first word of a longer proper name (one
    ending before token ``end``)."""
    return end < len(table.text) and table.space_after(end - 1) and \
        table.pos[end] == "PROPN" and table.text[end][:1].isupper()


def inside_a_name(doc: Doc, start: int, end: int) -> bool:
    """'Radio France Internationale': between two capitalised words of one name."""
    table = tokens_of(doc)
    if start == 0 or end >= len(table.text) or not (
            capitalised_word(table.text[start - 1]) and capitalised_word(table.text[end])):
        return False
    return table.space_after(start - 1) and table.space_after(end - 1) and \
        sentence_at(doc, start).start != start


def capitalised_word(text: str) -> bool:
    return text.isalpha() and text[:1].isupper()


def is_credit(table, start: int, end: int, agencies: set[str]) -> bool:
    """'KAREN MINASYAN/AFP': a photo credit, not a place (the words ``start`` to
    ``end``)."""
    texts = table.text
    last = end - 1
    while end < len(texts) and texts[end].isupper():
        end += 1
    return end + 1 < len(texts) and texts[end] == "/" and fold(texts[end + 1]) in agencies \
        or "/" in texts[last]


def name_from(doc: Doc, i: int) -> Span | None:
    """The proper name starting at token i: up to three capitalised words, hyphenated
    ones included ('Mai-Kadra'); None when token i does not start one."""
    table = tokens_of(doc)
    texts = table.text
    if not capitalised_word(texts[i]):
        return None
    end, words = i + 1, 1
    while end + 1 < len(texts) and words < 3:
        glued = not table.space_after(end - 1)
        if glued and texts[end] == "-" and texts[end + 1][:1].isupper():
            end += 2
        elif not glued and capitalised_word(texts[end]):
            end += 1
        else:
            break
        words += 1
    return doc[i:end]


def unknown_place(span: Span, feature: str, within: Candidate | None,
                  country: str | None) -> Candidate:
    """A place known by its name only, by the region it is in if the text says, and by
    its likely country."""
    region = within.name if within and within.feature != "country" else None
    return Candidate(id=0, name=span_text(span), country=country, feature=feature, lat=None,
                     lon=None, admin1=region, population=None, tier=9, source="text")


def main_country(mentions: list[Mention], actors) -> str | None:
    """The country the article names most, by its places, its name and its people
    ('nigérien'), if one leads: where a village the gazetteer lacks most likely is."""
    counts = Counter(m.chosen.country for m in mentions if m.chosen and m.chosen.country)
    counts.update({code: n for code, n in actors.mentions.items()
                   if code not in actors.registry.groups})
    ranked = counts.most_common(2)
    if not ranked or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


@lru_cache(maxsize=65536)
def surface_key(text: str) -> str:
    """Surfaces that differ only by case or accents are one mention ("EREVAN", "Erevan");
    "Haut-Karabakh" and "Haut Karabakh" stay two."""
    return " ".join(strip_accents(text).lower().split())


def places_from(mentions: list[Mention], text: str) -> list[Place]:
    """One place per surface, with every occurrence of it (given as plain offsets: the
    model validates them all at once)."""
    first: dict[str, Mention] = {}
    occurrences: dict[str, list[dict[str, int]]] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        key = surface_key(m.text)
        first.setdefault(key, m)
        occurrences.setdefault(key, []).append({"start": m.start, "end": m.end})
    return [place_of(first[key], spans, text) for key, spans in occurrences.items()]


def place_of(m: Mention, occurrences: list[dict[str, int]], text: str) -> Place:
    c = m.chosen
    return Place(mention=m.text, name=c.name, country=c.country, feature=c.feature,
                 lat=c.lat, lon=c.lon, admin1=c.admin1, gazetteer_id=str(c.id) if c.id else None,
                 evidence=text[m.start:m.end], start=m.start, end=m.end,
                 occurrences=occurrences)
