"""Quotes as flat rows, for ``pandas.DataFrame(records)`` or ``csv.DictWriter``.

Tables want one level of plain values, so the speaker and cue spans are spread over
columns of their own; a missing speaker or cue (or an empty lemma) leaves ``None`` in its columns.
``form`` says what the content is (quote, clause or noun-phrase) and ``fragments`` lists
the quoted pieces of a mixed quote as ``[start, end]`` pairs (``[]`` when there are none;
``csv`` writes it as its JSON text, ``[[12, 30]]``).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional

from quoteattr.model import Quote, QuoteKind

__all__ = ["FIELDS", "DOCUMENT_FIELDS", "to_records"]

#: The keys of every record, in column order (usable as ``csv.DictWriter`` fieldnames).
FIELDS = (
    "start", "end", "kind", "text",
    "speaker", "speaker_start", "speaker_end", "entity",
    "cue", "cue_start", "cue_end", "lemma",
    "rule", "confidence",
    "addressee", "addressee_start", "addressee_end", "addressee_entity",
    "form", "fragments",
)

#: The keys of a record that names its document (``to_records(quotes, document=...)``):
#: ``document`` first, then :data:`FIELDS`. The command line writes these columns.
DOCUMENT_FIELDS = ("document",) + FIELDS


def _record(quote: Quote) -> Dict[str, Any]:
    speaker, cue, addressee = quote.speaker, quote.cue, quote.addressee
    return {
        "start": quote.start,
        "end": quote.end,
        "kind": QuoteKind(quote.kind).value,
        "text": quote.text,
        "speaker": speaker.text if speaker else None,
        "speaker_start": speaker.start if speaker else None,
        "speaker_end": speaker.end if speaker else None,
        "entity": speaker.entity if speaker else None,
        "cue": cue.text if cue else None,
        "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "lemma": (cue.lemma or None) if cue else None,
        "rule": quote.rule,
        "confidence": float(quote.confidence),
        "addressee": addressee.text if addressee else None,
        "addressee_start": addressee.start if addressee else None,
        "addressee_end": addressee.end if addressee else None,
        "addressee_entity": addressee.entity if addressee else None,
        "form": quote.form,
        "fragments": [[piece.start, piece.end] for piece in quote.fragments],
    }


def to_records(quotes: Iterable[Quote], *, document: Optional[str] = None) -> List[Dict[str, Any]]:
    """One flat, JSON-serialisable dict per quote, with the keys in :data:`FIELDS`.

    With ``document`` (an id of your choice: a file name, a database key) every record
    starts with a ``"document"`` key holding it, the columns of :data:`DOCUMENT_FIELDS`,
    so that the rows of many documents can share one table.
    """
    if document is None:
        return [_record(quote) for quote in quotes]
    return [{"document": document, **_record(quote)} for quote in quotes]
