"""Events: the incidents an article reports, typed with the ACLED taxonomy, each with the
date, place, actors, fatalities and claims the other extractors found for it.

Triggers (``data/lexicons/events.toml``) are grouped by clause into candidates. A
candidate is dropped when it is background (a past war), hypothetical, negated, or an
appeal rather than an incident. Candidates are then assembled into incidents: the same
fighting mentioned in the headline, the lead and a quotation is one event, while the
same kind of strike on two distinct places is two. A clause that names no place joins
an incident of the article, or is placed in the region the story is about.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import compress
from operator import attrgetter, itemgetter

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from veille import lexicon
from veille.actors import ArticleActors, article_actors
from veille.extract.attribution import (
    Statement,
    is_boilerplate,
    speakers_of,
    statements_of,
    verbs_of,
)
from veille.extract.numbers import amount
from veille.extract.syntax import (
    AUXILIARIES,
    acting,
    acts,
    any_of,
    conjunct_head,
    has_child_word,
    has_dependent,
    infinitives,
    looks_verbal_at,
    noun_phrase,
    root_at,
    subtree,
    text_of,
)
from veille.extract.time import PAST_DAYS, RECENT_KINDS, is_past, period_end, period_start
from veille.gazetteer import km
from veille.models import Casualty, Event, FatalityVersion, Place
from veille.nlp import (
    Memo,
    Tokens,
    article_of,
    extracted,
    in_ranges,
    lead_of,
    per_doc,
    positions,
    sentence_index,
    sentences,
    span_text,
    tokens_of,
    within,
)

# Sub-types that are part of whatever incident the story reports when they name no
# place of their own ("ils ont tiré ... et incendié des maisons").
PART_OF_AN_ATTACK = {"Looting/property destruction"}
REGION_KM = 80
AIMED = {"contre", "sur", "vers"}  # the case of what an attack is aimed at
HEADLINE_KM = 150
GEO_PRECISION = {"village": 1, "town": 1, "city": 1, "other": 2, "district": 2, "water": 2,
                 "region": 3, "country": 3}
MAX_EVIDENCE = 240
INHERIT_WINDOW = 3
CAMP_KINDS = ("country", "capital", "demonym", "group", "territory", "term", "person",
              "institution")
MOMENT_WINDOW = 3  # "au lendemain d'une attaque": the moment word, "d'", the article


TOKEN_INDEX = attrgetter("i")


@dataclass(frozen=True)
class Trigger:
    type: str
    sub_type: str
    generic: bool = False
    weak: bool = False
    needs: frozenset = frozenset()
    needs_place: bool = False
    needs_recent_date: bool = False
    non_state_sub_type: str | None = None
    unless_object: frozenset = frozenset()
    accident_sites: frozenset = frozenset()
    outcome: bool = False
    by_fighters: str | None = None  # the word whose trigger names it when fighters act
    when_heard: str | None = None  # the word whose trigger names it when only heard


@dataclass(eq=False)
class Candidate:
    """One clause that reports an incident (two that tell alike are still two)."""

    sentence: Span
    head: Token
    tokens: list[Token]
    trigger: Trigger
    type: str
    sub_type: str
    place: Place | None = None
    border: bool = False
    date: tuple[str | None, str | None] = (None, None)
    actors: list[str] = field(default_factory=list)
    evidence: tuple[int, int] = (0, 0)
    against_civilians: bool = False  # a generic attack on a bus, a market, villagers
    accident: bool = False  # the blast of a depot, with no weapon named
    distinct: bool = False  # "une attaque distincte": a new incident
    headline: bool = False  # in the story's headline, which sums up its first incident
    dated_by: str = "story"  # what gave the date: the "clause", its "sentence", the "story"
    generic: bool = field(init=False, default=False)  # the trigger's, kept at hand

    def __post_init__(self):
        self.generic = self.trigger.generic

    def name_by(self, trigger: Trigger) -> None:
        """Let this trigger name the incident: its kind, and whether it is generic."""
        self.trigger, self.type, self.sub_type = trigger, trigger.type, trigger.sub_type
        self.generic = trigger.generic

    @property
    def placed(self) -> bool:
        return self.place is not None or self.border

    @property
    def told_by(self) -> set[int]:
        """The positions of the trigger's words."""
        return set(map(TOKEN_INDEX, self.tokens))


@dataclass(eq=False)
class Incident:
    """Candidates assembled into one event."""

    type: str
    sub_type: str
    place: Place | None
    border: bool
    date: tuple[str | None, str | None]
    members: list[Candidate]

    @property
    def placed(self) -> bool:
        return self.place is not None or self.border


class EventLexicon:
    def __init__(self, data: dict):
        self.index: dict[str, list[tuple[list[str], Trigger]]] = {}
        for entry in data["triggers"]:
            trigger = Trigger(entry["type"], entry["sub_type"], entry.get("generic", False),
                              entry.get("weak", False), frozenset(entry.get("needs", ())),
                              entry.get("needs_place", False),
                              entry.get("needs_recent_date", False),
                              entry.get("non_state_sub_type"),
                              frozenset(entry.get("unless_object", ())),
                              frozenset(entry.get("accident_sites", ())),
                              entry.get("outcome", False), entry.get("by_fighters"),
                              entry.get("when_heard"))
            for phrase in entry["words"]:
                words = phrase.lower().split()
                self.index.setdefault(words[0], []).append((words, trigger))
        for entries in self.index.values():
            entries.sort(key=lambda wt: -len(wt[0]))
        self.stoppers = set(data["stoppers"])
        self.instrument_verbs = set(data["instrument_verbs"])
        self.instrument_nouns = set(data["instrument_nouns"])
        self.distinct = set(data["distinct"])
        self.contrast_marks = set(data["contrast_marks"])
        self.moments = set(data["moments"])
        self.moment_cases = set(data["moment_cases"])
        self.between = set(data["between"])
        self.list_joins = set(data["list_links"]["joins"])
        self.list_prepositions = set(data["list_links"]["prepositions"])
        self.list_words = self.list_joins | self.list_prepositions
        self.negations = set(data["negations"])
        self.landmarks = re.compile("|".join(re.escape(w) for w in data["landmark_words"]))
        self.metonym_heads = set(data["metonym_heads"])
        self.quantities = set(data["quantity_nouns"])
        self.habitual = set(data["habitual"])
        self.war_frames = set(data["background"]["frames"])
        self.wars = set(data["background"]["wars"])
        self.ordinals = set(data["background"]["ordinals"])
        # a place after these names a mediator or who is blamed, not where
        self.not_where = set(data["mediation_heads"]) | set(data["blame_heads"])
        self.fighters = set(lexicon.load("actors")["fighters"])
        self.sounds = set(data["sounds"])
        self.civilian_targets = set(data["civilian_targets"])
        self.territory = set(data["territory"])
        self.borders = set(data["borders"])
        self.aiming = set(data["aiming"])
        self.away = tuple(data["away_words"])
        self.away_then_name = tuple(w + " " for w in self.away)
        self.locatives = set(data["locatives"])
        self.precision = {f: i for i, f in enumerate(data["precision"])}
        zones = "|".join(re.escape(w) for w in data["time_zone_words"])
        self.time_zone = re.compile(rf"(?:{zones}|\d\s*h(?:eures?)?\s*\d*\s+(?:à|en|au))\s*$")


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    return EventLexicon(lexicon.load("events"))


@Language.factory("veille_events", assigns=["doc._.events"],
                  requires=["doc._.casualties", "doc._.claims", "doc._.places", "doc._.dates"])
def make_event_extractor(nlp: Language, name: str):
    return EventExtractor()


