"""The sieve chain: what a sieve is, and the order in which the chain runs them.

There are three kinds of links, told apart by the one method they define:

``propose(ctx, quote) -> Frame | None``   a :class:`Sieve`: offers a frame for one quote
                                          that no earlier sieve framed.
``revise(ctx, quote) -> Frame | None``    a :class:`Repair`: may replace the frame an
                                          earlier sieve gave a quote.
``apply(ctx, result) -> None``            a :class:`DocumentStep`: works on the whole
                                          document at once (continuing quotes across
                                          paragraphs, reported speech without marks).

Consecutive sieves and repairs form one pass: each quote, in text order, goes down them
until a sieve frames it and then through the repairs after that sieve, so a sieve sees
the final frame of every quote before the one it is asked about. A document step runs
once every quote has been through the links before it.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from quoteattr.attribution.context import Context, Frame, OpenQuote
from quoteattr.model import QuoteKind

__all__ = ["Sieve", "Repair", "DocumentStep", "Result", "as_sieves", "run_chain"]

# A report without marks: (content tokens, cue token, speaker head, rule).
Report = Tuple[List[int], int, Optional[int], str]


class Sieve:
    """Base of the sieves that frame one quote at a time.

    A subclass sets ``name`` and defines :meth:`propose`. The frame's ``rule`` is what
    ``Quote.rule`` will say; sieves use their own name.
    """

    name = "sieve"
    #: how often this sieve's frames are right, 0..1 (``Quote.confidence``)
    confidence: float = 0.5

    def propose(self, ctx: Context, quote: OpenQuote) -> Optional[Frame]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"


class Repair(Sieve):
    """Base of the links that revise a frame an earlier sieve of the pass gave."""

    def revise(self, ctx: Context, quote: OpenQuote) -> Optional[Frame]:
        raise NotImplementedError


class DocumentStep(Sieve):
    """Base of the links that work on all quotes of the document at once."""

    def apply(self, ctx: Context, result: "Result") -> None:
        raise NotImplementedError


class Result:
    """What the chain has decided for one document: frames on ``ctx.quotes``, and the
    speech reported without marks (``reported``) with the cues of the quotes that were
    framed before it was found (``framed_cues``)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.reported: List[Report] = []
        self.framed_cues: set = set()
        self.confidence: Dict[str, float] = {}


def _kind_of_link(sieve: Any) -> str:
    for method in ("apply", "revise", "propose"):
        if callable(getattr(type(sieve), method, None)) and getattr(type(sieve), method) is not \
                getattr(_BASES[method], method):
            return method
    raise TypeError(
        f"{sieve!r} is not a sieve: give it a 'name' and one of the methods "
        "propose(ctx, quote), revise(ctx, quote) or apply(ctx, result) (see docs/extending.md)")


_BASES = {"propose": Sieve, "revise": Repair, "apply": DocumentStep}


def as_sieves(sieves: Optional[Iterable[Any]]) -> Tuple[Any, ...]:
    """Check a user's chain and return it as a tuple; ``None`` means the default chain."""
    if sieves is None:
        from quoteattr.attribution.sieves import DEFAULT_SIEVES

        return DEFAULT_SIEVES
    if isinstance(sieves, (str, bytes)) or not isinstance(sieves, Iterable):
        raise TypeError(f"sieves must be a sequence of sieve objects, got {type(sieves).__name__}; "
                        "start from quoteattr.DEFAULT_SIEVES")
    chain = tuple(sieves)
    for sieve in chain:
        if not isinstance(getattr(sieve, "name", None), str) or not sieve.name:
            raise TypeError(f"{sieve!r} has no 'name': every sieve needs a name for Quote.rule")
        _kind_of_link(sieve)
    return chain


def run_chain(ctx: Context, sieves: Sequence[Any]) -> Result:
    """Run the links of ``sieves`` in order on the quotes of ``ctx``."""
    result = Result(ctx)
    for sieve in sieves:
        result.confidence.setdefault(sieve.name, float(getattr(sieve, "confidence", 0.5)))
    passes: List[List[Any]] = []
    for sieve in sieves:
        if _kind_of_link(sieve) == "apply":
            passes.append([sieve])
        elif passes and _kind_of_link(passes[-1][0]) != "apply":
            passes[-1].append(sieve)
        else:
            passes.append([sieve])
    for links in passes:
        if _kind_of_link(links[0]) == "apply":
            links[0].apply(ctx, result)
        else:
            _quote_pass(ctx, links)
    return result


def _quote_pass(ctx: Context, links: Sequence[Any]) -> None:
    kinds = [_kind_of_link(link) for link in links]
    for quote in ctx.quotes:
        framed_here = False
        for link, kind in zip(links, kinds):
            if kind == "propose" and quote.frame is None:
                frame = link.propose(ctx, quote)
                if frame is not None:
                    quote.frame, framed_here = frame, True
            elif kind == "revise" and quote.frame is not None:
                frame = link.revise(ctx, quote)
                if frame is not None:
                    quote.frame = frame
        if framed_here and not quote.frame.from_parse:
            # a frame read off the words around the marks: the quote is direct when it
            # reads as somebody's words, a quoted fragment otherwise
            speech = ctx.is_speech(quote) or ctx.is_introduced_utterance(quote)
            quote.kind = QuoteKind.DIRECT if speech else QuoteKind.MIXED
