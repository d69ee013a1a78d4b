"""A parsed ``stanza.Document`` as a :class:`~quoteattr.document.Document`, with the
same offset and tree checks as the CoNLL-U reader."""

from __future__ import annotations

from typing import Any, List, Optional, Sequence

from quoteattr.conllu import REBUILD_SLACK
from quoteattr.document import Document, Token, build_document, cycle_at, ner_label
from quoteattr.errors import ConlluError
from quoteattr.gc_pause import gc_paused

__all__ = ["from_stanza_document"]


@gc_paused
def from_stanza_document(doc: Any, text: Optional[str] = None) -> Document:
    """Convert a parsed ``stanza.Document``; offsets index ``text`` (default ``doc.text``).

    Token offsets must lie in the text and run through it in order without overlapping,
    and heads must form a tree in each sentence; otherwise :class:`ConlluError`.
    """
    if not hasattr(doc, "sentences"):
        raise TypeError(f"expected a stanza Document, got {type(doc).__name__}")
    if text is not None and not isinstance(text, str):
        raise TypeError(f"text must be a str or None, got {type(text).__name__}")
    if text is None:
        text = getattr(doc, "text", None) or _text_from_stanza_offsets(doc)
        if not isinstance(text, str):
            raise TypeError(f"the stanza Document's text is {type(text).__name__}, not str")
    tokens: List[Token] = []
    prev_end = 0
    for s, sent in enumerate(doc.sentences):
        base = len(tokens)
        heads: List[int] = []
        for tok in sent.tokens:
            ner = ner_label(getattr(tok, "ner", None) or "O")
            words = tok.words
            if tok.start_char is not None:
                _check_stanza_offsets(tok, s, len(text), prev_end)
                prev_end = tok.end_char
            surface = text[tok.start_char:tok.end_char] if tok.start_char is not None else tok.text
            pieces = _split_offsets(tok.start_char, tok.end_char, surface, [w.text for w in words])
            for w, (ws, we) in zip(words, pieces):
                if w.head is None or w.deprel is None:
                    raise ValueError(
                        "the stanza Document has no dependency parse; build the Pipeline with "
                        "processors='tokenize,mwt,pos,lemma,depparse'"
                    )
                heads.append(w.head)
                tokens.append(Token(
                    len(tokens), s, text[ws:we], w.lemma or w.text.lower(), w.upos or "",
                    w.xpos or "", base + w.head - 1 if w.head else -1, w.deprel, ws, we, ner,
                ))
        for n, head in enumerate(heads, 1):
            if not isinstance(head, int) or not 0 <= head <= len(heads) or head == n:
                raise ConlluError(
                    f"stanza Document, sentence {s + 1}, word {n} ({tokens[base + n - 1].text!r}): "
                    f"HEAD {head!r} is not another word of its sentence (1..{len(heads)}) or 0")
        cycle = cycle_at(heads)
        if cycle:
            raise ConlluError(
                f"stanza Document, sentence {s + 1}, word {cycle} ({tokens[base + cycle - 1].text!r}): "
                "the HEADs run in a cycle and never reach the root (HEAD 0)")
    return build_document(text, tokens)


def _check_stanza_offsets(tok: Any, sentence: int, size: int, prev_end: int) -> None:
    start, end = tok.start_char, tok.end_char
    where = f"stanza Document, sentence {sentence + 1}, token {getattr(tok, 'text', '?')!r}"
    if not isinstance(start, int) or not isinstance(end, int):
        raise ConlluError(f"{where}: offsets {start!r}..{end!r} are not whole numbers")
    if not 0 <= start <= end <= size:
        raise ConlluError(f"{where}: offsets {start}..{end} fall outside the text ({size} characters); "
                          "is this the right text for this parse?")
    if start < prev_end:
        raise ConlluError(f"{where}: offsets {start}..{end} start before the token before it ends "
                          f"({prev_end}); tokens must run through the text in order without overlapping")


def _text_from_stanza_offsets(doc: Any) -> str:
    """A Document read from CoNLL-U has no text: lay its tokens out at their offsets."""
    tokens = [t for sent in doc.sentences for t in sent.tokens]
    if any(t.start_char is None for t in tokens):
        raise ValueError(
            "the stanza Document has neither text nor character offsets; pass the text: "
            "from_stanza(doc, text=...)")
    prev_end = 0
    for t in tokens:
        _check_stanza_offsets(t, 0, 1 << 62, prev_end)
        prev_end = t.end_char
    covered = sum(len(t.text) + 1 for t in tokens)
    if prev_end > 2 * covered + REBUILD_SLACK:
        raise ConlluError(
            f"stanza Document: end_char={prev_end} would rebuild a text of {prev_end:,} characters from "
            f"tokens that cover {covered:,}; pass the text the offsets index: from_stanza(doc, text=...)")
    chars = [" "] * prev_end
    for t in tokens:
        if len(t.text) == t.end_char - t.start_char:
            chars[t.start_char:t.end_char] = list(t.text)
    return "".join(chars)


def _split_offsets(start: Optional[int], end: Optional[int], surface: str, forms: Sequence[str]):
    if start is None or end is None:
        raise ValueError("the stanza Document has tokens without character offsets")
    if len(forms) == 1:
        return [(start, end)]
    if "".join(forms) == surface:
        out, pos = [], start
        for f in forms:
            out.append((pos, pos + len(f)))
            pos += len(f)
        return out
    return [(start, end)] * len(forms)
