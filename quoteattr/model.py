"""The values quoteattr returns: small frozen classes that serialise to plain dicts.

Every span holds character offsets into the caller's text, end exclusive, so that
``text[span.start:span.end] == span.text`` holds for quotes, speakers and cues alike.
"""

from __future__ import annotations

import enum
from typing import Any, Dict, Optional, Tuple

import attrs

__all__ = ["QuoteKind", "FORMS", "Span", "Speaker", "Addressee", "Cue", "Quote", "QuoteSpan"]


class QuoteKind(str, enum.Enum):
    """How the words reach the reader."""

    DIRECT = "direct"  #: the content stands inside quotation marks
    MIXED = "mixed"  #: reported speech with a quoted fragment in it
    INDIRECT = "indirect"  #: reported speech with no quotation marks

    def __str__(self) -> str:
        return self.value


#: What a quote's content is (``Quote.form``): the words inside quotation marks
#: (``"quote"``), a reported clause, with or without quoted fragments in it (``"clause"``:
#: ``She said the plan would fail``, ``He vowed to resign``), or a reported noun phrase
#: (``"noun-phrase"``: ``The manager hailed the moment of magic``).
FORMS = ("quote", "clause", "noun-phrase")


def _default_form(quote: Any) -> str:
    return "quote" if quote.kind is QuoteKind.DIRECT else "clause"


def _non_negative(instance: Any, attribute: "attrs.Attribute[int]", value: int) -> None:
    if value < 0:
        raise ValueError(f"{type(instance).__name__}.{attribute.name} must be >= 0, got {value}")


def _check_offsets(obj: Any) -> None:
    if obj.start > obj.end:
        raise ValueError(
            f"{type(obj).__name__} starts after it ends (start={obj.start}, end={obj.end})"
        )
    if len(obj.text) != obj.end - obj.start:
        raise ValueError(
            f"{type(obj).__name__} text has {len(obj.text)} characters but its offsets "
            f"{obj.start}..{obj.end} cover {obj.end - obj.start}"
        )


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@attrs.frozen(repr=False)
class Span:
    """A stretch of the input text: ``text == source[start:end]``."""

    start: int = attrs.field(validator=[attrs.validators.instance_of(int), _non_negative])
    end: int = attrs.field(validator=[attrs.validators.instance_of(int), _non_negative])
    text: str = attrs.field(validator=attrs.validators.instance_of(str))

    def __attrs_post_init__(self) -> None:
        _check_offsets(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.start}:{self.end} {self.text!r})"

    def to_dict(self) -> Dict[str, Any]:
        return attrs.asdict(self, recurse=False)

    @classmethod
    def from_dict(cls, data: Dict[str, Any]):
        return cls(**data)


@attrs.frozen(repr=False)
class Speaker(Span):
    """Who is quoted: the mention in the text and, when resolved, the entity it names.

    ``entity`` is the fullest name the document gives for the mention (``"Donald Trump"``
    for a mention ``"he"`` or ``"Trump"``), or ``None`` when nothing resolves it.
    """

    entity: Optional[str] = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )

    def __repr__(self) -> str:
        extra = f" -> {self.entity!r}" if self.entity and self.entity != self.text else ""
        return f"Speaker({self.start}:{self.end} {self.text!r}{extra})"


@attrs.frozen(repr=False)
class Addressee(Speaker):
    """Whom a quote is spoken to: a mention in the text ("Jane" in ``"Come in, Jane,"
    he said``), with the entity it names when resolved."""

    def __repr__(self) -> str:
        extra = f" -> {self.entity!r}" if self.entity and self.entity != self.text else ""
        return f"Addressee({self.start}:{self.end} {self.text!r}{extra})"


def _spans(value: Any) -> Tuple[Span, ...]:
    return tuple(v if isinstance(v, Span) else Span.from_dict(v) for v in value)


@attrs.frozen(repr=False)
class Cue(Span):
    """The words that frame the quote as speech: usually a reporting verb such as "said"."""

    lemma: str = attrs.field(default="", validator=attrs.validators.instance_of(str))

    def __repr__(self) -> str:
        return f"Cue({self.start}:{self.end} {self.text!r} lemma={self.lemma!r})"


def _unit_interval(instance: Any, attribute: "attrs.Attribute[float]", value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"Quote.confidence must lie in [0, 1], got {value}")


