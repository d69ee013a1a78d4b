"""Quotation spans found from the marks alone, before any parsing.

Candidate marks are found at C speed (str.find per mark character) and paragraph breaks
with one regex; a single pass over the candidates then decides, from the characters on
either side, whether each mark opens, closes, or is an apostrophe or inch mark, and pairs
marks with a small stack. Work is confined to one
paragraph at a time, so a stray mark can never swallow the rest of a document; the only
thing carried from one paragraph to the next is a quote left open at a paragraph end,
which continues when the next paragraph opens with a mark of the same kind (news style).
"""

from __future__ import annotations

import bisect
from typing import Dict, List, Optional, Tuple

import regex

# paragraph_starts and one_paragraph_per_line are also reachable from here, where they used to live
from quoteattr.layout import one_paragraph_per_line, paragraph_breaks, paragraph_starts  # noqa: F401
from quoteattr.model import QuoteSpan

__all__ = ["find_quotes"]

# Which marks can pair with each other: a closer closes the nearest opener of its family.
_FAMILY = {
    "\u201c": "double", "\u201d": "double", "\u201e": "double", '"': "double",
    "``": "double", "''": "double", "\u2018\u2018": "double", "\u2019\u2019": "double",
    "\u2018": "single", "\u2019": "single", "\u201a": "single", "'": "single",
    "\u00ab": "guillemet", "\u00bb": "guillemet",
    "\u2039": "angle", "\u203a": "angle",
    "\u300c": "corner", "\u300d": "corner",
    "\u300e": "white-corner", "\u300f": "white-corner",
}
_QUOTE_CHARS = "\"'\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f`"
# Characters after which a mark reads as opening, and before which it reads as closing.
_OPEN_CONTEXT = frozenset("([{<\u2014\u2013-/" + _QUOTE_CHARS)
_CLOSE_CONTEXT = frozenset(".,;:!?)]}>\u2026\u2014\u2013-/" + _QUOTE_CHARS)
_DASHES = frozenset("\u2014\u2015")
# Marks that also write feet and inches, straight or turned curly by a word processor.
_PRIMES = frozenset(("\"", "'", "\u201d", "\u2019", "''"))
# Marks whose direction comes from context alone, as with straight double quotes.
_STRAIGHT_DOUBLE = ("\"", "''")

# Roles a mark can play, decided from its neighbours.
(_NONE, _OPEN, _CLOSE, _EITHER, _WEAK_CLOSE, _OPEN_OR_LOW_CLOSE, _INCH_CLOSE,
 _WEAK_DOUBLE_CLOSE) = range(8)
_SINGLE_CLOSERS = frozenset((_CLOSE, _WEAK_CLOSE, _EITHER))

# Every character that can be, or begin, a quotation mark. Candidates are found with
# str.find, one character at a time: that runs at C speed, several times faster than a
# character-class regex scan, and the work per candidate below stays small.
_MARK_CHARS = "\"'`\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f"
_PAIRABLE = frozenset("`'\u2018\u2019")  # doubled, these write a double quotation mark
_APOSTROPHES = frozenset("'\u2019")
# Characters after which three apostrophes read as '' + ' (opening) rather than ' + ''.
_RUN_OPENS_AFTER = frozenset("([{<\u2014\u2013-/")
# Punctuation right before a spaced straight double mark, which then can only close.
_SPACED_CLOSE_AFTER = frozenset(".,;:!?")
# Word-initial elisions: 'em, 'cause, 'til, 'n' (rock 'n' roll), '90s, '08.
_ELISION = regex.compile(r"(?i:em|cause|cos|cuz|til|tis|twas|n|bout|nuff)\b|\d\d(?:s\b|\b)")
# Feet and inches: 5'10", 6' 2".
_FEET_INCHES = regex.compile(r"\d['\u2019]\s?\d{1,2}$")


class _Open:
    """An opening mark waiting for its closer."""

    __slots__ = ("start", "mark", "family", "depth", "pieces", "piece_start")

    def __init__(self, start: int, mark: str, family: str, depth: int) -> None:
        self.start = start
        self.mark = mark
        self.family = family
        self.depth = depth
        self.pieces: List[Tuple[int, int]] = []  # finished paragraphs of a multi-paragraph quote
        self.piece_start = start


