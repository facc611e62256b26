"""The shared token tables and caches the extractors read instead of spaCy's objects."""
from __future__ import annotations

import pytest

from conftest import SAMPLE
from veille.extract.time import TokenPatterns
from veille.nlp import (
    Memo,
    Strings,
    extracted,
    make_doc,
    positions,
    sentences,
    tokens_of,
    within,
)
from veille.read import read_paths

ASPECTS = ("dates", "places", "claims", "casualties", "events")


@pytest.fixture(scope="module")
def sample_docs(nlp):
    articles = [a for a in read_paths([SAMPLE]) if hasattr(a, "text")]
    return list(nlp.pipe([make_doc(nlp, a) for a in articles]))


def test_extracted_reads_what_the_extractors_put_on_the_doc(nlp, sample_docs):
    for doc in sample_docs:
        for aspect in ASPECTS:
            assert extracted(doc, aspect) is getattr(doc._, aspect)
    bare = nlp.make_doc("Des combats ont éclaté à Goma.")
    assert all(extracted(bare, aspect) is None for aspect in ASPECTS)


def test_token_table_matches_spacy_tokens(sample_docs):
    doc = sample_docs[0]
    table = tokens_of(doc)
    for token in doc:
        i = token.i
        assert (table.text[i], table.lower[i], table.lemma[i], table.pos[i], table.dep[i],
                table.ent_type[i], table.idx[i], table.head[i]) == \
            (token.text, token.lower_, token.lemma_, token.pos_, token.dep_, token.ent_type_,
             token.idx, token.head.i)
        assert table.morph[i] == frozenset(str(token.morph).split("|")) - {""}
        assert list(table.children[i]) == [c.i for c in token.children]


def test_the_strings_table_reads_columns_as_the_string_store_does(sample_docs):
    """Words met before and new words alike, also once the full table is emptied."""
    from spacy.attrs import LEMMA, ORTH, POS

    strings = Strings()
    strings.LIMIT = 300
    for doc in sample_docs:
        columns = strings.columns(doc.vocab.strings, doc.to_array([ORTH, LEMMA, POS]))
        assert columns == [[t.text for t in doc], [t.lemma_ for t in doc], [t.pos_ for t in doc]]
        assert len(strings.hashes) <= len(set(columns[0] + columns[1] + columns[2])) + 300


def test_positions_are_found_once_and_cut_by_sentence(sample_docs):
    doc = sample_docs[0]
    asked = []
    verdicts = Memo(lambda word: asked.append(word) or word[0] in ("a", "ont", "est"))
    found = positions(doc, "test-auxiliaries", verdicts)
    table = tokens_of(doc)
    assert found == [i for i, lower in enumerate(table.lower) if lower in ("a", "ont", "est")]
    assert len(asked) == len(set(asked)) == len(set(zip(table.lower, table.lemma)))
    assert positions(doc, "test-auxiliaries", Memo(lambda word: True)) is found  # kept
    for sent in sentences(doc):
        assert within(found, sent.start, sent.end) == [i for i in found
                                                       if sent.start <= i < sent.end]


def test_memo_computes_each_key_once_and_empties_when_full():
    calls = []
    memo = Memo(lambda key: calls.append(key) or key * 2)
    memo.LIMIT = 3
    assert [memo[k] for k in (1, 2, 1, 3)] == [2, 4, 2, 6]
    assert calls == [1, 2, 3]
    assert memo[4] == 8 and len(memo) == 1  # full: emptied before the new key


def test_time_patterns_skipped_for_missing_words_would_not_have_matched(nlp, sample_docs):
    """Neither skipping a pattern for a text without a word of its anchor class nor trying
    it only near those words, at the words it can begin with, loses a match that trying it
    at every word finds."""
    matcher = nlp.get_pipe("veille_time").matcher
    unfiltered = TokenPatterns(matcher.lex, [])
    unfiltered.groups = [(None, None, patterns) for *_, patterns in matcher.groups]
    docs = sample_docs + [nlp("Dans la nuit de samedi à dimanche, puis à la mi-mars et au "
                              "cours de l'été 2021, le 3 et le 1er mai, des tirs ont repris.")]
    for doc in docs:
        assert matcher(doc) == unfiltered(doc)
    assert all(matcher(doc) for doc in docs)


def test_a_question_mark_in_brackets_does_not_end_the_sentence(nlp):
    doc = nlp("Selon un témoin, la tuerie (un massacre ?) aurait été commise à l'aube. "
              "Le bilan reste inconnu.")
    assert [s.text.split()[0] for s in doc.sents] == ["Selon", "Le"]


def test_the_lexicons_hyphenated_words_stay_whole(nlp):
    """'garde-frontières' or 'Haut-Karabakh' are one token, as the lexicons list them,
    also after an elided article and before punctuation; other hyphenated words are
    split as the model splits them."""
    doc = nlp.make_doc("Selon l'état-major, trois garde-frontières ont été tués au "
                       "Haut-Karabakh (Nagorny-Karabakh), sur la route Erevan-Bakou.")
    words = [t.text for t in doc]
    for word in ("état-major", "garde-frontières", "Haut-Karabakh", "Nagorny-Karabakh"):
        assert word in words
    assert words[-4:-1] == ["Erevan", "-", "Bakou"]


def test_the_pipeline_keeps_only_attribute_rules_that_set_more_than_a_tag(nlp):
    """The model's rules copying each part of speech into the tag are dropped; those for
    whitespace stay: a paragraph break is still a SPACE token with the 'dep' label."""
    rules = nlp.get_pipe("attribute_ruler").patterns
    assert rules and all(set(rule["attrs"]) != {"TAG"} for rule in rules)
    doc = nlp("Deux civils ont été tués dimanche à Kherson.\n\nLe bilan reste provisoire.")
    breaks = [token for token in doc if token.is_space]
    assert breaks and all(t.pos_ == "SPACE" and t.dep_ == "dep" for t in breaks)
    assert [t.pos_ for t in doc[:3]] == ["NUM", "NOUN", "AUX"]
