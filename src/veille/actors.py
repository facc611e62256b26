"""The actor registry, and the resolution of noun phrases to actors.

A noun phrase such as "le ministère azerbaïdjanais de la Défense", "Erevan", "les trois
pays – Russie, France et Etats-Unis" or "les dirigeants séparatistes du Karabakh"
becomes an Actor: one or more camp codes (ISO alpha-2, or a group code such as NK,
HAMAS, UN) and, when the words say it, a role (MOD, GOV, MFA, HEALTH, OTHER). The data
lives in ``data/lexicons/actors.toml``; every extractor resolves actors through here.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import compress, count, repeat
from operator import eq

import pycountry
from spacy.tokens import Doc, Span

from veille import lexicon
from veille.nlp import (
    Memo,
    article_of,
    entities,
    extracted,
    per_doc,
    sentence_at,
    span_text,
    text_of,
    tokens_of,
)
from veille.normalize import fold, strip_article

MAX_NAME_TOKENS = 10
LOOKUP_CACHE_SIZE = 200_000
LOCAL_ROLES = ("OTHER", "HEALTH")
DETERMINERS = {"le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "ce", "cet",
               "cette", "ces", "son", "sa", "ses", "leur", "leurs"}


@dataclass(frozen=True)
class Actor:
    """Who: camp codes (several for a joint statement) and a role when known."""

    codes: tuple[str, ...]
    role: str | None = None

    @property
    def source(self) -> str:
        """'AM.MOD', 'NK', or 'RU+FR+US' for a joint statement."""
        if len(self.codes) == 1 and self.role:
            return f"{self.codes[0]}.{self.role}"
        return "+".join(self.codes)



@dataclass(frozen=True)
class Entry:
    """What a name in the registry stands for."""

    kind: str  # country | capital | demonym | group | territory | term | institution | person
    code: str
    role: str | None = None


@dataclass
class Group:
    code: str
    camp: str | None = None
    country: str | None = None
    theatre: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    observer: bool = False
    label: str | None = None
    authority: bool = False  # a de facto authority, with its own army and government


@lru_cache(maxsize=65536)
def first_word(text: str) -> str:
    """The first word of a folded text, as registry names are indexed by (remembered:
    every capitalised word of every article asks)."""
    words = fold(text).replace("'", "' ").split()
    return words[0] if words else ""


def demonym_forms(masculine: str) -> set[str]:
    """The four agreement forms of a French demonym from its masculine singular."""
    if masculine.endswith(("ien", "éen")):
        return {masculine, masculine + "ne", masculine + "s", masculine + "nes"}
    if masculine.endswith(("ais", "ois")):
        return {masculine, masculine + "e", masculine + "es"}
    if masculine.endswith("e"):
        return {masculine, masculine + "s"}
    return {masculine, masculine + "e", masculine + "s", masculine + "es"}


FUNCTION_WORDS = re.compile(r"\b(?:l'|d'|le|la|les|de|du|des)(?:\s+|(?<=')|$)")


def content_words(text: str) -> str:
    """Folded words without articles and 'de': 'ministère de la Défense' -> 'ministere defense'."""
    return " ".join(FUNCTION_WORDS.sub(" ", fold(text)).split())


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(name) <= 6 and bool(letters) and sum(c.isupper() for c in letters) >= 2


class Registry:
    """Lookup tables built once from the actors lexicon."""

    def __init__(self, data: dict | None = None):
        data = data or lexicon.load("actors")
        self.names: dict[str, Entry] = {}
        self.acronyms: dict[str, Entry] = {}
        self.homonyms: dict[str, list[Entry]] = {}  # other groups an acronym may stand for
        self.groups: dict[str, Group] = {}
        self.country_names: dict[str, list[str]] = {}
        self.terms: dict[str, list[str]] = {}
        self.looked_up: dict[str, Entry | None] = {}
        self.territory_nouns = set(data["territory_nouns"])
        self.breakaway = set(data["breakaway"])
        for code, country in data["countries"].items():
            self.country_names[code] = country["names"]
            for name in country["names"]:
                self.add_name(name, Entry("country", code))
            for name in country.get("capital", []):
                self.add_name(name, Entry("capital", code, "GOV"))
            for masculine in country.get("demonym", []):
                for form in demonym_forms(masculine) | set(country.get("forms", [])):
                    self.names.setdefault(fold(form), Entry("demonym", code))
        for code, group in data["groups"].items():
            self.groups[code] = Group(code, group.get("camp"), group.get("country"),
                                      tuple(group.get("theatre", ())),
                                      tuple(group.get("context", ())),
                                      group.get("observer", False), group.get("label"),
                                      bool(group.get("territory")))
            for name in group.get("names", []):
                self.add_name(name, Entry("group", code))
            for name in group.get("territory", []):
                self.names[fold(name)] = Entry("territory", code)
            for term in group.get("terms", []):
                for form in demonym_forms(term):
                    self.terms.setdefault(fold(form), []).append(code)
        for name, source in data["institutions"].items():
            code, _, role = source.partition(".")
            self.add_name(name, Entry("institution", code, role or None))
        self.roles = sorted(((content_words(p), role) for role, phrases in data["roles"].items()
                             for p in phrases), key=lambda pr: -len(pr[0]))
        # first word -> (rank, phrase, role): only the phrases whose first word is there
        self.roles_by_first_word: dict[str, list[tuple[int, str, str]]] = {}
        for rank, (phrase, role) in enumerate(self.roles):
            self.roles_by_first_word.setdefault(phrase.split(" ", 1)[0], []).append(
                (rank, phrase, role))
        self.role_labels: dict[str, str] = data.get("role_labels", {})
        self.persons: dict[str, list[tuple[str, list[list[str]]]]] = {}
        for person in data["persons"]:
            for name in person["names"]:
                self.persons.setdefault(fold(name), []).append((person["code"], person["terms"]))
        # The words a name can start with, and how long names starting with it are:
        # scanning a text, only those tokens open a lookup.
        # A name is then extended word by word while it is the beginning of some name.
        self.first_words: dict[str, int] = {}
        self.prefixes: set[str] = set()
        for key in [*self.names, *self.terms, *(fold(a) for a in self.acronyms)]:
            words = key.replace("'", "' ").split()
            if words:
                limit = min(MAX_NAME_TOKENS, 2 * len(words) + 1)
                self.first_words[words[0]] = max(self.first_words.get(words[0], 0), limit)
                self.prefixes.update(" ".join(words[:k]).replace("' ", "'")
                                     for k in range(1, len(words)))
        self.name_lengths = Memo(self.name_length)

    def name_length(self, lower: str) -> int:
        """How many tokens a name that a word (lower-case) begins may have: 0 when it
        begins none, as an article or a determiner ("Le Caire" is found from "Caire"). A
        word of plain letters is its own folded first word."""
        if lower in DETERMINERS:
            return 0
        if lower.isalpha() and lower.isascii():
            return self.first_words.get(lower, 0)
        return self.first_words.get(first_word(lower), 0)

    def add_name(self, name: str, entry: Entry) -> None:
        if is_acronym(name) and name in self.acronyms:
            self.homonyms.setdefault(name, []).append(entry)  # RSF: Sudan's RSF, or the NGO
        elif is_acronym(name):
            self.acronyms[name] = entry
        else:
            folded = fold(name)
            self.names.setdefault(folded, entry)
            self.names.setdefault(strip_article(folded), entry)  # "Le Caire" from "Caire"

    def lookup(self, text: str) -> Entry | None:
        """The registry entry for a name as written (acronyms are case-sensitive)."""
        if text in self.looked_up:
            return self.looked_up[text]
        entry = self.acronyms.get(text.strip())
        if entry is None:
            folded = fold(text)
            entry = self.names.get(folded) or self.names.get(strip_article(folded))
        if len(self.looked_up) < LOOKUP_CACHE_SIZE:
            self.looked_up[text] = entry
        return entry

    def demonym(self, word: str) -> str | None:
        entry = self.names.get(fold(word))
        return entry.code if entry and entry.kind == "demonym" else None

    def camp(self, code: str | None) -> str | None:
        group = self.groups.get(code or "")
        return (group.camp or code) if group else code

    def describe(self, code: str) -> str:
        """An actor code in words, for exports: 'AM.MOD' -> 'Military Forces of Armenia',
        'M23' -> the group's label; a joint 'RU+FR' -> 'Russia; France'."""
        if "+" in code:
            return "; ".join(self.describe(part) for part in code.split("+"))
        base, _, role = code.partition(".")
        group = self.groups.get(base)
        if group:
            return group.label or base
        country = pycountry.countries.get(alpha_2=base)
        name = getattr(country, "common_name", None) or getattr(country, "name", base)
        return self.role_labels.get(role, "{country}").format(country=name)

    @lru_cache(maxsize=65536)
    def role_in(self, words: str) -> str | None:
        """The role the longest role phrase among ``words`` gives."""
        content = content_words(words)
        present = set(content.split())
        padded = f" {content} "
        for _, phrase, role in sorted(entry for word in present
                                      for entry in self.roles_by_first_word.get(word, ())):
            if f" {phrase} " in padded:
                return role
        return None

    def person(self, name: str, when: str | None) -> str | None:
        """The office a named person held at ``when`` (YYYY[-MM[-DD]]), if registered."""
        for code, terms in self.persons.get(fold(name), []):
            if when is None or any(start[:len(when)] <= when[:7] and
                                   (not end or when[:7] < end) for start, end in terms):
                return code
        return None