class EventExtractor:
    def __init__(self):
        self.lex = event_lexicon()
        self.calls = verbs_of("call")
        self.denials = verbs_of("deny")
        self.triggering = Memo(self.may_trigger)
        self.options = Memo(self.triggers_from)

    def __call__(self, doc: Doc) -> Doc:
        actors = article_actors(doc)
        table = tokens_of(doc)
        candidates = []
        starts = positions(doc, "trigger", self.triggering)  # of a trigger's first word
        published = article_of(doc).published  # read once, not per sentence
        for sent in sentences(doc):
            if bisect_left(starts, sent.start) == bisect_left(starts, sent.end):
                continue  # no trigger begins in the sentence
            triggers = self.triggers_in(sent)
            if not triggers or is_boilerplate(sent) or span_text(sent).rstrip().endswith("?"):
                continue
            candidates += self.sentence_candidates(table, sent, triggers, doc, actors,
                                                   published)
        date_by_lead(candidates, doc)
        incidents = assemble(candidates, doc)
        doc._.events = [self.event(incident, doc, actors, incidents) for incident in incidents]
        return doc

    # -- candidates ------------------------------------------------------------------------
    def triggers_in(self, sent: Span) -> list[tuple[list[Token], Trigger]]:
        """The sentence's triggers, found once (the next sentence may ask again)."""
        doc = sent.doc
        known = doc.user_data.setdefault("veille.triggers", {})
        if sent.start not in known:
            known[sent.start] = self.find_triggers(sent)
        return known[sent.start]

    def find_triggers(self, sent: Span) -> list[tuple[list[Token], Trigger]]:
        doc = sent.doc
        table = tokens_of(doc)
        found, free = [], sent.start
        for i in within(positions(doc, "trigger", self.triggering), sent.start, sent.end):
            match = self.trigger_at(table, doc, i, sent.end) if i >= free else None
            if match:
                found.append(match)
                free = match[0][-1].i + 1
        return found

    def may_trigger(self, form: tuple[str, str]) -> bool:
        """Whether a word of this form and lemma can begin an event trigger."""
        index = self.lex.index
        lower, lemma = form
        return lower in index or lemma in index or \
            not index.keys().isdisjoint(infinitives(lower, lemma))

    def triggers_from(self, word: tuple[str, str, bool]):
        """The forms a word of this form and lemma (a verb or not) may take in a trigger,
        and the triggers that begin with one of them, longest first."""
        lower, lemma, verbal = word
        forms = {lower, *(infinitives(lower, lemma) if verbal else [lemma])}
        options = [o for form in forms for o in self.lex.index.get(form, [])]
        return forms, sorted(options, key=lambda wt: -len(wt[0]))

    def trigger_at(self, table: Tokens, doc: Doc, i: int, end: int):
        lowers, lemmas = table.lower, table.lemma
        forms, options = self.options[lowers[i], lemmas[i], looks_verbal_at(table, i)]
        for words, trigger in options:
            j, matched = i, []
            for word in words:
                while matched and j < end and lowers[j] in ("s'", "s’", "le", "la", "l'", "l’") \
                        and word not in ("le", "la", "l'"):
                    j += 1
                if j >= end or word not in (lowers[j], lemmas[j]) and \
                        not (j == i and word in forms):
                    break
                matched.append(j)
                j += 1
            else:
                return list(map(doc.__getitem__, matched)), trigger
        return None

    def incident_triggers(self, table: Tokens, sent: Span,
                          triggers: list[tuple[list[Token], Trigger]]
                          ) -> list[tuple[list[Token], Trigger, Token]]:
        """The sentence's triggers (see triggers_in) that tell an incident, each with the
        head of its clause."""
        found = []
        for tokens, trigger in triggers:
            head = clause_head(table, tokens[0], sent)
            if not self.not_an_incident(table, tokens, trigger, head):
                found.append((tokens, trigger, head))
        return found

    def sentence_candidates(self, table: Tokens, sent: Span,
                            triggers: list[tuple[list[Token], Trigger]], doc: Doc,
                            actors: ArticleActors, published: str | None):
        """The candidates of a sentence that holds ``triggers`` (see triggers_in), in a
        story published on that date."""
        groups: dict[int, Candidate] = {}
        # a weapon in use ('en utilisant de l'artillerie') tells how the incident of its
        # clause was fought; it is no incident of its own
        found = []
        for tokens, trigger, head in self.incident_triggers(table, sent, triggers):
            found.append((self.instrument(table, tokens[0].i), tokens, trigger, head))
        if not found:
            return []
        found.sort(key=itemgetter(0))
        # ... but "le recours aux frappes aériennes a fait 20 morts" tells one
        weapons_kill = all(map(itemgetter(0), found)) and \
            tolled(doc, sent.start_char, sent.end_char)
        for weapon, tokens, trigger, head in found:
            known = groups.get(head.i)
            if known is None and weapon and not weapons_kill:
                continue
            if known is None:
                groups[head.i] = Candidate(sent, head, list(tokens), trigger, trigger.type,
                                           trigger.sub_type)
            else:
                known.tokens += tokens
                if strength(trigger) > strength(known.trigger):
                    known.name_by(trigger)
        kept = []
        for candidate in groups.values():
            clause = clause_tokens(table, candidate.head, sent)
            dates = clause_dates(table, clause, candidate.head.i, candidate.tokens, doc)
            if self.background(table, clause, candidate.tokens, dates, published) or \
                    describes_a_place(table, candidate, clause, doc) or \
                    self.unmet_needs(table, candidate, clause, doc):
                continue
            self.locate(table, candidate, clause, doc)
            candidate.date, mention = self.date_of(candidate, dates, doc, published)
            if mention is not None and (is_past(mention, published) or
                                        long_before(mention, published)):
                continue
            candidate.accident = self.accidental(table, candidate)
            candidate.distinct = self.told_distinct(table, candidate) or \
                self.at_another_moment(table, candidate)
            if candidate.trigger.by_fighters and self.by_fighters(table, candidate, actors):
                candidate.name_by(self.trigger_named(candidate.trigger.by_fighters))
            elif candidate.trigger.when_heard and self.heard(table, candidate):
                candidate.name_by(self.trigger_named(candidate.trigger.when_heard))
            if candidate.generic and candidate.type == "Battles" and \
                    self.civilians_targeted(table, candidate):
                candidate.against_civilians = True
                candidate.type, candidate.sub_type = "Violence against civilians", "Attack"
            candidate.actors = self.actors_of(table, candidate, clause, actors)
            candidate.evidence = evidence_of(table, candidate.head, clause)
            if candidate.trigger.non_state_sub_type and candidate.actors and \
                    actors.registry.groups.get(candidate.actors[0]) is not None:
                candidate.sub_type = candidate.trigger.non_state_sub_type
            kept.append(candidate)
            for place in self.coordinated_places(candidate, doc):
                kept.append(replace(candidate, place=place))
        return [c for c in kept if not crowd_struck(c, kept, sent)]

    def by_fighters(self, table: Tokens, candidate: Candidate, actors: ArticleActors) -> bool:
        """'des raids jihadistes', 'un raid de Boko Haram', 'un raid mené par des
        militants': irregular fighters, or an armed group, carry the incident out."""
        near = [c for token in candidate.tokens for c in table.children[token.i]]
        near += [g for c in near if table.dep[c] == "acl" for g in table.children[c]]
        doc, groups = candidate.sentence.doc, actors.registry.groups
        for i in near:
            if has_child_word(table, i, "case", AIMED):
                continue  # "un raid contre des jihadistes": whom it struck
            if table.lemma[i] in self.lex.fighters:
                return True
            if table.dep[i] in ("nmod", "obl:agent") and any(
                    hit.entry.kind == "group" and not groups[hit.entry.code].observer
                    for hit in actors.hits(noun_phrase(doc[i]))):
                return True
        return False

    def heard(self, table: Tokens, candidate: Candidate) -> bool:
        """'de fortes explosions ont retenti', 'des explosions ont été entendues': the
        trigger is the subject of a verb of hearing."""
        first = candidate.tokens[0].i
        return table.dep[first] in ("nsubj", "nsubj:pass") and \
            table.lemma[table.head[first]] in self.lex.sounds

    def trigger_named(self, word: str) -> Trigger:
        """The trigger the word alone names ('attaque')."""
        return next(trigger for words, trigger in self.lex.index[word] if words == [word])

    def told_distinct(self, table: Tokens, candidate: Candidate) -> bool:
        """'une attaque distincte', 'un autre bombardement': a new incident."""
        deps, lemmas, distinct = table.dep, table.lemma, self.lex.distinct
        for token in candidate.tokens:
            for child in table.children[token.i]:
                if deps[child] == "amod" and lemmas[child].lower() in distinct:
                    return True
        return False

    def coordinated_places(self, candidate: Candidate, doc: Doc) -> list[Place]:
        """'Des frappes ont touché Kharkiv et Odessa', 'sur la ville de Gaza et à Khan
        Younès': the other towns listed with the incident's own mention of its town, each
        the place of an incident of its own; not towns fought between or linked by a
        road ('entre Goma et Sake', 'un convoi reliant Goma et Bukavu')."""
        if candidate.place is None or candidate.place.feature not in TOWNS:
            return []
        sent, text = candidate.sentence, text_of(doc)
        spans = town_spans_between(doc, sent.start_char, sent.end_char)
        trigger = candidate.tokens[0].idx
        own = min((span for span in spans
                   if span[2] is candidate.place or span[2] == candidate.place),
                  key=lambda span: abs(span[0] - trigger), default=None)
        groups: list[list[tuple]] = []
        for span in spans:
            if groups and self.listed_together(text[groups[-1][-1][1]:span[0]]):
                groups[-1].append(span)
            else:
                groups.append([span])
        listed = next((group for group in groups if own in group), [])
        before = text[max(0, listed[0][0] - 12):listed[0][0]].lower().split() if listed else []
        if len(listed) < 2 or before and before[-1] in self.lex.between:
            return []
        return [p for _, _, p in listed if p.name != candidate.place.name]

    def listed_together(self, between: str) -> bool:
        """Whether the words between two names list them: ' et ', ', ', ' et à '."""
        words = between.lower().replace("’", "'").replace(",", " , ").split()
        return not self.lex.list_joins.isdisjoint(words) and \
            self.lex.list_words.issuperset(words)

    def at_another_moment(self, table: Tokens, candidate: Candidate) -> bool:
        """'au lendemain d'une attaque de drones', 'deux jours après un bombardement':
        an incident told as the moment before or after another is not that one (unless
        it names one told already: 'après l'attaque')."""
        first = candidate.tokens[0].i
        lowers = table.lower
        for j in range(max(candidate.sentence.start, first - MOMENT_WINDOW), first):
            if lowers[j] in self.lex.moments and lowers[j + 1] not in ("que", "qu'", "qu’"):
                return not refers_back(candidate)  # not "après que ..."
        return False

    def not_an_incident(self, table: Tokens, tokens: list[Token], trigger: Trigger,
                        head: Token) -> bool:
        """Negated ('aucun combat'), habitual ('régulièrement visée', 'des attaques
        récurrentes'), a goal ('les efforts pour parvenir à un cessez-le-feu'), a state
        ('des tentes occupées'), hypothetical ('si les combats s'étendent', 'pourrait'),
        feared or appealed against ('mettre fin aux combats'), denied by its author ('nie
        avoir tiré'), or an adjective of another noun ('zones de combat'). ``head`` heads
        the trigger's clause."""
        first, head = tokens[0].i, head.i
        children, lowers, lemmas, deps, heads = \
            table.children, table.lower, table.lemma, table.dep, table.head
        around = []
        for token in tokens:
            around += children[token.i]
        around += children[head]
        if any_of(lowers, around, self.lex.negations):
            return True
        around += children[heads[first]]
        if deps[first].startswith("nsubj"):
            around.append(head)  # "les raids se multiplient", not "a multiplié les frappes"
        if any_of(lemmas, around, self.lex.habitual) or \
                any_of(lowers, around, self.lex.habitual):
            return True
        if conditional(table, head) or deps[head] == "xcomp" and conditional(table, heads[head]) \
                or has_child_word(table, head, "mark", ("si",)):
            return True  # "pourraient reprendre", "auraient pu reprendre"
        above = ancestors(table, first, 4)
        if purpose(table, [first, *above[:2]]):
            return True
        if trigger.needs_place and deps[first] == "acl" and "VerbForm=Part" in table.morph[first] \
                and not has_dependent(table, first, AUXILIARIES):
            return True  # "des tentes occupées par des déplacés": a state of the noun
        for ancestor in above:
            if self.stops(table, ancestor):  # "mettre fin aux combats"
                return True
            if lemmas[ancestor] in self.calls and deps[first] in ("obj", "obl:arg", "xcomp") \
                    and heads[first] == ancestor:
                return True
            if lemmas[ancestor] in self.denials and deps[first] == "xcomp" and \
                    heads[first] == ancestor:
                return True  # "Moscou nie avoir tiré sur le centre commercial"
        noun = heads[first]
        if deps[first] == "nmod" and table.pos[noun] == "NOUN" and not any(
                deps[c] == "det" for c in children[first]) and noun < first and \
                not trigger.generic and len(tokens) == 1 and \
                self.lex.index.get(lowers[noun]) is None and \
                lemmas[noun] not in self.lex.quantities:  # "une série d'explosions"
            return True
        return False

    def stops(self, table: Tokens, i: int) -> bool:
        """Whether the word puts an end to what it governs: 'mettre fin', 'cesser'."""
        stoppers, lemmas, deps = self.lex.stoppers, table.lemma, table.dep
        if lemmas[i] in stoppers or table.lower[i] in stoppers:
            return True
        for child in table.children[i]:
            if deps[child] == "obj" and lemmas[child] in stoppers:
                return True
        return False

    def instrument(self, table: Tokens, i: int) -> bool:
        """'en utilisant de l'artillerie', 'les deux camps utilisant des lance-grenades',
        'livrer des drones', 'l'utilisation de véhicules kamikazes': word i is a weapon in
        use or in supply."""
        i = conjunct_head(table, i)
        if table.dep[i] == "amod" and table.pos[table.head[i]] == "NOUN":
            i = conjunct_head(table, table.head[i])  # "véhicules kamikazes"
        head, dep = table.lemma[table.head[i]].lower(), table.dep[i]
        return dep in ("obj", "obl:arg") and head in self.lex.instrument_verbs or \
            dep == "nmod" and head in self.lex.instrument_nouns

    def background(self, table: Tokens, clause: list[int], tokens: list[Token], dates: list,
                   published: str | None) -> bool:
        """A past war's events or an incident told as background: dated more than a
        month before the story ('l'attaque du 7 octobre' in January), going on since
        long ago ('depuis 2014'), a past point of reference ('leur première rencontre
        depuis de violents affrontements'), or told of a whole war ('lors de la première
        guerre', 'pendant le conflit'). ``dates`` are the clause's (see clause_dates);
        ``published`` is the story's date."""
        for mention in dates:
            if mention.relation in ("at", "between") and \
                    (is_past(mention, published) or long_before(mention, published)) or \
                    mention.relation == "since" and since_long_ago(mention, published):
                return True
        for token in tokens:
            if has_child_word(table, token.i, "case", ("depuis",)):
                return True
        if self.lex.war_frames.isdisjoint(map(table.lower.__getitem__, clause)):
            return False
        words = [table.lower[i] for i in clause] + [""]
        return any(self.names_a_war(words, j) for i, word in enumerate(words[:-1])
                   if word in self.lex.war_frames
                   for j in range(i + 1, min(i + 5, len(words) - 1)))

    def names_a_war(self, words: list[str], j: int) -> bool:
        """'guerre', 'conflit', or an ordinal standing for one ('la première, qui...')."""
        word, after = words[j], words[j + 1]
        return word in self.lex.wars or \
            word in self.lex.ordinals and (not after.isalpha() or after in ("qui", "dont"))

    def unmet_needs(self, table: Tokens, candidate: Candidate, clause: list[int],
                    doc: Doc) -> bool:
        trigger = candidate.trigger
        if trigger.unless_object and any(
                table.dep[c] in ("obj", "dep", "nsubj:pass") and
                table.lemma[c].lower() in trigger.unless_object
                for t in candidate.tokens for c in table.children[t.i]):
            return True  # "violer le cessez-le-feu"
        verb = governing_verb(table, candidate.head.i)  # "tués lors d'une provocation"
        words = clause + ([verb] if verb is not None else [])
        if trigger.needs and trigger.needs.isdisjoint(map(table.lemma.__getitem__, words)) \
                and trigger.needs.isdisjoint(map(table.lower.__getitem__, words)):
            return True
        if trigger.needs_place and not (
                self.places_in(table, clause, doc) or
                not self.lex.territory.isdisjoint(map(table.lower.__getitem__, clause))):
            return True
        if trigger.needs_recent_date and not recent(clause, candidate.sentence, doc):
            return True
        return False

    # -- attributes ----------------------------------------------------------------------------
    def places_in(self, table: Tokens, clause: list[int], doc: Doc,
                  verb: int | None = None) -> list[tuple[int, Place]]:
        """Places named in the clause, with their position; landmarks ('près du lac'),
        the source of a statement ('Pour l'Arménie, ...'), a country fought against, a
        mediator ('sous l'égide de Moscou'), a place it is away from ('à 70 km de Goma')
        and the place of another moment ('avant un sommet en France') left out. A place the
        clause's verb strikes ('Kyiv a été visée') is where the incident happened."""
        found = []
        if not clause:
            return found
        named = body_places_between(doc, *char_range(table, clause))
        if not named:
            return found
        speakers = sources_of(doc)
        words = set(clause)
        text = text_of(doc)
        for place, occurrence in named:
            i = word_at(table, occurrence.start)
            if i not in words:
                i = self.token_at(doc, occurrence, words)
            if i is None or speakers.holds(table.idx[i]):
                continue
            if not struck(table, i, verb) and (acts(table, i) or
                                               metonym(place, occurrence.start, doc)) or \
                    place.feature == "country" and opponent(table, i) or \
                    another_moment(table, i, words, doc):
                continue
            before = text[max(0, occurrence.start - 14):occurrence.start].lower()
            if self.lex.time_zone.search(before) or away_from(occurrence.start, doc) or \
                    table.lemma[table.head[conjunct_head(table, i)]] in self.lex.not_where:
                continue  # "vers 13 h, heure de Paris", "à 200 km au nord de Bamako",
                # "sous l'égide de Moscou", "imputée à la Russie"
            landmark = self.lex.landmarks.search(before) is not None
            if landmark and place.feature == "country":
                continue  # "une région proche du Mali": across the border, not in it
            found.append((occurrence.start, place, landmark))
        # (found is in text order) "le village de Verin Shorzha près du lac Sevan": a
        # landmark locates the place named before it; "une embuscade près de Tombouctou"
        # is located by it
        return [(start, place) for i, (start, place, landmark) in enumerate(found)
                if not (landmark and i > 0)]

    @staticmethod
    def token_at(doc: Doc, occurrence, words: set[int]) -> int | None:
        """The clause's word (one of ``words``) of a place occurrence that begins inside
        a word, or whose words the parser spread over two phrases ('au
        Nagorny-Karabakh', where 'Karabakh' alone completes the verb)."""
        span = doc.char_span(occurrence.start, occurrence.end, alignment_mode="expand")
        if span is None:
            return None
        return next((i for i in range(span.start, span.end) if i in words), None)

    def locate(self, table: Tokens, candidate: Candidate, clause: list[int], doc: Doc) -> None:
        """The most precise place the incident's own words give, else the verb it
        completes, else the rest of its clause (not a contrast set against it), else the
        sentence before; or a border between the countries named. The parts of a clause
        that names neither a place nor a border are not searched for one."""
        placing = names_a_place(table, clause, doc) or self.at_border(table, clause)
        own = own_words(table, candidate, clause) if placing else []
        places = self.places_told(table, own, candidate, doc)
        only_countries = countries_only(places)
        if only_countries:
            places += self.places_of_verb(table, candidate.head, clause, doc)
            only_countries = countries_only(places)
        if only_countries and self.at_border(table, own):
            candidate.border = True  # "à la frontière entre l'Arménie et l'Azerbaïdjan"
            return
        if only_countries:
            wider = without_contrast(table, candidate, clause) if placing else []
            places = places or self.places_told(table, wider, candidate, doc)
            if countries_only(places) and self.at_border(table, wider):
                candidate.border = True
                return
        if not places:
            places = self.places_before(table, candidate, doc)
        if places:
            candidate.place = min(places, key=lambda p: self.lex.precision.get(p.feature, 99))

    def at_border(self, table: Tokens, clause: list[int]) -> bool:
        """'à la frontière entre les deux pays'."""
        words = set(map(table.lower.__getitem__, clause))
        return "entre" in words and not self.lex.borders.isdisjoint(words)

    def places_told(self, table: Tokens, words: list[int], candidate: Candidate,
                    doc: Doc) -> list[Place]:
        """The places of these words of the candidate's clause (not waters)."""
        return [p for _, p in self.places_in(table, words, doc, candidate.head.i)
                if p.feature != "water"]

    def places_of_verb(self, table: Tokens, head: Token, clause: list[int],
                       doc: Doc) -> list[Place]:
        """'Deux soldats ont été tués dans des échanges de tirs, dans la région du
        Darfour': an incident named by a noun happens where the verb it completes says."""
        verb = governing_verb(table, head.i)
        if verb is None:
            return []
        inside = set(clause)
        found = []
        for child in table.children[verb]:
            if table.dep[child].startswith("obl") and child not in inside:
                found += [p for _, p in self.places_in(table, phrase(table, child), doc, verb)
                          if p.feature != "water"]
        return found or self.located_in_phrase(table, verb, inside, doc)

    def located_in_phrase(self, table: Tokens, verb: int, inside: set[int],
                          doc: Doc) -> list[Place]:
        """'tués par les forces arméniennes au Nagorny-Karabakh lors de combats': a
        region or a town after a locative anywhere in the verb's phrase, which the parser
        may have hung on a noun."""
        words = [i for i in phrase(table, verb) if i not in inside]
        return [p for start, p in self.places_in(table, words, doc, verb)
                if p.feature not in ("water", "country") and self.after_locative(start, doc)]

    def after_locative(self, start: int, doc: Doc) -> bool:
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        return span is not None and span.start > 0 and \
            tokens_of(doc).lower[span.start - 1] in self.lex.locatives

    def places_before(self, table: Tokens, candidate: Candidate, doc: Doc) -> list[Place]:
        """'... filmée sur le marché central de Gandja. Il a dénoncé une attaque': the
        place of the sentence just before, when that sentence reports no incident. A
        verbless fragment ('(Erevan)', a dateline) places nothing, nor does a country,
        which the sentence names as a side as often as a place."""
        sent = candidate.sentence
        index = sentence_index(doc, sent.start)
        if index == 0:
            return []
        before = sentences(doc)[index - 1]
        if "\n\n" in text_of(doc)[before.end_char:sent.start_char] or \
                not body_places_between(doc, before.start_char, before.end_char) or \
                self.triggers_in(before) or not any(
                    pos in ("VERB", "AUX") for pos in table.pos[before.start:before.end]):
            return []
        return [p for _, p in self.places_in(table, list(range(before.start, before.end)), doc)
                if p.feature not in ("water", "country")]

    def date_of(self, candidate: Candidate, dates: list, doc: Doc, published: str | None):
        """The clause's own date (a mere year dates nothing in a dated story), else a
        current date of the sentence (not the past another clause speaks of, nor the date
        of a clause that qualifies another noun: 'la région où la contre-offensive a
        commencé en octobre'), else the story's; with the time expression it comes from,
        if any, and what gave it (``Candidate.dated_by``). ``dates`` are the clause's
        (see clause_dates); ``published`` is the story's date."""
        sent = candidate.sentence
        for mention in dates:
            if mention.relation == "at" and mention.value and not vague(mention, published):
                candidate.dated_by = "clause"
                return (mention.value, mention.precision), mention
        words, start, end = range(sent.start, sent.end), sent.start_char, sent.end_char
        for first, mention in dates_of(doc):
            if start <= first < end and mention.relation == "at" \
                    and mention.value and current(mention, published) and \
                    not dates_another_noun(mention, words, candidate.told_by, doc):
                candidate.dated_by = "sentence"
                return (mention.value, mention.precision), mention
        candidate.dated_by = "story"
        if published is None:
            return (None, None), None
        precision = {4: "year", 7: "month"}.get(len(published), "week")
        return (published, precision), None

    def actors_of(self, table: Tokens, candidate: Candidate, clause: list[int],
                  actors: ArticleActors) -> list[str]:
        """Camps named in the clause, the one acting first: the subject, the agent
        ('par l'Azerbaïdjan'), a demonym on the trigger ('tirs azerbaïdjanais')."""
        doc = candidate.sentence.doc
        hits = [hit for hit in actors.hits(Span(doc, clause[0], clause[-1] + 1))
                if hit.entry.kind in CAMP_KINDS]
        if not hits:
            return []
        agents, others = [], []
        agent_positions = agent_tokens(table, candidate)
        for hit in hits:
            code = actors.registry.camp(hit.entry.code.split(".")[0])
            group = actors.registry.groups.get(hit.entry.code.split(".")[0])
            if group is not None and group.observer:
                continue
            by_agent = not agent_positions.isdisjoint(range(hit.start, hit.end))
            target = agents if by_agent else others
            if code not in agents + others:
                target.append(code)
        return agents + others

    @staticmethod
    def accidental(table: Tokens, candidate: Candidate) -> bool:
        """'l'explosion d'un dépôt de carburant': the blast of a site, and no weapon or
        attack in the clause."""
        sites = candidate.trigger.accident_sites
        if not sites or candidate.trigger.sub_type != candidate.sub_type:
            return False
        return any(table.lemma[word].lower() in sites for token in candidate.tokens
                   for word in of_whom(table, token.i))

    def civilians_targeted(self, table: Tokens, candidate: Candidate) -> bool:
        """'ont mitraillé des villageois', 'une attaque contre un autocar', 'une église a
        été la cible de l'attaque', 'l'attaque a visé un marché': the target of a generic
        word of violence is civilian."""
        return any(table.lemma[word].lower() in self.lex.civilian_targets
                   for token in candidate.tokens for target in self.targets_of(table, token.i)
                   for word in (target, *of_whom(table, target)))

    def targets_of(self, table: Tokens, i: int) -> list[int]:
        """What the word of violence (word i) is aimed at: its object or 'contre'/'sur'
        complement, or, when it is the subject of an aiming verb or the complement of an
        aim noun, that verb's object or that noun's subject."""
        children, deps = table.children, table.dep
        deeds = [i] + [c for c in children[i] if deps[c] == "acl"]  # "menée contre"
        targets = [child for deed in deeds for child in children[deed] if deps[child] == "obj" or
                   deps[child] in ("nmod", "obl:arg", "obl:mod") and any(
                       deps[c] == "case" and table.lower[c] in ("contre", "sur")
                       for c in children[child])]
        head = table.head[i]  # a root is its own head
        if table.lemma[head].lower() in self.lex.aiming:
            wanted = "obj" if deps[i].startswith("nsubj") else "nsubj"
            targets += [child for child in children[head] if deps[child].startswith(wanted)]
        return targets + [c for t in targets for c in children[t] if deps[c] == "conj"]

    # -- output ----------------------------------------------------------------------------------
    def event(self, incident: Incident, doc: Doc, actors: ArticleActors,
              incidents: list[Incident]) -> Event:
        first = min(incident.members, key=lambda c: c.evidence[0])
        text = article_of(doc).text
        sentences = {(c.sentence.start_char, c.sentence.end_char) for c in incident.members}
        headline = headline_of(doc)
        if headline is not None and incident is lead_incident(incidents, doc):
            sentences.add((headline.start_char, headline.end_char))  # it sums the lead up
        figures = [(i, c) for i, c in killed_in_events(doc) if in_ranges(c.start, sentences) and
                   not told_of_another(c.start, incident, incidents)]
        statements: list[Statement] = statements_of(doc)
        claims = overlapping(statements, sentences)
        if all(c.generic or c.sub_type in PART_OF_AN_ATTACK for c in incident.members) and \
                incident.type == "Battles" and \
                (figures and all(c.victims == "civilian" for _, c in figures) or
                 any(c.against_civilians for c in incident.members)):
            incident.type, incident.sub_type = "Violence against civilians", "Attack"
        if any(c.accident for c in incident.members) and \
                all(c.trigger.accident_sites for c in incident.members if not c.generic):
            incident.type, incident.sub_type = "Strategic developments", "Other"
        camps = []
        for candidate in incident.members:
            camps += [c for c in candidate.actors if c not in camps]
        if not camps and incident.type == "Battles":
            camps = list(actors.belligerents)
        place = incident.place
        start, end = first.evidence
        return Event(
            type=incident.type, sub_type=incident.sub_type, date=incident.date[0],
            date_precision=incident.date[1], place=place.name if place else None,
            lat=place.lat if place else None, lon=place.lon if place else None,
            country=place.country if place else None, admin1=place.admin1 if place else None,
            geo_precision=GEO_PRECISION.get(place.feature) if place else None,
            actors=camps, actor1=camps[0] if camps else None,
            actor2=camps[1] if len(camps) > 1 else None,
            fatalities=best_fatalities([c for _, c in figures]),
            fatality_versions=[FatalityVersion(value=c.low, claimed_by=c.claimed_by, casualty=i)
                               for i, c in figures],
            claims=claims, evidence=text[start:end], start=start, end=end)