def _role(text: str, pos: int, mark: str) -> int:
    """Decide what the mark at ``text[pos:]`` does, from the characters around it."""
    end = pos + len(mark)
    prev = text[pos - 1] if pos else " "
    nxt = text[end] if end < len(text) else " "
    if mark in ("\u201e", "\u201a", "``", "\u2018\u2018", "\u300c", "\u300e"):
        return _NONE if nxt.isspace() and mark in ("\u201e", "\u201a") else _OPEN
    if mark in ("\u2019\u2019", "\u300d", "\u300f"):
        return _CLOSE
    can_open = not nxt.isspace()
    can_close = not prev.isspace()
    if mark in ("\u00ab", "\u2039"):  # French «…», or German »…« closing
        return _CLOSE if can_close and not can_open else _OPEN
    if mark in ("\u00bb", "\u203a"):
        return _OPEN if can_open and not can_close else _CLOSE
    single = mark in ("'", "\u2018", "\u2019")
    if single and _is_apostrophe(text, pos, prev, nxt):
        return _NONE
    if mark == "''" and prev.isalnum() and nxt.isalnum():
        return _NONE  # a doubled apostrophe inside a word: can''t
    if prev.isdigit() and mark in _PRIMES:
        if _FEET_INCHES.search(text, max(0, pos - 6), pos):
            return _NONE
        if _is_inch_mark(text, pos, nxt):
            # Only a quote already open makes it a closer: "I was born in 1990" he said.
            closer = mark in ('"', "\u201d", "''")
            return _INCH_CLOSE if closer and not nxt.isalnum() else _NONE
    if can_open and not can_close:
        return _OPEN
    if can_close and not can_open:
        if prev in "sS" and mark != "\u2018":
            if single:
                return _WEAK_CLOSE  # the students' votes: a plural possessive, usually
            if mark == "''" and nxt == " " and text[end + 1: end + 2].islower():
                return _WEAK_DOUBLE_CLOSE  # the students'' votes: a mistyped possessive?
        return _CLOSE
    if not can_open:
        return _spaced_role(text, pos, end, mark)
    opens = prev in _OPEN_CONTEXT
    closes = nxt in _CLOSE_CONTEXT
    if opens and not closes:
        return _OPEN
    if closes and not opens:
        return _CLOSE
    if mark in ("\u201c", "\u2018"):  # canonical openers; German „…“ closes with them
        return _OPEN_OR_LOW_CLOSE
    if prev.isalnum() and mark not in _STRAIGHT_DOUBLE:  # word”word: its shape decides
        return _CLOSE
    return _EITHER  # closes an open quote, or else opens: said:"Yes or about"this


def _spaced_role(text: str, pos: int, end: int, mark: str) -> int:
    """A mark with whitespace on both sides is stray unless a neighbour one space away
    explains it: an ellipsis (" … and then") or another quote it nests with (' ")."""
    after = text[end: end + 6].lstrip()
    before = text[max(0, pos - 6): pos].rstrip()
    if after[:1] == "\u2026" or after[:3] == "...":
        return _OPEN
    if before[-1:] == "\u2026" or before[-3:] == "...":
        return _CLOSE
    if mark == "\u201c":  # context says nothing, so the shape decides
        return _OPEN
    if mark == "\u201d":
        return _CLOSE
    family = _FAMILY[mark]
    if before[-1:] in _FAMILY and _FAMILY[before[-1:]] != family:
        return _CLOSE
    if after[:1] in _FAMILY and _FAMILY[after[:1]] != family:
        return _OPEN
    if mark in _STRAIGHT_DOUBLE and before[-1:] in _SPACED_CLOSE_AFTER:
        return _CLOSE  # "Yes, " she said: closes a quote left open, else stays stray
    return _NONE


def _is_apostrophe(text: str, pos: int, prev: str, nxt: str) -> bool:
    """True for elisions ('em, '90s, rock 'n' roll) and letters on both sides."""
    if prev.isalnum() and nxt.isalnum():
        return True
    if nxt in "sS" and not prev.isspace() and not text[pos + 2: pos + 3].isalpha():
        return True  # a possessive after an abbreviation or a bracket: U.N.'s, (D)'s
    if (prev.isspace() or prev in _OPEN_CONTEXT) and _ELISION.match(text, pos + 1):
        return True
    # The second mark of 'n'.
    return prev in "nN" and pos >= 2 and text[pos - 2] in "'\u2018\u2019" and nxt.isspace()


def _is_inch_mark(text: str, pos: int, nxt: str) -> bool:
    """A mark right after a number measures something: 5'10", a 12" pipe, 12"-long."""
    if nxt.isalnum() or nxt == "-":
        return True
    if nxt == " ":
        following = text[pos + 2: pos + 3]
        return following.islower() or following.isdigit()
    return False


def _trim_end(text: str, end: int, floor: int) -> int:
    """Move ``end`` left past whitespace, not below ``floor``."""
    while end > floor and text[end - 1].isspace():
        end -= 1
    return end