@lru_cache(maxsize=1)
def registry() -> Registry:
    return Registry()


@per_doc
def article_actors(doc: Doc) -> ArticleActors:
    """The article's actor context, built once per Doc and shared by the extractors."""
    return ArticleActors(doc)


@dataclass(slots=True)
class Hit:
    """A registry name found in a noun phrase."""

    start: int
    end: int
    entry: Entry


@dataclass
class ArticleActors:
    """Resolution of noun phrases within one article: knows the article's countries,
    the people it introduces with their office, and the last named source."""

    doc: Doc
    registry: Registry = field(default_factory=registry)
    people: dict[str, Actor] = field(default_factory=dict)
    offices: dict[str, Actor | None] = field(default_factory=dict)
    last_country: str | None = None
    mentions: Counter = field(default_factory=Counter)
    counting: bool = False
    resolved: dict = field(default_factory=dict)

    def __post_init__(self):
        self.when = article_of(self.doc).published
        table = tokens_of(self.doc)
        self.text = text_of(self.doc)
        self.table = table
        self.starts = table.idx
        self.openers = sorted(set(compress(count(), map(
            self.registry.name_lengths.__getitem__, table.lower))).union(
            *(range(ent.start, ent.end) for ent in entities(self.doc)
              if table.ent_type[ent.start] == "PER")))
        self.unsettled: set[int] = set()
        self.placed: tuple | None = None  # see placed_countries
        self.names_found: dict[int | tuple[int, int], Hit | None] | None = {}
        self.count_mentions()
        settled = self.names_found
        for i in self.unsettled:
            del settled[i]
        self.names_found = None
        self.learn_people()
        # the counts and the people are known: a name at a position is found once, and
        # the names the counting pass found that owed nothing to them stand
        self.names_found = settled

    def count_mentions(self) -> None:
        """How often the story names each country and group. Countries first: whether
        an ambiguous group name ("RSF") counts depends on the countries named. The names
        whose reading depends on the counts or on the people the article introduces are
        noted as unsettled."""
        self.counting = True
        hits = self.hits(self.doc[:])
        self.counting = False
        for hit in hits:
            if hit.entry.kind in ("country", "capital", "demonym"):
                self.mentions[hit.entry.code] += 1
        for hit in hits:
            if hit.entry.kind in ("group", "territory") and self.in_context(hit.entry.code):
                self.mentions[hit.entry.code] += 1
        self.territories = [(hit.start, hit.entry.code) for hit in hits
                            if hit.entry.kind == "territory"]

    # -- names in a span ----------------------------------------------------------
    def hits(self, span: Span) -> list[Hit]:
        """Registry names in ``span``, longest first, left to right, not overlapping.
        Only tokens a registry name can start with (or a person's name) open a lookup."""
        found: list[Hit] = []
        free, end = span.start, span.end
        known, openers = self.names_found, self.openers
        for k in range(bisect_left(openers, span.start), bisect_left(openers, end)):
            i = openers[k]
            if i < free:
                continue
            hit = self.name_at(i, end) if known is None else self.name_found(i, end)
            if hit:
                found.append(hit)
                free = hit.end
        return found

    def name_found(self, i: int, end: int) -> Hit | None:
        """name_at(i, end), remembered. The longest name at i is found once whatever
        the end (the phrases asked about end everywhere); a phrase that ends inside it
        has its own search."""
        known = self.names_found
        if i not in known:
            known[i] = self.name_at(i, len(self.starts))
        hit = known[i]
        if hit is None or hit.end <= end:
            return hit
        if (i, end) not in known:
            known[i, end] = self.name_at(i, end)
        return known[i, end]

    def name_at(self, i: int, end: int) -> Hit | None:
        """The longest name starting at token i and ending by ``end``."""
        table = self.table
        if self.blocked(i):
            return None
        limit = self.registry.name_lengths[table.lower[i]]
        if table.ent_type[i] == "PER":  # a person's name is looked up whole, longest first
            determiner = table.lower[i] in DETERMINERS
            for j in range(min(end, i + max(limit, 4)), i, -1):
                entry = None if determiner and j - i > 1 else \
                    self.name_entry(i, j, self.words(i, j))
                if entry:
                    return Hit(i, j, entry)
            return None
        if not limit:
            return None
        longest = None
        for j in range(i + 1, min(end, i + limit) + 1):
            words = self.words(i, j)
            entry = self.name_entry(i, j, words)
            if entry:
                longest = Hit(i, j, entry)
            if fold(words) not in self.registry.prefixes:
                break
        return longest

    def words(self, i: int, j: int) -> str:
        """The text of tokens i..j-1 (a token's own string when it is one: its hash is
        known, which every lookup of it needs)."""
        if j == i + 1:
            return self.table.text[i]
        return self.text[self.starts[i]:self.starts[j - 1] + len(self.table.text[j - 1])]

    def blocked(self, i: int) -> bool:
        return self.table.is_punct[i] or self.table.is_space[i]

    def name_entry(self, i: int, j: int, text: str) -> Entry | None:
        """The registry entry for ``text``, the words of tokens i..j-1, if they are a
        name."""
        entry = self.registry.lookup(text)
        if entry is None and j - i == 1:
            entry = self.term_entry(i, text)
        if entry and entry.kind == "group" and self.registry.groups[entry.code].context:
            self.unsettle(i)
            if not self.in_context(entry.code):
                entry = next((e for e in self.registry.homonyms.get(text.strip(), [])
                              if self.in_context(e.code)), None)
        if entry is None and "PER" in self.table.ent_type[i:j]:
            self.unsettle(i)  # the people are learned after the counts
            code = self.person_code(i, j)
            return Entry("person", code) if code else None
        return entry

    def term_entry(self, i: int, word: str) -> Entry | None:
        codes = self.registry.terms.get(fold(word))
        if not codes:
            return None
        self.unsettle(i)
        if self.counting:
            return None  # terms need the counts being made
        group = self.theatre_group(codes)
        return Entry("term", group) if group else None

    def unsettle(self, i: int) -> None:
        """The name at token i reads differently once the counts and the people are
        known (a term, a group named in some contexts only, a person)."""
        if self.counting:
            self.unsettled.add(i)

    def person_code(self, i: int, j: int) -> str | None:
        """The office of the person named by the PER tokens among tokens i..j-1."""
        named = [k for k in range(i, j) if self.table.ent_type[k] == "PER"]
        actor = self.person_actor(self.words(named[0], named[-1] + 1))
        return actor.source if actor else None

    def in_context(self, code: str) -> bool:
        group = self.registry.groups.get(code)
        return self.counting or not group or not group.context or \
            any(self.mentions[c] for c in group.context)

    def theatre_group(self, codes: Iterable[str]) -> str | None:
        """The group a common term ("séparatistes") designates in this story, if any."""
        best = None
        for code in codes:
            group = self.registry.groups[code]
            weight = sum(self.mentions[c] for c in group.theatre)
            if weight and (best is None or weight > best[0]):
                best = (weight, code)
        return best[1] if best else None

    # -- people -------------------------------------------------------------------
    def person_actor(self, name: str) -> Actor | None:
        """The office of a named person, worked out once per name (until the article
        introduces another person): a name is asked about with each of the words after it."""
        if name not in self.offices:
            self.offices[name] = self.office_of(name)
        return self.offices[name]

    def office_of(self, name: str) -> Actor | None:
        """The office the article gives the person, else the one the registry knows."""
        folded = fold(name)
        surname = folded.split()[-1] if folded else folded
        for key in (folded, surname):
            if key in self.people:
                return self.people[key]
        for key in (folded, surname):
            code = self.registry.person(key, self.when)
            if code:
                country, _, role = code.partition(".")
                return Actor((country,), role or None)
        return None

    def learn_people(self) -> None:
        """Offices given in the text: "le porte-parole du Kremlin, Dmitri Peskov",
        "le Premier ministre arménien Nikol Pachinian", "X, ministre de ..."."""
        for ent in entities(self.doc):
            if ent.label_ != "PER" or self.registry.lookup(span_text(ent)):
                continue
            title = title_before(ent) or title_after(ent)
            if title is None:
                continue
            actor = self.resolve_title(title)
            if actor and actor.role:  # the first title the text gives a person holds
                folded = fold(span_text(ent))
                self.people.setdefault(folded, actor)
                self.people.setdefault(folded.split()[-1], actor)
                self.offices.clear()

    def resolve_title(self, span: Span) -> Actor | None:
        hits = [h for h in self.hits(span) if h.entry.kind != "person"]
        return self.combine(span, hits)

    # -- resolution ---------------------------------------------------------------
    def resolve(self, span: Span) -> Actor | None:
        """The actor a noun phrase designates, or None. The extractors ask about the
        same phrases again and again; the answer depends only on the phrase, the last
        country named and whether places are known yet."""
        country = self.last_country if self.says_the_country(span) else None
        key = (span.start, span.end, country, extracted(self.doc, "places") is None)
        if key not in self.resolved:
            self.resolved[key] = self.resolve_words(span)
        return self.resolved[key]

    def resolve_as_of(self, span: Span, last_country: str | None) -> Actor | None:
        """resolve(span) as it was when ``last_country`` was the last country named."""
        current, self.last_country = self.last_country, last_country
        try:
            return self.resolve(span)
        finally:
            self.last_country = current

    def resolve_words(self, span: Span) -> Actor | None:
        hits = self.hits(span)
        people = [h for h in hits if h.entry.kind == "person"]
        if people and not any(h.entry.kind == "institution" for h in hits):
            code, _, role = people[0].entry.code.partition(".")
            return Actor((code,), role or None)
        return self.combine(span, hits)

    def combine(self, span: Span, hits: list[Hit]) -> Actor | None:
        role = self.role_of(span, hits)
        institutions = [h for h in hits if h.entry.kind == "institution"]
        if institutions:
            entry = institutions[0].entry
            return Actor((entry.code,), entry.role or role)
        groups = [h for h in hits if h.entry.kind in ("group", "territory", "term")]
        if groups:
            code = groups[0].entry.code
            # an armed group or an NGO speaks as itself ("le ministère de la Santé du
            # Hamas" is HAMAS); a de facto authority has ministries ("NK.MOD")
            return Actor((code,), role if self.registry.groups[code].authority else None)
        countries = []
        for hit in hits:
            if hit.entry.kind in ("country", "capital", "demonym") and \
                    hit.entry.code not in countries:
                countries.append(hit.entry.code)
        if not countries:
            country = self.country_anaphor(span) or self.territory_anaphor(span) or \
                self.place_country(span)
            countries = [country] if country else []
        if not countries and role in LOCAL_ROLES:
            # "les combats se poursuivent à Khartoum, selon des habitants": people of the
            # place the sentence names, else of the story's country ("selon des élus locaux")
            countries = [c for c in (self.place_country(span.sent), self.main_country()) if c][:1]
        if not countries and role in ("MOD", "GOV"):
            countries = [c for c in (self.only_state,) if c]  # "l'armée" facing a group
        if not countries:
            return None
        if len(countries) > 1:
            return Actor(tuple(countries))
        if role is None and any(h.entry.kind == "country" and h.start <= span.root.i < h.end
                                for h in hits):
            role = "GOV"  # "L'Arménie a déclaré"
        if role is None:  # "le porte-parole du Kremlin", "Erevan"
            role = next((h.entry.role for h in hits if h.entry.role), None)
        return Actor((countries[0],), role)

    def role_of(self, span: Span, hits: list[Hit]) -> str | None:
        """The role words left once names and demonyms are taken out."""
        covered = {i for h in hits for i in range(h.start, h.end)}
        punct = tokens_of(self.doc).is_punct
        last = len(self.starts) - 1
        words = "".join([" " if i in covered or punct[i] else
                         self.text[self.starts[i]:self.starts[i + 1] if i < last else None]
                         for i in range(span.start, span.end)])
        return self.registry.role_in(words)

    def country_anaphor(self, span: Span) -> str | None:
        """'du pays', 'de ce pays': the last country the text named as an actor."""
        return self.last_country if self.says_the_country(span) else None

    def says_the_country(self, span: Span) -> bool:
        """Whether the phrase has 'du pays' or 'ce pays' (the only words whose actor
        depends on the country last named)."""
        after = bisect_left(self.the_country, span.start + 1)
        return after < len(self.the_country) and self.the_country[after] < span.end

    @cached_property
    def the_country(self) -> list[int]:
        """The positions of 'pays' after 'du', 'ce' or 'de'."""
        lowers = self.table.lower
        return [i for i in compress(count(), map(eq, self.table.lemma, repeat("pays")))
                if i and lowers[i - 1] in ("du", "ce", "de")]

    def territory_anaphor(self, span: Span) -> str | None:
        """'de cette province', 'de la république autoproclamée': the last breakaway
        territory the text named ('le ministère de la Défense de cette province' is
        NK.MOD)."""
        table = tokens_of(span.doc)
        lowers = table.lower
        for i in range(span.start + 1, span.end):
            if table.lemma[i] not in self.registry.territory_nouns:
                continue
            determiner = lowers[i - 1]
            following = lowers[i + 1] if i + 1 < len(lowers) else ""
            if determiner in ("cette", "ce", "cet") or \
                    determiner in ("la", "le", "l'", "l’") and following in self.registry.breakaway:
                before = [code for start, code in self.territories if start < span.start]
                return before[-1] if before else None
        return None

    def place_country(self, span: Span) -> str | None:
        """'le gouverneur de la région de Kharkiv': the country of a place in the phrase
        (of the first place listed, when it names several)."""
        starts, placed = self.placed_countries()
        inside = placed[bisect_left(starts, span.start_char):bisect_left(starts, span.end_char)]
        return min(inside)[1] if inside else None

    def placed_countries(self) -> tuple[list[int], list[tuple[int, str]]]:
        """The occurrences of the places that have a country, in text order: their
        character offsets, and (the place's rank in the list, its country). Sorted once
        per list of places: the speakers of every statement are asked about."""
        places = extracted(self.doc, "places")
        if self.placed is None or self.placed[0] is not places:
            occurrences = sorted((occurrence.start, rank, place.country)
                                 for rank, place in enumerate(places or []) if place.country
                                 for occurrence in place.occurrences)
            self.placed = places, [start for start, _, _ in occurrences], \
                [(rank, country) for _, rank, country in occurrences]
        return self.placed[1], self.placed[2]

    def note(self, actor: Actor | None) -> None:
        """Remember the last single country named as a source (for 'du pays')."""
        if actor and len(actor.codes) == 1 and len(actor.codes[0]) == 2:
            self.last_country = actor.codes[0]

    @cached_property
    def belligerents(self) -> tuple[str, ...]:
        """The two camps the story is most about ("les deux camps"); the counts are made
        once, when the article's actors are set up."""
        camps = Counter()
        for code, n in self.mentions.items():
            group = self.registry.groups.get(code)
            if not (group and group.observer):
                camps[self.registry.camp(code)] += n
        return tuple(sorted(c for c, _ in camps.most_common(2)))

    @cached_property
    def armed_groups(self) -> tuple[str, ...]:
        """The armed groups the story names that fight for no state's camp (jihadists,
        rebels), as opposed to a state's proxies or observers."""
        return tuple(c for c in self.mentions if c in self.registry.groups and
                     not self.registry.groups[c].observer and self.mentions[c] and
                     self.registry.camp(c) == c)

    @cached_property
    def only_state(self) -> str | None:
        """The state at war when the other belligerent is an armed group (Sudan's army
        against the RSF, Mali's against the JNIM): what "l'armée" means there."""
        camps = self.belligerents
        states = [c for c in camps if c in self.registry.country_names and self.mentions[c]]
        groups = [c for c in self.mentions if c in self.registry.groups and
                  not self.registry.groups[c].observer and self.mentions[c]]
        return states[0] if len(states) == 1 and groups else None

    def main_country(self) -> str | None:
        """The country where the story happens: the one its places are most in."""
        counts = Counter()
        for place in extracted(self.doc, "places") or []:
            if place.country:
                counts[place.country] += len(place.occurrences) * \
                    (1 if place.feature == "country" else 2)
        return counts.most_common(1)[0][0] if counts else None