# -- clauses -------------------------------------------------------------------------------------
CORE_DEPS = {"nsubj", "nsubj:pass", "obj", "xcomp", "obl:arg", "ROOT"}


def of_whom(table: Tokens, noun: int) -> list[int]:
    """The 'de' complements of a noun: 'déplacés' of 'le site de déplacés'."""
    children, deps = table.children, table.dep
    return [child for child in children[noun] if deps[child] == "nmod" and
            any(deps[c] == "case" and table.lower[c] in ("de", "d'", "d’")
                for c in children[child])]


def strength(trigger: Trigger) -> int:
    """Precise triggers name the incident better than weak ones, weak better than generic."""
    return 0 if trigger.generic else 1 if trigger.weak else 2


def clause_head(table: Tokens, token: Token, sent: Span) -> Token:
    """The verb whose clause reports the trigger, when the trigger is one of its core
    arguments ('Les combats continuent dans le sud'); otherwise the trigger's own phrase
    ('appelé au calme après ces combats qui ont fait 30 morts'). A participial adjunct
    ('en utilisant de l'artillerie') belongs to the clause it modifies."""
    heads, deps = table.head, table.dep
    current = token.i
    while not verbal(table, current) and heads[current] != current and \
            sent.start <= heads[current] < sent.end:
        if deps[current] not in CORE_DEPS and deps[current] not in ("conj", "nmod", "amod",
                                                                    "appos", "flat:name"):
            return token.doc[current]
        current = heads[current]
    if not verbal(table, current):
        return token.doc[current]
    if deps[current] in ("advcl", "acl") and participle(table, current) and \
            sent.start <= heads[current] < sent.end and heads[current] != current:
        head = heads[current]
        while table.pos[head] != "VERB" and heads[head] != head:
            head = heads[head]
        return token.doc[head if table.pos[head] == "VERB" else current]
    return token.doc[current]


