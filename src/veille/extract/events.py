"""Extraction of events (to be filled)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("veille_events")
def make_component(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        doc._.events = []
        return doc
    return component