def title_before(ent: Span) -> Span | None:
    """The noun phrase just before a person's name that gives the office:
    "le secrétaire d'Etat américain John Kerry", "le porte-parole du Kremlin, Dmitri Peskov"."""
    doc = ent.doc
    texts, pos = tokens_of(doc).text, tokens_of(doc).pos
    i = ent.start - 1
    if i >= 0 and texts[i] == ",":
        i -= 1
    if i < 0 or doc[i].is_sent_start or pos[i] in ("VERB", "AUX", "PUNCT"):
        return None
    start = i
    floor = sentence_at(doc, ent.start).start
    while start > floor and pos[start - 1] in ("NOUN", "ADJ", "ADP", "DET", "PROPN") \
            and texts[start - 1] not in (",", "(", ")") and i - start < 10:
        start -= 1
    span = doc[start:i + 1]
    if pos[start] == "ADP" or "NOUN" not in pos[start:i + 1]:
        return None  # "Dans une lettre au président russe, Nikol Pachinian": not a title
    return span


def title_after(ent: Span) -> Span | None:
    """"Dmitri Peskov, porte-parole du Kremlin, a dit" -> "porte-parole du Kremlin"."""
    doc = ent.doc
    texts, pos = tokens_of(doc).text, tokens_of(doc).pos
    i = ent.end
    if i >= len(doc) or texts[i] != ",":
        return None
    end, sentence_end = i + 1, sentence_at(doc, ent.start).end
    while end < sentence_end and texts[end] not in (",", ".", "(", ")") and \
            pos[end] not in ("VERB", "AUX") and end - i < 10:
        end += 1
    span = doc[i + 1:end]
    if end < len(doc) and texts[end] == "," and len(span) and pos[i + 1] in ("NOUN", "DET"):
        return span
    return None
