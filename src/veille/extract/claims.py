"""Claims: statements attributed to a source, with their stance.

A statement is a reporting predicate (a verb of ``data/lexicons/claims.toml``, "faire
état de", "selon X", "pour X, ...", a noun such as "les appels au calme de X") with a
speaker and a content. The content is what follows the predicate (a que-clause, an
infinitive, a quotation, a de-complement for accusations, an à-complement for appeals)
or, for an incise ("«...», a déclaré X"), the quotation or clause before it; "C'est ce
qu'a rapporté X" and "X l'a confirmé" report the sentence before, and a paragraph that
is only a quotation after "... :" is the last speaker's. Speakers resolve to sources
through the actor registry; pronouns and "la même source" to the last named one.

The statements are also left on the Doc for the casualty extractor: a figure inside a
statement's content is claimed by its source (one attribution mechanism for both).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from veille import lexicon
from veille.actors import Actor, ArticleActors, article_actors
from veille.extract.attribution import SPEAKERS, STATEMENTS, Statement, is_boilerplate
from veille.extract.syntax import (
    AUXILIARIES,
    NOMINAL_SUBJECTS,
    Quote,
    any_of,
    find_quotes,
    group_subjects,
    has_dependent,
    infinitives,
    looks_verbal_at,
    noun_phrase,
    subject_of,
    text_of,
    trim,
    verb_group_start,
)
from veille.models import Claim
from veille.nlp import (
    Memo,
    Tokens,
    article_of,
    has_feature,
    keep_extracted,
    once_per_doc,
    positions,
    sentences,
    span_text,
    tokens_between,
    tokens_of,
    within,
)
from veille.normalize import fold

SOURCES_FOUND = "veille.claims.sources"  # speaker and context -> (actor, each)
MARKER_WINDOW = 14
NOMINAL_WINDOW = 10
PHRASE_GAP = 5
QUOTE_WINDOW = 3
MARKERS = {"de": ("de", "d'", "d’", "du", "des"), "à": ("à", "au", "aux")}
CLAUSE_BREAKS = {"tandis", "alors", "mais", "car", "puisque", "lorsque", "quand", ";"}
ASIDES = {"-", "–", "—"}
CLAUSE_MARKS = {";", ",", "et"} | ASIDES  # the words where a forward content may stop
SKIPPABLE_BEFORE_SPEAKER = {"ADV", "ADP", "NUM", "PUNCT", "SPACE", "AUX"}
PASSIVE_AUXILIARY = {"aux:pass"}
CASE = {"case"}
GROUP_DEPENDENTS = AUXILIARIES | NOMINAL_SUBJECTS  # what makes a participle a verb group
CLAUSAL_COMPLEMENTS = {"xcomp", "ccomp"}
REFLEXIVES = {"se", "s'", "s’"}
NONE_OF = {"aucun", "aucune"}
NEGATIONS = {"pas", "jamais", "rien", "aucun", "aucune", "nullement", "point"}
ATTRIBUTING = {"attribuer": MARKERS["à"], "imputer": MARKERS["à"], "provenir": MARKERS["de"]}
QUOTE_EDGES = " \t«»“”\"\u00a0\u202f"
CONJUNCTION_HEADS = {"ainsi", "tandis", "alors", "bien", "parce", "afin", "pendant", "dès",
                     "avant", "après", "sans", "tant"}
POSSESSIVES = {"son", "sa", "leur"}
ADJUNCTS = {"par", "lors", "via", "devant", "auprès"}
FIRST_PERSON = {"nous", "je", "j'", "on"}
SPEAKER_PRONOUNS = {"il", "elle", "ils", "elles"}
DEFINITE = {"le", "la", "les", "l'", "l’", "ce", "cet", "cette", "ces", "notre", "nos"}
RELATIVES = {"lequel", "laquelle", "lesquels", "lesquelles", "quoi"}
POSTED_IN = {"en", "au", "aux"}
STATE_ROLES = {"MOD", "GOV", "MFA", "HEALTH"}
INVERTED_PRONOUNS = {"-il", "-elle", "-ils", "-elles", "-on"}
CLITICS = {"en", "y", "se", "s'", "s’", "ne", "n'", "n’", "pas", "le", "la", "les", "l'", "l’",
           "lui", "leur", "avoir", "être"}


@dataclass
class ClaimLexicon:
    verbs: dict[str, str]
    phrases: dict[str, list[tuple[list[str], str]]]  # by first word
    attributions: set[str]
    learning: set[str]
    distributive: set[str]
    both_sides: set[str]
    anaphora: set[str]
    hostile: set[str]
    not_acts: set[str]
    labels: set[str]
    nominal: dict[str, str]
    courts: set[str]
    forms: dict[str, str]
    blame: set[str]
    blaming: set[str]
    complement: dict[str, tuple[str, ...]]
    objects: set[str]
    documents: set[str]
    organisations: set[str]
    fighters: set[str]
    observers: set[str]
    passives: set[str]
    relayed: set[str]

    @classmethod
    def load(cls) -> ClaimLexicon:
        data = lexicon.load("claims")
        phrases: dict[str, list[tuple[list[str], str]]] = {}
        for phrase, stance in data["phrases"]:
            words = phrase.split()
            phrases.setdefault(words[0], []).append((words, stance))
        return cls(verbs=data["verbs"],
                   phrases=phrases,
                   attributions=set(data["attributions"]),
                   learning=set(data["learning"]),
                   distributive={fold(p) for p in data["distributive"]},
                   both_sides={fold(p) for p in data["both_sides"]},
                   anaphora={fold(p) for p in data["anaphora"]},
                   hostile=set(data["hostile"]["lemmas"]),
                   not_acts=set(data["hostile"]["not_acts"]),
                   labels=set(data["hostile"]["labels"]),
                   nominal=data["nominal"],
                   courts=set(data["nominal_not_by"]["lemmas"]),
                   forms=data["forms"],
                   blame=set(data["hostile"]["blame"]),
                   blaming=set(data["hostile"]["blaming"]),
                   complement={verb: MARKERS[marker] for marker, verbs in
                               data["complement"].items() if marker in MARKERS
                               for verb in verbs},
                   objects=set(data["complement"]["object"]),
                   documents={fold(w) for w in data["back_reference"]["documents"]},
                   organisations={fold(w) for w in data["back_reference"]["organisations"]},
                   fighters={fold(w) for w in lexicon.load("actors")["fighters"]},
                   observers={fold(w) for w in data["back_reference"]["observers"]},
                   passives=set(data["passives"]),
                   relayed={fold(w) for w in data["back_reference"]["relayed"]})


class SubjectTrail:
    """The subjects of the narration (not of quoted speech) that name an actor, in text
    order, with their character offset and head noun: what pronouns and definite
    descriptions refer to. Read as the actors stood when the trail is first consulted
    (the country last named decides 'du pays'), and each subject is resolved only when
    a reference asks for it: most articles need few of them."""

    def __init__(self, doc: Doc, actors: ArticleActors, quotes: list[Quote]):
        self.doc, self.actors, self.quotes = doc, actors, quotes
        self.subjects: list[tuple[int, int, str]] | None = None  # (offset, token, head)
        self.by_head: dict[str, list[tuple[int, int]]] = {}  # head -> (offset, token)
        self.country: str | None = None
        self.resolved: dict[int, Actor | None] = {}

    def started(self) -> list[tuple[int, int, str]]:
        if self.subjects is None:
            self.country = self.actors.last_country
            table = tokens_of(self.doc)
            self.subjects = [
                (table.idx[i], i, fold(table.lemma[i]))
                for i in compress(count(), map(NOMINAL_SUBJECTS.__contains__, table.dep))
                if table.pos[i] in ("NOUN", "PROPN")]
            for start, i, head in self.subjects:
                self.by_head.setdefault(head, []).append((start, i))
        return self.subjects

    def narrated(self, start: int) -> bool:
        """Whether a subject at a character offset is outside the quotations."""
        return quote_at(self.quotes, start) is None

    def actor_of(self, i: int) -> Actor | None:
        if i not in self.resolved:
            self.resolved[i] = self.actors.resolve_as_of(noun_phrase(self.doc[i]),
                                                          self.country)
        return self.resolved[i]

    def nearest(self, noun: str, position: int, spoken: list[tuple[int, Actor]]) -> Actor | None:
        """The actor of the phrase headed by ``noun`` nearest before a character offset
        (a subject that names one, or a speaker of ``spoken``: (offset, actor) in text
        order), else of the first one after it; the subject, of two at the same offset.
        Subjects are resolved from the nearest on, until one names an actor."""
        self.started()
        heads = self.by_head.get(noun, ())
        before = max((pair for pair in spoken if pair[0] < position), key=offset, default=None)
        for start, i in reversed(heads):
            if before is not None and start < before[0]:
                break
            if start < position and self.narrated(start) and (actor := self.actor_of(i)):
                return actor
        if before is not None:
            return before[1]
        after = min((pair for pair in spoken if pair[0] > position), key=offset, default=None)
        for start, i in heads:
            if after is not None and start > after[0]:
                break
            if start > position and self.narrated(start) and (actor := self.actor_of(i)):
                return actor
        return after[1] if after is not None else None

    def last_before(self, position: int) -> tuple[int, Actor] | None:
        """(offset, actor) of the last subject before a character offset."""
        for start, i, _ in reversed(self.started()):
            if start < position and self.narrated(start) and (actor := self.actor_of(i)):
                return start, actor
        return None


@dataclass
class Predicate:
    token: Token
    stance: str
    kind: str  # verb | phrase | according | pour | passive | nominal | learnt
    last: Token | None = None  # last word of a multi-word predicate
    lemma: str = ""


@Language.factory("veille_claims", assigns=["doc._.claims"], requires=["doc._.places"])
def make_claim_extractor(nlp: Language, name: str):
    return ClaimExtractor()


class ClaimExtractor:
    def __init__(self):
        self.lex = ClaimLexicon.load()
        # the words a statement can open with: reporting verbs, the first word of a
        # reporting phrase, verbs of learning, "selon", "après" (of "d'après"), "pour"
        self.openers = set(self.lex.verbs) | set(self.lex.phrases) | self.lex.learning | \
            self.lex.attributions | {"après", "pour"} | set(self.lex.nominal) | \
            {noun + "s" for noun in self.lex.nominal} | set(self.lex.forms)
        # verdicts on a word's (lower-case form, lemma), remembered
        self.opening = Memo(self.may_open)
        self.weighing = Memo(self.may_weigh)
        self.reporting = Memo(self.reporting_verb)

    def may_open(self, word: tuple[str, str]) -> bool:
        """Whether a word of this form and lemma can open a statement."""
        return word[0] in self.openers or not self.openers.isdisjoint(infinitives(*word))

    def may_weigh(self, word: tuple[str, str]) -> bool:
        """Whether a word can make a statement an accusation: a label ('terroristes'), a
        word of blame or blaming, a hostile act."""
        lower, lemma = word
        return lemma in self.lex.labels or lemma in self.lex.blame or \
            lemma in self.lex.blaming or self.is_hostile(lower, lemma)

    def names_an_agent(self, label: Token) -> bool:
        """A word that brands a party ('terroristes') used for who does a hostile act:
        its subject or 'par X', or what qualifies them or owns an act ('la réponse de
        l'État terroriste'); not the victims of the speaker's own act ('avoir neutralisé
        des terroristes') nor who just moves ('où les terroristes se sont repliés')."""
        if label.dep_ == "amod":
            if self.is_hostile(label.head.lower_, label.head.lemma_):
                return False  # "une attaque terroriste": what happened, not who did it
            if label.head.dep_ == "nmod":
                return True
            label = label.head
        head = label.head
        if label.dep_ in ("nsubj", "obl:agent"):
            return self.is_hostile(head.lower_, head.lemma_)
        verb = next_verb(label)  # "les terroristes la piégeaient", whatever the parser says
        return verb is not None and self.is_hostile(verb.lower_, verb.lemma_)

    @lru_cache(maxsize=65536)
    def is_hostile(self, lower: str, lemma: str) -> bool:
        """Whether a word names a hostile act ('bombardé', 'attaque', 'provocation')."""
        return lower not in self.lex.not_acts and \
            not self.lex.hostile.isdisjoint(infinitives(lower, lemma))

    def __call__(self, doc: Doc) -> Doc:
        actors = article_actors(doc)
        quotes = find_quotes(doc)
        subjects = SubjectTrail(doc, actors, quotes)
        statements: list[Statement] = []
        openers = positions(doc, "claim", self.opening)
        for sent in sentences(doc):
            candidates = within(openers, sent.start, sent.end)
            if not candidates:
                continue
            predicates = self.predicates(sent, candidates)
            if not predicates or is_boilerplate(sent):
                continue
            for predicate in predicates:
                statement = self.statement(predicate, sent, quotes, actors, subjects,
                                           statements)
                if statement:
                    statements.append(statement)
                    actors.note(statement.actor)
        for statement in self.quoted_paragraphs(doc, quotes, statements, actors):
            statements.insert(bisect_left([s.predicate for s in statements],
                                          statement.predicate), statement)
        doc.user_data[SPEAKERS] = [(s.claim.speaker_start, s.claim.speaker_end)
                                   for s in statements]
        statements = drop_headline_repeats(drop_nested(statements), doc)
        doc.user_data[STATEMENTS] = statements
        keep_extracted(doc, "claims", [s.claim for s in statements])
        return doc

    def quoted_paragraphs(self, doc: Doc, quotes: list[Quote], statements: list[Statement],
                          actors: ArticleActors) -> list[Statement]:
        """'Selon X, tout cela est la faute de l'Occident :' and then a paragraph that is
        only a quotation: X's words, a reporting act of their own."""
        text = text_of(doc)
        found = []
        for quote in quotes:
            start = text.rfind("\n", 0, quote.start) + 1
            end = text.find("\n", quote.end)
            end = len(text) if end < 0 else end
            before = text[:start].rstrip()
            if not before.endswith(":") or text[start:quote.start].strip(QUOTE_EDGES) or \
                    text[quote.end:end].strip(QUOTE_EDGES + "."):
                continue
            if any(s.content[0] <= quote.start < s.content[1] or
                   quote.start <= s.predicate < end for s in statements):
                continue  # already someone's words, or introduced by its own verb
            intro = text.rfind("\n", 0, len(before)) + 1
            speaker = next((s for s in reversed(statements)  # of the sentence with ':'
                            if intro <= s.predicate < len(before) and
                            s.sentence[1] >= len(before)), None)
            if speaker is None:
                continue
            token = doc.char_span(quote.start, quote.end, alignment_mode="expand")
            stance = self.stance(Predicate(token[0], "assert", "quote"),
                                 (quote.start, quote.end), speaker.actor, actors, doc)
            claim = speaker.claim.model_copy(update={
                "stance": stance, "evidence": text[quote.start:quote.end],
                "start": quote.start, "end": quote.end, "verb": None})
            found.append(Statement(claim, speaker.actor, (quote.start, quote.end),
                                   (start, end), quote.start, speaker.each,
                                   speaker.speaker_noun))
        return found

    # -- predicates -------------------------------------------------------------------
    def predicates(self, sent: Span, candidates: list[int]) -> list[Predicate]:
        """The reporting predicates of a sentence, among the words that can open one."""
        found = []
        doc = sent.doc
        table = tokens_of(doc)
        for i in candidates:
            lower, pos = table.lower[i], table.pos[i]
            if lower in self.lex.attributions or lower == "après" and i > sent.start and \
                    table.lower[i - 1] in ("d'", "d’"):
                if i + 1 < sent.end and table.lower[i + 1] in RELATIVES:
                    continue  # "les affirmations selon lesquelles ...": no source named
                found.append(Predicate(doc[i], "assert", "according"))
            elif lower == "pour" and i == first_word(table, sent):
                found.append(Predicate(doc[i], "assert", "pour"))
            elif pos == "NOUN" and table.lemma[i] in self.lex.nominal:
                found.append(Predicate(doc[i], self.lex.nominal[table.lemma[i]], "nominal"))
            elif table.lemma[i] in self.lex.learning:
                if learnt_from(table, i) is not None:
                    found.append(Predicate(doc[i], "assert", "learnt"))
            elif pos == "VERB" or has_dependent(table, i, AUXILIARIES):
                lemma = self.reporting[table.forms[i]]
                if lemma is None and table.lemma[i] not in self.lex.phrases:
                    continue  # neither a reporting verb nor the first word of a phrase
                if negated(table, i):
                    continue  # "n'a pas fourni de bilan": nothing reported
                if is_passive(table, i) and agent_of(table, i) is None:
                    continue  # "X sont accusés de ...": X is blamed, by nobody named
                token = doc[i]
                if bare_participle(table, i):
                    if lemma in self.lex.passives and agent_of(table, i) is not None:
                        found.append(Predicate(token, self.lex.verbs[lemma], "passive", token,
                                               lemma))
                    continue  # "une région reconnue comme ...": not a statement
                phrase = self.phrase_at(token, table)
                if phrase:
                    found.append(phrase)
                elif lemma:
                    found.append(Predicate(token, self.lex.verbs[lemma], "verb", token, lemma))
        return found

    def reporting_verb(self, word: tuple[str, str]) -> str | None:
        """The reporting verb a word (its lower-case form and lemma) is a form of; the
        lemmatiser sometimes leaves a present tense as it is ('estime', 'rejette')."""
        for candidate in [self.lex.forms.get(word[0], "")] + infinitives(*word):
            if candidate in self.lex.verbs:
                return candidate
        return None

    def phrase_at(self, token: Token, table: Tokens) -> Predicate | None:
        doc = token.doc
        for words, stance in self.lex.phrases.get(table.lemma[token.i], ()):
            j, matched, other = token.i + 1, 1, 0
            while j < len(doc) and matched < len(words) and other <= 1 and \
                    j - token.i <= len(words) + PHRASE_GAP:
                if table.lemma[j] == words[matched] or table.lower[j] == words[matched]:
                    matched += 1
                elif table.pos[j] not in ("DET", "ADJ", "ADV") and \
                        table.lower[j] not in WEEKDAYS_AND_TIMES:
                    other += 1  # "fourni mercredi un nouveau bilan", "pointe Israël du doigt"
                j += 1
            if matched == len(words):
                return Predicate(token, stance, "phrase", doc[j - 1], " ".join(words))
        return None

    # -- one statement ------------------------------------------------------------------
    def statement(self, predicate: Predicate, sent: Span, quotes: list[Quote],
                  actors: ArticleActors, subjects: SubjectTrail,
                  previous: list[Statement]) -> Statement | None:
        if predicate.kind == "according":
            speaker, content = self.according(predicate.token, sent)
        elif predicate.kind == "pour":
            speaker, content = self.pour(predicate.token, sent, actors)
        elif predicate.kind == "passive":
            speaker, content = passive(predicate.token)
        elif predicate.kind == "nominal":
            speaker, content = nominal(predicate.token, actors, self.lex.courts)
        elif predicate.kind == "learnt":
            speaker, content = self.learnt(predicate, sent, quotes)
        else:
            speaker, content = self.verb_statement(predicate, sent, quotes, actors, subjects,
                                                   previous)
        table, verb = tokens_of(sent.doc), predicate.token.i
        bounds = (sent.start_char, sent.end_char)
        same_sentence = bool(previous) and previous[-1].sentence == bounds
        gerund = same_sentence and is_gerund(table, verb)
        if speaker is None and not gerund or content is None or content[0] >= content[1]:
            return None
        actor, each = (None, ()) if gerund else \
            self.source(without_relay(speaker, self.lex.relayed), actors, subjects, previous)
        if gerund or actor is None and table.dep[verb] == "conj" and same_sentence:
            # "X a affirmé que ... et accusé ...": the parser lost the shared subject;
            # "X a déclaré que ..., ajoutant que ...": the participle's is the speaker
            actor, each, speaker = previous[-1].actor, previous[-1].each, \
                doc_span(sent.doc, previous[-1].claim.speaker_start,
                         previous[-1].claim.speaker_end)
        if actor is None:
            return None
        doc = sent.doc
        text = article_of(doc).text
        stance = self.stance(predicate, content, actor, actors, doc)
        claim = Claim(source=actor.source, speaker=span_text(speaker), stance=stance,
                      evidence=text[content[0]:content[1]], start=content[0], end=content[1],
                      speaker_start=speaker.start_char, speaker_end=speaker.end_char,
                      verb=table.lemma[verb])
        return Statement(claim, actor, content, bounds, table.idx[verb], each,
                         fold(table.lemma[speaker.root.i]),
                         predicate.kind == "passive")

    def verb_statement(self, predicate: Predicate, sent: Span, quotes: list[Quote],
                       actors: ArticleActors, subjects: SubjectTrail, previous: list[Statement]):
        verb = predicate.token
        doc = sent.doc
        table = tokens_of(doc)
        according = according_to_what(table, verb.i)
        if according is not None:
            # "..., selon ce qu'a indiqué à l'AFP son directeur": the clause before
            subject = subject_of(verb)
            speaker = noun_phrase(subject) if subject is not None and \
                subject.pos_ != "PRON" else speaker_after(verb, group_start(table, verb))
            return speaker, trim(doc, sent.start, according)
        if self.refers_back(predicate, sent, table):
            # "C'est ce qu'a rapporté X", "l'armée l'a confirmé": the sentence before
            subject = subject_of(verb)
            speaker = noun_phrase(subject) if subject is not None and \
                subject.pos_ != "PRON" else speaker_after(verb, group_start(table, verb))
            return speaker, sentence_before(sent)
        if predicate.stance != "deny" and relative_object(table, verb.i) and \
                not has_dependent(table, verb.i, CLAUSAL_COMPLEMENTS):
            return None, None  # "des territoires qu'il réclamait": no words reported
        group = group_subjects(verb)
        conjuncts = coordinated_subjects(table, group)
        if conjuncts and any(actors.resolve(noun_phrase(doc[s])) is None for s in conjuncts):
            return None, None
        # an incise, or "Six civils ont été tués à Kidal, une ville du Mali, a annoncé un
        # élu" (the parser took the last noun before the comma for the subject): the
        # speaker comes after the verb
        start = group_start(table, verb)
        incise = is_incise(table, verb, start, group, quotes)
        if incise or after_clause(table, verb, start, sent):
            after = speaker_after(verb, start)
            if after is not None and self.source(after, actors, subjects, previous)[0]:
                quoted = quote_ending_before(doc, start, quotes) if incise else None
                return after, quoted or clause_before(doc, start, sent)
        if conjuncts:  # both speak
            speaker = doc[min(doc[s].left_edge.i for s in conjuncts):max(conjuncts) + 1]
        else:
            speaker = subject_phrase(verb, quotes)
        if incise and speaker is None:
            # "Le secrétaire général de l'ONU, Antonio Guterres, a appelé à ...": the
            # comma closes an apposition to the subject, not a quotation
            before = clause_before(doc, start, sent)
            if before is not None:
                speaker = doc.char_span(*before, alignment_mode="expand")
        content = self.content_after(predicate, sent, quotes)
        if content is None and predicate.kind == "phrase" and predicate.last.i - verb.i > 1:
            content = trim(doc, verb.i, predicate.last.i + 1)  # "pointe Israël du doigt"
        if content is None and predicate.stance == "deny":
            content = trim(doc, relative_antecedent(verb), verb.i + 1)
        return speaker, content

    def refers_back(self, predicate: Predicate, sent: Span, table: Tokens) -> bool:
        """Whether what the verb reports is the sentence before: a cleft ('C'est ce
        qu'a rapporté X') or an object pronoun of a verb whose content is its object
        ('l'armée l'a confirmé'; not 'l'a accusé de', where it is who is blamed)."""
        verb = predicate.token
        start = first_word(table, sent)
        if table.lower[table.head[verb.i]] == "ce" and relative_object(table, verb.i) and \
                start + 1 < sent.end and table.lower[start] in ("c'", "c’", "ce") and \
                table.lemma[start + 1] == "être":
            return True
        return predicate.lemma in self.lex.objects and any(
            table.dep[c] == "obj" and table.pos[c] == "PRON" and c < verb.i and
            table.lower[c] in ("l'", "l’", "le") for c in table.children[verb.i])

    def content_after(self, predicate: Predicate, sent: Span, quotes: list[Quote]):
        """The reported words after the predicate: a quotation, a que-clause, an
        infinitive, or the complement its stance takes (de-, à-, object)."""
        doc = sent.doc
        start = (predicate.last or predicate.token).i + 1
        table = tokens_of(doc)
        end = clause_end(table, start, sent, self)
        if start >= end:
            return None
        quote = quote_starting_near(table, start, end, quotes)
        if quote:
            return quote.start, quote.end
        markers = self.lex.complement.get(predicate.lemma, ())
        finite_before = False
        lowers = table.lower
        for i in range(start, min(end, start + MARKER_WINDOW)):
            lower = lowers[i]
            if lower in markers:
                return trim(doc, i, min(end, complement_end(doc[i])) if lower in MARKERS["à"]
                            else end)
            if lower in ("que", "qu'", "qu’", ":") and not markers and \
                    lowers[i - 1] not in CONJUNCTION_HEADS:  # not "ainsi que"
                return trim(doc, i + 1, end)
            if lower[:3] in ("qu'", "qu’") and len(lower) > 3 and not markers:
                # the tokenizer keeps 'qu'"un' whole: the content starts inside it
                return table.idx[i] + 3, trim(doc, i, end)[1]
            if "VerbForm=Inf" in table.morph[i] and not finite_before:
                first = i  # "a affirmé dans un communiqué avoir neutralisé ..."
                while first > start and lowers[first - 1] in CLITICS:
                    first -= 1
                return trim(doc, first, end)
            finite_before = finite_before or "VerbForm=Fin" in table.morph[i]
        if predicate.stance != "assert" or predicate.lemma in self.lex.objects:
            # "a dénoncé les attaques", "a demandé un ...": the object, without the
            # verb's own adjuncts after it ("a démenti ces informations par la voix de")
            end = min([end] + [c.right_edge.i + 1 for c in predicate.token.children
                               if c.dep_ == "obj" and c.left_edge.i >= start and
                               c.right_edge.i + 1 < end and
                               opens_adjunct(doc[c.right_edge.i + 1], predicate.token)])
            content = trim(doc, start, end)
            if content[1] - content[0] > 1:
                return content
        return None

    def according(self, token: Token, sent: Span):
        """'..., selon X.' / 'Selon X, ...': X says the rest of the sentence."""
        doc = sent.doc
        table = tokens_of(doc)
        texts, pos = table.text, table.pos
        end = token.i + 1
        while end < sent.end and texts[end] not in (",", ".", ";", ":", "(") and \
                not (pos[end] == "VERB" and "VerbForm=Fin" in table.morph[end]) and \
                not (pos[end] == "NUM" and table.head[end] > end and
                     pos[end - 1] in ("NOUN", "PROPN")):
            end += 1  # "avaient fait selon Erevan 2 morts": the figure is what is said
        if end == token.i + 1:
            return None, None
        speaker = doc[token.i + 1:end]
        if end < sent.end and pos[end] == "NUM":
            return trim_span(speaker), trim(doc, end, clause_end(table, end, sent, self))
        if token.i <= first_word(table, sent) + 1 or opens_clause(doc, sent.start, token.i) and \
                end < sent.end and texts[end] == ",":
            # "Selon X, ...", "D'après X, ...", "Dans tout le pays, selon X, ..."
            end = apposition_end(doc, token.i + 1, end, sent.end)
            speaker = doc[token.i + 1:end]
            content = trim(doc, end, sent.end)
        else:
            content = trim(doc, sent.start, token.i)
        return trim_span(speaker), content

    def learnt(self, predicate: Predicate, sent: Span,
               quotes: list[Quote]) -> tuple[Span, tuple[int, int] | None]:
        """'..., a appris l'AFP de source sécuritaire', 'L'AFP a appris de sources locales
        que ...': the source says the clause before, or the words after."""
        doc, verb = sent.doc, predicate.token
        table = tokens_of(doc)
        speaker = noun_phrase(doc[learnt_from(table, verb.i)])
        content = clause_before(doc, group_start(table, verb), sent) or \
            self.content_after(predicate, sent, quotes)
        return speaker, content

    def pour(self, token: Token, sent: Span, actors: ArticleActors):
        """'Pour la ministre des Affaires étrangères, Anna A Naghdalyan, des armes ...'"""
        head = token.head
        if token.dep_ != "case" or head.pos_ not in ("NOUN", "PROPN"):
            return None, None
        phrase = noun_phrase(head)
        if actors.resolve(phrase) is None or phrase.end >= sent.end:
            return None, None
        return phrase, trim(sent.doc, phrase.end, sent.end)

    # -- who ------------------------------------------------------------------------------
    def source(self, speaker: Span, actors: ArticleActors, subjects, previous):
        """The actor a speaker designates; pronouns and "la même source" point back.
        Remembered: an incise's speaker is looked up to decide the statement's shape,
        then again as its source. The answer depends only on the words, the statements
        made so far and the last country named."""
        found = speaker.doc.user_data.setdefault(SOURCES_FOUND, {})
        key = (speaker.start, speaker.end, len(previous), actors.last_country)
        if key not in found:
            found[key] = self.find_source(speaker, actors, subjects, previous)
        return found[key]

    def find_source(self, speaker: Span, actors: ArticleActors, subjects, previous):
        words = fold(span_text(speaker))
        if words in self.lex.distributive:
            both = actors.belligerents
            return (Actor(both), both) if len(both) == 2 else (None, ())
        if words in self.lex.both_sides:
            both = actors.belligerents
            return (Actor(both), ()) if len(both) == 2 else (None, ())
        if words in self.lex.anaphora:
            if words == "la meme source" and previous:
                return previous[-1].actor, previous[-1].each
            if speaker.text.startswith("-"):  # "..., a-t-il ajouté"
                return (antecedent(speaker.start_char, subjects, previous,
                                   speaker.sent.start_char) or
                        antecedent(speaker.start_char, subjects, previous)), ()
            return antecedent(speaker.start_char, subjects, previous), ()
        table = tokens_of(speaker.doc)
        if table.lower[speaker.start] in POSSESSIVES and not actors.hits(speaker):
            # "son directeur", "sa porte-parole": of the last source, or actor, named
            return (previous[-1].actor if previous else
                    antecedent(speaker.start_char, subjects, previous)), ()
        if unresolved_conjunct(table, speaker, actors):
            return None, ()  # "La Russie et l'Occident": a joint source veille cannot name
        speaker = without_posting(table, speaker, actors)
        root = speaker.root
        author = self.author(table, root)
        if author is not None:
            speaker, root = author, author.root
        noun = fold(table.lemma[root.i])
        actor = self.close_to(speaker, root, noun, actors) or \
            self.back_reference(speaker, root, noun, actors, subjects, previous) or \
            actors.resolve(speaker) or \
            self.spoken_for(speaker, root, actors, subjects, previous)
        if actor is None and previous and plural_definite(speaker):
            count = numeral(speaker)
            same = [s.actor for s in previous if len(s.actor.codes) == count]
            actor = same[-1] if same else None
        return actor or home_institution(speaker, actors), ()

    def close_to(self, speaker: Span, root: Token, noun: str,
                 actors: ArticleActors) -> Actor | None:
        """'des sources proches du Hezbollah', '... proches du mouvement': the group (the
        speaker's head word is ``root``, its folded lemma ``noun``)."""
        if noun not in self.lex.relayed:
            return None
        close = [c for c in root.children if c.lemma_ == "proche" and c.dep_ == "amod"]
        if not close:
            return None
        for group in [g for t in (close[0], root) for g in t.children
                      if g.dep_ == "nmod" and g.i > close[0].i]:
            noun = fold(group.lemma_)
            if noun in self.lex.organisations | self.lex.observers:
                actor = last_group(actors, speaker.start_char,
                                   "observer" if noun in self.lex.observers else "any")
            else:
                actor = actors.resolve(noun_phrase(group))
            if actor and all(c in actors.registry.groups for c in actor.codes):
                return Actor(actor.codes)
        return None

    def author(self, table: Tokens, root: Token) -> Span | None:
        """Who speaks through the document a speaker's head word names ('le communiqué de
        l'armée', 'un bilan fourni par l'état-major', 'les chiffres annoncés par le
        gouverneur'); None when it names no document, or no author."""
        noun = fold(table.lemma[root.i])
        if table.pos[root.i] != "NOUN" or noun not in self.lex.documents or \
                noun in self.lex.relayed:
            return None  # "les sources jointes par RFI" are not RFI's
        author = next((g for c in root.children if c.dep_ == "acl" and c.i > root.i
                       for g in c.children if g.dep_ == "obl:agent"), None) or \
            de_complement(root)
        return with_title(noun_phrase(author)) if author is not None else None

    def back_reference(self, speaker: Span, root: Token, noun: str, actors: ArticleActors,
                       subjects: SubjectTrail, previous: list[Statement]) -> Actor | None:
        """What a definite description that names no country or group refers to: 'le
        communiqué', 'cette source' to the last source; 'l'ONG', 'le groupe' to the last
        organisation named; 'le ministère' to the nearest source named with the same noun
        (before it, or in a lead the first one after it). The speaker's head word is
        ``root``, its folded lemma ``noun``."""
        pos = tokens_of(speaker.doc).pos[root.i]
        common = pos == "NOUN" or pos == "PROPN" and root.is_lower  # "le front"
        if not common or first_lower(speaker) not in DEFINITE or actors.hits(speaker):
            return None
        position = speaker.start_char
        if noun in self.lex.relayed and any(c.dep_ in ("acl", "amod", "nmod")
                                             for c in root.children):
            return None  # "les sources jointes par la BBC", "les sources locales": new ones
        if noun in self.lex.documents:
            return previous[-1].actor if previous else None
        return self.referent(noun, position, actors, subjects, previous)

    def referent(self, noun: str, position: int, actors: ArticleActors,
                 subjects: SubjectTrail, previous: list[Statement]) -> Actor | None:
        """What a definite description headed by ``noun`` at a character offset refers
        to: 'le groupe', 'les rebelles' to the last armed group or organisation named,
        'l'ONG' to the last observer, 'le ministère' to the nearest one named so."""
        if noun in self.lex.fighters:
            return last_group(actors, position, "armed", noun)
        if noun in self.lex.organisations | self.lex.observers:
            return last_group(actors, position,
                              "observer" if noun in self.lex.observers else "any", noun)
        return named_before(noun, position, subjects, previous)

    def spoken_for(self, speaker: Span, root: Token, actors: ArticleActors,
                   subjects: SubjectTrail, previous: list[Statement]) -> Actor | None:
        """'le porte-parole du ministère', 'un responsable de l'armée': one who speaks for
        an institution the story has named, told by a definite description of it, speaks
        as that institution."""
        institution = de_complement(root)
        if institution is None or institution.pos_ != "NOUN" or actors.hits(speaker) or \
                not definite_complement(institution):
            return None
        return self.referent(fold(institution.lemma_), speaker.start_char, actors, subjects,
                             previous)

    # -- stance -----------------------------------------------------------------------------
    def stance(self, predicate: Predicate, content: tuple[int, int], actor: Actor,
               actors: ArticleActors, doc: Doc) -> str:
        """The verb's stance; a statement that attributes a hostile act to another party
        than the speaker's camp accuses it, and one that says the speaker's side did not
        do something denies."""
        if predicate.stance != "assert":
            return predicate.stance
        table = tokens_of(doc)
        bounds = tokens_between(doc, *content)
        if bounds is None:
            return "assert"
        words = range(*bounds)
        own = set(map(actors.registry.camp, actor.codes))
        if self.denies(doc, words, own, actors):
            return "deny"
        weighs = map(self.weighing.__getitem__, table.forms[words.start:words.stop])
        for i in compress(words, weighs):
            if table.lemma[i] in self.lex.labels and self.names_an_agent(doc[i]):
                return "accuse"  # "les terroristes ont piégé", "l'État terroriste"
            if table.lemma[i] in self.lex.blame and is_headline_of(doc[i], words):
                return "accuse"  # "Le massacre a fait 45 morts", "Des exécutions sommaires"
            if table.pos[i] == "ADJ" and table.lemma[i] in self.lex.blaming:
                agents = [doc[i].head] if table.dep[i] == "amod" else [subject_of(doc[i])]
            elif self.is_hostile(table.lower[i], table.lemma[i]) and not denied(table, i):
                agents = agents_of(doc[i])
            else:
                continue
            for agent in [a for a in agents if a is not None]:
                named = actors.resolve(noun_phrase(agent)) if agent.pos_ != "PRON" else None
                if named and opposed(actor, named, actors.registry):
                    return "accuse"
        return "assert"

    def denies(self, doc: Doc, words: range, own: set[str], actors: ArticleActors) -> bool:
        """'Le Rwanda n'a rien à voir avec ces combats', 'l'armée arménienne n'était pas
        impliquée', 'nous n'avons entendu aucun coup de feu': the speaker's side, negated;
        'ce n'était pas un hôpital mais une base': a correction. Not a report it says of
        something else that it does not make ('des blessés, dont il n'a pas précisé le
        nombre')."""
        table = tokens_of(doc)
        negations = map(NEGATIONS.__contains__, table.lower[words.start:words.stop])
        for i in compress(words, negations):
            verb = negated_verb(doc[i])
            if verb is None or table.lemma[verb.i] in self.lex.verbs and \
                    table.dep[verb.i] == "acl:relcl":
                continue  # "des blessés, dont elle n'a pas précisé le nombre": a report
            subject = subject_of(verb)
            if subject is None or subject.lower_ in FIRST_PERSON | SPEAKER_PRONOUNS or \
                    corrects(verb, i):
                return True  # "Nous n'avons pas ...", "X a affirmé qu'il n'avait rien ..."
            if table.dep[i] == "det":
                continue  # "La partie arménienne n'a subi aucune perte": a fact, no denial
            named = actors.resolve(noun_phrase(subject))
            if named and set(map(actors.registry.camp, named.codes)) <= own:
                return True
        return False