class _Scanner:
    """Pairs marks paragraph by paragraph and collects the finished spans."""

    def __init__(self, text: str, dashes: bool) -> None:
        self.text = text
        self.dashes = dashes
        self.spans: List[QuoteSpan] = []
        self.pending: Optional[_Open] = None  # a quote left open at the last paragraph end
        self.pending_end = 0

    def close(self, entry: _Open, close_pos: int, close_mark: str) -> None:
        end = close_pos + len(close_mark)
        unclosed = not close_mark and entry.family != "dash"
        content_start = min(entry.start + len(entry.mark), close_pos)
        if entry.family == "dash":
            while content_start < close_pos and self.text[content_start].isspace():
                content_start += 1
        self.spans.append(
            QuoteSpan(
                start=entry.start,
                end=end,
                content_start=content_start,
                content_end=close_pos,
                depth=entry.depth,
                unclosed=unclosed,
                open_mark=entry.mark,
                close_mark=close_mark,
                paragraphs=entry.pieces + [(entry.piece_start, end)],
            )
        )

    def flush_pending(self) -> None:
        if self.pending is not None:
            self.close(self.pending, self.pending_end, "")
            self.pending = None

    def paragraph(self, start: int, end: int, marks: List[Tuple[int, str]]) -> None:
        """Pair the marks of one paragraph ``text[start:end]``."""
        text = self.text
        stack: List[_Open] = []
        counts: Dict[str, int] = {}  # open quotes on the stack, per family
        index = 0
        if self.pending is not None:
            first = marks[0] if marks else None
            entry = self.pending
            if first is not None and first[0] == start and self._continues(first, entry):
                entry.pieces.append((entry.piece_start, self.pending_end))
                entry.piece_start = start
                stack.append(entry)
                counts[entry.family] = 1
                index = 1
                self.pending = None
            else:
                self.flush_pending()
        if not stack and self.dashes and start < end and (text[start] in _DASHES or text.startswith("--", start)) \
                and text[start + 1:end].strip(" -"):
            # an em dash, or two hyphens where a typewriter had no dash ("--Not yet.")
            mark = "--" if text.startswith("--", start) else text[start]
            stack.append(_Open(start, mark, "dash", 0))
            counts["dash"] = 1
        resolved: List[Tuple[int, str, str, int]] = []  # (offset, mark, family, role)
        last_single_close = -1
        weak_double = False
        for pos, mark in marks[index:]:
            role = _role(text, pos, mark)
            if role != _NONE:
                family = _FAMILY[mark]
                if family == "single" and role in _SINGLE_CLOSERS:
                    last_single_close = len(resolved)
                weak_double = weak_double or role == _WEAK_DOUBLE_CLOSE
                resolved.append((pos, mark, family, role))
        closer_follows = _closers_follow(resolved) if weak_double else []
        for i, (pos, mark, family, role) in enumerate(resolved):
            if role == _OPEN_OR_LOW_CLOSE:
                low = stack and stack[-1].family == family and stack[-1].mark in "\u201e\u201a"
                role = _CLOSE if low else _OPEN
            elif role == _WEAK_CLOSE:
                if i != last_single_close and not _closes_one_word(text, stack, pos):
                    continue
                role = _CLOSE
            elif role == _INCH_CLOSE:
                role = _CLOSE
            elif role == _WEAK_DOUBLE_CLOSE:
                if closer_follows[i]:
                    continue
                role = _CLOSE
            if role != _OPEN and counts.get(family):
                if family == "single" and stack[-1].family != family:
                    continue  # an apostrophe-like mark never closes through another quote
                while True:
                    entry = stack.pop()
                    counts[entry.family] -= 1
                    if entry.family == family:
                        self.close(entry, pos, mark)
                        break
                    self.close(entry, pos, "")
            elif role == _OPEN or role == _EITHER:
                stack.append(_Open(pos, mark, family, len(stack)))
                counts[family] = counts.get(family, 0) + 1
        # The paragraph ends: inner quotes close unclosed; the outermost may continue.
        while len(stack) > 1:
            self.close(stack.pop(), end, "")
        if stack:
            entry = stack.pop()
            if entry.family == "dash":
                self.close(entry, end, "")
            else:
                self.pending = entry
                self.pending_end = end

    def _continues(self, first: Tuple[int, str], entry: _Open) -> bool:
        """Does the paragraph's opening mark continue the quote left open before it?"""
        mark = first[1]
        if _FAMILY[mark] != entry.family or _style(mark) != _style(entry.mark):
            return False  # a straight mark does not continue a curly quote, nor the reverse
        role = _role(self.text, first[0], mark)
        return role in (_OPEN, _EITHER, _OPEN_OR_LOW_CLOSE)