def verbal(table: Tokens, i: int) -> bool:
    """A verb, unless the tagger took a noun with its determiner for one ('Le dernier
    accrochage remontait au 28 juin')."""
    return table.pos[i] == "VERB" and not has_dependent(table, i, DETERMINER)


DETERMINER = {"det"}
CLAUSE_DEPS = ("acl:relcl", "advcl", "ccomp", "parataxis")


def phrase(table: Tokens, i: int) -> list[int]:
    """The words of a phrase, without the clauses embedded in it ('la région du Karabakh
    où rien ne semble empêcher l'escalade malgré les appels de Moscou')."""
    children, deps = table.children, table.dep
    keep = [i]
    for word in keep:  # read as it grows: each word kept is searched for children in turn
        for child in children[word]:
            if deps[child] not in CLAUSE_DEPS:
                keep.append(child)
    return sorted(keep)


OTHER_STATEMENTS = ("advcl", "ccomp", "parataxis")
EMBEDDED = {*OTHER_STATEMENTS, "acl:relcl"}  # other statements, relative clauses


def own_words(table: Tokens, candidate: Candidate, clause: list[int]) -> list[int]:
    """The clause without the statements embedded in it that do not tell the incident
    ('ont repris la colline de Lala-Tepe, ajoutant que les collines de Talich ...'), nor
    the relative clauses of its other nouns: where the incident is, it says first."""
    deps, heads, told = table.dep, table.head, candidate.told_by
    return clause_without(table, candidate, clause, {
        c for c in with_deps(table, clause, EMBEDDED) if deps[c] in OTHER_STATEMENTS or
        table.pos[heads[c]] == "NOUN" and
        heads[c] not in told})  # "les deux pays, qui se disputent le Karabakh"


