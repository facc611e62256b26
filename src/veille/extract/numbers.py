"""Quantities as French news writes them: '30.000', '30 000', '6’500', 'deux',
'vingt-deux', 'une centaine', '1,5 million', 'au moins 49', 'de 2000 à 3000'."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count

from spacy.tokens import Doc
from text_to_num import text2num

from veille import lexicon
from veille.nlp import Memo, Tokens, tokens_of

GROUPED = re.compile(r"^\d{1,3}(?:[.’'\u2019\u202f\u00a0 ]\d{3})+$")
PLAIN = re.compile(r"^\d+$")
DECIMAL = re.compile(r"^(\d+),(\d+)$")
THREE_DIGITS = re.compile(r"^\d{3}$")
NUMBER_WORDS = {"un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
                "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "vingt",
                "vingts", "trente", "quarante", "cinquante", "soixante", "septante",
                "octante", "nonante", "cent", "cents", "mille", "et"}
RANGE_LINKS = ("à", "a", "-", "–", "ou")
RANGE_OPENERS = {"de", "entre"}  # "de 2000 à 3000", "entre 2000 et 3000"


@dataclass
class Quantity:
    """A number in the text: tokens [start, end) with its qualifier words included."""

    start: int
    end: int
    low: int
    high: int | None
    qualifier: str
    first: int  # first token of the number itself (after the qualifier)


@lru_cache(maxsize=4096)
def words_value(words: str) -> int | None:
    """'vingt-deux' -> 22, 'deux cent cinquante' -> 250."""
    try:
        return text2num(words, "fr")
    except ValueError:
        return None


@lru_cache(maxsize=1)
def number_lexicon() -> dict:
    return lexicon.load("numbers")


def amount(words: str) -> int | None:
    """'40', '1 040', 'quarante', 'une quarantaine': the amount a few words give, if any."""
    words = words.strip().lower()
    digits = re.sub(r"[\s.’'\u202f\u00a0]", "", words)
    if PLAIN.match(digits):
        return int(digits)
    last = words.split()[-1] if words else ""
    return number_lexicon()["approximate"].get(last) or words_value(last)


def opens_number(word: str) -> bool:
    """Whether a number can begin at a word: "et" goes on with one ("vingt et un") but
    never starts one."""
    return word[:1].isdigit() or word in NUMBER_WORDS and word != "et" or \
        "-" in word and is_number_word(word)


@lru_cache(maxsize=65536)
def is_number_word(text: str) -> bool:
    parts = text.lower().split("-")
    return all(p in NUMBER_WORDS for p in parts) and parts != ["et"]


class NumberReader:
    def __init__(self, lexicon: dict, make_doc):
        self.qualifiers: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase, qualifier in lexicon["qualifiers"].items():
            words = tuple(t.lower_ for t in make_doc(phrase))
            self.qualifiers.setdefault(words[0], []).append((words, qualifier))
        for options in self.qualifiers.values():
            options.sort(key=lambda wq: -len(wq[0]))
        numbers = number_lexicon()
        self.approximate = numbers["approximate"]
        self.multipliers = numbers["multipliers"]
        self.openers = set(self.qualifiers) | RANGE_OPENERS
        self.opens = Memo(self.may_open)
        self.opens_number = Memo(opens_number)

    def may_open(self, word: str) -> bool:
        """Whether a reading can start at a word of this lower-case form."""
        return word in self.openers or opens_number(word)

    def quantities(self, doc: Doc) -> list[Quantity]:
        """Every quantity of the text; only a digit, a number word or a qualifier's first
        word opens a reading."""
        words = tokens_of(doc)
        lowers, opens_number = words.lower, self.opens_number
        last = len(lowers) - 1
        found, free = [], 0
        for i in compress(count(), map(self.opens.__getitem__, lowers)):
            if i < free or lowers[i] in RANGE_OPENERS and not (
                    i < last and opens_number[lowers[i + 1]]):
                continue
            quantity = self.quantity_at(words, i)
            if quantity:
                found.append(quantity)
                free = quantity.end
        return found

    def quantity_at(self, words: Tokens, i: int) -> Quantity | None:
        lowers = words.lower
        qualifier, j = self.qualifier_at(lowers, i) if lowers[i] in self.qualifiers else \
            (None, i)
        if qualifier is None and lowers[i] in RANGE_OPENERS and i + 1 < len(lowers):
            ranged = self.range_at(words, i + 1, ("et",) if lowers[i] == "entre" else ("à",))
            if ranged:
                return Quantity(i, ranged[2], ranged[0], ranged[1], "range", i + 1)
        if qualifier is None and not self.opens_number[lowers[i]]:
            return None  # a qualifier's first word, or 'de', with no number of its own
        number = self.number_at(words, j)
        if number is None:
            return None
        value, end, approximate = number
        ranged = self.range_from(words, number, RANGE_LINKS) if qualifier is None else None
        if ranged:
            return Quantity(i, ranged[2], ranged[0], ranged[1], "range", j)
        if qualifier is None:
            qualifier = "about" if approximate else "exact"
        high = None if qualifier in ("at_least", "more_than") else value
        return Quantity(i, end, value, high, qualifier, j)

    def qualifier_at(self, lowers: list[str], i: int) -> tuple[str | None, int]:
        for words, qualifier in self.qualifiers.get(lowers[i], ()):
            n = len(words)
            if tuple(lowers[i:i + n]) == words:
                return qualifier, i + n
        return None, i

    def range_at(self, words: Tokens, i: int, links: tuple[str, ...]):
        """'2000 à 3000', '2 ou 3': (low, high, end) when two numbers are linked."""
        return self.range_from(words, self.number_at(words, i), links)

    def range_from(self, words: Tokens, first: tuple[int, int, bool] | None,
                   links: tuple[str, ...]):
        """The range a number read already (value, end, approximate) opens, if any."""
        if first is None or first[1] >= len(words.lower) or words.lower[first[1]] not in links:
            return None
        second = self.number_at(words, first[1] + 1)
        if second is None or second[0] <= first[0]:
            return None
        return first[0], second[0], second[1]

    def number_at(self, words: Tokens, i: int) -> tuple[int, int, bool] | None:
        """(value, end, approximate) of a number starting at token i, or None."""
        lowers = words.lower
        if i >= len(lowers):
            return None
        lower = lowers[i]
        if lower in ("un", "une") and i + 1 < len(lowers) and lowers[i + 1] in self.approximate:
            return self.approximate_at(lowers, i + 1, self.approximate[lowers[i + 1]])
        if lower in ("un", "une") and i + 1 < len(lowers) and lowers[i + 1] in ("seul", "seule"):
            return 1, i + 2, False  # "un seul soldat a été tué"
        digits = self.digits_at(words, i) if lower[:1].isdigit() else None
        if digits:
            return self.with_multiplier(lowers, *digits) + (False,)
        if is_number_word(lower) and lower != "et":
            end = i + 1
            while end < len(lowers):
                if lowers[end] == "-" and self.hyphen_between_number_words(words, end):
                    end += 2  # "Cinquante-trois", which the tokenizer may cut in three
                elif is_number_word(lowers[end]) and \
                        not (lowers[end] in ("un", "une") and lowers[end - 1] != "et"):
                    end += 1
                else:
                    break
            while end > i + 1 and lowers[end - 1] == "et":
                end -= 1
            value = words_value(" ".join(lowers[i:end]).replace(" - ", "-"))
            if value is None:
                return None
            return self.with_multiplier(lowers, value, end) + (False,)
        return None

    @staticmethod
    def hyphen_between_number_words(words: Tokens, i: int) -> bool:
        lowers = words.lower
        return lowers[i] == "-" and i + 1 < len(lowers) and is_number_word(lowers[i + 1]) \
            and not words.space_after(i - 1) and not words.space_after(i)

    def approximate_at(self, lowers: list[str], i: int, value: int) -> tuple[int, int, bool]:
        """'une centaine', 'une centaine de milliers'."""
        end = i + 1
        if end + 1 < len(lowers) and lowers[end] in ("de", "d'") and \
                lowers[end + 1] in ("milliers", "millions"):
            value *= 1000 if lowers[end + 1] == "milliers" else 1_000_000
            end += 2
        return value, end, True

    def digits_at(self, words: Tokens, i: int) -> tuple[int, int] | None:
        """A number in digits at token i (which starts with a digit)."""
        texts = words.text
        text = texts[i]
        if not text.isdecimal():  # digits only (most numbers) are neither of these
            if GROUPED.match(text):
                return int(re.sub(r"\D", "", text)), i + 1
            decimal = DECIMAL.match(text)
            if decimal:
                return self.decimal_at(words, i, decimal)
            if not PLAIN.match(text):
                return None
        if i > 0 and texts[i - 1] in ("-", "−") and not words.space_after(i - 1):
            return None
        value, end = int(text), i + 1
        if len(text) <= 3:  # "30 000", "6 600": groups of three digits after a space
            while end < len(texts):
                k = end + 1 if words.is_space[end] and "\n" not in texts[end] else end
                if k < len(texts) and THREE_DIGITS.match(texts[k]) and \
                        (k > end or words.space_after(end - 1)):
                    value, end = value * 1000 + int(texts[k]), k + 1
                else:
                    break
        return value, end

    def decimal_at(self, words: Tokens, i: int, match) -> tuple[int, int] | None:
        """'1,5 million' is 1 500 000; '1,250 morts' counts people, so 1250; '2,5' alone
        is not a count."""
        following = words.lower[i + 1] if i + 1 < len(words.lower) else ""
        if following in self.multipliers:
            return int(float(f"{match.group(1)}.{match.group(2)}") * self.multipliers[following]), \
                i + 2
        if len(match.group(2)) == 3 and following and words.pos[i + 1] in ("NOUN", "ADJ"):
            return int(match.group(1) + match.group(2)), i + 1
        return None

    def with_multiplier(self, lowers: list[str], value: int, end: int) -> tuple[int, int]:
        if end < len(lowers) and lowers[end] in self.multipliers:
            return value * self.multipliers[lowers[end]], end + 1
        return value, end
