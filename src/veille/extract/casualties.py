"""Casualty figures: how many were killed, wounded, missing, captured or displaced,
who they were, on which side, in which scope, and according to whom.

Every number of the text (``numbers.NumberReader``) is a candidate. It becomes a figure
when it counts people and a harm is predicated of them: the counted noun is a harm
("30 morts", "28 blessés"), or people ("soldats", "civils", "personnes") that are the
subject or object of a harm verb ("ont été tués", "tuant", "a perdu"), or the
complement of "la mort de". Victims come from the counted noun, sides from demonyms,
possessives and the loser of "perdre", scope from the war the figure belongs to and
from running-total cues, and claimed_by from the statement (claims extractor) whose
content holds the figure.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from itertools import accumulate, compress, count

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from veille import lexicon
from veille.actors import ArticleActors, article_actors, registry
from veille.extract.attribution import Statement, is_boilerplate, speakers_of, statements_of
from veille.extract.numbers import NumberReader, Quantity, words_value
from veille.extract.syntax import (
    Quote,
    acting,
    acts,
    conjunct_head,
    find_quotes,
    infinitives,
    lemma_candidates,
    looks_verbal_at,
    noun_phrase,
    subject_of,
    subtree,
    text_of,
)
from veille.extract.time import RECENT_KINDS, period_end, period_start
from veille.models import Casualty, TimeMention
from veille.nlp import (
    Memo,
    Tokens,
    article_of,
    entities,
    extracted,
    in_ranges,
    lead_of,
    once_per_doc,
    per_doc,
    sentence_at,
    sentence_index,
    sentences,
    tokens_between,
    tokens_of,
    within,
)

POSSESSIVES = {"ses", "son", "sa", "leurs", "leur", "nos", "notre"}
OTHERS = {"autres", "autre"}
CARRIED = {"porté", "portés", "portée", "portées"}
NUMBER_DEPS = {"nsubj", "nsubj:pass", "obj"}  # of 'nombre' under a verb that gives it
LOCATIVES = {"dans", "à", "au", "aux", "en", "sur", "près"}
FIRST_PERSON = {"nos", "notre"}
PART_OF = {"dont", "parmi"}
DEMONSTRATIVES = {"ce", "cet", "cette", "ces"}
MARKS = {"«", "“", '"', "+", "'"}  # quotation marks a counted noun may stand in
WINDOW = 8
RECALL_SENTENCES = 5  # how far back "deux autres", "parmi les victimes" look for a toll
EPISODE_DAYS = 180  # a dated period over for longer than this is an earlier episode
DATED_KINDS = {"year", "decade", "year_range", "date", "month", "season", "month_part"}
CORE_DEPS = {"nsubj", "nsubj:pass", "obj", "iobj", "obl:arg"}


class Phrases(tuple):
    """Phrases to look for in texts. They are grouped under a word that each phrase of
    its group has, so that a text without that word is passed over at once."""

    def __new__(cls, phrases):
        self = super().__new__(cls, phrases)
        self.groups = key_word_groups(self)
        return self

    def keys_in(self, text: str) -> bool:
        """Whether the text has any of the groups' keys: where it has none, no phrase
        occurs in any part of it."""
        return any(key in text for key, _ in self.groups)

    def found_in(self, text: str) -> bool:
        """Whether any of the phrases occurs in the text."""
        for key, group in self.groups:
            if key in text:
                for phrase in group:
                    if phrase in text:
                        return True
        return False


def key_word_groups(phrases: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """The phrases grouped under a key each of them contains: the word (of four letters
    or more) found in most of the phrases left ('premier' in 'premières'), else a phrase
    itself."""
    groups, left = [], list(phrases)
    while left:
        words = {word for phrase in left for word in phrase.split() if len(word) >= 4}
        shared = {word: sum(word in phrase for phrase in left) for word in words}
        key = max(sorted(shared), key=lambda word: (shared[word], len(word))) if shared \
            else left[0].strip()
        groups.append((key, tuple(phrase for phrase in left if key in phrase)))
        left = [phrase for phrase in left if key not in phrase]
    return groups


def spaced(phrases: list[str]) -> Phrases:
    """Phrases between spaces: found in a text padded with spaces, they match whole
    words only."""
    return Phrases(f" {phrase} " for phrase in phrases)


@dataclass
class CasualtyLexicon:
    """The casualty lexicon; ``conditions``, ``comparatives``, ``mostly``,
    ``both_sides``, ``in_combat`` and ``revisions`` are kept between spaces."""

    kind_nouns: dict[str, str]
    kind_verbs: dict[str, str]
    intransitive: dict[str, str]
    phrases: list[tuple[list[str], str]]
    nominal: dict[str, str]
    conditions: list[tuple[str, str]]
    losses: set[str]
    unsaved: set[str]
    victims: dict[str, str]
    according: tuple[str, ...]
    number_verbs: set[str]
    owned: set[str]
    not_people: set[str]
    war_nouns: set[str]
    wars: set[str]
    past_markers: Phrases
    past_wars: set[str]
    onsets: set[str]
    same_episode: Phrases
    endings: set[str]
    toll_verbs: set[str]
    cumulative: Phrases
    totals: Phrases
    comparatives: Phrases
    new_totals: tuple[str, ...]
    durations: set[str]
    fatal: set[str]
    remote: set[str]
    atrocity: set[str]
    fighting: set[str]
    battle: set[str]
    state_forces: set[str]
    hostile: set[str]
    mostly: Phrases
    both_sides: Phrases
    forces: set[str]
    in_combat: Phrases
    revisions: Phrases

    @classmethod
    def load(cls, data: dict) -> CasualtyLexicon:
        kinds = data["kinds"]
        return cls(
            kind_nouns={w: k for k, d in kinds.items() for w in d.get("nouns", [])},
            kind_verbs={w: k for k, d in kinds.items() for w in d.get("verbs", [])},
            intransitive={w: k for k, d in kinds.items() for w in d.get("intransitive", [])},
            phrases=[(p.split(), k) for k, d in kinds.items() for p in d.get("phrases", [])],
            nominal={w: k for k, d in kinds.items() for w in d.get("nominal", [])},
            conditions=[(f" {c} ", k) for k, d in kinds.items() for c in d.get("conditions", [])],
            losses=set(kinds["killed"].get("losses", [])),
            unsaved=set(kinds["killed"].get("unsaved", [])),
            victims={w: v for v, words in data["victims"].items() for w in words},
            according=tuple(data["according"]),
            number_verbs=set(data["number_of"]["verbs"]),
            owned=set(data["military"]["owned"]),
            not_people=set(data["not_people"]),
            war_nouns=set(data["scope"]["war_nouns"]),
            wars=set(data["scope"]["wars"]),
            past_markers=Phrases(data["scope"]["past_markers"]),
            past_wars=set(data["scope"]["past_wars"]),
            onsets=set(data["scope"]["onsets"]),
            same_episode=Phrases(data["scope"]["same_episode"]),
            endings=set(data["scope"]["endings"]),
            toll_verbs=set(data["scope"]["toll_verbs"]),
            cumulative=Phrases(data["scope"]["cumulative"]),
            totals=Phrases(data["scope"]["totals"]),
            comparatives=spaced(data["scope"]["comparatives"]),
            new_totals=tuple(data["scope"]["new_totals"]),
            durations=set(data["scope"]["durations"]),
            fatal=set(kinds["wounded"].get("fatal", [])),
            remote=set(data["context"]["remote"]),
            atrocity=set(data["context"]["atrocity"]),
            fighting=set(data["context"]["fighting"]) | set(data["context"]["remote"]),
            battle=set(data["context"]["fighting"]),
            state_forces=set(data["context"]["state_forces"]),
            hostile=set(data["context"]["hostile"]),
            mostly=spaced(data["mixed"]["mostly"]),
            both_sides=spaced(data["mixed"]["both_sides"]),
            forces=set(data["military"]["forces"]),
            in_combat=spaced(data["military"]["in_combat"]),
            revisions=spaced(data["revisions"]))

    @cached_property
    def phrases_by_verb(self) -> dict[str, list[tuple[str, str]]]:
        """The harm phrases by their verb: 'perdre' -> [('vie', 'killed')]."""
        found: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for words, kind in self.phrases:
            found[words[0]].append((words[-1], kind))
        return dict(found)

    @cached_property
    def strikes(self) -> set[str]:
        """Words of a strike from afar or of an atrocity."""
        return self.remote | self.atrocity

    @cached_property
    def condition_phrases(self) -> Phrases:
        """The phrases of ``conditions``, to look for at once."""
        return Phrases(phrase for phrase, _ in self.conditions)

    @cached_property
    def fighters(self) -> set[str]:
        """The words that name fighters."""
        return {word for word, victims in self.victims.items() if victims == "military"}

    @cached_property
    def harm_lemmas(self) -> set[str]:
        """Every lemma verb_kind can give a kind for."""
        return {words[0] for words, _ in self.phrases} | set(self.kind_verbs) | \
            set(self.intransitive) | self.losses


@dataclass
class Figure:
    """A casualty figure being read: where, how many, and what the words say of it."""

    quantity: Quantity
    noun: Token | None
    kind: str
    victims: str | None
    side: str | None
    evidence: tuple[int, int]
    sentence: Span  # the sentence of its number
    part_of: Figure | None = None
    continues: Figure | None = None
    scope: str = "event"
    possessive: Token | None = None
    verb: Token | None = None
    both_sides: bool = False
    shares_side: bool = False  # with the figure it continues
    final_side: str | None = None
    counted: bool = False  # one of the people of the figure it continues: no item
    revises: bool = False  # an earlier count of the figure it continues


@Language.factory("veille_casualties", assigns=["doc._.casualties"],
                  requires=["doc._.claims", "doc._.dates"])
def make_casualty_extractor(nlp: Language, name: str):
    return CasualtyExtractor(nlp)


class CasualtyExtractor:
    def __init__(self, nlp: Language):
        data = lexicon.load("casualties")
        self.lex = CasualtyLexicon.load(data)
        self.numbers = NumberReader(data, nlp.make_doc)
        self.reporting = frozenset(lexicon.load("claims")["verbs"])
        self.names_harm = Memo(self.may_name_harm)
        self.counts_people = Memo(self.names_people)

    def __call__(self, doc: Doc) -> Doc:
        actors = article_actors(doc)
        statements = statements_of(doc)
        figures: list[Figure] = []
        for quantity in self.numbers.quantities(doc):
            figure = self.figure(quantity, doc, figures, actors)
            if figure is None or is_boilerplate(sentence_at(doc, quantity.first)):
                continue  # most numbers count no people: the cheaper test first
            if figures and joins_singulars(figure, figures[-1], doc):
                count_together(figures[-1], figure)
            else:
                figures.append(figure)
        distribute_respectively(figures, doc)
        side_from_repeats(figures)
        items = []
        for figure in [f for f in figures if not f.counted]:
            figure.scope = self.scope(figure, doc)
            if figure.scope == "event" and goes_on_with_a_total(figure, figures, doc):
                figure.scope = "cumulative"
            told = figure.victims in ("military", "civilian", "mixed")
            items += [(item, told) for item in
                      self.casualties(figure, doc, statements, actors, figures)]
        doc._.casualties = merge_repeats(items, actors.registry.camp)
        return doc

    # -- reading one figure ----------------------------------------------------------------
    def figure(self, quantity: Quantity, doc: Doc, earlier: list[Figure],
               actors: ArticleActors) -> Figure | None:
        table = tokens_of(doc)
        word, mark = counted_word(table, quantity.end)
        through = self.number_of(table, quantity) if word is None else None
        if through is not None:
            word = through  # "le nombre de morts atteint 42"
        if word is not None and not self.counts_people[table.lower[word]] or \
                inside_date(doc, quantity):
            return None  # tokens are built only for the figures that go on
        noun = doc[word] if word is not None else None
        possessive = doc[mark] if mark is not None else None
        sent = sentence_at(doc, quantity.start)
        antecedent = self.antecedent(quantity, sent, earlier)
        people = noun if noun is not None else self.one_of_them(doc, quantity)
        loss = self.is_loss(table, quantity.end - 1)
        if people is None and antecedent is None and not loss and \
                not self.condition_after(sent, quantity):
            return None  # no people counted: the cheaper test first
        verb = self.harm_verb(quantity, noun, sent)
        kind = self.kind_of(quantity, noun, sent, antecedent, verb)
        if kind is None:
            return None
        if kind == "wounded" and self.fatally(verb):
            kind = "killed"  # "mortellement blessé"
        among = among_whom(table, people.i) if people is not None else None
        victims = self.victims_of(people, among, doc)
        if word is not None and table.lower[word] in self.lex.owned and \
                (possessive is not None or self.is_loss(table, word)) or \
                victims is None and word is not None and fighters_of(table.lower[word]):
            victims = "military"  # "ses hommes", "a perdu 12 hommes", "28 houthis"
        side = self.side_of(noun, among, doc, actors)
        start, end = table.idx[quantity.start], evidence_end(doc, quantity, noun)
        if through is not None:  # the figure, and the people named apart from it
            start = min(start, table.idx[through])
            end = max(table.end(quantity.end - 1), table.end(through))
        figure = Figure(quantity, noun, kind, victims, side, (start, end), sent,
                        possessive=possessive, verb=verb)
        if antecedent is not None:
            figure.continues = antecedent
            figure.revises = self.revises(figure.sentence, quantity)
            inherit(figure, antecedent, doc, self.lex.kind_nouns)
        if figure.victims is None and noun is None and loss:
            figure.victims = "military"
        if noun is None and figure.part_of is None and loss:
            figure.evidence = (loss_start(doc, quantity), figure.evidence[1])
        elif noun is None and people is not None:  # "l'un d'eux", "170 d'entre eux"
            last = next(t for t in doc[quantity.end:] if t.lower_ in ("eux", "elles"))
            figure.evidence = (table.idx[with_article(table.lower, quantity.start)],
                               last.idx + len(last.text))
        self.read_description(figure, doc)
        if figure.victims in (None, "generic"):
            sum_of_those_before(figure, earlier, doc)
        if antecedent is not None and among_counted(doc, quantity, antecedent):
            figure.counted = True  # "Trois soldats ont été tués [...] le corps d'un troisième"
        return figure

    def read_description(self, figure: Figure, doc: Doc) -> None:
        """What the words right after a figure say of its people: an apposition ('64
        personnes, majoritairement des soldats', '110 morts, des civils et des militaires')
        or a complement ('64 morts parmi les militaires et civils des deux côtés'). People
        of both kinds, or mostly of one, are mixed; people of both camps have no side."""
        table = tokens_of(doc)
        sent = figure.sentence
        first = figure.noun.i + 1 if figure.noun is not None else figure.quantity.end
        while first < sent.end and table.pos[first] == "ADJ":
            first += 1
        apposed = first < sent.end and table.text[first] == ","
        last = first + 1 if apposed else first
        breakdown = apposed and self.breakdown(table, first, sent.end)
        while last < min(sent.end, first + 12) and table.text[last] not in (",", ";", ".") \
                and table.pos[last] not in ("VERB", "AUX") and table.lower[last] != "dont" \
                and not (table.pos[last] == "NUM" and table.pos[last - 1] not in ("DET", "ADP")
                         and not breakdown):
            last += 1  # up to the next figure ('des deux camps' counts none), but over
            # the figures of a breakdown ('six morts, quatre policiers et deux civils')
        if last == first:
            figure.both_sides = False  # no words describe them
            return
        words = " ".join(table.lower[first:last]).replace("’", "'").replace("' ", "'")
        said = f" {words} "
        kinds = set(map(self.lex.victims.get, table.lower[first:last]))
        if {"military", "civilian"} <= kinds or \
                apposed and self.lex.mostly.found_in(said) and \
                kinds & {"military", "civilian"}:
            figure.victims = "mixed"
        if not apposed and said.startswith(self.lex.in_combat):
            figure.victims = "military"  # "quatre morts au combat"
        figure.both_sides = self.lex.both_sides.found_in(said)
        if apposed and last > first + 1 and table.pos[first + 1] != "ADP" and \
                (figure.victims == "mixed" or figure.both_sides):
            figure.evidence = (figure.evidence[0], table.end(last - 1))

    def breakdown(self, table: Tokens, comma: int, end: int) -> bool:
        """Whether the figures after a toll's comma count its people by kind ('six morts,
        quatre policiers et deux civils'), not another harm ('trois morts, deux soldats
        et un civil blessés')."""
        words = table.lower[comma + 1:min(end, comma + 13)]
        return self.lex.kind_nouns.keys().isdisjoint(words) and "," not in words[1:]

    def number_of(self, table: Tokens, quantity: Quantity) -> int | None:
        """'le nombre de soldats tués atteint 42', 'portant à 302 le nombre total de
        morts': the people a figure counts through 'le nombre de' (a token index)."""
        if quantity.start and table.lower[quantity.start - 1] in ("de", "d'", "d’"):
            return None  # "est passé de 12 à 42": the toll before
        head = table.head[quantity.end - 1]
        if table.lemma[head] == "nombre":
            return counted_of(table, head, quantity)
        if table.lemma[head] in self.lex.number_verbs:
            return next((counted_of(table, child, quantity) for child in table.children[head]
                         if table.lemma[child] == "nombre" and table.dep[child] in NUMBER_DEPS),
                        None)
        if table.dep[head] == "nmod" and table.lemma[table.head[head]] == "nombre":
            return head  # "le nombre de victimes à 3 002": the figure hung on the noun
        return None

    def one_of_them(self, doc: Doc, quantity: Quantity) -> Token | None:
        """'ouvert le feu sur les assaillants, tuant l'un d'eux', 'Des milliers d'habitants
        ont fui. Au moins 170 d'entre eux ont péri': the people the figure counts some
        of, the last people named before it in its sentence or the one before."""
        lowers = tokens_of(doc).lower
        after = lowers[quantity.end:quantity.end + 3]
        if after[:1] not in (["d'"], ["d’"], ["de"]) or not {"eux", "elles"} & set(after[1:]):
            return None
        start = with_article(lowers, quantity.start)
        before = " ".join(lowers[max(0, start - 2):start]).replace("’", "'").replace("' ", "'")
        if before.endswith(self.lex.according):
            return None  # "selon l'un d'eux": who says it, not whom it befell
        index = sentence_index(doc, quantity.start)
        first = sentences(doc)[max(0, index - 1)].start
        return next((t for t in reversed(doc[first:quantity.start])
                     if t.pos_ == "NOUN" and self.lex.victims.get(t.lower_)), None)

    def names_people(self, lower: str) -> bool:
        """'30 morts', '18 soldats', '12 azerbaïdjanais', '28 houthis' count people; '130
        fois' does not (``lower``: the counted noun; remembered in ``counts_people``)."""
        if lower in self.lex.not_people:
            return False
        return lower in self.lex.kind_nouns or lower in self.lex.victims or \
            registry().demonym(lower) is not None or fighters_of(lower)

    def antecedent(self, quantity: Quantity, sent: Span,
                   earlier: list[Figure]) -> Figure | None:
        """The figure this one continues: "18 soldats arméniens et 12 azerbaïdjanais"
        (coordination), "30 morts dont deux civils" and "dont 5 et 11" (part of).
        ``sent``: the sentence of the number."""
        doc = sent.doc
        previous = next((f for f in reversed(earlier) if f.quantity.end <= quantity.start),
                        None)
        if previous is not None and counts_others(doc, quantity):
            if previous.quantity.start >= sent.start:
                return previous  # "Trois soldats ont été tués, et deux autres mercredi"
            word, _ = counted_word(tokens_of(doc), quantity.end)
            noun = doc[word] if word is not None else None
            if sentence_index(doc, sent.start) - sentence_index(doc, previous.quantity.start) \
                    <= RECALL_SENTENCES and \
                    self.kind_of(quantity, noun, sent, None, self.harm_verb(quantity, noun, sent)):
                return previous  # "Trois soldats ont été tués. Deux autres ont été blessés."
            # further on, only with a harm of its own: "Les deux autres ont fui" is none
        if previous is not None and self.revises(sent, quantity) and \
                sentence_index(doc, sent.start) - sentence_index(doc, previous.quantity.start) \
                <= RECALL_SENTENCES:
            return previous  # "..., après avoir initialement fait état de deux tués"
        if previous is not None and self.among_the_victims(sent, quantity):
            # "... 2 750 blessés. [...] Parmi les victimes, 200 sont ...", and "Parmi les
            # morts figurent deux enfants": of the last toll of the dead
            kind = self.lex.kind_nouns.get(tokens_of(doc).lower[sent.start + 2])
            toll = next((f for f in reversed(earlier) if f.quantity.end <= quantity.start and
                         kind in (None, f.kind)), None)
            if toll is not None and sentence_index(doc, sent.start) - \
                    sentence_index(doc, toll.quantity.start) <= RECALL_SENTENCES:
                return toll
        if previous is None or previous.quantity.start < sent.start:
            return None
        lowers = tokens_of(doc).lower
        if not PART_OF.isdisjoint(lowers[previous.quantity.end:quantity.start]):
            return previous
        link = link_before(doc, quantity.start)
        reach = 6 if lowers[max(0, quantity.start - 2)] == "que" else 4  # "ainsi que d'"
        if link in ("et", ",", "ou") and (previous.noun is not None or previous.part_of) and \
                quantity.start - previous.quantity.end <= reach:
            return previous
        noun, _ = counted_word(tokens_of(doc), quantity.end)
        if link in ("et", ",") and noun is None and quantity.end < len(lowers) and \
                lowers[quantity.end] in LOCATIVES:
            return previous  # "683 civils tués à Lattaquié, 433 dans celle de Tartous"
        if link == "et" and noun is not None and lowers[noun] in self.lex.kind_nouns and \
                (previous.victims in ("military", "civilian") or previous.side) and \
                quantity.start - previous.quantity.end <= WINDOW:
            return previous  # "12 civils ont été tués et 28 blessés": 28 civilians, and
            # "700 Irakiens ont été tués et 1 200 blessés": 1 200 Iraqis
        return None

    def revises(self, sent: Span, quantity: Quantity) -> bool:
        """'après avoir, dans un premier temps, annoncé que 28 militaires ...': a figure
        given as an earlier count of the toll just told counts the same people."""
        if not self.may_revise(sent):
            return False  # the cheap test first
        return self.lex.revisions.found_in(self.words_before(sent, quantity.start))

    @staticmethod
    def words_before(sent: Span, end: int) -> str:
        """The words of the sentence before token ``end``, in lower case between spaces,
        a comma joined to the word before it."""
        words = " ".join(tokens_of(sent.doc).lower[sent.start:end])
        return f" {words.replace(' ,', '')} "

    def may_revise(self, sent: Span) -> bool:
        """Whether the sentence has a key of the revision phrases (Phrases.keys_in): the
        words before any of its figures are a part of its words, and a key (a word, which
        no comma or padding space ends) found in them is found in the sentence's. Decided
        once per sentence."""
        known = sent.doc.user_data.setdefault("veille.casualties.may_revise", {})
        if sent.start not in known:
            known[sent.start] = self.lex.revisions.keys_in(self.words_before(sent, sent.end))
        return known[sent.start]

    def among_the_victims(self, sent: Span, quantity: Quantity) -> bool:
        """'Parmi les victimes, environ 200 ...', 'Outre les victimes, 84 personnes ont
        été blessées': a sentence that opens on the people of the last toll, before its
        first figure."""
        words = tokens_of(sent.doc).lower[sent.start:quantity.start]
        return len(words) >= 3 and words[0] in ("parmi", "outre") and words[1] in ("les", "ces") \
            and (self.lex.victims.get(words[2]) == "generic" or words[2] in self.lex.kind_nouns) \
            and not any(w[:1].isdigit() for w in words)

    def lives_not_saved(self, doc: Doc, quantity: Quantity) -> bool:
        """'la vie de sept patients n'a pu être sauvée': lives no one could save."""
        table = tokens_of(doc)
        if quantity.start < 2 or table.lower[quantity.start - 1] not in ("de", "d'", "d’") or \
                table.lemma[quantity.start - 2] != "vie":
            return False
        verb = doc[quantity.start - 2].head
        for _ in range(2):  # "n'a pu être sauvée": the modal carries the negation
            if verb.lemma_ in self.lex.unsaved or verb.lemma_ in ("pouvoir", "parvenir"):
                if any(c.lower_ in ("pas", "n'", "n’", "ne", "jamais") for c in verb.children):
                    return True
            verb = verb.head
        return False

    def kind_of(self, quantity: Quantity, noun: Token | None, sent: Span,
                antecedent: Figure | None, verb: Token | None) -> str | None:
        doc = sent.doc
        table = tokens_of(doc)
        if noun is not None and table.lower[noun.i] in self.lex.kind_nouns:
            return self.lex.kind_nouns[table.lower[noun.i]]
        named = harm_named_before(doc, quantity, self.lex.nominal)
        if named:
            return named  # "causant la mort de 15 civils", "le déplacement de 12 millions"
        if self.lives_not_saved(doc, quantity):
            return "killed"  # "la vie de sept patients n'a pu être sauvée"
        condition = self.condition_after(sent, quantity)
        if condition:
            return condition  # "environ 200 sont dans un état critique"
        lowers, pos = table.lower, table.pos
        for i in range(quantity.end, min(len(lowers), quantity.end + 4)):
            if pos[i] in ("CCONJ", "PUNCT"):
                break  # "tué un fonctionnaire et blessé quatre personnes"
            if lowers[i] in CARRIED and any(lower.startswith("disparu")
                                            for lower in lowers[i + 1:i + 3]):
                return "missing"  # "un autre est porté « disparu »"
            if lowers[i] in self.lex.kind_nouns and pos[i] in ("ADJ", "VERB", "NOUN"):
                if noun is None or i > noun.i:
                    return self.lex.kind_nouns[lowers[i]]  # "12 civils tués"
        if verb is not None:
            return self.verb_kind(table, verb.i)
        if antecedent is not None:
            return antecedent.kind
        return None

    def fatally(self, verb: Token | None) -> bool:
        """'Un soldat a été mortellement blessé': a wound said to have killed."""
        if verb is None:
            return False
        table = tokens_of(verb.doc)
        return table.lower[max(verb.i - 1, 0)] in self.lex.fatal or \
            any(table.lower[child] in self.lex.fatal for child in table.children[verb.i])

    def condition_after(self, sent: Span, quantity: Quantity) -> str | None:
        """'200 sont dans un état critique': a state of the people counted that is a harm
        (``sent``: the sentence of the number)."""
        table = tokens_of(sent.doc)
        last = min(sent.end, quantity.end + 8)
        for i in range(quantity.end, last):
            if table.text[i] in (".", ";", ",", ":"):
                last = i
                break
        after = f" {' '.join(table.lower[quantity.end:last])} "
        if not self.lex.condition_phrases.found_in(after):
            return None  # the cheap test first
        return next((kind for phrase, kind in self.lex.conditions if phrase in after),
                    None)

    def harm_verb(self, quantity: Quantity, noun: Token | None, sent: Span) -> Token | None:
        """The verb that says what happened to the people counted: the verb they are
        the subject or object of, else one just before or after the figure (in its
        sentence ``sent``), else one higher in the parse. Words whose form names no harm
        are passed over at once (``names_harm``)."""
        doc = sent.doc
        table = tokens_of(doc)
        forms, harmful = table.forms, self.names_harm
        anchors = [quantity.end - 1] if noun is None else [noun.i, quantity.end - 1]
        for k in anchors:
            head = table.head[k]
            if table.dep[k] in CORE_DEPS and harmful[forms[head]] and \
                    self.verb_kind(table, head) and \
                    (looks_verbal_at(table, head) or with_copula(table, head)):
                return doc[head]
        for i in reversed(range(max(sent.start, quantity.start - 4), quantity.start)):
            if table.text[i] in (",", ";") or table.pos[i] == "CCONJ":
                break  # "un soldat tué, 24 portés disparus": another item's verb
            if harmful[forms[i]] and self.verb_kind(table, i) and looks_verbal_at(table, i):
                return doc[i]  # "tuant une centaine de soldats", "blessant douze personnes"
        i = (noun.i + 1) if noun is not None else quantity.end
        stop = min(sent.end, i + WINDOW)
        while i < stop:
            close = apposed_part(table, i, sent.end)
            if close is not None:  # "48 civils, dont 16 enfants, ont été tués"
                stop, i = min(sent.end, stop + close - i), close
                continue
            if table.text[i] in (".", ";", ":") or table.lower[i] in ("dont", "mais") or \
                    table.pos[i] == "CCONJ" and table.text[i - 1] == ",":
                break  # "tuant 34 personnes, dont deux enfants, et en blessant 117 autres"
            if harmful[forms[i]] and self.verb_kind(table, i) and \
                    (table.pos[i] == "ADJ" or looks_verbal_at(table, i)):
                return doc[i]
            i += 1
        for k in anchors:
            for candidate in (table.head[k], table.head[table.head[k]]):
                if table.pos[candidate] in ("VERB", "AUX", "ADJ") and \
                        harmful[forms[candidate]] and self.verb_kind(table, candidate):
                    return doc[candidate]
        return None

    def verb_kind(self, table: Tokens, i: int) -> str | None:
        """The kind of harm the word at i says, if it is a harm verb."""
        forms = table.forms[i]
        if not self.names_harm[forms]:
            return None
        children = table.children[i]
        for lemma in infinitives(*forms):
            phrases = self.lex.phrases_by_verb.get(lemma)
            if phrases:  # "perdre la vie": the words of the verb's dependents
                around = [table.lemma[c] for c in children] + [table.lower[c] for c in children]
                for last, kind in phrases:
                    if last in around:
                        return kind
            if lemma in self.lex.kind_verbs:
                return self.lex.kind_verbs[lemma]
            if lemma in self.lex.intransitive and lemma != "tomber":
                return self.lex.intransitive[lemma]
            if lemma in self.lex.losses:
                return "killed"
        return None

    def may_name_harm(self, forms: tuple[str, str]) -> bool:
        """Whether a word of this (lower-case form, lemma) can say what happened to people
        (remembered in ``names_harm``)."""
        return any(form in self.lex.harm_lemmas for form in infinitives(*forms))

    def is_loss(self, table: Tokens, anchor: int) -> bool:
        """'en avoir perdu 50', 'a perdu 12 hommes': the subject lost them (``anchor``:
        the counted noun, or the number's last word)."""
        verb = table.head[anchor]
        return table.lemma[verb] in self.lex.losses and \
            "vie" not in [table.lemma[c] for c in table.children[verb]]

    def victims_of(self, noun: Token | None, among: int | None, doc: Doc) -> str | None:
        """Who the people of the noun are (``among``: the group they are counted among,
        see among_whom)."""
        if noun is None:
            return None
        table = tokens_of(doc)
        if among is not None and \
                self.lex.victims.get(table.lower[among]) in ("military", "civilian"):
            return self.lex.victims[table.lower[among]]
        lower = table.lower[noun.i]
        modifiers = [table.lower[c] for c in table.children[noun.i]
                     if table.dep[c] in ("amod", "nmod")]
        if lower not in self.lex.kind_nouns and not self.lex.forces.isdisjoint(modifiers):
            return "military"  # "trois fonctionnaires de police", not "victimes de l'armée"
        for word in [lower] + modifiers:
            category = self.lex.victims.get(word)
            if category in ("military", "civilian"):
                return category
        return "generic" if self.lex.victims.get(lower) == "generic" or \
            lower in self.lex.kind_nouns else None

    def side_of(self, noun: Token | None, among: int | None, doc: Doc,
                actors: ArticleActors) -> str | None:
        """The side of the people of the noun (``among``: see victims_of)."""
        if noun is None:
            return None
        actor = actors.resolve(own_phrase(doc[among] if among is not None else noun))
        if actor and len(actor.codes) == 1:
            return actor.codes[0]
        return None

    # -- scope -------------------------------------------------------------------------------
    def scope(self, figure: Figure, doc: Doc) -> str:
        causes = self.war_causes(figure, doc)
        region = own_region(figure, figure.sentence, doc, self.lex.new_totals)
        if self.historical(figure, doc, causes, region):
            return "historical"
        running = self.cumulative(figure, doc, region)
        if running is None and figure.part_of is not None:
            return figure.part_of.scope
        if running is None and self.war_toll(figure, doc, causes):
            return "cumulative"
        return "cumulative" if running else "event"

    def historical(self, figure: Figure, doc: Doc, causes: list[int],
                   region: tuple[int, int]) -> bool:
        """A past war's toll: the figure's cause (``causes``, see war_causes) is a war
        the text places before the story ("une guerre qui a fait 30.000 morts" in the
        1990s), or the figure itself is dated before it ("6’500 morts en 2020" in a 2023
        story). ``region``: the characters that speak of the figure (own_region)."""
        table = tokens_of(doc)
        compared = self.comparisons(doc)
        if in_ranges(table.idx[figure.quantity.start], compared) or self.told_as_past(figure, doc):
            return True  # "leur première rencontre depuis des combats qui ont fait 110 morts"
        sent = figure.sentence
        start, end = region
        if any(start <= table.idx[i] < end and not in_ranges(table.idx[i], compared)
               for i in within(since_positions(doc), sent.start, sent.end)):
            return False  # "depuis le début de l'invasion en février 2022": a running total
        for cause in causes:
            if self.past_war(doc[cause], sent, article_of(doc).published):
                return True
        past = long_past_dates(doc)
        if not past:
            return False
        near = [figure.evidence]
        if figure.verb is not None:  # "ont été tuées début avril"
            near.append((figure.verb.idx, figure.verb.idx + len(figure.verb.text)))
        if any(first <= mention <= last + 12 for mention in past for first, last in near):
            return True
        clause = [(table.idx[k], table.end(k))
                  for k in clause_modifiers(figure, doc)]
        return any(in_ranges(mention, clause) for mention in past)

    def past_war(self, war: Token, sent: Span, published: str | None) -> bool:
        """A war that is not the story's own and that the text places in the past."""
        return not current_war(war) and not self.still_going(war) and (
            past_anchor(sent, war.doc, published) or
            after_marker(war, self.lex.past_markers) or
            not self.lex.past_wars.isdisjoint(
                [tokens_of(war.doc).lower[c] for c in tokens_of(war.doc).children[war.i]]))

    def still_going(self, war: Token) -> bool:
        """'la guerre, qui a éclaté en avril 2023, a fait ...': a war whose start the text
        dates, and no end, is going on; its date is the start of a running total."""
        table = tokens_of(war.doc)
        verbs = {table.lemma[k].lower() for k in subtree(table, war.i) if table.pos[k] == "VERB"}
        return not verbs.isdisjoint(self.lex.onsets) and verbs.isdisjoint(self.lex.endings)

    def told_as_past(self, figure: Figure, doc: Doc) -> bool:
        """'quand quatre soldats avaient été tués', 'des combats avaient fait une
        centaine de morts': a toll in the pluperfect of the narrative is an earlier
        episode's. In a clause reported after 'que', the pluperfect only follows the
        reporting verb's tense, and one that points back to the story's own episode
        ('cette attaque') or its hours ('plus tôt dans la journée') tells that episode."""
        table = tokens_of(doc)
        if figure.verb is not None:
            verb = figure.verb.i
        else:
            verb = figure_verb(figure, doc)
            if table.lemma[verb] not in self.lex.toll_verbs:
                return False  # "les autorités avaient annoncé 20 morts": an earlier report
        if not in_pluperfect(table, conjunct_head(table, verb)):
            return False  # "avaient été tuées et 111 autres ..." is of the first conjunct
        sent = figure.sentence
        lowers = table.lower
        if any(lowers[i] in ("que", "qu'", "qu’") and table.pos[i] == "SCONJ" or
               lowers[i] in DEMONSTRATIVES and table.dep[i] == "det"
               for i in range(sent.start, figure.quantity.start)):
            return False  # "répondant à cette tentative, ils avaient fait 2 morts": this one
        before = " ".join(lowers[sent.start:figure.quantity.start])
        if self.lex.same_episode.found_in(before):
            return False  # "Plus tôt dans la journée, trois soldats avaient été tués"
        # "Mercredi, une frappe avait tué sept personnes": of these days
        return not has_event_anchor(sent, doc)

    def war_toll(self, figure: Figure, doc: Doc, causes: list[int]) -> bool:
        """'La guerre a fait plus de 10 000 morts', '1 245 soldats blessés pendant la
        guerre': a war's toll is a running total."""
        table = tokens_of(doc)
        if any(table.lemma[k] in self.lex.wars for k in causes):
            return True
        verb = table.head[figure_anchor(figure)]
        sent = sentence_at(doc, verb)
        if self.lex.wars.isdisjoint(table.lemma[sent.start:sent.end]):
            return False  # the cheap test first: the verb's modifiers are in its sentence
        return any(table.lemma[k] in self.lex.wars for k in clause_modifiers(figure, doc)
                   if table.pos[table.head[k]] in ("VERB", "AUX"))

    def war_causes(self, figure: Figure, doc: Doc) -> list[int]:
        """The wars among what may have caused the toll (token indices, see
        causes_of_verb): only a war makes a toll historical or a running total. Found
        once per verb."""
        verb = figure_verb(figure, doc)
        known = doc.user_data.setdefault("veille.casualties.causes", {})
        if verb not in known:
            known[verb] = self.wars_among_causes(doc, verb)
        return known[verb]

    def wars_among_causes(self, doc: Doc, verb: int) -> list[int]:
        """war_causes, for the verb at ``verb``. The causes lie in the verb's sentence or
        in the two words before it (a participle's noun): where none of these words is a
        war, there is none to look for."""
        table, wars = tokens_of(doc), self.lex.war_nouns
        sent = sentence_at(doc, verb)
        first = max(0, sent.start - 2)
        if wars.isdisjoint(table.lemma[first:sent.end]) and \
                wars.isdisjoint(table.lower[first:sent.end]):
            return []  # the cheap test first
        return [k for k in causes_of_verb(doc, verb)
                if table.lemma[k] in wars or table.lower[k] in wars]

    def cumulative(self, figure: Figure, doc: Doc, region: tuple[int, int]) -> bool | None:
        """A running total: 'depuis le 27 septembre', 'selon des bilans partiels', or a
        paragraph of tolls that opens with such a cue. A figure's own words (``region``,
        see own_region) come first: in "19 tués depuis le 27 septembre, dont 5 depuis
        dimanche" the 19 are a total and the 5 are recent."""
        sent = figure.sentence
        start, end = region
        words = self.own_words(doc, start, end)
        whole_toll = figure.part_of is None and not has_event_anchor(sent, doc)
        if whole_toll and self.total_words(words):
            return True  # "Au total depuis dimanche, 58 soldats ont perdu la vie"
        own = self.since_cue(start, end, doc)
        if own is not None:
            return own
        if since_an_event(figure, doc, self.comparisons(doc)):
            return True
        if self.cumulative_words(words) or self.fighting_duration(doc, start, end):
            return True
        if whole_toll and any(map(self.running_total_cue, paragraph_sentences_before(sent))):
            return True
        return None

    def running_total_cue(self, sent: Span) -> bool:
        """Whether a sentence says that the tolls after it are running totals ('Depuis le
        27 septembre, ...', 'Selon des bilans partiels, ...'). Decided once per sentence."""
        known = sent.doc.user_data.setdefault("veille.casualties.running", {})
        if sent.start not in known:
            start, end = sent.start_char, sent.end_char
            known[sent.start] = bool(self.since_cue(start, end, sent.doc)) or \
                self.cumulative_words(self.own_words(sent.doc, start, end))
        return known[sent.start]

    def own_words(self, doc: Doc, start: int, end: int) -> str:
        """The text between two characters, without its comparisons ('le plus lourd
        depuis le début de la guerre' dates a record, not a running total), in lower
        case."""
        text = text_of(doc)[start:end]
        for first, last in self.comparisons(doc):
            if first < end and last > start:
                a, b = max(first, start) - start, min(last, end) - start
                text = text[:a] + " " * (b - a) + text[b:]
        return text.lower()

    def comparisons(self, doc: Doc) -> list[tuple[int, int]]:
        """Character ranges of the 'depuis' phrases that follow a superlative ('le bilan
        le plus lourd depuis 2016', 'les pires violences depuis 1994', 'inédit depuis
        des années'), up to the next comma or the end of the sentence. Found once per
        Doc."""
        return once_per_doc(doc, "veille.casualties.comparisons",
                            lambda: list(self.find_comparisons(doc)))

    def find_comparisons(self, doc: Doc):
        table = tokens_of(doc)
        for i in since_positions(doc):
            sent = sentence_at(doc, i)
            before = []
            for k in range(i - 1, max(sent.start, i - 8) - 1, -1):
                if table.is_punct[k]:
                    break
                before.insert(0, table.lower[k].replace("’", "'"))
            said = f" {' '.join(before)} "
            if not self.lex.comparatives.found_in(said):
                continue
            end = next((k for k in range(i + 1, sent.end) if table.text[k] in (",", ";", ":")),
                       sent.end)
            last = max(i, end - 1)
            yield table.idx[i], table.end(last)

    def fighting_duration(self, doc: Doc, start: int, end: int) -> bool:
        """'Après deux semaines de combats', 'en trois mois de guerre': a toll over a span
        of fighting is a running total."""
        table = tokens_of(doc)
        words = tokens_between(doc, start, end)
        if words is None or \
                self.lex.durations.isdisjoint(table.lower[words[0] + 1:words[1] - 2]):
            return False  # the cheap test first: no unit of time
        for i in range(words[0] + 1, words[1] - 2):
            if table.lower[i] in self.lex.durations and \
                    table.lower[i + 1] in ("de", "d'", "d’") and \
                    table.lower[i + 2] in self.lex.fighting and \
                    (table.lower[i - 1][:1].isdigit() or
                     words_value(table.lower[i - 1]) is not None):
                return True
        return False

    def total_words(self, lowered: str) -> bool:
        """Whether a text in lower case says 'au total'."""
        return self.lex.totals.found_in(lowered)

    def cumulative_words(self, lowered: str) -> bool:
        """Whether a text in lower case says 'selon un bilan partiel', 'depuis le
        début'."""
        return self.lex.cumulative.found_in(lowered.replace("’", "'"))

    def since_cue(self, start: int, end: int, doc: Doc) -> bool | None:
        """True for 'depuis' + a distant date, False for 'depuis dimanche' (recent), None
        when the words say neither."""
        mention = next((m for m in self.since_dates(doc) if start <= m.start < end), None)
        return None if mention is None else not is_recent(mention)

    def since_dates(self, doc: Doc) -> list[TimeMention]:
        """The 'depuis' dates of the text, not those of comparisons; found once per Doc."""
        return once_per_doc(doc, "veille.casualties.since_dates", lambda: [
            m for m in extracted(doc, "dates") or []
            if m.relation == "since" and not in_ranges(m.start, self.comparisons(doc))])

    # -- items ---------------------------------------------------------------------------------
    def casualties(self, figure: Figure, doc: Doc, statements: list[Statement],
                   actors: ArticleActors, figures: list[Figure]) -> list[Casualty]:
        statement = statement_for(figure) or \
            quoted_statement(figure, statements, find_quotes(doc))
        unsourced = statement is not None and said_by_another(figure, statement, doc)
        if statement is not None and self.both_camps_say(statement):
            unsourced = figure.both_sides = True  # "selon les autorités des deux parties"
        if unsourced:
            statement = None  # "l'armée l'a confirmé, mais des sources confirment 30 morts"
        continued = figure.continues
        while statement is None and continued is not None and not unsourced:
            statement = statement_for(continued)  # "dont 10 enfants"
            continued = continued.continues
        if statement is None and figure.scope == "event" and not unsourced:
            statement = self.report_going_on(figure, doc, figures)
        victims = self.final_victims(figure, doc, figures)
        side = figure.side
        if side is None and figure.possessive is not None:
            side = possessor_side(figure, statement, actors)
        if side is None and self.is_loss(tokens_of(doc), figure_anchor(figure)):
            side = loser_side(figure, statement, actors)
        if side is None and statement is not None and belligerent(statement, actors) and \
                not self.inflicted(figure, doc) and not self.hostile(figure, doc):
            side = own_side(statement, victims, actors)  # a party reports its own losses
        sent = figure.sentence
        one_sided = not self.lex.remote.isdisjoint(tokens_of(doc).lower[sent.start:sent.end])
        if side is None and (victims == "civilian" or one_sided and victims != "military") \
                and not (statement and statement.each):
            side = home_side(figure, doc, actors, figure.scope == "event" and
                             self.lead_victims(doc) == "civilian")
        if side is None and figure.shares_side:
            side = figure.continues.final_side  # the side found for the toll it continues
        if side is None and actors.armed_groups and (self.state_forces(figure) or
                                                     victims == "military" and
                                                     not self.hostile(figure, doc)):
            side = home_side(figure, doc, actors, figure.scope == "event")  # at home
        if side is None and victims in ("mixed", "unknown") and not self.hostile(figure, doc) \
                and not (statement and statement.each) and self.hit_at_home(figure, sent, actors):
            side = home_side(figure, doc, actors, figure.scope == "event")
        if side is None and not self.hostile(figure, doc):
            side = headline_topic(sent, actors)
        if figure.both_sides:
            side = None
        figure.final_side = side
        claimed = statement.actor.source if statement else None
        if statement is None and not unsourced:
            reporter = self.reported_after(sent, actors)
            claimed = reporter.source if reporter else None
        text = article_of(doc).text
        start, end = figure.evidence
        base = dict(kind=figure.kind, low=figure.quantity.low, high=figure.quantity.high,
                    qualifier=figure.quantity.qualifier, victims=victims, scope=figure.scope,
                    evidence=text[start:end], start=start, end=end,
                    claim=index_of(statement, statements))
        if statement is not None and statement.each:
            return [Casualty(**base, side=code, claimed_by=code) for code in statement.each]
        return [Casualty(**base, side=side, claimed_by=claimed)]

    def reported_after(self, sent: Span, actors: ArticleActors):
        """'Trois soldats ont été tués lundi. C'est ce qu'a rapporté le ministère de la
        Défense.': the source the next sentence of the paragraph gives, looking back, for
        what the sentence says."""
        doc = sent.doc
        k = sentence_index(doc, sent.start) + 1
        every = sentences(doc)
        if k >= len(every) or "\n\n" in text_of(doc)[sent.end_char:every[k].start_char]:
            return None
        after = every[k]
        words = [word.replace("’", "'") for word in
                 tokens_of(doc).lower[after.start:min(after.start + 4, after.end)]]
        if words[:3] != ["c'", "est", "ce"] or words[3] not in ("qu'", "que"):
            return None
        verb = next((t for t in after[4:] if t.pos_ == "VERB"), None)
        if verb is None or not any(v in self.reporting for v in lemma_candidates(verb)):
            return None
        speaker = next((t for t in doc[verb.i + 1:after.end] if t.pos_ in ("NOUN", "PROPN")),
                       None)
        actor = actors.resolve(noun_phrase(speaker)) if speaker is not None else None
        return actor if actor and actor.codes else None

    def both_camps_say(self, statement: Statement) -> bool:
        """'selon les autorités des deux parties': a toll both camps give together sums
        both camps' dead; no one camp claims it."""
        speaker = f" {statement.claim.speaker.lower().replace('’', chr(39))} "
        return self.lex.both_sides.found_in(speaker)

    def hit_at_home(self, figure: Figure, sent: Span, actors: ArticleActors) -> bool:
        """Whether people of all kinds were hit where they live, and so belong to that
        country: in a state's war on an armed group, or where no two states fight; in a
        war between two states, only in an incident away from battle whose sentence
        names the place ('neuf personnes ont perdu la vie à travers le Liban')."""
        if sum(c in actors.registry.country_names for c in actors.belligerents) < 2:
            return True
        doc = sent.doc
        return figure.scope == "event" and \
            self.lex.battle.isdisjoint(tokens_of(doc).lower[sent.start:sent.end]) and \
            bool(places_between(doc, sent.start_char, sent.end_char))

    def state_forces(self, figure: Figure) -> bool:
        """'73 soldats', 'douze policiers': a state's forces, not an armed group's."""
        return figure.noun is not None and \
            tokens_of(figure.sentence.doc).lower[figure.noun.i] in self.lex.state_forces

    def report_going_on(self, figure: Figure, doc: Doc,
                        figures: list[Figure]) -> Statement | None:
        """'Au moins 73 soldats ont été tués, selon l'armée. Douze soldats ont également
        été blessés.': a figure of the incident in the sentence after a report's own
        figures, in the same paragraph and with no source of its own, goes on with that
        report."""
        sent = figure.sentence
        before = paragraph_sentences_before(sent)
        if not before or "\n" in text_of(doc)[before[-1].start_char:sent.start_char]:
            return None  # a line break, even single, starts another paragraph here
        previous = before[-1]
        reported = [statement_for(f) for f in figures
                    if previous.start <= f.quantity.start < previous.end]
        sources = {s.actor.source for s in reported if s is not None}
        return next(s for s in reported if s is not None) if len(sources) == 1 else None

    def hostile(self, figure: Figure, doc: Doc) -> bool:
        """'15 terroristes neutralisés', 'des soldats ennemis': the speaker's enemies."""
        start, end = figure.quantity.start, figure.noun.i + 3 if figure.noun else \
            figure.quantity.end
        return not self.lex.hostile.isdisjoint(tokens_of(doc).lower[start:end])

    def inflicted(self, figure: Figure, doc: Doc) -> bool:
        """'avoir neutralisé une vingtaine de terroristes': the figure counts the losses
        the speaker caused, not its own."""
        verb = figure.verb
        if verb is None or not any(lemma in self.lex.kind_verbs for lemma in
                                   lemma_candidates(verb)):
            return False
        table = tokens_of(doc)
        passive = "aux:pass" in [table.dep[c] for c in table.children[verb.i]]
        return not passive and verb.i < figure.quantity.start

    def final_victims(self, figure: Figure, doc: Doc, figures: list[Figure]) -> str:
        """Victims said by the words; else by the kind of harm and the story: the
        displaced, and the dead and wounded of a strike, a shelling or a massacre that
        names no fighters, are civilians; the dead of a war, mixed. A toll of which some
        are said to be civilians ('27 morts, dont deux civils') is mixed, and so is what
        is counted with it ('et plus de 200 blessés')."""
        if figure.victims in ("military", "civilian", "mixed"):
            return figure.victims
        if figure.kind != "displaced" and (
                any(f.part_of is figure and f.noun is not None and
                    f.noun.lemma_ == "civil" for f in figures) or
                figure.continues is not None and figure.part_of is None and
                self.final_victims(figure.continues, doc, figures) == "mixed"):
            return "mixed"
        sent = figure.sentence
        if figure.kind == "displaced" or self.people_struck(sent):
            return "civilian"
        context = context_victims(sent, self.lex.victims)
        if context:
            return context
        if figure.part_of is not None:
            return self.final_victims(figure.part_of, doc, figures)  # "dont 5 dimanche"
        if figure.scope == "event" and self.says_nothing_of_war(sent):
            told = self.lead_victims(doc)
            if told:
                return told
        if figure.scope in ("historical", "cumulative") or self.fighting_in(sent) or \
                self.story_of_fighting(doc):
            return "mixed"
        return "unknown"

    def people_struck(self, sent: Span) -> bool:
        """A sentence that tells of a strike or an atrocity, not of fighting, and names
        no fighters. Decided once per sentence."""
        known = sent.doc.user_data.setdefault("veille.casualties.struck", {})
        if sent.start not in known:
            known[sent.start] = self.strike_on_people(sent)
        return known[sent.start]

    def strike_on_people(self, sent: Span) -> bool:
        doc = sent.doc
        table, start, end = tokens_of(doc), sent.start_char, sent.end_char
        compared = [(first, last) for first, last in self.comparisons(doc)
                    if first < end and last > start]  # those of this sentence
        words = set(table.lower[sent.start:sent.end]) if not compared else \
            {table.lower[i] for i in range(sent.start, sent.end)
             if not in_ranges(table.idx[i], compared)}  # "la pire depuis la guerre"
        return not self.lex.strikes.isdisjoint(words) and \
            not words & self.lex.battle and not self.names_fighters(sent)

    def names_fighters(self, sent: Span) -> bool:
        """Fighters among the people a sentence names, not counting the attackers of a
        passive ('enlevées par des hommes armés')."""
        table = tokens_of(sent.doc)
        if self.lex.fighters.isdisjoint(table.lower[sent.start:sent.end]):
            return False  # the cheap test first
        return any(self.lex.victims.get(table.lower[i]) == "military" and
                   table.dep[i] != "obl:agent" and not by_agent(table, i)
                   for i in range(sent.start, sent.end))

    def lead_victims(self, doc: Doc) -> str | None:
        """Who the story's lead says was hit: civilians where it tells of a strike or an
        atrocity, or names civilians ('une attaque contre des fidèles'); soldiers where
        it names only them ('l'attaque d'une base militaire'). Decided once per Doc."""
        return once_per_doc(doc, "veille.casualties.lead_victims",
                            lambda: self.victims_of_lead(doc))

    def victims_of_lead(self, doc: Doc) -> str | None:
        lowers = tokens_of(doc).lower
        named = [set(map(self.lex.victims.get, lowers[s.start:s.end])) for s in lead_of(doc)]
        if any(self.people_struck(sent) or "civilian" in words and "military" not in words
               for sent, words in zip(lead_of(doc), named)):
            return "civilian"
        everything = set().union(*named)
        return "military" if "military" in everything and "civilian" not in everything else None

    def says_nothing_of_war(self, sent: Span) -> bool:
        """No fighting and no fighters in the sentence: the story around it tells."""
        return not self.fighting_in(sent) and not self.names_fighters(sent)

    def story_of_fighting(self, doc: Doc) -> bool:
        """Whether the story speaks of fighting anywhere; decided once per Doc."""
        return once_per_doc(doc, "veille.casualties.fighting", lambda: self.fighting_in(doc[:]))

    def fighting_in(self, span: Span) -> bool:
        return not self.lex.fighting.isdisjoint(tokens_of(span.doc).lower[span.start:span.end])


# -- helpers ---------------------------------------------------------------------------------
def with_article(lowers: list[str], i: int) -> int:
    """Where a figure at token i begins with its article: 'l'un d'eux' at 'l''."""
    return i - 1 if i > 0 and lowers[i - 1] in ("l'", "l’") else i


def apposed_part(table: Tokens, i: int, end: int) -> int | None:
    """Where the words after a part set between commas end (", dont 16 enfants," opening
    at token ``i``), the second comma included; None if no such part opens at ``i``."""
    if table.text[i] != "," or i + 1 >= end or table.lower[i + 1] != "dont":
        return None
    return next((k + 1 for k in range(i + 2, min(end, i + 2 + WINDOW))
                 if table.text[k] == ","), None)


def counted_of(table: Tokens, number: int, quantity: Quantity) -> int | None:
    """The noun X of 'le nombre (total) de X' (``number``: the index of 'nombre'), not a
    word of the figure itself."""
    return next((g for g in table.children[number] if g > number and
                 not quantity.start <= g < quantity.end and
                 table.dep[g] == "nmod" and table.pos[g] == "NOUN"), None)


def fighters_of(lower: str) -> bool:
    """Whether a word names an armed group's fighters ('houthis', 'shebabs', 'talibans'):
    the name of a group that is no observer."""
    names = registry()
    entry = names.lookup(lower)
    return entry is not None and entry.kind == "group" and not names.groups[entry.code].observer


def counted_word(table: Tokens, end: int) -> tuple[int | None, int | None]:
    """The noun a number ending at ``end`` counts, skipping 'de ses' ('au moins 49 de ses
    soldats'), and the possessive before it (token indices). A capitalised name counts
    people only if it names an armed group's fighters ('28 Houthis')."""
    lowers, n = table.lower, len(table.lower)
    k, possessive = end, None
    while k < n and (lowers[k] in ("de", "d'", "d’", "des", "du", "les", "ces") or
                     table.text[k] in MARKS):
        k += 1  # "45 « martyrs »", "45 +martyrs+"
    if k < n and (lowers[k] in OTHERS or is_ordinal(lowers[k])):
        k += 1  # "quatre autres personnes", "un troisième soldat"
    if k + 1 < n and lowers[k] in CARRIED and lowers[k + 1].startswith("disparu"):
        k += 1  # "24 portés disparus"
    if k < n and lowers[k] in POSSESSIVES:
        possessive, k = k, k + 1
    if k >= n or not table.text[k].isalpha():
        return None, possessive
    if table.pos[k] == "NOUN" or \
            table.pos[k] in ("PROPN", "ADJ", "VERB") and not table.text[k][0].isupper() or \
            table.pos[k] == "PROPN" and fighters_of(lowers[k]):
        return k, possessive
    return None, possessive


def with_copula(table: Tokens, i: int) -> bool:
    """'quatre policiers sont morts', which the parser may read as a noun with 'être'."""
    return "cop" in [table.dep[child] for child in table.children[i]]


def in_pluperfect(table: Tokens, verb: int) -> bool:
    """'avaient été tués', 'avait fait': a verb with an auxiliary in the imperfect."""
    return any(table.dep[c] in ("aux", "aux:tense") and table.lemma[c] in ("avoir", "être")
               and "Tense=Imp" in table.morph[c] for c in table.children[verb])


def causes_of_verb(doc: Doc, verb: int) -> list[int]:
    """What may have caused the toll the verb at ``verb`` tells (token indices): the
    subject of 'faire'/'tuer'/'coûter' or the agent of the passive ('tuées par la
    guerre'), or the noun a participle or relative clause describes ('une guerre ayant
    fait ...', 'une guerre de six semaines en 2020 qui a tué ...')."""
    table = tokens_of(doc)
    causes = []
    if table.dep[verb].startswith("acl"):
        head = table.head[verb]
        causes += [head, table.head[head], table.head[table.head[head]]]
        group_start = min(doc[verb].left_edge.i, verb)
        causes += nouns_between(table, max(0, group_start - 2), group_start)
        causes += complements_before(table, head, group_start)  # "le théâtre d'une ..."
    elif ayant := [c for c in table.children[verb] if c < verb and table.lower[c] == "ayant"]:
        group_start = min(ayant)
        causes += nouns_between(table, max(0, group_start - 2), group_start)
    subject = subject_of(doc[verb])
    if subject is not None:
        causes.append(subject.i)
    causes += [c for c in table.children[verb] if table.dep[c] == "obl:agent"]
    return causes  # ... or its agent: "déplacées par la guerre"


def complements_before(table: Tokens, head: int, end: int) -> list[int]:
    """The chain of noun complements of a head up to a position: 'guerre' and 'semaines'
    in "le théâtre d'une guerre de six semaines, qui a fait ..."."""
    found, stack = [], [head]
    while stack:
        for child in table.children[stack.pop()]:
            if table.dep[child] == "nmod" and table.pos[child] == "NOUN" and child < end:
                found.append(child)
                stack.append(child)
    return found


def nouns_between(table: Tokens, start: int, end: int) -> list[int]:
    return [k for k in range(start, end) if table.pos[k] == "NOUN"]


def figure_anchor(figure: Figure) -> int:
    """The token a figure hangs on in the parse: its counted noun, else its last word."""
    return figure.noun.i if figure.noun is not None else figure.quantity.end - 1


def figure_verb(figure: Figure, doc: Doc) -> int:
    """The verb the figure depends on, up to three steps up the parse."""
    table = tokens_of(doc)
    verb = table.head[figure_anchor(figure)]
    for _ in range(3):
        if table.pos[verb] in ("VERB", "AUX"):
            break
        verb = table.head[verb]
    return verb


def link_before(doc: Doc, start: int) -> str:
    """The word that links a figure to what comes before: 'et', ',' or 'ou'; 'ainsi que'
    and 'de même que' link as 'et' ('la mort de 16 soldats ainsi que d'une mère')."""
    lowers = tokens_of(doc).lower
    k = start - 1
    if k > 0 and lowers[k] in ("de", "d'", "d’", "des"):
        k -= 1
    if k < 0:
        return ""
    if k > 0 and lowers[k] == "que" and lowers[k - 1] in ("ainsi", "même"):
        return "et"
    return lowers[k] if lowers[k] in ("et", ",", "ou") or k == start - 1 else ""


def joins_singulars(figure: Figure, previous: Figure, doc: Doc) -> bool:
    """'Un journaliste et un photographe ont été blessés', 'la mort d'une mère et d'un
    enfant': people counted one by one and coordinated are counted together."""
    def singular(f: Figure) -> bool:
        q = f.quantity
        return q.end - q.start == 1 and tokens_of(doc).lower[q.start] in ("un", "une") and \
            f.noun is not None and not counts_others(doc, q)
    return figure.continues is previous and singular(figure) and singular(previous) and \
        link_before(doc, figure.quantity.start) in ("et", ",") and \
        figure.kind == previous.kind and figure.part_of is None and \
        compatible(figure.side, previous.side)


def count_together(previous: Figure, figure: Figure) -> None:
    q = previous.quantity
    previous.quantity = replace(q, low=q.low + 1, high=q.high + 1)
    previous.evidence = (previous.evidence[0], figure.evidence[1])
    previous.side = previous.side or figure.side
    if {previous.victims, figure.victims} == {"military", "civilian"}:
        previous.victims = "mixed"


def counts_others(doc: Doc, quantity: Quantity) -> bool:
    """'47 autres', 'deux autres soldats', 'un quatrième': more of the people the text
    just counted."""
    lowers = tokens_of(doc).lower
    return quantity.end < len(lowers) and (lowers[quantity.end] in OTHERS or
                                           quantity.low == 1 and is_ordinal(lowers[quantity.end]))


def sum_of_those_before(figure: Figure, earlier: list[Figure], doc: Doc) -> None:
    """'Quatre policiers et deux civils sont morts. Ces six personnes ...': people
    summed up with a demonstrative are those counted just before; of both kinds, they
    are mixed."""
    q = figure.quantity
    if q.start == 0 or tokens_of(doc).lower[q.start - 1] not in ("ces", "les") or \
            q.high != q.low:
        return
    sent = figure.sentence
    k = sentence_index(doc, sent.start)
    before = [f for f in earlier if f.quantity.end <= q.start and
              k - sentence_index(doc, f.quantity.start) <= 1 and f.part_of is None]
    for n in range(2, len(before) + 1):
        group = before[-n:]
        if sum(f.quantity.low for f in group) == q.low:
            kinds = {f.victims for f in group}
            figure.victims = kinds.pop() if len(kinds) == 1 else "mixed"
            sides = {f.side for f in group}
            figure.side = figure.side or (sides.pop() if len(sides) == 1 else None)
            return


def among_counted(doc: Doc, quantity: Quantity, antecedent: Figure) -> bool:
    """'un troisième' after 'trois soldats' is one of them, after 'deux soldats' one
    more."""
    lowers = tokens_of(doc).lower
    if quantity.end >= len(lowers) or not is_ordinal(lowers[quantity.end]):
        return False
    rank = ordinal_value(lowers[quantity.end])
    return rank is not None and rank <= antecedent.quantity.low


def ordinal_value(word: str) -> int | None:
    """'troisième' -> 3, 'cinquième' -> 5, 'neuvième' -> 9, 'second' -> 2."""
    if word.startswith("second"):
        return 2
    stem = word[:-len("ième")]
    for candidate in (stem, stem + "e", stem[:-1] + "f", stem[:-1]):
        value = words_value(candidate) if candidate else None
        if value is not None:
            return value
    return None


def is_ordinal(word: str) -> bool:
    """'troisième', 'quatrième', 'second' (not 'premier': the first is no other)."""
    return word.endswith("ième") or word in ("second", "seconde")


def clause_modifiers(figure: Figure, doc: Doc) -> list[int]:
    """The tokens of the direct modifiers of the verb the figure depends on ('En 2014,
    ... avaient fait 13 000 morts'). Found once per verb."""
    table = tokens_of(doc)
    verb = table.head[figure_anchor(figure)]
    known = doc.user_data.setdefault("veille.casualties.clause_modifiers", {})
    if verb not in known:
        known[verb] = [] if table.pos[verb] not in ("VERB", "AUX") else [
            k for child in table.children[verb]
            if table.dep[child] in ("obl:mod", "obl", "advmod", "nmod", "obl:arg")
            for k in subtree(table, child)]
    return known[verb]


def among_whom(table: Tokens, noun: int) -> int | None:
    """'30 morts parmi les soldats', '12 tués dans les rangs de l'armée', '15 blessés du
    côté de la police': the group the people of the noun at ``noun`` are counted among (a
    token index); 'du côté arménien': the side's adjective."""
    n = len(table.pos)
    i = noun + 1
    while i < n and table.pos[i] == "ADJ":
        i += 1
    words = table.lower[i:i + 4]
    if words[:2] == ["du", "côté"] and i + 2 < n and table.pos[i + 2] == "ADJ":
        return i + 2
    if words[:1] == ["parmi"] or words[:3] == ["dans", "les", "rangs"] or \
            words[:2] == ["du", "côté"]:
        for k in range(i + 1, min(n, i + 8)):
            if table.pos[k] in ("NOUN", "PROPN") and table.lower[k] not in ("rangs", "côté"):
                return k
    return None


def own_region(figure: Figure, sent: Span, doc: Doc,
               new_totals: tuple[str, ...]) -> tuple[int, int]:
    """The characters that speak of this figure: from the figure to the end of the
    sentence for a part ('dont 5 depuis dimanche'), otherwise the sentence up to the
    'dont' that follows the figure or a clause that brings a total up ('la mort de 16
    soldats, ce qui porte le bilan total à 64 morts': the 16 are no total)."""
    if figure.part_of is not None:
        return figure.evidence[0], sent.end_char
    end = sent.end_char
    table = tokens_of(doc)
    lowers, first = table.lower, figure.quantity.end
    stops = first_words(new_totals + ("dont",))  # where the region may end
    for i in compress(count(first), map(stops.__contains__, lowers[first:sent.end])):
        if lowers[i] == "dont" or any(
                " ".join(lowers[i:i + 4]).startswith(cue + " ") for cue in new_totals):
            end = table.idx[i]
            break
    return sent.start_char, end


@lru_cache(maxsize=None)
def first_words(phrases: tuple[str, ...]) -> frozenset[str]:
    """The words the phrases begin with: a phrase can start only at one of them."""
    return frozenset(phrase.split(" ", 1)[0] for phrase in phrases)


def distribute_respectively(figures: list[Figure], doc: Doc) -> None:
    """'19 civils arméniens et 26 azerbaïdjanais ..., dont 5 et 11 respectivement':
    each part belongs to the figure of the same rank before 'dont'."""
    table = tokens_of(doc)
    lowers = table.lower
    for last in figures:
        after = last.quantity.end
        if after >= len(doc) or lowers[after] != "respectivement":
            continue
        sent = last.sentence
        dont = max((i for i in range(sent.start, last.quantity.start) if lowers[i] == "dont"),
                   default=None)
        if dont is None:
            continue
        group = [f for f in figures if dont < f.quantity.start and f.quantity.end <= after]
        before = [f for f in figures if sent.start <= f.quantity.start and
                  f.quantity.end <= dont]
        if len(before) < len(group):
            continue
        evidence = (table.idx[dont], table.end(after))
        for member, source in zip(group, before[-len(group):]):
            member.side, member.kind, member.part_of = source.side, source.kind, source
            member.victims = source.victims or member.victims
            member.evidence = evidence


def side_from_repeats(figures: list[Figure]) -> None:
    """'Seize soldats nigériens ont été tués ... « Le bilan est de 16 morts, 6 blessés »':
    a figure repeated without its side takes the side of its earlier mention, and so
    do the figures that go on with it."""
    for k, figure in enumerate(figures):
        if figure.side is not None:
            continue
        twin = next((f for f in figures[:k] if f.side and f.kind == figure.kind and
                     (f.quantity.low, f.quantity.high) ==
                     (figure.quantity.low, figure.quantity.high) and
                     {f.victims, figure.victims} != {"military", "civilian"}), None)
        if twin is not None:
            figure.side = twin.side
        elif figure.shares_side and figure.continues.side:
            figure.side = figure.continues.side


def own_phrase(noun: Token) -> Span:
    """The noun with its adjectives and complements, without coordinated nouns:
    '19 civils arméniens' in '19 civils arméniens et 26 azerbaïdjanais'. A complement
    is one of 'de' ('soldats du Karabakh'), not of another preposition ('soldats tués
    dans une attaque des talibans')."""
    table = tokens_of(noun.doc)
    keep = [noun.i]
    for child in table.children[noun.i]:
        dep = table.dep[child]
        if dep in ("amod", "det", "case") or dep.startswith("flat") or \
                dep == "nmod" and of_complement(table, child):
            keep += subtree(table, child)
    return noun.doc[min(keep):max(keep) + 1]


def of_complement(table: Tokens, i: int) -> bool:
    marks = [table.lower[c] for c in table.children[i] if table.dep[c] == "case"]
    return not marks or marks[0] in ("de", "d'", "d’", "du", "des")


def inside_date(doc: Doc, quantity: Quantity) -> bool:
    idx = tokens_of(doc).idx
    starts, reach = date_reach(doc)
    k = bisect_right(starts, idx[quantity.first])
    return k > 0 and idx[quantity.end - 1] < reach[k - 1]


@per_doc
def date_reach(doc: Doc) -> tuple[list[int], list[int]]:
    """The starts of the dates of the text, sorted, and for each the furthest end of
    the dates that start there or before: a position is inside a date that starts at or
    before a character when it is before that reach. Found once per Doc."""
    spans = sorted((m.start, m.end) for m in extracted(doc, "dates") or [])
    return [start for start, _ in spans], list(accumulate((end for _, end in spans), max))


def harm_named_before(doc: Doc, quantity: Quantity, nominal: dict[str, str]) -> str | None:
    """'la mort d'un civil', 'le décès de trois soldats', 'le déplacement de 12 millions
    d'habitants': the kind of harm a noun before the figure names."""
    before = tokens_of(doc).lower[max(0, quantity.start - 2):quantity.start]
    if len(before) == 2 and before[1] in ("de", "d'", "d’", "des"):
        return nominal.get(before[0])
    return None


def evidence_end(doc: Doc, quantity: Quantity, noun: Token | None) -> int:
    table = tokens_of(doc)
    if noun is None:
        last = quantity.end - 1
        if quantity.end < len(doc) and (table.lower[quantity.end] in {"respectivement"} | OTHERS
                                        or counts_others(doc, quantity)):
            last = quantity.end
    else:
        last = noun.i
        while last + 1 < len(doc) and table.pos[last + 1] == "ADJ" and \
                table.head[last + 1] == noun.i:
            last += 1
    return table.end(last)


def loss_start(doc: Doc, quantity: Quantity) -> int:
    """'en avoir perdu 50': the evidence starts with the verb group of 'perdre'."""
    verb = doc[quantity.end - 1].head
    start = verb.i
    while start > 0 and doc[start - 1].lower_ in ("en", "avoir", "a", "ont", "y", "l'"):
        start -= 1
    return doc[start].idx


def inherit(figure: Figure, antecedent: Figure, doc: Doc, harm_nouns: dict[str, str]) -> None:
    """What a continued figure takes from the one it continues: its side too when it
    counts more of the same people ('deux autres'), says only the harm ('et 5 blessés')
    or is a part of them ('717 Irakiens tués, dont 257 à Bagdad')."""
    lowers = tokens_of(doc).lower
    part = not PART_OF.isdisjoint(lowers[antecedent.quantity.end:figure.quantity.start])
    if part:
        figure.part_of = antecedent
    if figure.victims in (None, "generic"):
        figure.victims = antecedent.victims
    figure.kind = figure.kind or antecedent.kind
    more = figure.noun is None or counts_others(doc, figure.quantity) or \
        lowers[figure.noun.i] in harm_nouns or part or figure.revises  # "et 5 blessés"
    if more and figure.possessive is None:
        figure.side = figure.side or antecedent.side
        figure.shares_side = True


def goes_on_with_a_total(figure: Figure, figures: list[Figure], doc: Doc) -> bool:
    """'Le ministère a déclaré que 1 245 soldats avaient été blessés pendant la guerre.
    Quelque 103 soldats n'ont pas encore été identifiés, a-t-il déclaré': a figure with
    no day of its own that the source of a running total gives right after it goes on
    with that total."""
    sent = figure.sentence
    if has_event_anchor(sent, doc) or figure.part_of is not None:
        return False
    earlier = [f for f in figures if f.quantity.end <= figure.quantity.start and not f.counted]
    if not earlier or earlier[-1].scope != "cumulative" or \
            sentence_index(doc, sent.start) - sentence_index(doc, earlier[-1].quantity.start) > 1:
        return False
    mine, theirs = statement_for(figure), statement_for(earlier[-1])
    return mine is not None and theirs is not None and \
        mine.actor.source is not None and mine.actor.source == theirs.actor.source


def statement_for(figure: Figure) -> Statement | None:
    """The narrowest of the Doc's statements whose content holds the figure's first
    character; found once per character."""
    doc, start = figure.sentence.doc, figure.evidence[0]
    known = doc.user_data.setdefault("veille.casualties.statement_at", {})
    if start not in known:
        holding = [(first, last, s) for first, last, s in statement_contents(doc)
                   if first <= start < last]
        known[start] = min(holding, key=lambda held: held[1] - held[0])[2] \
            if holding else None
    return known[start]


@per_doc
def statement_contents(doc: Doc) -> list[tuple[int, int, Statement]]:
    """(start, end, statement) of the contents of the Doc's statements."""
    return [(s.content[0], s.content[1], s) for s in statements_of(doc)]


def said_by_another(figure: Figure, statement: Statement, doc: Doc) -> bool:
    """Whether another source's words come between the statement's start (its content
    or its reporting word) and the figure: 'l'armée l'a confirmé, mais les sources
    jointes par RFI confirment une trentaine de morts' is the sources' figure, not the
    army's, whether or not their words make a claim."""
    start, text = figure.evidence[0], text_of(doc)
    opening = min(statement.content[0], statement.predicate)
    return any(opening < first and last <= start and text[first:last] not in
               statement.claim.speaker for first, last in speakers_of(doc))


def quoted_statement(figure: Figure, statements: list[Statement],
                     quotes: list[Quote]) -> Statement | None:
    """'Selon l'agence Sana, « La voiture a explosé. Deux corps sont arrivés à
    l'hôpital. »': a figure further on in a quotation belongs to the statement whose
    content the quotation opens, however many sentences the quotation runs on."""
    start = figure.evidence[0]
    quote = next((q for q in quotes if q.start <= start < q.end), None)
    if quote is None:
        return None
    opened = [s for s in statements if quote.start - 3 <= s.content[0] <= start and
              s.content[1] <= quote.end + 3]  # the marks and their spaces
    return opened[-1] if opened else None


def index_of(statement: Statement | None, statements: list[Statement]) -> int | None:
    """The statement's position, found by identity (statements compare field by field)."""
    if statement is None:
        return None
    return next((i for i, s in enumerate(statements) if s is statement), None)


def possessor_side(figure: Figure, statement: Statement | None,
                   actors: ArticleActors) -> str | None:
    """'ses soldats': the subject's (or the speaker's) camp; 'nos soldats': the speaker's."""
    if figure.possessive.lower_ in FIRST_PERSON or statement is not None:
        return single_code(statement.actor.codes) if statement else None
    subject = subject_of(figure.verb) if figure.verb is not None else None
    actor = actors.resolve(noun_phrase(subject)) if subject is not None else None
    return single_code(actor.codes) if actor else None


def loser_side(figure: Figure, statement: Statement | None, actors: ArticleActors) -> str | None:
    """'L'Azerbaïdjan a déclaré en avoir perdu 50': the one who lost them."""
    subject = subject_of(figure.verb) if figure.verb is not None else None
    if subject is not None and subject.pos_ in ("NOUN", "PROPN"):
        actor = actors.resolve(noun_phrase(subject))
        if actor:
            return single_code(actor.codes)
    return single_code(statement.actor.codes) if statement else None


def own_side(statement: Statement, victims: str, actors: ArticleActors) -> str | None:
    """The side of a party's own dead: the party for its fighters, its camp for the
    people it speaks for (a Hamas-run ministry's toll counts Palestinians)."""
    code = single_code(statement.actor.codes)
    if code is None or victims == "military":
        return code
    return actors.registry.camp(code)


def home_side(figure: Figure, doc: Doc, actors: ArticleActors,
              lead_tells: bool) -> str | None:
    """People hit where they live belong to that country: the country most of the
    places of their sentence are in; when the sentence names none, the state at war with
    an armed group, else, for the figures of an attack the lead tells of (``lead_tells``:
    a strike, an atrocity, an attack on a base), the country most places of the lead
    are in.
    Inside a de facto territory, its authority's side. Decided once per sentence."""
    known = doc.user_data.setdefault("veille.casualties.home_side", {})
    key = figure.sentence.start, lead_tells
    if key not in known:
        known[key] = side_at_home(figure.sentence, doc, actors, lead_tells)
    return known[key]


def side_at_home(sent: Span, doc: Doc, actors: ArticleActors, lead_tells: bool) -> str | None:
    """home_side, for the people of a sentence."""
    here = places_between(doc, sent.start_char, sent.end_char)
    if here:
        return dominant_side(here, actors)
    if actors.only_state:
        return actors.only_state
    lead = lead_of(doc)
    if lead_tells and lead and lead[0].start_char < sent.start_char:
        places = places_between(doc, lead[0].start_char, lead[-1].end_char)
        if places:
            return dominant_side(places, actors)
    return None


def headline_topic(sent: Span, actors: ArticleActors) -> str | None:
    """'Mali : 20 soldats tués dans une attaque': the country a headline is filed under."""
    doc = sent.doc
    if lead_of(doc)[0].start != sent.start:
        return None  # the cheaper test first
    texts = tokens_of(doc).text
    colon = next((i for i in range(sent.start, sent.end) if texts[i] == ":"), None)
    if colon is None:
        return None
    hits = actors.hits(doc[sent.start:colon])
    if len(hits) == 1 and hits[0].start == sent.start and hits[0].end == colon and \
            hits[0].entry.kind == "country":
        return hits[0].entry.code
    return None


def places_between(doc: Doc, start: int, end: int) -> list:
    """The places named between two characters of the body, as the place of something
    (not as an actor: "Moscou a dit"; not in an organisation's name: "Radio France
    Internationale")."""
    start = max(start, article_of(doc).body_start)
    known = doc.user_data.setdefault("veille.casualties.places_between", {})
    if (start, end) not in known:
        known[start, end] = [p for p in extracted(doc, "places") or [] if p.country and
                             any(start <= o.start < end and named_as_place(doc, o)
                                 for o in p.occurrences)]
    return known[start, end]


def named_as_place(doc: Doc, occurrence) -> bool:
    """Whether a place's mention names it as a place: not in an organisation's name, and
    not acting. Decided once per mention."""
    known = doc.user_data.setdefault("veille.casualties.as_place", {})
    key = occurrence.start, occurrence.end
    if key not in known:
        known[key] = not in_ranges(occurrence.start, organisation_names(doc)) and \
            not acting_at(doc, occurrence.start, occurrence.end)
    return known[key]


@per_doc
def organisation_names(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the organisations' names."""
    return [(e.start_char, e.end_char) for e in entities(doc) if e.label_ == "ORG"]


def acting_at(doc: Doc, start: int, end: int) -> bool:
    """Whether the words between two characters act (syntax.acting): a one-word name is
    judged on its token, a longer one on its Span's root."""
    words = tokens_between(doc, start, end)
    if words is not None and words[1] - words[0] == 1:
        return acts(tokens_of(doc), words[0])
    return acting(doc.char_span(start, end, alignment_mode="expand").root)


def dominant_side(places: list, actors: ArticleActors) -> str | None:
    """The country most of the places are in (None on a tie), or the de facto
    territory among them."""
    counts = Counter(p.country for p in places).most_common(2)
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return None
    top = counts[0][0]
    return territory_side([p for p in places if p.country == top], actors) or top


def territory_side(places: list, actors: ArticleActors) -> str | None:
    for place in places:
        entry = actors.registry.lookup(place.mention) or actors.registry.lookup(place.name)
        if entry is not None and entry.kind == "territory":
            return entry.code
    return None


def belligerent(statement: Statement, actors: ArticleActors) -> bool:
    """A party to the war speaking as such: its army, government or de facto authority
    (a health ministry or local sources report tolls, not their own losses)."""
    return len(statement.actor.codes) == 1 and statement.actor.role in (None, "MOD", "GOV") \
        and actors.registry.camp(statement.actor.codes[0]) in actors.belligerents


def single_code(codes: tuple[str, ...]) -> str | None:
    return codes[0] if len(codes) == 1 else None


def by_agent(table: Tokens, i: int) -> bool:
    """'par des miliciens', however the parser attached it: the attackers (word i)."""
    return any(table.dep[c] == "case" and table.lower[c] == "par" for c in table.children[i])


def current_war(cause: Token) -> bool:
    """'ce conflit', 'la guerre en cours', 'la guerre actuelle': the story's own war."""
    table = tokens_of(cause.doc)
    words = {table.lower[k] for k in subtree(table, cause.i)}
    return bool(words & {"ce", "cette", "cet", "actuel", "actuelle", "cours"})


def after_marker(cause: Token, markers: Phrases) -> bool:
    """'lors de la première', "à l'issue d'une guerre": a war told as the past."""
    doc = cause.doc
    before = " ".join(t.lower_ for t in doc[max(0, cause.i - 4):cause.i]).replace("’", "'")
    before = before.replace("' ", "'")
    return markers.found_in(before)


def past_anchor(sent: Span, doc: Doc, published: str | None) -> bool:
    return any(sent.start_char <= m.start < sent.end_char and m.relation in ("at", "between")
               and long_over(m, published) for m in extracted(doc, "dates") or [])


def long_over(mention: TimeMention, published: str | None) -> bool:
    """A dated period over for half a year when the story was written ('en 2020' or
    'début avril' in a December story): an earlier episode, not the story's news. Any
    explicit date counts as over when the story is undated."""
    if not mention.value or mention.kind not in DATED_KINDS:
        return False
    if published is None:
        return True
    return (period_start(published) - period_end(mention.until or mention.value)).days \
        > EPISODE_DAYS


def is_recent(mention: TimeMention) -> bool:
    """A 'since' that starts days ago and is said so ('depuis dimanche', 'depuis
    hier'); 'depuis début février' or 'depuis le 27 septembre' count a running total."""
    return mention.kind in RECENT_KINDS


def since_an_event(figure: Figure, doc: Doc, compared: list[tuple[int, int]]) -> bool:
    """'depuis le coup d'État, 3 000 civils ont été tués': a toll counted from an event
    rather than a day is a running total ('l'attaque la plus meurtrière depuis la
    guerre' says nothing of the toll)."""
    if not since_positions(doc):
        return False  # the cheap test first: no 'depuis' in the text
    table = tokens_of(doc)
    verb = figure.verb.i if figure.verb is not None else figure_verb(figure, doc)
    return any(table.dep[child].startswith("obl") and table.pos[child] == "NOUN" and
               not in_ranges(table.idx[child], compared) and
               "depuis" in [table.lower[c] for c in table.children[child]
                            if table.dep[c] == "case"] and
               "det" in [table.dep[c] for c in table.children[child]]
               for child in table.children[verb])


def has_event_anchor(sent: Span, doc: Doc) -> bool:
    """Whether the sentence dates something to a recent day ('mercredi', 'hier')."""
    return bool(within(event_anchors(doc), sent.start_char, sent.end_char))


@per_doc
def since_positions(doc: Doc) -> list[int]:
    """The indices of the tokens 'depuis', found once per Doc (by list.index, which
    compares in C: a table of verdicts by word would meet too many new words)."""
    lowers, found, i = tokens_of(doc).lower, [], -1
    try:
        while True:
            i = lowers.index("depuis", i + 1)
            found.append(i)
    except ValueError:  # no more of them
        return found


@per_doc
def event_anchors(doc: Doc) -> list[int]:
    """Where the text dates something to a recent day (character offsets, sorted);
    found once per Doc."""
    return sorted(m.start for m in extracted(doc, "dates") or []
                  if m.kind in RECENT_KINDS and m.relation == "at")


@per_doc
def long_past_dates(doc: Doc) -> list[int]:
    """Where the text dates something to a period over long before the story (character
    offsets); found once per Doc."""
    published = article_of(doc).published
    return [m.start for m in extracted(doc, "dates") or []
            if m.relation == "at" and long_over(m, published)]


def paragraph_sentences_before(sent: Span) -> list[Span]:
    """The sentences of the paragraph before this one; found once per sentence."""
    doc = sent.doc
    known = doc.user_data.setdefault("veille.casualties.paragraph_before", {})
    if sent.start not in known:
        paragraph_start = text_of(doc).rfind("\n\n", 0, sent.start_char)
        every, found = sentences(doc), []
        for k in range(sentence_index(doc, sent.start) - 1, -1, -1):
            if every[k].start_char <= paragraph_start:
                break
            found.append(every[k])
        known[sent.start] = found[::-1]
    return known[sent.start]


def context_victims(sent: Span, victims: dict[str, str]) -> str | None:
    """'Le bilan militaire reste très partiel. Le Karabakh fait état de 219 morts.': the
    victims a toll of the sentence or of the one before is said to count (``victims``:
    the lexicon's victim words)."""
    table = tokens_of(sent.doc)
    for span in paragraph_sentences_before(sent)[-1:] + [sent]:
        if "bilan" not in table.lemma[span.start:span.end]:
            continue  # the cheap test first
        for i in range(span.start, span.end):
            if table.lemma[i] == "bilan" and i + 1 < len(table.lower) and \
                    victims.get(table.lower[i + 1]) in ("military", "civilian"):
                return victims[table.lower[i + 1]]
    return None


def merge_repeats(items: list[tuple[Casualty, bool]], camp) -> list[Casualty]:
    """A figure repeated in the article (headline, lead, quotation) is listed once,
    with what its most informative mention says; "au moins 5" and "5" of the same
    people are one figure. Each item comes with whether its words say who the victims
    are ('64 personnes, majoritairement des soldats'), which beats what the story
    suggests."""
    kept: list[tuple[Casualty, bool]] = []
    by_number: dict[tuple, list[int]] = defaultdict(list)  # (kind, low) -> in kept
    for item, told in items:
        same_number = by_number[(item.kind, item.low)]
        twin = next((k for k in same_number if same_figure(kept[k][0], item, camp)), None)
        if twin is None:
            same_number.append(len(kept))
            kept.append((item, told))
        else:
            kept[twin] = most_informative(*kept[twin], item, told)
    return [item for item, _ in kept]


def same_figure(a: Casualty, b: Casualty, camp) -> bool:
    if (a.kind, a.low) != (b.kind, b.low) or None not in (a.high, b.high) and a.high != b.high:
        return False
    if not compatible(camp(a.side), camp(b.side)) or \
            not compatible(country(a.claimed_by), country(b.claimed_by)):
        return False
    if a.evidence.casefold() == b.evidence.casefold():
        return True
    return a.scope == b.scope and {a.victims, b.victims} != {"military", "civilian"}


def compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def country(source: str | None) -> str | None:
    return source.split(".")[0] if source else None


def most_informative(kept: Casualty, kept_told: bool, other: Casualty,
                     other_told: bool) -> tuple[Casualty, bool]:
    updates = {f: getattr(other, f) for f in ("side", "claimed_by")
               if getattr(kept, f) is None and getattr(other, f) is not None}
    if other_told and not kept_told and other.victims != kept.victims or \
            other_told == kept_told and kept.victims in ("unknown", "mixed") and \
            other.victims in ("military", "civilian"):
        updates["victims"] = other.victims
    if kept.high is not None and other.high is None:  # "au moins 5" says more than "5"
        updates.update(high=None, qualifier=other.qualifier, evidence=other.evidence,
                       start=other.start, end=other.end, claim=other.claim)
    if kept.scope == "event" and other.scope != "event":
        updates["scope"] = other.scope
        if kept.victims == "unknown":
            updates.setdefault("victims", other.victims)
    told = kept_told or other_told
    return (kept.model_copy(update=updates) if updates else kept), told