def without_contrast(table: Tokens, candidate: Candidate, clause: list[int]) -> list[int]:
    """The clause without what it sets against the incident ('ont fait 1 000 morts, alors
    que des trêves négociées sous l'égide de la France ont échoué')."""
    contrast = event_lexicon().contrast_marks
    return clause_without(table, candidate, clause, {
        c for c in with_deps(table, clause, ("advcl",))
        if has_child_word(table, c, "mark", contrast)})


def with_deps(table: Tokens, words: list[int], deps) -> list[int]:
    """The words whose dependency is one of these (tested without a loop over them)."""
    return list(compress(words, map(deps.__contains__, map(table.dep.__getitem__, words))))


def opening_contrast(table: Tokens, candidate: Candidate, clause: list[int]) -> set[int]:
    """'Alors que les pourparlers piétinent à Doha, une frappe a tué 20 personnes à
    Rafah': the words of a contrast that opens the sentence, up to its comma, which the
    parser may have made the head of the incident's own clause."""
    contrast = event_lexicon().contrast_marks
    marks = [c for c in table.children[candidate.head.i]
             if table.dep[c] == "mark" and table.lower[c] in contrast]
    first = candidate.tokens[0].i
    if not marks:
        return set()
    comma = next((i for i in clause if marks[0] < i < first and table.lower[i] == ","), None)
    return set() if comma is None else {i for i in clause if i <= comma}


def trigger_line(table: Tokens, candidate: Candidate) -> set[int]:
    """The trigger's words and every word above them: the roots of the subtrees that
    hold the trigger."""
    heads = table.head
    line: set[int] = set()
    for token in candidate.tokens:
        i = token.i
        while i not in line:
            line.add(i)
            i = heads[i]
    return line


def clause_without(table: Tokens, candidate: Candidate, clause: list[int],
                   dropped: set[int]) -> list[int]:
    """The clause without the subtrees whose roots are ``dropped``, unless they hold
    the trigger, and without a contrast that opens the sentence."""
    cut = dropped - trigger_line(table, candidate)
    contrast = opening_contrast(table, candidate, clause)
    if not cut and not contrast:
        return list(clause)  # each word of the clause hangs from its head through the clause
    children = table.children
    members = set(clause) - contrast - cut
    keep = [candidate.head.i]
    for word in keep:  # read as it grows, as in clause_tokens
        for child in children[word]:
            if child in members:
                keep.append(child)
    return sorted(keep)


def describes_a_place(table: Tokens, candidate: Candidate, clause: list[int], doc: Doc) -> bool:
    """'la région où s'affrontent depuis novembre l'armée et le TPLF', 'la région où la
    contre-offensive a commencé en octobre': a clause of 'où' says what a place is known
    for, not what the story reports, unless it gives a toll of its own ('le marché où une
    frappe a tué douze personnes') or a day of these days ('Goma, où des obus sont tombés
    mardi')."""
    head = candidate.head
    where = child_word(table, head.i, "où")
    if where is None or not (
            table.dep[head.i] == "acl:relcl" and table.pos[head.head.i] in ("NOUN", "PROPN") or
            table.dep[head.i] == "advcl" and head.left_edge.i == where):  # hung on the verb
        return False
    start, end = char_range(table, clause)
    # the parser may hang the clause's day on the main verb, but a day before 'où' is
    # the main clause's ('Mardi, il s'est rendu dans la région où ...')
    after_where = table.idx[where]
    published = article_of(doc).published
    return not tolled(doc, start, end) and \
        not any(after_where <= m.start < candidate.sentence.end_char and m.relation == "at" and
                current(m, published) and (m.kind in RECENT_KINDS or m.precision == "day")
                for m in extracted(doc, "dates") or [])


def child_word(table: Tokens, i: int, word: str) -> int | None:
    """The first child of word i that is this word, if any."""
    lowers = table.lower
    for child in table.children[i]:
        if lowers[child] == word:
            return child
    return None


def participle(table: Tokens, verb: int) -> bool:
    return "VerbForm=Part" in table.morph[verb] and "Tense=Pres" in table.morph[verb] or \
        has_child_word(table, verb, "mark", ("en",))


def clause_tokens(table: Tokens, head: Token, sent: Span) -> list[int]:
    """The words of a verb's clause: its subtree without the clauses coordinated to it."""
    children, deps, pos = table.children, table.dep, table.pos
    start, end = sent.start, sent.end
    keep = [head.i]
    for word in keep:  # read as it grows: each word kept is searched for children in turn
        for child in children[word]:
            if pos[child] == "VERB" and deps[child] in ("conj", "parataxis") or \
                    not start <= child < end:
                continue
            keep.append(child)
    return sorted(keep)


def names_a_place(table: Tokens, clause: list[int], doc: Doc) -> bool:
    """Whether a place of the story's body occurs among the clause's words."""
    return bool(body_places_between(doc, *char_range(table, clause)))


def countries_only(places: list[Place]) -> bool:
    """Whether every place (if any) is a country."""
    for place in places:
        if place.feature != "country":
            return False
    return True


def word_at(table: Tokens, start: int) -> int | None:
    """The word that begins at this character, if one does."""
    i = bisect_left(table.idx, start)
    return i if i < len(table.idx) and table.idx[i] == start else None


class Ranges:
    """Ranges of characters, merged where they overlap or touch: whether one holds a
    position is found by bisection."""

    def __init__(self, ranges):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(ranges):
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            elif start < end:
                self.starts.append(start)
                self.ends.append(end)

    def holds(self, position: int) -> bool:
        k = bisect_right(self.starts, position) - 1
        return k >= 0 and position < self.ends[k]


@per_doc
def sources_of(doc: Doc) -> Ranges:
    """The characters of the sources' words (see speakers_of), gathered once per Doc."""
    return Ranges(span for span in speakers_of(doc) if span[0] is not None)


def char_range(table: Tokens, words: list[int]) -> tuple[int, int]:
    """The characters from the first of these words (in text order) to the end of the
    last."""
    return table.idx[words[0]], table.end(words[-1])


BACKGROUND_DAYS = 31


def long_before(mention, published: str | None) -> bool:
    """Ended more than a month before the story's period began ('le 28 juin' in a
    September story, 'en février' in October)."""
    if published is None or len(published) < 7 or mention.precision not in ("day", "month") \
            or not mention.value:
        return False
    return (period_start(published) - period_end(mention.value)).days > BACKGROUND_DAYS


def since_long_ago(mention, published: str | None) -> bool:
    """'depuis 2014' in 2015: a state that began more than a year before the story."""
    if not mention.value or published is None or mention.kind in RECENT_KINDS:
        return False
    return (period_start(published) - period_start(mention.value)).days > PAST_DAYS


def vague(mention, published: str | None) -> bool:
    """A mere year in a story dated to the month or day ('l'année dernière', 'cette
    année') dates no incident of it."""
    return bool(published) and len(published) > 4 and mention.precision == "year"


def current(mention, published: str | None) -> bool:
    """A date that may be the story's: neither past nor vague."""
    return not (is_past(mention, published) or long_before(mention, published) or
                vague(mention, published))


def clause_dates(table: Tokens, clause: list[int], head: int, tokens: list[Token],
                 doc: Doc) -> list:
    """The time expressions of a clause, in order, but those of a clause that qualifies
    another noun ('l'ex-président renversé le 8 décembre'), which date that noun. An
    incident named by a noun has the dates of the verb it completes ('avaient péri en
    mars dans un attentat'), a clause of 'when' those of the verb it qualifies. ``head``
    heads the clause (see clause_tokens)."""
    start, end = char_range(table, clause)
    members = set(clause)
    own = set(map(TOKEN_INDEX, tokens))
    found, of_verb = [], []
    verb = governing_verb(table, head)
    if verb is None:
        verb = when_clause_verb(table, head)
    for first, mention, root in dates_with_roots(doc):
        if start <= first < end:
            if not nested_elsewhere(table, root, members, own):
                found.append(mention)
        elif verb is not None and table.head[root] == verb and root not in members:
            of_verb.append(mention)
    return found or of_verb


@per_doc
def dates_of(doc: Doc) -> list[tuple]:
    """(first character, expression) of the story's time expressions, listed once per
    Doc."""
    return [(m.start, m) for m in extracted(doc, "dates") or []]


@per_doc
def dates_with_roots(doc: Doc) -> list[tuple]:
    """(first character, expression, position of its root word) of the story's time
    expressions that cover whole words; worked out once per Doc, as every clause asks."""
    roots = [(m, root_at(doc, m.start, m.end)) for m in extracted(doc, "dates") or []]
    return [(m.start, m, root.i) for m, root in roots if root is not None]


def date_by_lead(candidates: list[Candidate], doc: Doc) -> None:
    """In a story dated to the month only, the day the lead's first incident is dated to
    in its own clause ('au moins 25 civils ont été tués lors de deux attaques menées ce
    mercredi 18 décembre') dates the incidents the story goes on to tell without a date.
    Not a day of the lead that dates no incident ('Dimanche 25 août, une vidéo a
    circulé', 'le rapport publié le 20 mars')."""
    published = article_of(doc).published
    if published is None or len(published) != 7:
        return
    lead = {s.start for s in lead_of(doc)}
    day = next((c.date for c in candidates if c.sentence.start in lead and
                c.dated_by == "clause" and c.date[1] == "day"), None)
    if day is None:
        return
    for candidate in candidates:
        if candidate.dated_by == "story":
            candidate.date = day


def dates_another_noun(mention, members: set[int] | range, own: set[int], doc: Doc) -> bool:
    """Whether the time expression sits in a clause that qualifies a noun other than the
    trigger's words ``own`` (see nested_elsewhere)."""
    root = root_at(doc, mention.start, mention.end)
    return root is not None and nested_elsewhere(tokens_of(doc), root.i, members, own)


def nested_elsewhere(table: Tokens, i: int, members: set[int] | range, own: set[int]) -> bool:
    """Whether word i sits in a clause qualifying a noun other than the trigger."""
    heads = table.head
    while heads[i] in members and heads[i] != i:
        if table.dep[i] in ("acl", "acl:relcl") and heads[i] not in own:
            return True
        i = heads[i]
    return False


WHEN = ("lorsque", "lorsqu'", "lorsqu’", "quand")


def when_clause_verb(table: Tokens, root: int) -> int | None:
    """'tendues depuis 1991, lorsque l'armée a occupé le Karabakh': a clause of 'when'
    happens at the date of the verb it qualifies."""
    if table.dep[root] == "advcl" and table.head[root] != root and any(
            table.dep[c] == "mark" and table.lower[c] in WHEN for c in table.children[root]):
        return table.head[root]
    return None