def _style(mark: str) -> int:
    """How a mark is typed: straight (" '), doubled ASCII ('' ``) or typographic."""
    if mark == '"' or mark == "'":
        return 0
    return 1 if mark == "''" or mark == "``" else 2


def _closes_one_word(text: str, stack: List[_Open], pos: int) -> bool:
    """Does the single mark at ``pos`` end a one-word single quote opened just before it,
    as in 'Brussels'? A plural possessive is then the less likely reading."""
    if not stack or stack[-1].family != "single" or pos - stack[-1].start > 40:
        return False
    word = text[stack[-1].start + 1: pos]
    return bool(word) and not any(c.isspace() for c in word)


def _closers_follow(resolved: List[Tuple[int, str, str, int]]) -> List[bool]:
    """For each mark, is the next mark of its family a plain closer? Then a weak closer
    reads better as a mistyped possessive: the students'' votes. One pass from the end,
    so a paragraph of many such marks costs linear time, not quadratic."""
    follows = [False] * len(resolved)
    next_role: Dict[str, int] = {}  # family -> role of the nearest mark after this one
    for i in range(len(resolved) - 1, -1, -1):
        family, role = resolved[i][2], resolved[i][3]
        after = next_role.get(family)
        follows[i] = after == _CLOSE or after == _INCH_CLOSE
        next_role[family] = role
    return follows


def _candidates(text: str) -> List[int]:
    """Sorted offsets of every character that may be a quotation mark."""
    found: List[int] = []
    for char in _MARK_CHARS:
        i = text.find(char)
        while i >= 0:
            found.append(i)
            i = text.find(char, i + 1)
    found.sort()
    return found


# An HTML or XML tag left in scraped text (<tweet author="...">): its attribute quotes
# are no quotation marks.
_TAG = regex.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")


def _outside_markup(text: str, candidates: List[int]) -> List[int]:
    """The candidates that do not sit inside a markup tag."""
    if "<" not in text:
        return candidates
    tags = [m.span() for m in _TAG.finditer(text)]
    if not tags:
        return candidates
    starts = [a for a, _ in tags]
    out = []
    for i in candidates:
        k = bisect.bisect_right(starts, i) - 1
        if k < 0 or i >= tags[k][1]:
            out.append(i)
    return out


def _marks(text: str, candidates: List[int]) -> List[Tuple[int, str]]:
    """(start, end) of each mark, two-character marks joined; in-word apostrophes
    (don't, O'Brien, 5'10) and lone backticks dropped."""
    marks: List[Tuple[int, str]] = []
    last = len(text) - 1
    skip = 0  # candidates before this offset belong to a mark already taken
    for i in candidates:
        if i < skip:
            continue
        char = text[i]
        if char in _PAIRABLE and i < last and text[i + 1] == char:
            if (char == "'" and i + 1 < last and text[i + 2] == "'"
                    and i and not text[i - 1].isspace() and text[i - 1] not in _RUN_OPENS_AFTER):
                # Three apostrophes after a word close a single quote and then a double
                # one (' + ''); elsewhere they open a double and then a single ('' + ').
                marks.append((i, "'"))
                marks.append((i + 1, "''"))
                skip = i + 3
                continue
            marks.append((i, char + char))  # `` '' ‘‘ ’’
            skip = i + 2
        elif char in _APOSTROPHES:
            if not (0 < i < last and text[i - 1].isalnum() and text[i + 1].isalnum()):
                marks.append((i, char))
        elif char != "`":
            marks.append((i, char))
    return marks


def find_quotes(text: str, *, dashes: bool = False) -> List[QuoteSpan]:
    """Every quotation span in ``text``, sorted by start, nested spans included.

    With ``dashes=True`` a paragraph that opens with an em dash (or ``--``) is a quoted
    utterance running to the paragraph end (dialogue style). Never raises on a ``str``.
    """
    if not isinstance(text, str):
        raise TypeError(f"find_quotes() expects str, got {type(text).__name__}")
    breaks = paragraph_breaks(text)
    marks = _marks(text, _outside_markup(text, _candidates(text)))
    scanner = _Scanner(text, dashes)
    start = 0
    while start < len(text) and text[start].isspace():
        start += 1
    index = 0
    for brk in breaks.finditer(text):
        end, next_start = brk.span()
        stop = index
        while stop < len(marks) and marks[stop][0] < end:
            stop += 1
        if stop > index or scanner.pending is not None or dashes:
            scanner.paragraph(start, _trim_end(text, end, start), marks[index:stop])
        index = stop
        start = next_start
    scanner.paragraph(start, _trim_end(text, len(text), start), marks[index:])
    scanner.flush_pending()
    scanner.spans.sort(key=lambda s: s.start)
    return scanner.spans