def negated_verb(negation: Token) -> Token | None:
    """The verb or adjective a negation bears on: its head, or for 'aucun' the verb
    of the noun it determines."""
    head = negation.head
    if head.pos_ in ("NOUN", "PROPN") and negation.dep_ == "det" and head.dep_ == "obj":
        if any(c.lower_ == "y" for c in head.head.children):
            return None  # "il n'y avait aucune intention": nobody's act
        head = head.head
    return head if head.pos_ in ("VERB", "AUX", "ADJ") else None


def corrects(verb: Token, negation: int) -> bool:
    """'ne transportait pas des enfants mais des combattants': the negated words are
    replaced by others."""
    if "mais" not in tokens_of(verb.doc).lower[negation + 1:verb.right_edge.i + 1]:
        return False
    return any(t.lower_ == "mais" and t.i > negation and t.head.dep_ == "conj" and
               verb in (t.head.head, t.head.head.head) for t in verb.subtree)


def opposed(speaker: Actor, named: Actor, registry) -> bool:
    """Whether a party named in a statement is another side than the speaker's: another
    camp, or an armed group against the state of its own country (the Houthis for
    Yemen's army) and the other way round."""
    own = {registry.camp(c) for c in speaker.codes}
    if {registry.camp(c) for c in named.codes} - own:
        return True
    return any(is_armed_group(a, registry) != is_armed_group(b, registry)
               for a in speaker.codes for b in named.codes if a != b)