def governing_verb(table: Tokens, head: int) -> int | None:
    """The verb a noun-phrase incident completes: 'tués dans des échanges de tirs', 'tués
    lors des échanges de tirs' (the adverb, then the verb)."""
    if table.pos[head] not in ("NOUN", "ADV"):
        return None
    verb = head
    for _ in range(2):
        dep = table.dep[verb]
        if not (dep.startswith("obl") or dep == "advmod") or table.head[verb] == verb:
            return None
        verb = table.head[verb]
        if table.pos[verb] == "VERB":
            return verb
    return None


PURPOSE = ("pour", "afin")


def purpose(table: Tokens, line: list[int]) -> bool:
    """Whether a word lies under an infinitive of purpose ('pour parvenir à une trêve',
    'afin de reprendre la ville'): an aim, not a fact. ``line`` is the word and the
    heads above it that may be that infinitive."""
    for current in line:
        if "VerbForm=Inf" in table.morph[current] and \
                has_child_word(table, current, "mark", PURPOSE):
            return True
    return False


def ancestors(table: Tokens, i: int, limit: int) -> list[int]:
    """The heads above word i, nearest first, at most ``limit`` of them."""
    found = []
    while len(found) < limit and table.head[i] != i:
        i = table.head[i]
        found.append(i)
    return found


def conditional(table: Tokens, verb: int) -> bool:
    """A hypothetical ('les combats pourraient reprendre', 'une trêve serait signée'),
    but not the past conditional of news, which reports an unconfirmed fact ('le massacre
    aurait été commis le 14 février', 'des quartiers auraient été bombardés')."""
    morph = table.morph
    if "Mood=Cnd" in morph[verb]:
        return True
    if not conditional_auxiliary(table, verb):
        return False
    reported = "VerbForm=Part" in morph[verb] and "Tense=Past" in morph[verb] and \
        table.lemma[verb] not in MODALS
    return not reported


MODALS = ("pouvoir", "devoir", "falloir", "vouloir")


def conditional_auxiliary(table: Tokens, verb: int) -> bool:
    """Whether an auxiliary of the verb is in the conditional ('auraient pu')."""
    for child in table.children[verb]:
        if "Mood=Cnd" in table.morph[child] and table.dep[child] in AUXILIARIES:
            return True
    return False


def recent(clause: list[int], sent: Span, doc: Doc) -> bool:
    """A date of the last days: a weekday, 'hier', or a date in the story's month."""
    published = article_of(doc).published
    for mention in extracted(doc, "dates") or []:
        if not sent.start_char <= mention.start < sent.end_char or mention.relation != "at":
            continue
        if mention.kind in RECENT_KINDS:
            return True
        if published and mention.value and mention.value[:7] == published[:7]:
            return True
    return False


GATHERINGS = ("Protests", "Riots")


def crowd_struck(candidate: Candidate, others: list[Candidate], sent: Span) -> bool:
    """'Deux kamikazes ont déclenché leurs ceintures dans un rassemblement': a gathering
    named inside the clause of a violent incident is its target, not a protest."""
    if candidate.type not in GATHERINGS:
        return False
    violent = [o for o in others if o.type in VIOLENCE]
    table = tokens_of(sent.doc)
    if any(candidate.head.i in clause_tokens(table, o.head, sent) for o in violent):
        return True
    struck_in = any(table.dep[c] == "case" and table.lower[c] in ("dans", "sur", "contre")
                    for t in candidate.tokens for c in table.children[t.i])
    return struck_in and any(o.tokens[0].i < candidate.tokens[0].i for o in violent)


def agent_tokens(table: Tokens, candidate: Candidate) -> set[int]:
    """Words that name who acts: the subject, 'par X', a demonym on the trigger."""
    children, deps = table.children, table.dep
    agents = [c for c in children[candidate.head.i] if deps[c] in ("nsubj", "obl:agent")]
    positions = set()
    for token in candidate.tokens:
        positions.update(c for c in children[token.i] if deps[c] == "amod")
        if table.pos[token.i] == "VERB":
            agents += [c for c in children[token.i] if deps[c] in ("nsubj", "obl:agent")]
    for agent in agents:
        positions.update(subtree(table, agent))
    return positions


def evidence_of(table: Tokens, head: Token, clause: list[int]) -> tuple[int, int]:
    start, end = char_range(table, clause)
    if end - start > MAX_EVIDENCE:
        start = max(start, head.left_edge.idx)
        end = min(end, start + MAX_EVIDENCE)
        doc = head.doc
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is not None and len(span):
            end = span[-1].idx + len(span[-1].text)
    return start, end


# -- assembly ------------------------------------------------------------------------------------
def assemble(candidates: list[Candidate], doc: Doc) -> list[Incident]:
    """Candidates to incidents, one per distinct (type, place, date). A mention that
    refers back ('cette attaque', 'la tuerie') joins the incident it refers to."""
    for candidate in candidates:
        if candidate.generic and not candidate.against_civilians:
            inherit_type(candidate, [c for c in candidates if c.sub_type not in
                                     PART_OF_AN_ATTACK])
    for candidate in candidates:
        candidate.headline = in_headline(candidate)
    intertitles = [c for c in candidates if not c.headline and in_intertitle(c)]
    candidates = [c for c in candidates if c not in intertitles]
    anaphors = [c for c in candidates if not c.headline and refers_back(c) and any(
        o.evidence[0] < c.evidence[0] and compatible(o, c)
        for o in candidates)]
    incidents: list[Incident] = []
    gather(incidents, [c for c in candidates if c not in anaphors], doc)
    unresolved = []
    for candidate in sorted(anaphors, key=lambda c: c.evidence[0]):
        target = antecedent(incidents, candidate)
        if target is None:
            unresolved.append(candidate)
        elif target.place is not None and candidate.place is not None and \
                places_agree(target, candidate):
            absorb(target, candidate)  # "la frappe a touché le village de X, dans la région"
        else:
            add_member(target, candidate)
    gather(incidents, unresolved, doc)
    for candidate in intertitles:  # it names what the paragraphs tell, or nothing new
        target = summed_up(incidents, candidate)
        if target is not None:
            add_member(target, candidate)
    return sorted(incidents, key=lambda i: min(c.evidence[0] for c in i.members))


def in_headline(candidate: Candidate) -> bool:
    """Whether the candidate is in the story's headline."""
    headline = headline_of(candidate.sentence.doc)
    return headline is not None and headline.start == candidate.sentence.start


def lead_incident(incidents: list[Incident], doc: Doc) -> Incident | None:
    """The incident the story's lead tells first (the one its headline sums up)."""
    lead = [s.start for s in lead_of(doc)]
    told = [(lead.index(m.sentence.start), m.evidence[0], n) for n, i in enumerate(incidents)
            for m in i.members if m.sentence.start in lead[1:]]
    return incidents[min(told)[2]] if told else (incidents[0] if incidents else None)


@per_doc
def headline_of(doc: Doc) -> Span | None:
    """The sentence of the story's headline, found once per Doc (see find_headline)."""
    return find_headline(doc)


def find_headline(doc: Doc) -> Span | None:
    """The sentence of the story's headline: the body's first line, standing alone
    without a final stop."""
    text = text_of(doc)
    body = article_of(doc).body_start
    first = body + len(text[body:]) - len(text[body:].lstrip())
    sent = next((s for s in lead_of(doc) if s.start_char <= first < s.end_char), None)
    if sent is None:
        return None
    line = text[first:].split("\n", 1)[0].rstrip()
    return sent if first + len(line) <= sent.end_char and not line.endswith(".") else None


def in_intertitle(candidate: Candidate) -> bool:
    """Whether the candidate is in an intertitle: a verbless line without a final stop
    inside the story ('Des attaques ciblant des civils et des camps de réfugiés')."""
    sent = candidate.sentence
    if span_text(sent).rstrip()[-1:] in ".!?»…\"”:;)":
        return False
    table = tokens_of(sent.doc)
    return not any("VerbForm=Fin" in table.morph[i] for i in range(sent.start, sent.end))


def sum_up(incidents: list[Incident], headline: list[Candidate], doc: Doc) -> None:
    """A headline sums up the incident its lead reports ('Gaza : 12 morts dans une frappe'
    over 'une frappe à Nousseirat, dans le centre de la bande de Gaza'): it joins that
    incident when of its kind and area, else opens one, first in the story's order."""
    lead = {s.start for s in lead_of(doc)[1:]}  # the sentences after the headline
    for candidate in headline:
        target = summed_up(incidents, candidate, lead)
        if target is not None:
            add_member(target, candidate)
            if target.place is None:
                target.place = candidate.place
            continue
        if not candidate.placed:
            place_in_theatre(candidate, doc)
        incidents.insert(0, Incident(candidate.type, candidate.sub_type, candidate.place,
                                     candidate.border, candidate.date, [candidate]))


def summed_up(incidents: list[Incident], candidate: Candidate,
              told_in: set[int] | None = None) -> Incident | None:
    """The first incident a headline or an intertitle can sum up: of its kind, dated
    alike, in its area, and (when ``told_in`` is given) told in one of those sentences."""
    return next((i for i in incidents if compatible(i, candidate) and
                 dates_agree(i.date, candidate.date) and same_area(i.place, candidate.place)
                 and (told_in is None or any(m.sentence.start in told_in for m in i.members))),
                None)


def same_area(a: Place | None, b: Place | None) -> bool:
    """Places a headline and its story may give of one incident ('Gaza : 12 morts dans
    une frappe' over 'une frappe à Nousseirat'): either unknown, or in one country and
    not far apart."""
    if a is None or b is None:
        return True
    if a.country != b.country:
        return False
    return None in (a.lat, b.lat) or a.feature == "country" or b.feature == "country" or \
        in_region(a, b) or in_region(b, a) or km((a.lat, a.lon), (b.lat, b.lon)) <= HEADLINE_KM


def in_region(place: Place, region: Place) -> bool:
    """The place lies in the region, as the gazetteer or the text says ('le village de
    Groza, dans la région de Kharkiv', whatever the gazetteer made of the region's name)."""
    names = {region.name, region.admin1} if region.feature == "region" else {region.name}
    return place.admin1 is not None and place.admin1 in names and \
        place.country == region.country and \
        (region.feature in ("region", "district") or place.lat is None)


