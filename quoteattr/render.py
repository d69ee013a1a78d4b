"""Displays of quotes over their text: HTML for notebooks, plain text for terminals.

Both displays treat the text as untrusted. The HTML escapes every character that comes
from the text or from a quote (the article may contain ``<script>``), and both views show
control characters (C0 and C1, except newline and tab) as visible escapes such as
``\x1b``, so that a text can send no escape codes to a terminal, and no NUL or CSI byte
into a page. A carriage return becomes a line break in the HTML.

Both take a ``str`` and :class:`~quoteattr.model.Quote` objects only (what ``extract``
and ``from_conllu`` return); anything else is a ``TypeError`` that says what to pass.

Offset policy: a quote whose own offsets, or whose speaker's or cue's offsets, do not fit
the text (outside it, or ``text[start:end]`` differs from the span's ``text``) is skipped,
and the output says which quote was skipped and why. Neither function raises on such
quotes, because a display that fails hides every other quote too.

Quotes are numbered by their position in the sequence, starting at 1, so that number
``n`` always means ``quotes[n - 1]``, whether or not other quotes were skipped.
"""

from __future__ import annotations

import html
import os
import re
import sys
import textwrap
import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from quoteattr.model import Quote, QuoteKind

__all__ = ["render_html", "render_text"]

# Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), each
# kind also drawn with its own underline style so that colour is never the only signal.
_KIND_STYLE: Dict[str, Tuple[str, str, str]] = {
    # kind: (tint, rule colour, rule style)
    "direct": ("#d9ecf8", "#0072b2", "solid"),
    "mixed": ("#fcebc7", "#e69f00", "dashed"),
    "indirect": ("#f6e1ec", "#cc79a7", "dotted"),
}

# The stylesheet lives in data/render.css; the colours of the three kinds are added here.
with open(os.path.join(os.path.dirname(__file__), "data", "render.css"), encoding="utf-8") as _file:
    _CSS = _file.read()

for _kind, (_tint, _colour, _style) in _KIND_STYLE.items():
    _CSS += f".P .P-{_kind}{{background:{_tint};border-bottom:2px {_style} {_colour}}}\n"

# A paragraph break is a blank line (whitespace allowed on it) or U+2029.
_BREAK = re.compile(r"[^\S\r\n]*(?:\r\n|\r|\n)(?:[^\S\r\n]*(?:\r\n|\r|\n))+[^\S\r\n]*|\u2029")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_EXCERPT = 90


def _visible(match: "re.Match[str]") -> str:
    """A control character as text: ``\\x1b`` for ESC, as the terminal view shows it."""
    return repr(match.group())[1:-1]


def _esc(value: object) -> str:
    """Escape for element text and quoted attribute values alike."""
    # Lone surrogates cannot be encoded as UTF-8, so a notebook could not send them.
    value = _SURROGATE.sub("\ufffd", str(value))
    value = _CONTROL.sub(_visible, value.replace("\r\n", "\n").replace("\r", "\n"))
    return html.escape(value, quote=True)


def _checked(text: Any, quotes: Any, caller: str) -> List[Quote]:
    """The quotes as a list, or a TypeError that says what ``caller`` takes."""
    if not isinstance(text, str):
        raise TypeError(f"{caller}() takes the text as str, got {type(text).__name__}")
    what = ("a list of Quote objects, as quoteattr.extract(), from_conllu(), from_stanza() "
            "and from_spacy() return")
    if isinstance(quotes, (str, bytes)) or not hasattr(quotes, "__iter__"):
        raise TypeError(f"{caller}() takes {what}; got {type(quotes).__name__}")
    items = list(quotes)
    for number, quote in enumerate(items, start=1):
        if not isinstance(quote, Quote):
            raise TypeError(f"{caller}() takes {what}; item {number} is {type(quote).__name__}")
    return items


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _kind(quote: Quote) -> str:
    return QuoteKind(quote.kind).value