def is_armed_group(code: str, registry) -> bool:
    group = registry.groups.get(code)
    return group is not None and not group.observer and not group.authority


def denied(table: Tokens, act: int) -> bool:
    """A hostile act said not to have happened: 'aucune attaque n'a été enregistrée'."""
    for c in table.children[act]:
        if table.lower[c] in NEGATIONS and table.dep[c] == "det":
            return True
    return False


def next_verb(noun: Token) -> Token | None:
    """The verb right after a noun, past its clitics and auxiliaries ('les terroristes la
    piégeaient', 'les rebelles ont attaqué')."""
    doc = noun.doc
    i = noun.i + 1
    while i < len(doc) and i - noun.i <= 3 and (doc[i].pos_ == "AUX" or
                                                doc[i].lower_ in CLITICS):
        i += 1
    return doc[i] if i < len(doc) and doc[i].pos_ == "VERB" else None


def is_headline_of(word: Token, content: range) -> bool:
    """Whether a word heads the content (its words) or its main clause's subject: what
    the statement is about ('Le massacre à Rafah a provoqué', 'Des « exécutions
    sommaires »')."""
    head = word.head if word.dep_ in ("nsubj", "nsubj:pass") else word
    return head.i == head.head.i or head.head.i not in content


def agents_of(token: Token) -> list[Token]:
    """Who does a hostile act: the subject or 'par X' agent of a verb; for a noun, its
    demonym ('tirs azerbaïdjanais'), its 'de X' ('provocation de l'Azerbaïdjan') or the
    subject of the verb it is the object of ('L'Azerbaïdjan a repris ses bombardements')."""
    doc = token.doc
    table = tokens_of(doc)
    children, deps = table.children, table.dep
    agents = [doc[c] for c in children[token.i] if deps[c] == "obl:agent"]
    if looks_verbal_at(table, token.i):
        if "Voice=Pass" not in table.morph[token.i] and \
                not has_dependent(table, token.i, PASSIVE_AUXILIARY):
            subject = subject_of(token)
            agents += [subject] if subject is not None else []
        return agents
    lowers = table.lower
    agents += [doc[c] for c in children[token.i] if deps[c] == "amod" or deps[c] == "nmod"
               and any(lowers[g] in ("de", "du", "des", "d'") for g in children[c])]
    # "une attaque menée par les RSF", "attribuée aux rebelles", "provenant des séparatistes"
    agents += [doc[g] for c in children[token.i] if deps[c] == "acl" and looks_verbal_at(table, c)
               for g in children[c] if deps[g] == "obl:agent" or
               (deps[g].startswith("obl") or deps[g] == "obj") and
               any(lowers[m] in ATTRIBUTING.get(table.lemma[c], ()) for m in children[g])]
    if deps[token.i] == "obj" and looks_verbal_at(table, table.head[token.i]):
        subject = subject_of(token.head)
        agents += [subject] if subject is not None else []
    return agents