def gather(incidents: list[Incident], candidates: list[Candidate], doc: Doc) -> None:
    """Join candidates to the incidents, or open new ones: precise reports with a place
    first, then those without, then generic words (placed ones first), then parts of an
    attack."""
    parts = [c for c in candidates if c.sub_type in PART_OF_AN_ATTACK]
    typed = [c for c in candidates if c.sub_type not in PART_OF_AN_ATTACK and not c.generic]
    generic = [c for c in candidates if c.generic and not c.headline]
    generic_placed = [c for c in generic if c.placed]
    placeless: list[Candidate] = []
    for candidate in sorted(typed, key=lambda c: not c.placed):
        if candidate.headline:
            continue
        if candidate.placed:
            join_or_open(candidate, incidents, same_type=True)
        else:
            placeless.append(candidate)
    sum_up(incidents, [c for c in typed if c.headline], doc)
    for candidate in placeless:
        target = find(incidents, candidate, same_type=True)
        if target is None and candidate.type in VIOLENCE and \
                (candidate.type != "Explosions/Remote violence" or not own_toll(candidate, doc)):
            target = find(incidents, candidate, same_type=False, battles_only=True)
        if target is None and definite(candidate):
            target = find(incidents, candidate, same_type=False)  # "les combats": known ones
        if target:
            add_member(target, candidate)
        else:
            place_in_theatre(candidate, doc)
            join_or_open(candidate, incidents, same_type=True)
    for candidate in generic_placed:
        target = find(incidents, candidate, same_type=False, by_place=True)
        if target:
            absorb(target, candidate)
        else:
            join_or_open(candidate, incidents, same_type=True)
    for candidate in [c for c in generic if c not in generic_placed]:
        target = nearby(incidents, candidate) if len(incidents) != 1 else incidents[0]
        if target is not None and dates_agree(target.date, candidate.date):
            add_member(target, candidate)
        else:
            place_in_theatre(candidate, doc)
            join_or_open(candidate, incidents, same_type=True)
    sum_up(incidents, [c for c in candidates if c.generic and c.headline], doc)
    for candidate in parts:
        target = find(incidents, candidate, same_type=False,
                      by_place=candidate.placed) if incidents else None
        if target:
            add_member(target, candidate)
        else:
            if not candidate.placed:
                place_in_theatre(candidate, doc)
            join_or_open(candidate, incidents, same_type=True)


def nearby(incidents: list[Incident], candidate: Candidate) -> Incident | None:
    """The incident reported in the same or the previous sentence, if any: 'Les
    Azerbaïdjanais tentent d'attaquer' right after 'les combats continuent'."""
    doc = candidate.sentence.doc
    index = sentence_index(doc, candidate.sentence.start)
    close = {s.start for s in sentences(doc)[max(0, index - 1):index + 2]}
    return next((i for i in incidents if any(m.sentence.start in close for m in i.members)),
                None)


def own_toll(candidate: Candidate, doc: Doc) -> bool:
    """'Des obus sont tombés sur le camp, blessant douze personnes': a strike with its own
    victims is an incident of its own, not a moment of the fighting around it."""
    return tolled(doc, candidate.sentence.start_char, candidate.sentence.end_char)


def tolled(doc: Doc, start: int, end: int) -> bool:
    """Whether the text between these characters gives a casualty figure."""
    return any(start <= c.start < end for c in extracted(doc, "casualties") or [])


DEMONSTRATIVES = ("ce", "cet", "cette", "ces")
DEFINITE = ("le", "la", "les", "l'", "l’")
TOWNS = ("village", "town", "city")
VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")
ONE_SIDED = ("Explosions/Remote violence", "Violence against civilians")


def determiners(candidate: Candidate) -> set[str]:
    """The determiners of the candidate's words of violence ('la' of 'la cible d'une
    attaque' is the target's, not the attack's)."""
    aiming = event_lexicon().aiming
    table = tokens_of(candidate.head.doc)
    found = set()
    for token in candidate.tokens:
        if table.lemma[token.i].lower() not in aiming:
            for child in table.children[token.i]:
                if table.dep[child] == "det":
                    found.add(table.lower[child])
    return found


def refers_back(candidate: Candidate) -> bool:
    """'Cette attaque a été condamnée à Bruxelles', 'l'attaque a été revendiquée', 'la
    tuerie': a demonstrative or a definite article names an incident the story has told
    of (when it has told of one), wherever the clause itself seems to place it."""
    words = determiners(candidate)
    return not words.isdisjoint(DEMONSTRATIVES) or not words.isdisjoint(DEFINITE)


def antecedent(incidents: list[Incident], candidate: Candidate) -> Incident | None:
    """The incident told last before the candidate that it can refer to: of its kind
    (any violence for a generic word), at the same place for a placed report, and
    dated alike or earlier (the news of an incident comes after it)."""
    best, best_start = None, -1
    for incident in incidents:
        starts = [m.evidence[0] for m in incident.members
                  if m.evidence[0] < candidate.evidence[0]]
        if not starts or max(starts) <= best_start:
            continue
        if not compatible(incident, candidate) or not candidate.generic and \
                candidate.placed and not places_agree(incident, candidate) and \
                determiners(candidate).isdisjoint(DEMONSTRATIVES):
            continue
        if dates_agree(incident.date, candidate.date) or later(candidate.date, incident.date):
            best, best_start = incident, max(starts)
    return best


def compatible(told: Candidate | Incident, candidate: Candidate) -> bool:
    """Whether the candidate can name what was told: any violence for a generic word,
    the same kind of incident otherwise."""
    if candidate.generic:
        return told.type in VIOLENCE
    if candidate.trigger.outcome:  # "le massacre" of a strike on a camp
        return told.type in ONE_SIDED
    return told.type == candidate.type


def later(a: tuple, b: tuple) -> bool:
    """Date ``a`` after date ``b`` at their common precision."""
    if a[0] is None or b[0] is None:
        return False
    n = min(len(a[0]), len(b[0]))
    return a[0][:n] > b[0][:n]


def definite(candidate: Candidate) -> bool:
    """'les combats', 'ces affrontements': fighting the story has already told of."""
    return any(c.dep_ == "det" and c.lower_ in ("le", "la", "les", "l'", "ce", "ces", "cet",
                                                 "cette", "leur", "leurs")
               for t in candidate.tokens for c in t.children)


def inherit_type(candidate: Candidate, typed: list[Candidate]) -> None:
    """'Il a dénoncé une attaque' after 'Tirs de roquettes intensifs': a generic word
    takes the kind of the nearest precise report in the preceding sentences, unless
    the two are placed or dated apart ('Le 11 mai, une attaque similaire...')."""
    doc = candidate.sentence.doc
    index = sentence_index(doc, candidate.sentence.start)
    window = {s.start for s in sentences(doc)[max(0, index - INHERIT_WINDOW):index + 1]}
    near = [c for c in typed if c.sentence.start in window and
            c.evidence[0] < candidate.evidence[0] and
            not (c.place and candidate.place and not places_agree(c, candidate)) and
            dates_agree(c.date, candidate.date)]
    if near:
        source = max(near, key=lambda c: (not c.generic, c.evidence[0]))
        candidate.type, candidate.sub_type = source.type, source.sub_type


def join_or_open(candidate: Candidate, incidents: list[Incident], same_type: bool) -> None:
    target = find(incidents, candidate, same_type=same_type, by_place=True)
    if candidate.distinct and incidents and \
            DATE_RANK[candidate.date[1]] > DATE_RANK[incidents[-1].date[1]]:
        candidate.date = incidents[-1].date  # "une attaque distincte": of the same days
    if target is None:
        incidents.append(Incident(candidate.type, candidate.sub_type, candidate.place,
                                  candidate.border, candidate.date, [candidate]))
        return
    absorb(target, candidate)


def absorb(incident: Incident, candidate: Candidate) -> None:
    """Join a candidate that names the incident's place, which keeps the most precise."""
    add_member(incident, candidate)
    if candidate.place is not None and (incident.place is None or
                                        more_precise(candidate.place, incident.place)):
        incident.place, incident.border = candidate.place, False


DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}


def add_member(incident: Incident, candidate: Candidate) -> None:
    """Join a candidate to an incident, which keeps the most precise date said of it."""
    incident.members.append(candidate)
    if DATE_RANK[candidate.date[1]] < DATE_RANK[incident.date[1]]:
        incident.date = candidate.date


def find(incidents: list[Incident], candidate: Candidate, same_type: bool,
         by_place: bool = False, battles_only: bool = False) -> Incident | None:
    if candidate.distinct:
        return None
    for incident in incidents:
        if same_type and incident.type != candidate.type:
            continue
        if battles_only and incident.type != "Battles":
            continue
        if not dates_agree(incident.date, candidate.date):
            continue
        if by_place and not places_agree(incident, candidate):
            continue
        return incident
    return None


FEATURE_RANK = {"village": 0, "town": 1, "city": 2, "other": 3, "district": 4, "water": 5,
                "region": 6, "country": 7}


def more_precise(a: Place, b: Place) -> bool:
    return FEATURE_RANK.get(a.feature, 9) < FEATURE_RANK.get(b.feature, 9)


def places_agree(incident: Incident | Candidate, candidate: Candidate) -> bool:
    """Same place, or one inside the other's region or country."""
    if incident.border or candidate.border:  # "à la frontière": anywhere along it
        return True
    a, b = incident.place, candidate.place
    if a is None or b is None:
        return a is None and b is None
    if a.name == b.name or a.gazetteer_id is not None and a.gazetteer_id == b.gazetteer_id:
        return True
    wide, narrow = (a, b) if FEATURE_RANK.get(a.feature, 9) > FEATURE_RANK.get(b.feature, 9) \
        else (b, a)
    if in_region(narrow, wide):
        return True  # "à Turbat" and "au Baloutchistan", or an unknown village of a region
    if wide.feature == "country":
        return wide.country == narrow.country
    if wide.feature == "region" and None not in (wide.lat, narrow.lat):
        return wide.country == narrow.country and \
            km((wide.lat, wide.lon), (narrow.lat, narrow.lon)) <= REGION_KM
    return False