@attrs.frozen(repr=False)
class Quote:
    """One attributed quotation.

    ``start``/``end`` delimit the content (quotation marks included for direct quotes);
    ``speaker`` and ``cue`` are ``None`` when the text does not say who spoke. ``rule``
    names the sieve that attributed the quote and ``confidence`` ranks sieves by precision.
    ``addressee`` is whom the words are spoken to, when the text says so. ``fragments``
    are the quoted pieces inside a mixed quote (each a :class:`Span` within the quote).
    ``form`` tells what the content is (:data:`FORMS`): ``"quote"`` for the words in
    marks, ``"clause"`` for a reported clause, ``"noun-phrase"`` for a reported noun
    phrase ("hailed the moment of magic"); by default ``"quote"`` for a direct quote and
    ``"clause"`` otherwise.
    """

    start: int = attrs.field(validator=[attrs.validators.instance_of(int), _non_negative])
    end: int = attrs.field(validator=[attrs.validators.instance_of(int), _non_negative])
    text: str = attrs.field(validator=attrs.validators.instance_of(str))
    kind: QuoteKind = attrs.field(converter=QuoteKind)
    speaker: Optional[Speaker] = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Speaker))
    )
    cue: Optional[Cue] = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Cue))
    )
    rule: str = attrs.field(default="none", validator=attrs.validators.instance_of(str))
    confidence: float = attrs.field(default=0.0, converter=float, validator=_unit_interval)
    addressee: Optional[Addressee] = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Addressee))
    )
    fragments: Tuple[Span, ...] = attrs.field(default=(), converter=_spans)
    form: str = attrs.field(default=attrs.Factory(_default_form, takes_self=True),
                            validator=attrs.validators.in_(FORMS))

    def __attrs_post_init__(self) -> None:
        _check_offsets(self)
        for piece in self.fragments:
            if not self.start <= piece.start <= piece.end <= self.end:
                raise ValueError(f"Quote fragment {piece.start}..{piece.end} lies outside the quote "
                                 f"{self.start}..{self.end}")

    def __repr__(self) -> str:
        who = repr(self.speaker.text) if self.speaker else None
        cue = repr(self.cue.text) if self.cue else None
        return (
            f"Quote({self.kind.value} {self.start}:{self.end} {_short(self.text)!r}, "
            f"speaker={who}, cue={cue}, rule={self.rule!r})"
        )

    def to_dict(self) -> Dict[str, Any]:
        """A JSON-serialisable dict; :meth:`from_dict` reverses it."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind.value,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "rule": self.rule,
            "confidence": self.confidence,
            "addressee": self.addressee.to_dict() if self.addressee else None,
            "fragments": [piece.to_dict() for piece in self.fragments],
            "form": self.form,
        }

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "Quote":
        data = dict(data)
        if data.get("speaker") is not None:
            data["speaker"] = Speaker.from_dict(data["speaker"])
        if data.get("cue") is not None:
            data["cue"] = Cue.from_dict(data["cue"])
        if data.get("addressee") is not None:
            data["addressee"] = Addressee.from_dict(data["addressee"])
        return cls(**data)


@attrs.frozen(repr=False)
class QuoteSpan:
    """A quotation found by its marks alone, before any parsing.

    ``start`` is the opening mark and ``end`` one past the closing mark; ``content_start``
    and ``content_end`` exclude the marks. An unclosed quote ends with its paragraph and
    has ``unclosed=True``. A quote that runs over several paragraphs (news style: no
    closing mark at a paragraph end, an opening mark at the next paragraph's start) is a
    single span whose ``paragraphs`` lists one ``(start, end)`` piece per paragraph.
    ``depth`` is 0 for a top-level quote and grows by one per enclosing quote.
    """

    start: int = attrs.field(validator=_non_negative)
    end: int = attrs.field(validator=_non_negative)
    content_start: int = attrs.field(validator=_non_negative)
    content_end: int = attrs.field(validator=_non_negative)
    depth: int = attrs.field(default=0, validator=_non_negative)
    unclosed: bool = False
    open_mark: str = ""
    close_mark: str = ""
    paragraphs: Tuple[Tuple[int, int], ...] = attrs.field(default=(), converter=tuple)

    def __attrs_post_init__(self) -> None:
        if not self.start <= self.content_start <= self.content_end <= self.end:
            raise ValueError(
                "QuoteSpan offsets must satisfy start <= content_start <= content_end <= end, "
                f"got {self.start}, {self.content_start}, {self.content_end}, {self.end}"
            )
        if not self.paragraphs:
            object.__setattr__(self, "paragraphs", ((self.start, self.end),))

    def __repr__(self) -> str:
        flags = " unclosed" if self.unclosed else ""
        if len(self.paragraphs) > 1:
            flags += f" paragraphs={len(self.paragraphs)}"
        return f"QuoteSpan({self.start}:{self.end} depth={self.depth}{flags})"