# -- surface helpers ---------------------------------------------------------------------
def offset(pair: tuple[int, Actor]) -> int:
    """The character offset of an (offset, actor) pair."""
    return pair[0]


def antecedent(position: int, subjects: SubjectTrail, previous: list[Statement],
               subjects_before: int | None = None) -> Actor | None:
    """The actor a pronoun at ``position`` refers to: the last one named before it, as
    the speaker of a statement or as a subject of the narration before
    ``subjects_before`` if given (an incise's pronoun, in "Les troupes ont pilonné la
    ville, a-t-il ajouté", is not the subject of the words it reports; failing any
    other, it may be its own sentence's: "Le ministère a revu son bilan : ..., a-t-il
    indiqué")."""
    last = subjects.last_before(position if subjects_before is None else subjects_before)
    named = [last] if last else []
    named += [(s.claim.speaker_start, s.actor) for s in previous
              if s.claim.speaker_start is not None and s.claim.speaker_start < position]
    return max(named, key=offset)[1] if named else None


def groups_named(actors: ArticleActors) -> list[tuple[int, str, list[str]]]:
    """(first character, code, folded words) of the armed groups and organisations the
    story names, found once per Doc."""
    doc = actors.doc
    return once_per_doc(doc, "veille.claims.groups_named", lambda: [
        (doc[hit.start].idx, hit.entry.code, fold(doc[hit.start:hit.end].text).split())
        for hit in actors.hits(doc[:])
        if hit.entry.kind == "group" and not modifies_a_participle(doc[hit.start:hit.end])])