def _misfit(text: str, quote: Quote) -> Optional[str]:
    """Why the quote cannot be shown over ``text``, or None when it fits."""
    try:
        parts: List[Tuple[str, Any]] = [
            ("", quote), ("speaker ", quote.speaker), ("cue ", quote.cue)
        ]
        for name, span in parts:
            if span is None:
                continue
            if not 0 <= span.start <= span.end <= len(text):
                return (
                    f"its {name}offsets {span.start}..{span.end} fall outside the text "
                    f"({len(text)} characters)"
                )
            if text[span.start : span.end] != span.text:
                return (
                    f"its {name}text {_short(span.text, 30)!r} differs from the text at "
                    f"{span.start}..{span.end} ({_short(text[span.start:span.end], 30)!r})"
                )
        _kind(quote)
    except (AttributeError, TypeError, ValueError):
        return f"it is not a Quote ({type(quote).__name__})"
    return None


def _split(text: str, quotes: Sequence[Quote]) -> Tuple[List[Tuple[int, Quote]], List[str]]:
    """Numbered quotes that fit the text, and one note per quote that does not."""
    shown: List[Tuple[int, Quote]] = []
    notes: List[str] = []
    for number, quote in enumerate(quotes, start=1):
        problem = _misfit(text, quote)
        if problem:
            notes.append(f"Quote {number} is not shown: {problem}.")
        else:
            shown.append((number, quote))
    return shown, notes


# --------------------------------------------------------------------------- HTML


@dataclass(eq=False)
class _Mark:
    """One element to wrap around a stretch of text: a quote, a speaker, a cue or a
    quoted fragment of a mixed quote."""

    start: int
    end: int
    rank: int  # 0 quote, 1 speaker, 2 cue, 3 quoted fragment: the outer element when spans coincide
    order: int
    classes: str
    title: str = ""
    number: Optional[int] = None  # quote number, for quote marks only
    shared_by: List[int] = field(default_factory=list)  # speaker and cue marks only

    def key(self) -> Tuple[int, int, int, int]:
        return (self.start, -self.end, self.rank, self.order)


def _quote_title(number: int, quote: Quote) -> str:
    lines = [f"Quote {number} · {_kind(quote)}"]
    if quote.speaker is not None:
        lines.append(f"Speaker: {quote.speaker.text}")
        lines.append(f"Entity: {quote.speaker.entity or 'unresolved'}")
    else:
        lines.append("Speaker: none found")
    if quote.cue is not None:
        lines.append(f"Cue: {quote.cue.text} (lemma: {quote.cue.lemma or '?'})")
    if quote.addressee is not None:
        lines.append(f"Spoken to: {quote.addressee.entity or quote.addressee.text}")
    lines.append(f"Rule: {quote.rule} · confidence {quote.confidence:.2f}")
    return "\n".join(lines)


def _marks(shown: Sequence[Tuple[int, Quote]], p: str) -> List[_Mark]:
    """The elements to draw; a speaker or cue shared by several quotes is drawn once."""
    marks: List[_Mark] = []
    shared: Dict[Tuple[int, int, int], _Mark] = {}
    for order, (number, quote) in enumerate(shown):
        if quote.end > quote.start:
            marks.append(
                _Mark(quote.start, quote.end, 0, order, f"{p}-q {p}-{_kind(quote)}",
                      _quote_title(number, quote), number)
            )
        for piece in getattr(quote, "fragments", ()):  # the quoted words of a mixed quote
            if piece.end > piece.start and quote.text[piece.start - quote.start:piece.end - quote.start] == piece.text:
                marks.append(_Mark(piece.start, piece.end, 3, order, f"{p}-frag",
                                   f"Quoted words in quote {number}"))
        for rank, span, role in ((1, quote.speaker, "speaker"), (2, quote.cue, "cue")):
            if span is None or span.end <= span.start:
                continue
            mark = shared.get((rank, span.start, span.end))
            if mark is None:
                mark = _Mark(span.start, span.end, rank, order, f"{p}-{role}")
                shared[(rank, span.start, span.end)] = mark
                marks.append(mark)
            mark.shared_by.append(number)
            if role == "speaker":
                entity = getattr(span, "entity", None)
                detail = f" → {entity}" if entity and entity != span.text else ""
            else:
                detail = f" (lemma: {getattr(span, 'lemma', '') or '?'})"
            many = "s" if len(mark.shared_by) > 1 else ""
            numbers = ", ".join(map(str, mark.shared_by))
            mark.title = f"{role.capitalize()} of quote{many} {numbers}{detail}"
    return marks