def dates_agree(a: tuple, b: tuple) -> bool:
    """Compatible at the coarser precision; a 'week' (the story's date, for a clause
    that gives none) agrees with any day of the week before it."""
    if a[0] is None or b[0] is None:
        return True
    if "week" in (a[1], b[1]) and len(a[0]) == len(b[0]) == 10:
        return abs((date.fromisoformat(a[0]) - date.fromisoformat(b[0])).days) <= 7
    n = min(len(a[0]), len(b[0]))
    return a[0][:n] == b[0][:n]


UNPLACED_BY_THEATRE = {"Agreement"}


def named_places(doc: Doc) -> list[Place]:
    """The article's places, and the names it introduces as places that the gazetteer
    lacks: an incident in an unknown village is still there, not in its region."""
    return (extracted(doc, "places") or []) + (extracted(doc, "unplaced") or [])


@per_doc
def place_occurrences(doc: Doc) -> tuple[list[int], list[tuple]]:
    """The starts and the (place, occurrence) of the named places' occurrences, in text
    order; sorted once per Doc."""
    found = sorted(((o.start, o.end), place, o) for place in named_places(doc)
                   for o in place.occurrences)
    return [where[0] for where, _, _ in found], [(place, o) for _, place, o in found]


def places_between(doc: Doc, start: int, end: int) -> list[tuple]:
    """(place, occurrence) of the named places that occur between these characters."""
    starts, occurrences = place_occurrences(doc)
    return occurrences[bisect_left(starts, start):bisect_left(starts, end)]


def body_places_between(doc: Doc, start: int, end: int) -> list[tuple]:
    """places_between, in the story's body only (a dateline says where the story was
    filed, not where it happened)."""
    starts, occurrences = body_place_occurrences(doc)
    return occurrences[bisect_left(starts, start):bisect_left(starts, end)]


@per_doc
def body_place_occurrences(doc: Doc) -> tuple[list[int], list[tuple]]:
    """place_occurrences from the story's body on, cut once per Doc (clauses ask
    thousands of times)."""
    starts, occurrences = place_occurrences(doc)
    first = bisect_left(starts, article_of(doc).body_start)
    return starts[first:], occurrences[first:]


def town_spans_between(doc: Doc, start: int, end: int) -> list[tuple]:
    """(start, end, place) of the occurrences of towns that begin between these
    characters, in text order."""
    return [(o.start, o.end, place) for place, o in places_between(doc, start, end)
            if place.feature in TOWNS]


def place_in_theatre(candidate: Candidate, doc: Doc) -> None:
    """A clause that names no place happens where the story happens: the place it
    names most (whatever the spelling, and whether the gazetteer knows it or not), a
    region or a town rather than a country."""
    if candidate.sub_type in UNPLACED_BY_THEATRE:
        return  # an agreement is made where its clause says, not where the war is
    place = theatre_place(doc)
    if place is not None:
        candidate.place = place


@per_doc
def theatre_place(doc: Doc) -> Place | None:
    """Where the story happens, worked out once per Doc (see place_in_theatre): not
    where it was filed, nor a capital standing for its government, nor a place far
    from it."""
    line = article_of(doc).dateline
    zone = event_lexicon().time_zone
    text = text_of(doc)
    filed = datelines(doc)
    in_text = [(p, [o for o in p.occurrences if not (line and line.start <= o.start < line.end)
                    and not in_ranges(o.start, filed)
                    and not metonym(p, o.start, doc) and not far_from(o.start, doc) and
                    not zone.search(text[max(0, o.start - 14):o.start].lower())])
               for p in named_places(doc) if p.feature != "water"]
    places = [p for p, occurrences in in_text if occurrences]  # not the filing place
    local = [p for p in places if p.feature != "country"]
    pool = local or places
    if not pool:
        return None
    counts: dict[str, int] = {}
    pooled = {id(place) for place in pool}  # a Place's == compares every field
    for place, occurrences in in_text:
        if id(place) in pooled:
            counts[place.name] = counts.get(place.name, 0) + len(occurrences)
    return max(pool, key=lambda p: (counts[p.name], -p.start))


def away_from(start: int, doc: Doc) -> bool:
    """'à 200 kilomètres au nord de Bamako': a place the incident is away from."""
    lex = event_lexicon()
    before = text_of(doc)[max(0, start - 24):start].lower().replace("’", "'")
    return before.rstrip().endswith(lex.away) or before.endswith(lex.away_then_name)


NEAR_KM = 50
DISTANCE = re.compile(r"(\d[\d\s\u202f\u00a0.]*|[^\W\d]+)\s+(?:de\s+|d'\s*)?"
                      r"(?:km|kilomètres?)\b\D*$")


def far_from(start: int, doc: Doc) -> bool:
    """'à 200 km au nord de Bamako': a place the story measures a long or an unknown
    distance from. One a few kilometres away ('à 40 km de Damas', 'à une quarantaine de
    kilomètres de Goma') is where an incident in an unknown village is coded, as ACLED
    does."""
    if not away_from(start, doc):
        return False
    distance = DISTANCE.search(text_of(doc)[max(0, start - 60):start].replace("’", "'"))
    value = amount(distance.group(1)) if distance else None
    return value is None or value > NEAR_KM


def datelines(doc: Doc) -> list[tuple[int, int]]:
    """Verbless lines that give a date ('Bakou, 10 octobre, AZERTAC'): where a story was
    filed, not where it happened."""
    dated = [m.start for m in extracted(doc, "dates") or []]
    pos = tokens_of(doc).pos
    return [(s.start_char, s.end_char) for s in sentences(doc)
            if "VERB" not in pos[s.start:s.end] and "AUX" not in pos[s.start:s.end] and
            any(s.start_char <= d < s.end_char for d in dated)]


OPPOSING = ("contre", "avec", "entre")
def opponent(table: Tokens, i: int) -> bool:
    """'les combats avec l'Azerbaïdjan', 'contre l'Arménie', 'entre l'Arménie et
    l'Azerbaïdjan', 'la frontière avec le Mali': a country (word i) fought against or
    across a border names a side, not where the fighting is."""
    i = conjunct_head(table, i)
    cases = {table.lower[c] for c in table.children[i] if table.dep[c] == "case"}
    return not cases.isdisjoint(OPPOSING) or table.lower[table.head[i]] in event_lexicon().borders


def struck(table: Tokens, i: int, verb: int | None) -> bool:
    """The place (word i) is the passive subject of the incident's verb (at position
    ``verb``): 'Kyiv a été visée'."""
    if verb is None:
        return False
    i = conjunct_head(table, i)
    deps, heads = table.dep, table.head
    return deps[i] == "nsubj:pass" and heads[i] == verb or \
        deps[i] == "appos" and deps[heads[i]] == "nsubj:pass" and heads[heads[i]] == verb


def another_moment(table: Tokens, i: int, members: set[int], doc: Doc) -> bool:
    """'ont attaqué la base, quelques jours avant un sommet en France': a place (word i)
    in a phrase of the clause (whose words are ``members``) that dates the incident by
    another event is that event's place."""
    heads, cases = table.head, event_lexicon().moment_cases
    while heads[i] != i and heads[i] in members:
        if table.pos[i] == "NOUN" and has_child_word(table, i, "case", cases) and \
                not any(m.start <= table.idx[i] < m.end
                        for m in extracted(doc, "dates") or []):  # 'depuis dimanche'
            return True
        i = heads[i]
    return False


def metonym(place: Place, start: int, doc: Doc) -> bool:
    """'les affirmations de Bakou', 'selon Moscou': a capital that stands for its
    government, not for a place where something happened; so does one that acts."""
    entry = article_actors(doc).registry.lookup(place.mention)
    if entry is None or entry.kind != "capital":
        return False
    span = doc.char_span(start, start + len(place.mention), alignment_mode="expand")
    if span is not None and acting(span[0]):
        return True  # "Erevan a démenti"
    words = text_of(doc)[max(0, start - 30):start].lower().replace("'", " ").split()
    if words and words[-1] in ("de", "d", "du", "à"):
        words.pop()  # "les affirmations de Bakou", "la junte au pouvoir à Ouagadougou"
    return bool(words) and words[-1] in event_lexicon().metonym_heads


def told_of_another(start: int, incident: Incident, incidents: list[Incident]) -> bool:
    """'cette frappe, intervenue au lendemain d'une attaque qui a fait 20 morts': a toll
    belongs to the incident whose report holds it most closely (the innermost clause);
    one outside them all, to the first incident its sentence tells ('27 morts dans des
    frappes sur Gaza et Khan Younès' is counted once)."""
    holders = [(m.evidence[1] - m.evidence[0], i) for i, other in enumerate(incidents)
               for m in other.members if m.evidence[0] <= start < m.evidence[1]]
    if holders:
        return incidents[min(holders)[1]] is not incident
    tellers = [i for i, other in enumerate(incidents) for m in other.members
               if m.sentence.start_char <= start < m.sentence.end_char]
    return bool(tellers) and incidents[min(tellers)] is not incident


@per_doc
def killed_in_events(doc: Doc) -> list[tuple[int, Casualty]]:
    """(index, figure) of the story's figures of people killed in an event, listed once
    per Doc."""
    return [(i, c) for i, c in enumerate(extracted(doc, "casualties") or [])
            if c.kind == "killed" and c.scope == "event"]


def overlapping(statements: list[Statement], ranges) -> list[int]:
    """The indices of the statements whose content overlaps one of these ranges of
    characters."""
    found = []
    for i, statement in enumerate(statements):
        first, last = statement.content
        for start, end in ranges:
            if first < end and last > start:
                found.append(i)
                break
    return found


def best_fatalities(figures: list[Casualty]) -> int | None:
    """ACLED's conservative rule: the lowest credible total. A figure for everyone
    ('plus de 30 morts') is a total; figures for each side add up to one. One source's
    figures for one side are a total and its parts ('13 morts, dont deux enfants'): the
    largest is its total; of several sources' totals, the lowest counts."""
    if not figures:
        return None
    totals = [f.low for f in figures if f.side is None and f.victims != "civilian"]
    if totals:
        return min(totals)
    by_source: dict[tuple, int] = {}
    for figure in figures:
        key = (figure.side or "?", figure.claimed_by)
        by_source[key] = max(by_source.get(key, figure.low), figure.low)
    per_side: dict[str, int] = {}
    for (side, _), total in by_source.items():
        per_side[side] = min(per_side.get(side, total), total)
    return sum(per_side.values())