def last_group(actors: ArticleActors, position: int, kind: str,
               noun: str = "") -> Actor | None:
    """The last armed group or organisation named before a character offset, of a
    ``kind``: "any", "observer" (NGOs, international bodies) or "armed" (the others);
    one whose name has the noun that refers to it first ('le front' is the Front
    al-Nosra, not Al-Qaïda it pledged allegiance to)."""
    named = groups_named(actors)  # "le GSIM, affilié à Al-Qaïda": the group the story is about
    groups = actors.registry.groups
    found = by_noun = None
    for start, code, words in named:
        if start >= position:
            break
        if kind == "any" or (kind == "observer") == groups[code].observer:
            found = Actor((code,))
            by_noun = found if noun in words else by_noun
    return by_noun or found


def without_posting(table: Tokens, speaker: Span, actors: ArticleActors) -> Span:
    """'l'ambassadeur d'Arménie en France', 'le représentant de l'ONU au Mali': the
    country where the speaker is posted is not the one it speaks for."""
    if POSTED_IN.isdisjoint(table.lower[speaker.start + 1:speaker.end]):
        return speaker
    for i in range(speaker.start + 1, speaker.end):
        if table.lower[i] in POSTED_IN and table.dep[i] == "case" and table.head[i] > i:
            before = speaker.doc[speaker.start:i]
            if actors.hits(before):
                return before
    return speaker


def home_institution(speaker: Span, actors: ArticleActors) -> Actor | None:
    """'selon l'armée', 'a indiqué le gouvernement' with no country named and none to
    refer back to: the institution of the country where the story happens."""
    if first_lower(speaker) not in DEFINITE or actors.hits(speaker):
        return None
    role = actors.registry.role_in(span_text(speaker))
    country = actors.main_country() if role in STATE_ROLES else None
    return Actor((country,), role) if country else None