def _paragraphs(text: str) -> List[Tuple[int, int]]:
    """(start, end) of every non-empty paragraph; the breaks between them are dropped."""
    spans: List[Tuple[int, int]] = []
    last = 0
    for match in _BREAK.finditer(text):
        if match.start() > last:
            spans.append((last, match.start()))
        last = match.end()
    if last < len(text):
        spans.append((last, len(text)))
    return spans


def _body(text: str, marks: List[_Mark], p: str) -> Tuple[str, Set[int]]:
    """The text as paragraphs with every mark drawn, and the numbers that got a marker.

    The text is cut at every mark and paragraph boundary. Each piece is wrapped in the
    marks that cover it, outermost first; consecutive pieces share the open elements they
    have in common, so crossing spans are closed and reopened rather than mis-nested.
    """
    paragraphs = _paragraphs(text)
    if not paragraphs:
        return f'<p class="{p}-none">The text is empty.</p>', set()
    starts: Dict[int, List[_Mark]] = {}
    ends: Dict[int, List[_Mark]] = {}
    for mark in marks:
        starts.setdefault(mark.start, []).append(mark)
        ends.setdefault(mark.end, []).append(mark)
    bounds = sorted({0, len(text), *starts, *ends, *(x for s in paragraphs for x in s)})

    out: List[str] = []
    active: Set[_Mark] = set()
    stack: List[_Mark] = []
    numbered: Set[int] = set()
    para = 0
    for a, b in zip(bounds, bounds[1:]):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        while para < len(paragraphs) and paragraphs[para][1] <= a:
            para += 1
        if para == len(paragraphs) or paragraphs[para][0] > a:
            continue  # a paragraph break: nothing is drawn there
        if a == paragraphs[para][0]:
            out.append("<p>")
        wanted = sorted(active, key=_Mark.key)
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep] is wanted[keep]:
            keep += 1
        out.append("</span>" * (len(stack) - keep))
        stack = wanted
        for mark in wanted[keep:]:
            title = _esc(mark.title)
            data = f' data-q="{mark.number}"' if mark.number is not None else ""
            out.append(f'<span class="{mark.classes}"{data} title="{title}">')
            if mark.number is not None and mark.number not in numbered:
                numbered.add(mark.number)
                n = mark.number
                out.append(f'<a class="{p}-num" id="{p}-ref-{n}" href="#{p}-row-{n}">{n}</a>')
        out.append(_esc(text[a:b]))
        if b == paragraphs[para][1]:
            out.append("</span>" * len(stack) + "</p>")
            stack = []
    return "".join(out), numbered


def _legend(shown: Sequence[Tuple[int, Quote]], p: str) -> str:
    counts = {kind: 0 for kind in _KIND_STYLE}
    for _, quote in shown:
        counts[_kind(quote)] += 1
    total = len(shown)
    items = [f"<b>{total} quote{'' if total == 1 else 's'}</b>"]
    items += [
        f'<span><span class="{p}-key {p}-{kind}">{kind}</span> '
        f'<span class="{p}-dim">{counts[kind]}</span></span>'
        for kind in _KIND_STYLE
    ]
    items.append(f'<span class="{p}-speaker">speaker</span>')
    items.append(f'<span class="{p}-cue">cue</span>')
    items.append("<span>hover a quote for details; click its number for the table</span>")
    return f'<div class="{p}-legend">{"".join(items)}</div>'


def _cell(value: Optional[str], p: str, empty: str = "—") -> str:
    return _esc(value) if value else f'<span class="{p}-dim">{empty}</span>'


