"""Whom a quote is spoken to, when the text says so (``Quote.addressee``).

Three signs, the first found wins:

1. a name the quote calls out: ``"Well, Elinor, what now?"`` (:func:`.conversation.vocatives`);
2. the reporting verb's listener: ``he said to Jane`` · ``she told Tom`` · ``asked him``;
3. in a conversation between two people, the other one: the speaker of the line before
   (else after) when that is someone else.

The step changes no speaker: it adds ``addressee`` to frames that have a speaker.
"""

from __future__ import annotations

from typing import List, Optional

import attrs

from quoteattr.attribution.chain import DocumentStep, Result
from quoteattr.attribution.context import Context, OpenQuote
from quoteattr.attribution.conversation import vocatives
from quoteattr.attribution.dialogue import Line, dialogue, labels

__all__ = ["Addressees", "listener"]

#: Verbs whose object is the one spoken to ("told Tom", "asked him").
_TELLING = {"tell", "ask", "answer", "assure", "warn", "remind", "thank", "beg", "urge", "inform",
            "promise", "order", "implore", "command", "address", "question", "interrupt", "reassure"}
_LISTENER_PRONOUNS = {"him", "her", "me", "us", "them", "you"}


def listener(ctx: Context, cue: int) -> Optional[int]:
    """The one a reporting verb speaks to: ``said to Jane`` (an oblique with "to"),
    ``told Tom`` (the object of a verb of telling)."""
    tokens = ctx.tokens
    for k in tokens[cue].children:
        t = tokens[k]
        if not ctx.outside(k) or not (t.upos in ("PROPN", "NOUN") or t.text.lower() in _LISTENER_PRONOUNS):
            continue
        if t.rel in ("obl", "nmod") and any(tokens[c].rel == "case" and tokens[c].text.lower() == "to"
                                          for c in t.children):
            return k
        if t.rel in ("obj", "iobj") and tokens[cue].lemma.lower() in _TELLING:
            return k
    return None


class Addressees(DocumentStep):
    """Adds the addressee to framed quotes: ``"Sit down, Pell," said the captain to the
    clerk`` has its addressee in the quote itself ("Pell"); ``"No," she told Ruth``
    in the frame; and a bare reply in a two-person conversation is spoken to the other
    person."""

    name = "addressee"

    def apply(self, ctx: Context, result: Result) -> None:
        for quote in ctx.quotes:
            frame = quote.frame
            if frame is None or frame.speaker is None or frame.addressee is not None:
                continue
            found = self._explicit(ctx, quote)
            if found is not None:
                quote.frame = attrs.evolve(frame, addressee=found)
        self._other_party(ctx)

    def _explicit(self, ctx: Context, quote: OpenQuote) -> Optional[int]:
        frame = quote.frame
        called = [k for k in vocatives(ctx, quote) if ctx.tokens[k].text != ctx.tokens[frame.speaker].text]
        if called:
            return called[0]
        if frame.cue is not None and ctx.outside(frame.cue[0]):
            return listener(ctx, frame.cue[0])
        return None

    def _other_party(self, ctx: Context) -> None:
        d = dialogue(ctx)
        if not d.conversations:
            return
        heads = [q.frame.speaker for c in d.conversations for x in c for q in x.quotes
                 if q.frame is not None and q.frame.speaker is not None]
        name = labels(ctx, heads)  # one resolver for the document
        for conversation in d.conversations:
            said = [_speaker(x) for x in conversation]
            people = {name[h] for h in said if h is not None}
            if len(people) != 2:
                continue  # only a conversation between two people names the other one
            for n, line in enumerate(conversation):
                me = said[n]
                if me is None:
                    continue
                other = next((said[m] for m in (n - 1, n + 1) if 0 <= m < len(said) and said[m] is not None
                              and name[said[m]] != name[me]), None)
                if other is None:
                    continue
                for quote in line.quotes:
                    f = quote.frame
                    if f is not None and f.speaker is not None and f.addressee is None:
                        quote.frame = attrs.evolve(f, addressee=other)


def _speaker(line: Line) -> Optional[int]:
    heads: List[int] = [q.frame.speaker for q in line.quotes if q.frame is not None and q.frame.speaker is not None]
    return heads[0] if heads else None