def modifies_a_participle(name: Span) -> bool:
    """A name that completes an adjective or participle ('affilié à Al-Qaïda', 'proche
    du Hamas') describes another actor, it is not one referred to; the agent of a verb
    group ('a été revendiquée par l'EI') is."""
    root = name.root
    head = root.head
    return head.i != root.i and root.dep_ in ("obl", "obl:arg", "obl:mod", "nmod") and \
        (head.pos_ == "ADJ" or has_feature(head, "VerbForm=Part")) and \
        not any(c.dep_ in AUXILIARIES for c in head.children)


def named_before(noun: str, position: int, subjects: SubjectTrail,
                 previous: list[Statement]) -> Actor | None:
    """The actor of the subject or speaker headed by ``noun`` nearest a character
    offset (see SubjectTrail.nearest)."""
    spoken = [(s.claim.speaker_start, s.actor) for s in previous
              if s.claim.speaker_start is not None and s.speaker_noun == noun]
    return subjects.nearest(noun, position, spoken)


def definite_complement(noun: Token) -> bool:
    """'du ministère', 'de l'armée', 'des autorités': a complement with a definite
    article."""
    return any(c.dep_ == "case" and c.lower_ in ("du", "des") or
               c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children)


def learnt_from(table: Tokens, verb: int) -> int | None:
    """The source a verb of learning names (a token index): its 'de X' or 'auprès de X'
    complement, after nothing but the one who learnt and when ('a appris lundi l'AFP de
    source sécuritaire'; not 'a appris la mort de trois soldats')."""
    lowers, pos, n = table.lower, table.pos, len(table.lower)
    k = verb + 1
    while k < n and (pos[k] in ("DET", "PROPN", "ADV", "PRON") or table.text[k].isupper() or
                     lowers[k] in WEEKDAYS_AND_TIMES):
        k += 1  # "lundi l'AFP", "auprès", "-on"
    if k + 1 >= n or lowers[k] not in ("de", "d'", "d’", "des", "du"):
        return None
    k += 1 + (lowers[k + 1] in ("la", "l'", "l’", "le", "les"))
    return k if k < n and pos[k] in ("NOUN", "PROPN") else None


def de_complement(noun: Token) -> Token | None:
    """The 'de X' complement of a noun ('le communiqué de l'armée' -> 'armée')."""
    return next((c for c in noun.children if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN")
                 and any(g.lower_ in MARKERS["de"] for g in c.children if g.dep_ == "case")),
                None)


def doc_span(doc: Doc, start: int, end: int) -> Span:
    return doc.char_span(start, end, alignment_mode="expand")


def bare_participle(table: Tokens, i: int) -> bool:
    """A past participle used as an adjective ('reconnue comme', 'soutenue par'), not a
    verb group ('a affirmé', or 'et accusé' sharing the auxiliary of its head)."""
    morph = table.morph[i]
    if "VerbForm=Part" not in morph or "Tense=Past" not in morph:
        return False
    before = table.lower[i - 1] if i > 0 else None
    if split_auxiliary(table, i) is not None or before in INVERTED_PRONOUNS:
        return False  # "a-t-elle ajouté", whatever the parser hangs it on
    verbs = [i]
    coordinated = before in ("et", ",", "puis", "mais")
    while coordinated and table.dep[verbs[-1]] in ("conj", "xcomp") and \
            table.head[verbs[-1]] != verbs[-1] and len(verbs) < 4:
        verbs.append(table.head[verbs[-1]])  # "a appelé ... à prendre des mesures et affirmé"
    for verb in verbs:
        if has_dependent(table, verb, GROUP_DEPENDENTS):
            return False
    return True


def nominal(noun: Token, actors: ArticleActors, courts: set[str]):
    """'les appels au calme de Moscou', 'des condamnations, notamment par l'Égypte': a
    statement named by a noun, with its author in a 'de X' (appeals) or 'par X' phrase
    that follows it, wherever the parser hangs that; an appeal needs what it calls for
    ('l'appel de Poutine à Macron' is a telephone call). The content runs from the noun
    to its author."""
    doc = noun.doc
    appeal = noun.lemma_ == "appel"
    markers = ("par",) + (MARKERS["de"] if appeal else ())
    window = range(noun.i + 1, min(noun.sent.end, noun.i + NOMINAL_WINDOW))
    if appeal and not any(doc[i].lower_ in MARKERS["à"] and doc[i].head.pos_ == "NOUN" and
                          not doc[i].head.ent_type_ for i in window):
        return None, None
    for i in window:
        token = doc[i]
        if token.pos_ in ("VERB", "AUX") or token.text in (";", ":", "."):
            break
        author = token.head
        if token.lower_ in markers and token.dep_ == "case" and author.i > i and \
                author.pos_ in ("NOUN", "PROPN"):
            if author.lemma_ in courts:
                return None, None  # "la condamnation par un tribunal de Moscou"
            speaker = noun_phrase(author)
            if actors.resolve(speaker) is not None:
                return speaker, trim(doc, noun.i, max(speaker.end, author.right_edge.i + 1))
    return None, None


def is_passive(table: Tokens, verb: int) -> bool:
    """'sont accusés', not the reciprocal 'se sont accusés mutuellement'."""
    return has_dependent(table, verb, PASSIVE_AUXILIARY) and \
        not any_of(table.lower, table.children[verb], REFLEXIVES)


def agent_of(table: Tokens, participle: int) -> int | None:
    """The 'par X' of a participle ('démentie par l'Arménie')."""
    return next((c for c in table.children[participle] if table.dep[c] == "obl:agent"), None)


def passive(participle: Token) -> tuple[Span | None, tuple[int, int] | None]:
    """'une affirmation aussitôt démentie par l'Arménie', 'une usine, annoncée par Moscou
    comme étant la cible': the agent says it of the noun the participle qualifies; the
    content runs from that noun to the end of the participle's phrase."""
    agent = agent_of(tokens_of(participle.doc), participle.i)
    head = qualified_noun(participle)
    if agent is None or head is None:
        return None, None
    speaker = noun_phrase(participle.doc[agent])
    end = max([speaker.end] + [c.right_edge.i + 1 for c in participle.children
                               if c.i > participle.i and c.i != agent])
    return speaker, trim(participle.doc, noun_phrase(head).start, end)


def qualified_noun(participle: Token) -> Token | None:
    """The noun a participle qualifies: its head ('une affirmation démentie par'), or,
    when the parser took it for an adverbial after a comma, the noun phrase just before
    ('une usine d'engins voisine, annoncée par')."""
    doc = participle.doc
    if participle.dep_ == "acl" and participle.head.i < participle.i:
        noun = participle.head
    elif participle.dep_ == "advcl" and participle.i > 1 and doc[participle.i - 1].text == ",":
        noun = doc[participle.i - 2]
        while noun.dep_ in ("amod", "nmod", "flat:name", "nummod") and noun.head.i < noun.i:
            noun = noun.head
    else:
        return None
    return noun if noun.pos_ in ("NOUN", "PROPN") else None


def subject_phrase(verb: Token, quotes: list[Quote]) -> Span | None:
    """The words of the verb's subject, also when an adverbial splits it from its
    auxiliary; none for the 'il' of 'Il faut rappeler que' or a subject inside the
    quotation before."""
    doc = verb.doc
    table = tokens_of(doc)
    auxiliary = split_auxiliary(table, verb.i)
    subject = subject_of(verb) if auxiliary is None else \
        next((doc[c] for c in table.children[auxiliary]
              if table.dep[c] in ("nsubj", "nsubj:pass")), None) or subject_of(verb)
    if subject is None or impersonal(table, subject.i) or inside_quote(subject, verb, quotes):
        return None
    return noun_phrase(subject)


def coordinated_subjects(table: Tokens, subjects: list[int]) -> list[int]:
    """'la Russie et l'Occident ont appelé': the nouns joined by 'et' that are the verb
    group's subjects (not 'L'accès étant impossible, Amnesty dit', two subjects the parser
    hangs on one verb, nor 'pour sa part')."""
    nouns = [c for c in subjects if table.pos[c] in ("NOUN", "PROPN") and
             not has_dependent(table, c, CASE)]
    if len(nouns) > 1 and "et" in table.lower[nouns[0]:nouns[-1]]:
        return nouns
    return []


def split_auxiliary(table: Tokens, verb: int) -> int | None:
    """The auxiliary of a participle separated from it by an adverbial ('L'Arménie a de
    son côté fait état de', 'X a pour sa part accusé'), which the parser does not link
    to it: it holds the subject."""
    i = verb - 1
    while i >= 0 and verb - i <= 5:
        if table.lemma[i] in ("avoir", "être") and "VerbForm=Fin" in table.morph[i]:
            return i if verb - i > 1 and not has_dependent(table, verb, AUXILIARIES) else None
        if table.pos[i] not in ("ADV", "ADP", "DET", "NOUN", "PRON") or table.is_punct[i]:
            return None
        i -= 1
    return None


def is_gerund(table: Tokens, verb: int) -> bool:
    """A present participle after a comma ('..., ajoutant que', 'en précisant que'): it
    reports more words of the statement before it, whatever subject the parser gives."""
    morph = table.morph[verb]
    return "VerbForm=Part" in morph and "Tense=Pres" in morph and verb > 0 and \
        (table.text[verb - 1] == "," or table.lower[verb - 1] == "en")