def _table(shown: Sequence[Tuple[int, Quote]], numbered: Set[int], p: str) -> str:
    if not shown:
        return f'<p class="{p}-none">No quotes.</p>'
    head = "".join(
        f"<th>{name}</th>" for name in ("#", "kind", "speaker", "entity", "cue", "rule", "text")
    )
    rows = []
    for number, quote in shown:
        n = str(number)
        if number in numbered:
            n = f'<a href="#{p}-ref-{number}">{number}</a>'
        cue = None
        if quote.cue is not None:
            cue = quote.cue.text
            if quote.cue.lemma and quote.cue.lemma != quote.cue.text:
                cue += f" ({quote.cue.lemma})"
        speaker = quote.speaker
        rows.append(
            f'<tr id="{p}-row-{number}"><td class="{p}-n">{n}</td>'
            f'<td class="{p}-k"><span class="{p}-key {p}-{_kind(quote)}">{_kind(quote)}</span></td>'
            f"<td>{_cell(speaker.text if speaker else None, p)}</td>"
            f'<td class="{p}-e">{_cell(speaker.entity if speaker else None, p)}</td>'
            f"<td>{_cell(cue, p)}</td>"
            f'<td class="{p}-r">{_esc(quote.rule)} <span class="{p}-dim">{quote.confidence:.2f}</span></td>'
            f'<td class="{p}-x">{_cell(_short(quote.text, _EXCERPT), p, "(empty)")}</td></tr>'
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def render_html(text: str, quotes: Iterable[Quote]) -> str:
    """A self-contained HTML fragment showing ``text`` with its quotes highlighted.

    No JavaScript and no external resources, so it displays the same in a notebook, a
    saved page or an e-mail. Class names and ids carry a prefix that is new on every
    call, so that two renderings on one page neither share styles nor clash on links.
    Quotes whose offsets do not fit the text are skipped with a note (see the module).
    """
    quotes = _checked(text, quotes, "render_html")
    p = f"qa{uuid.uuid4().hex[:10]}"
    shown, notes = _split(text, quotes)
    body, numbered = _body(text, _marks(shown, p), p)
    note_html = "".join(f'<p class="{p}-note">{_esc(note)}</p>' for note in notes)
    return (
        f'<div class="{p}"><style>{_CSS.replace(".P", "." + p)}</style>'
        f"{_legend(shown, p)}"
        f'<div class="{p}-text">{body}</div>'
        f"{note_html}{_table(shown, numbered, p)}</div>"
    )


# --------------------------------------------------------------------------- terminal

_ANSI = {"direct": "34", "mixed": "33", "indirect": "35", "bold": "1", "dim": "2", "note": "31"}


def _use_color(color: Optional[bool]) -> bool:
    """Colour when asked, or by default on a terminal unless NO_COLOR is set (no-color.org)."""
    if color is not None:
        return color
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def _plain(value: str) -> str:
    """One line of untrusted text with control characters (ANSI escapes) made visible."""
    value = " ".join(value.split())
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], value)


def render_text(
    text: str, quotes: Iterable[Quote], *, color: Optional[bool] = None, width: int = 88
) -> str:
    """The quotes as a numbered list for a terminal, one header line and the wrapped text.

    ``color=None`` colours only when stdout is a terminal and NO_COLOR is not set. Quotes
    whose offsets do not fit the text are skipped with a note, as in :func:`render_html`.
    """
    use = _use_color(color)

    def paint(value: str, style: str) -> str:
        return f"\x1b[{_ANSI[style]}m{value}\x1b[0m" if use else value

    quotes = _checked(text, quotes, "render_text")
    shown, notes = _split(text, quotes)
    count = f"{len(shown)} quote{'' if len(shown) == 1 else 's'}"
    lines = [paint(count, "bold") + paint(f" in {len(text):,} characters", "dim")]
    for number, quote in shown:
        kind = _kind(quote)
        if quote.speaker is None:
            who = paint("(no speaker)", "dim")
        else:
            who = paint(_plain(quote.speaker.text), "bold")
            entity = quote.speaker.entity
            if entity and entity != quote.speaker.text:
                who += f" → {_plain(entity)}"
            if quote.addressee is not None:
                who += f" to {_plain(quote.addressee.entity or quote.addressee.text)}"
        cue = paint("(no cue)", "dim")
        if quote.cue is not None:
            cue = _plain(quote.cue.text)
            if quote.cue.lemma and quote.cue.lemma != quote.cue.text:
                cue += f" ({_plain(quote.cue.lemma)})"
        lines.append("")
        lines.append(
            f"{paint(f'{number:>3}.', 'bold')} {paint(f'{kind:<8}', kind)} {who} · {cue} · "
            f"{_plain(quote.rule)} {quote.confidence:.2f} "
            + paint(f"[{quote.start}:{quote.end}]", "dim")
        )
        wrapped = textwrap.wrap(_plain(quote.text), width=max(width - 5, 20)) or ["(empty)"]
        lines.extend("     " + line for line in wrapped)
    if notes:
        lines.append("")
        lines.extend(paint(f"note: {_plain(note)}", "note") for note in notes)
    return "\n".join(lines) + "\n"