def apposition_end(doc: Doc, start: int, end: int, limit: int) -> int:
    """'Selon X, gouverneur du Darfour, allié de l'armée, 450 personnes ...': the titles in
    apposition after the source, up to the comma before the clause."""
    table = tokens_of(doc)
    texts = table.text
    while end < limit and texts[end] == ",":
        following = next((i for i in range(end + 1, limit) if texts[i] == ","), None)
        segment = range(end + 1, following) if following else None
        if segment is None or not len(segment) or \
                any(table.pos[i] in ("VERB", "AUX") and "VerbForm=Fin" in table.morph[i]
                    for i in segment) or \
                not any(table.dep[i] == "appos" and start <= table.head[i] < end
                        for i in segment):
            break
        end = following
    return end


def opens_clause(doc: Doc, start: int, comma: int) -> bool:
    """Whether the words before ', selon X,' only open the clause that follows it: an
    adverbial without a finite verb ('Dans l'ensemble du pays'), or a main clause ending
    on its subordinator ('Il faut dire que')."""
    table = tokens_of(doc)
    words = [i for i in range(start, comma) if not table.is_punct[i] and not table.is_space[i]]
    if not words:
        return True
    if table.lower[words[-1]] in ("que", "qu'", "qu’"):
        return True
    return not any(is_finite(table, i) for i in words if table.pos[i] in ("VERB", "AUX"))


def without_relay(speaker: Span, relayed: set[str]) -> Span:
    """The source without who relays it: 'les sources jointes par RFI' are the sources,
    not RFI; 'le bilan dressé par le magazine X' is the magazine's (the agent is kept
    when the head is a document)."""
    root = speaker.root.i
    table = tokens_of(speaker.doc)
    if table.pos[root] != "NOUN" or fold(table.lemma[root]) not in relayed:
        return speaker
    for child in table.children[root]:
        if table.dep[child] == "acl" and child > root and "VerbForm=Part" in table.morph[child] \
                and speaker.start <= child < speaker.end:
            return trim_span(speaker.doc[speaker.start:child])
    return speaker


def according_to_what(table: Tokens, verb: int) -> int | None:
    """The 'selon' of 'selon ce qu'a indiqué X'."""
    antecedent = table.head[verb]
    if table.lower[antecedent] != "ce" or antecedent == 0 or \
            table.lower[antecedent - 1] != "selon" or not relative_object(table, verb):
        return None
    return antecedent - 1


def opens_adjunct(token: Token, verb: Token) -> bool:
    """A preposition that opens a phrase of the verb and cannot complement its object
    ('par la voix de', 'lors de', 'devant la presse'; not 'une frappe sur un hôpital',
    whatever the parser hangs it on)."""
    return token.lower_ in ADJUNCTS and token.head.dep_.startswith("obl") and \
        token.head.head.i == verb.i


def sentence_before(sent: Span) -> tuple[int, int] | None:
    """The sentence before, when it is in the same paragraph."""
    doc = sent.doc
    start, end = sent.start, sent.start
    while start > 0:
        before = doc[start - 1].sent
        if "\n" in text_of(doc)[before.end_char:sent.start_char]:
            break
        start = before.start
        if any(not t.is_punct and not t.is_space for t in before):
            return trim(doc, start, end)  # a closing '»' the parser set apart goes with it
    return None


def first_lower(span: Span) -> str:
    """The lower-case form of a span's first word."""
    return tokens_of(span.doc).lower[span.start]


def first_word(table: Tokens, sent: Span) -> int:
    """The sentence's first word that is not a space or a punctuation mark."""
    i = sent.start
    while i < sent.end and (table.is_space[i] or table.is_punct[i]):
        i += 1
    return i


def negated(table: Tokens, verb: int) -> bool:
    """'n'a pas fourni de bilan', 'n'annonçant aucune perte': nothing reported."""
    lowers, deps, children = table.lower, table.dep, table.children
    for c in children[verb]:
        if deps[c] == "advmod" and lowers[c] in ("pas", "jamais", "guère"):
            return True
        if deps[c] == "obj" and any_of(lowers, children[c], NONE_OF):
            return True
    return False


def relative_object(table: Tokens, verb: int) -> bool:
    """'que' as the verb's relative object: the verb qualifies a noun."""
    for c in table.children[verb]:
        if table.lower[c] in ("que", "qu'", "qu’") and table.dep[c] == "obj" and \
                "PronType=Rel" in table.morph[c]:
            return True
    return False


def impersonal(table: Tokens, subject: int) -> bool:
    """The 'il' of 'il faut', 'il convient': nobody speaks."""
    return table.lower[subject] == "il" and \
        (table.lemma[table.head[subject]] in ("falloir", "convenir", "rester") or
         table.dep[subject].startswith("expl"))


def inside_quote(subject: Token, verb: Token, quotes: list[Quote]) -> bool:
    """A subject inside a quotation that the verb is not in."""
    subject_at, verb_at = subject.idx, verb.idx
    for q in quotes:
        if q.start <= subject_at < q.end and not q.start <= verb_at < q.end:
            return True
    return False


def quote_at(quotes: list[Quote], position: int) -> Quote | None:
    """The first quotation that holds a character offset."""
    for q in quotes:
        if q.start <= position < q.end:
            return q
    return None


def group_start(table: Tokens, verb: Token) -> int:
    """The first word of a verb group, an inverted one too ('a-t-elle ajouté', which the
    parser may hang on the pronoun)."""
    i = verb.i
    if i > 0 and table.lower[i - 1] in INVERTED_PRONOUNS:
        i -= 1
        while i > 0 and (table.lower[i - 1] == "-t" or table.pos[i - 1] == "AUX"):
            i -= 1
    return min(i, verb_group_start(verb))


def after_clause(table: Tokens, verb: Token, start: int, sent: Span) -> bool:
    """A finite verb group (starting at word ``start``) right after a comma that closes a
    clause with its own finite verb: an incise, whatever subject the parser gives it."""
    if start <= sent.start or table.text[start - 1] != "," or not is_finite(table, verb.i):
        return False
    for i in range(sent.start, start - 1):
        if table.pos[i] in ("VERB", "AUX") and "VerbForm=Fin" in table.morph[i]:
            return True
    return False


def is_incise(table: Tokens, verb: Token, start: int, subjects: tuple[int, ...],
              quotes: list[Quote]) -> bool:
    """'«...», a déclaré X' or '..., ont affirmé les autorités': the verb group (starting
    at word ``start``, with the group's ``subjects``) follows a comma or a closing quote
    and has no subject of its own before it (words inside the quotation are not its
    subject, whatever the parser says)."""
    before = start - 1
    while before >= 0 and table.is_space[before]:
        before -= 1
    if before < 0 or table.text[before] not in (",", "»", "”", '"', "—", "–"):
        return False
    if not is_finite(table, verb.i) and start == verb_group_start(verb):
        return False
    for c in subjects:
        if c < verb.i and table.pos[c] != "PRON" and quote_at(quotes, table.idx[c]) is None:
            return False
    return True


def quote_ending_before(doc: Doc, start: int, quotes: list[Quote]) -> tuple[int, int] | None:
    """The quotation that ends right before the verb group starting at word ``start``."""
    start_char = tokens_of(doc).idx[start]
    for quote in reversed(quotes):
        gap = text_of(doc)[quote.end:start_char]
        if quote.end <= start_char and len(gap) <= 6 and \
                all(c in " ,»”\"\u00a0\u202f" for c in gap):
            return quote.start, quote.end
    return None


def quote_starting_near(table: Tokens, start: int, end: int,
                        quotes: list[Quote]) -> Quote | None:
    """A quotation that opens the content: right after the predicate, or after its
    'que' or colon ('a déclaré : « ... »', 'a indiqué que "..."')."""
    i = start
    while i < end and i - start < QUOTE_WINDOW and \
            (table.lower[i] in ("que", "qu'", "qu’", ":", "un", "une", "des", "le", "la", "les")
             or table.is_space[i]):
        i += 1
    if i >= end or table.text[i] not in ("«", "“", '"'):
        return None
    return next((q for q in quotes if table.idx[i] < q.start <= table.idx[i] + 2), None)


def clause_before(doc: Doc, start: int, sent: Span) -> tuple[int, int] | None:
    """The clause before the comma before the verb group starting at word ``start``."""
    texts = tokens_of(doc).text
    comma = start - 1
    while comma > sent.start and texts[comma] not in (",", "—", "–"):
        comma -= 1
    start = sent.start
    for i in range(comma - 1, sent.start - 1, -1):
        if texts[i] == ";":
            start = i + 1
            break
    return trim(doc, start, comma) if comma > start else None


def clause_end(table: Tokens, start: int, sent: Span, extractor: ClaimExtractor) -> int:
    """Where a forward content stops: the end of the sentence, or before a new clause
    (', tandis que', ', mais', ', selon X', '[,] et a affirmé', 'et se rejettent')."""
    texts, lowers = table.text, table.lower
    marks = map(CLAUSE_MARKS.__contains__, texts[start:sent.end])
    for i in compress(range(start, sent.end), marks):
        text = texts[i]
        if text == ";" or text in ASIDES and i > start:
            return i  # "... d'un village - ce que Erevan a démenti"
        if text not in (",", "et") or i + 1 >= sent.end:
            continue
        following = lowers[i + 1]
        if text == "," and (following in CLAUSE_BREAKS or
                            following in extractor.lex.attributions or
                            following == "ce" and i + 2 < sent.end and
                            lowers[i + 2] in ("que", "qu'", "qu’", "qui")):
            return i
        verb = verb_opening(table, i + 1, min(sent.end, i + 4))
        if verb is not None:
            if extractor.reporting[table.forms[verb]] or text == "et" and is_finite(table, verb) \
                    and not start <= table.head[verb] < i:
                return i  # not "que des avions sont intervenus et ont permis de ..."
    return sent.end


def verb_opening(table: Tokens, start: int, end: int) -> int | None:
    """The verb among words start..end-1 that only auxiliaries, pronouns, adverbs,
    conjunctions or commas precede: a clause's verb group ('et a affirmé', ', se sont')."""
    pos = table.pos
    for j in range(start, end):
        if pos[j] == "VERB":
            return j
        if pos[j] not in ("AUX", "PRON", "ADV", "CCONJ") and table.text[j] != ",":
            return None
    return None


def is_finite(table: Tokens, verb: int) -> bool:
    """A finite verb, or one with a finite auxiliary."""
    if "VerbForm=Fin" in table.morph[verb]:
        return True
    for c in table.children[verb]:
        if table.dep[c] in AUXILIARIES and "VerbForm=Fin" in table.morph[c]:
            return True
    return False


def complement_end(marker: Token) -> int:
    """End of the phrase a preposition introduces ('à un retour au calme')."""
    head = marker.head if marker.head.i > marker.i else marker
    return head.right_edge.i + 1


def speaker_after(verb: Token, start: int) -> Span | None:
    """The inverted subject of an incise: 'a déclaré le ministère ...', 'a-t-il dit' (the
    verb group starts at word ``start``)."""
    doc = verb.doc
    table = tokens_of(doc)
    lowers, pos = table.lower, table.pos
    for i in range(start, verb.i):
        if lowers[i] in INVERTED_PRONOUNS:  # "a-t-il assuré"
            return doc[i:i + 1]
    i = verb.i + 1
    while i < len(doc):
        head = table.head[i]
        if pos[i] == "ADP" and lowers[i] not in MARKERS["de"] and head > i and \
                pos[head] in ("NOUN", "PROPN") and table.ent_type[head] != "PER":
            i = phrase_end(doc[head])  # "a déclaré sur Facebook le député", "dans un communiqué"
        elif pos[i] in SKIPPABLE_BEFORE_SPEAKER or \
                lowers[i] in ("quant", "lui", "elle", "part", "sa", "pour") or \
                table.ent_type[i] == "" and pos[i] == "NOUN" and lowers[i] in WEEKDAYS_AND_TIMES:
            if pos[i] == "PUNCT" and table.text[i] in (".", "!", "?"):
                return None
            i += 1
        else:
            break
    if i >= len(doc) or doc[i].is_sent_start:
        return None
    head = doc[i]
    while head.pos_ == "DET" and head.head.i > head.i:
        head = head.head
    return with_complement(with_title(noun_phrase(head)), verb)


def with_complement(speaker: Span, verb: Token) -> Span:
    """An inverted speaker with its 'de X' that the parser hangs on the verb ('a annoncé le
    ministère de la Défense de cette province')."""
    doc = speaker.doc
    marker = doc[speaker.end] if speaker.end < len(doc) else None
    if marker is None or marker.lower_ not in MARKERS["de"] or marker.dep_ != "case":
        return speaker
    noun = marker.head
    if noun.i <= marker.i or noun.head.i != verb.i or not noun.dep_.startswith("obl"):
        return speaker
    return doc[speaker.start:phrase_end(noun)]


def with_title(name: Span) -> Span:
    """A person's name with the title in apposition after it ('Ibrahim Miko, le secrétaire
    général du gouvernorat'), which the parser may hang elsewhere."""
    doc = name.doc
    root = name.root
    if root.pos_ != "PROPN" or name.end + 1 >= len(doc) or doc[name.end].text != ",":
        return name
    title = doc[name.end + 1]
    while title.pos_ == "DET" and title.head.i > title.i:
        title = title.head
    if title.dep_ != "appos" or title.head.i not in (root.i, root.head.i):
        return name
    return doc[name.start:noun_phrase(title).end]


def phrase_end(noun: Token) -> int:
    """End of a prepositional phrase's noun with its adjectives and its own 'de X'
    ('sous couvert d'anonymat'); a bare noun phrase the parser hung on it ('dans un
    communiqué le ministère') is not part of it."""
    end = noun.i + 1
    for child in noun.children:
        if child.i == end and (child.dep_ == "amod" or child.dep_ == "nmod" and any(
                g.dep_ == "case" for g in child.children)):
            end = child.right_edge.i + 1
        elif child.i >= end and child.left_edge.i == end and child.dep_ == "nmod" and any(
                g.dep_ == "case" for g in child.children):
            end = child.right_edge.i + 1
    doc = noun.doc
    for i in range(noun.i + 1, end):  # "pour sa part sur Telegram le gouverneur"
        head = doc[i].head
        if doc[i].pos_ == "DET" and head.i != noun.i and head.pos_ in ("NOUN", "PROPN") and \
                not any(g.dep_ == "case" for g in head.children):
            return i
    return end


WEEKDAYS_AND_TIMES = {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
                      "hier", "matin", "soir", "jour", "nuit"}


def relative_antecedent(verb: Token) -> int:
    """Start of 'ce que X a démenti': the antecedent of the relative clause."""
    if verb.dep_.startswith("acl") and verb.head.i < verb.i:
        return verb.head.i
    return verb_group_start(verb)


def trim_span(span: Span) -> Span:
    start, end = span.start, span.end
    doc = span.doc
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end]


def plural_definite(span: Span) -> bool:
    return span[0].lower_ in ("les", "ces") and any(has_feature(t, "Number=Plur")
                                                    for t in span)


def numeral(span: Span) -> int | None:
    words = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5}
    return next((words[t.lower_] for t in span if t.lower_ in words), None)


def unresolved_conjunct(table: Tokens, speaker: Span, actors: ArticleActors) -> bool:
    """A coordination of speakers one of whom is no known actor."""
    if "conj" not in table.dep[speaker.start:speaker.end]:
        return False  # most speakers: one noun phrase
    for i in range(speaker.start, speaker.end):
        if table.dep[i] == "conj" and speaker.start <= table.head[i] < speaker.end:
            for conjunct in (i, table.head[i]):
                if table.pos[conjunct] == "PROPN" and \
                        actors.resolve(conjunct_phrase(speaker.doc[conjunct])) is None:
                    return True  # names only: "l'islam et aux musulmans" is one group's name
    return False


def conjunct_phrase(token: Token) -> Span:
    keep = [token.i] + [t.i for c in token.children
                        if c.dep_ in ("det", "amod", "nmod", "flat:name", "case")
                        for t in c.subtree]
    return token.doc[min(keep):max(keep) + 1]


def drop_headline_repeats(statements: list[Statement], doc: Doc) -> list[Statement]:
    """A headline's statement that the body repeats (same source, same stance) is the
    body's statement: 'Pour l'Arménie, l'Azerbaïdjan cible ...' over 'Le gouvernement
    arménien a déclaré que ... bombardées par l'Azerbaïdjan'."""
    article = article_of(doc)
    if article is None or not article.title:
        return statements
    start = text_of(doc).find(article.title, article.body_start)
    if start < 0:
        return statements
    end = start + len(article.title)
    return [s for s in statements
            if not (start <= s.predicate < end and
                    any(o.predicate >= end and (o.claim.source, o.claim.stance) ==
                        (s.claim.source, s.claim.stance) for o in statements))]


def opposite_sides(outer: Statement, inner: Statement) -> bool:
    """Two sources with no country in common: a statement inside another's words that
    the speaker would not make ('L'Arménie a déclaré que les combats se poursuivaient à
    Choucha, que l'Azerbaïdjan a annoncé avoir capturée') is a reporting act of its own."""
    countries = {code.split(".")[0] for code in outer.actor.codes}
    return not countries & {code.split(".")[0] for code in inner.actor.codes}


def inside_another(statement: Statement, statements: list[Statement]) -> bool:
    """Whether a statement's reporting word lies in the content of another statement
    whose source is on the same side. Of two statements each in the other's content
    ("Selon X, ..., a-t-il précisé"), the first stands."""
    predicate = statement.predicate
    first, last = statement.content
    for other in statements:
        start, end = other.content
        later_inside = predicate < other.predicate and first <= other.predicate < last
        if start <= predicate < end and other is not statement and not later_inside and \
                not opposite_sides(other, statement):
            return True
    return False


def drop_nested(statements: list[Statement]) -> list[Statement]:
    """A reporting verb inside another statement's content is part of that content;
    the same content from the same source is one claim."""
    kept, seen = [], set()
    for s in statements:
        nested = not s.aside and inside_another(s, statements)
        key = (s.claim.source, s.claim.start, s.claim.end)
        if not nested and key not in seen:
            seen.add(key)
            kept.append(s)
    return kept
