"""Tests for quoteattr.render: escaping, nesting, numbering, links and the terminal view.

The HTML is read back with html.parser, the way a browser would tokenise it, so the
checks see tags and attributes rather than substrings.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Dict, List, Optional, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteattr.model import Cue, Quote, Span, Speaker
from quoteattr.quotes import Quotes
from quoteattr.render import render_html, render_text

TAGS = {"div", "style", "span", "a", "p", "b", "table", "thead", "tbody", "tr", "th", "td"}
ATTRIBUTES = {"class", "id", "title", "href", "data-q"}


class Page(HTMLParser):
    """Tags, attributes and text of a rendering, with nesting errors collected."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: List[Tuple[str, Dict[str, Optional[str]]]] = []
        self.errors: List[str] = []
        self.stack: List[Tuple[str, Dict[str, Optional[str]]]] = []
        self.paragraphs: List[str] = []  # text of each <p> in the text area, numbers left out
        self.quote_text: Dict[str, str] = {}  # data-q -> its visible text
        self.cells: List[str] = []
        self.feed(html)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {[tag for tag, _ in self.stack]}")

    def _classes(self) -> List[str]:
        return [c for _, attrs in self.stack for c in (attrs.get("class") or "").split()]

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        entry = (tag, dict(attrs))
        self.tags.append(entry)
        self.stack.append(entry)
        if tag == "p" and any(c.endswith("-text") for c in self._classes()):
            self.paragraphs.append("")

    def handle_startendtag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        classes = self._classes()
        if any(c.endswith("-num") for c in classes):
            return
        if self.stack and self.stack[-1][0] == "td":
            self.cells.append(data)
        if not any(c.endswith("-text") for c in classes) or not self.paragraphs:
            return
        self.paragraphs[-1] += data
        for _, attrs in self.stack:
            if "data-q" in attrs:
                number = attrs["data-q"] or ""
                self.quote_text[number] = self.quote_text.get(number, "") + data

    def ids(self) -> List[str]:
        return [attrs["id"] or "" for _, attrs in self.tags if "id" in attrs]

    def hrefs(self) -> List[str]:
        return [attrs["href"] or "" for _, attrs in self.tags if "href" in attrs]


def quote(text: str, content: str, kind: str = "direct", speaker: Optional[str] = None,
          cue: Optional[str] = None, *, entity: Optional[str] = None, lemma: str = "",
          rule: str = "syntax", confidence: float = 0.9, after: int = 0) -> Quote:
    """A Quote over the first ``content`` in ``text`` at or after ``after``."""

    def find(phrase: str) -> int:
        return text.index(phrase, after)

    start = find(content)
    who = Speaker(find(speaker), find(speaker) + len(speaker), speaker, entity) if speaker else None
    verb = Cue(find(cue), find(cue) + len(cue), cue, lemma) if cue else None
    return Quote(start, start + len(content), content, kind, who, verb, rule, confidence)


def check_structure(page: Page) -> None:
    assert page.errors == []
    for tag, attrs in page.tags:
        assert tag in TAGS, tag
        assert set(attrs) <= ATTRIBUTES, attrs
        assert not (attrs.get("href") or "#").strip().lower().startswith("javascript")
    assert [tag for tag, _ in page.tags].count("style") == 1
    ids = page.ids()
    assert len(ids) == len(set(ids))
    for href in page.hrefs():
        assert href.startswith("#") and href[1:] in ids


HOSTILE = (
    'Ada Vance wrote <script>document.title="pwned"</script> in the log.\n\n'
    '"><img src=x onerror="document.title=\'pwned\'"> was the reply, said Bo Lark.\n\n'
    "Then </span></p></div><style>body{display:none}</style> & &amp; &lt; ended it."
)


def hostile_quotes() -> List[Quote]:
    t = HOSTILE
    return [
        quote(t, "<script>document.title=\"pwned\"</script>", "mixed", "Ada Vance", "wrote",
              entity='<b onmouseover="alert(1)">Ada</b>', lemma="<i>write</i>"),
        quote(t, '"><img src=x onerror="document.title=\'pwned\'">', "direct", "Bo Lark", "said",
              entity="Bo Lark", lemma="say", rule='"><script>alert(2)</script>'),
        quote(t, "</span></p></div><style>body{display:none}</style> & &amp; &lt;", "indirect"),
    ]


def test_hostile_text_renders_as_text() -> None:
    out = render_html(HOSTILE, hostile_quotes())
    assert "<script" not in out.lower()
    assert "<img" not in out.lower()
    assert "<b onmouseover" not in out.lower()
    page = Page(out)
    check_structure(page)
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
    assert page.paragraphs == HOSTILE.split("\n\n")
    titles = " ".join(attrs.get("title") or "" for _, attrs in page.tags)
    assert '<b onmouseover="alert(1)">Ada</b>' in titles  # unescaped by the parser: was text
    assert any('"><script>alert(2)</script>' in cell for cell in page.cells)


def test_overlapping_and_nested_quotes_nest_properly() -> None:
    t = "Kim Ota said the ferry would run “every hour, even in fog” until May, her aide added."
    outer = quote(t, "the ferry would run “every hour, even in fog” until May", "mixed",
                  "Kim Ota", "said", entity="Kim Ota", lemma="say")
    inner = quote(t, "“every hour, even in fog”", "direct", "Kim Ota", "said")
    crossing = quote(t, "even in fog” until May, her aide", "indirect", "aide", "added",
                     lemma="add", rule="pattern", confidence=0.8)
    speaker_inside = quote(t, "Kim Ota said the ferry", "indirect", "Kim Ota", "said")
    quotes = [outer, inner, crossing, speaker_inside]
    page = Page(render_html(t, quotes))
    check_structure(page)
    assert page.paragraphs == [t]
    for number, q in enumerate(quotes, start=1):
        assert page.quote_text[str(number)] == q.text
    speakers = [attrs for _, attrs in page.tags if "-speaker" in (attrs.get("class") or "")
                and attrs.get("title")]
    assert len(speakers) == 2  # "Kim Ota" drawn once for three quotes, "aide" once
    assert any("quotes 1, 2, 4" in (attrs["title"] or "") for attrs in speakers)


def test_numbers_link_to_table_rows_and_back() -> None:
    t = 'Uma Reed said "the pier is safe." Later she said the pier was safe enough.'
    quotes = [
        quote(t, '"the pier is safe."', "direct", "Uma Reed", "said"),
        quote(t, "the pier was safe enough", "indirect", "she", "said", entity="Uma Reed",
              after=t.index("Later")),
    ]
    out = render_html(t, quotes)
    page = Page(out)
    check_structure(page)
    refs = [attrs for _, attrs in page.tags if (attrs.get("id") or "").endswith(("-ref-1", "-ref-2"))]
    rows = [attrs for tag, attrs in page.tags if tag == "tr" and attrs.get("id")]
    assert len(refs) == 2 and len(rows) == 2
    for ref, row in zip(refs, rows):
        assert ref["href"] == "#" + (row["id"] or "")
    assert "she → Uma Reed" not in out  # the table keeps speaker and entity apart
    assert "Uma Reed" in page.cells and "she" in page.cells


def test_two_renderings_on_one_page_do_not_clash() -> None:
    t = 'Ivo Berg said "yes."'
    quotes = [quote(t, '"yes."', "direct", "Ivo Berg", "said")]
    first, second = Page(render_html(t, quotes)), Page(render_html(t, quotes))
    assert set(first.ids()).isdisjoint(second.ids())
    assert first.tags[0][1]["class"] != second.tags[0][1]["class"]
    both = Page(render_html(t, quotes) + render_html(t, quotes))
    assert len(both.ids()) == len(set(both.ids()))


def test_quotes_that_do_not_fit_are_skipped_with_a_note() -> None:
    t = "Noor Aziz said the road is open."
    good = quote(t, "the road is open", "indirect", "Noor Aziz", "said")
    outside = Quote(40, 45, "later", "direct")
    wrong_text = Quote(0, 4, "Nora", "direct")
    wrong_speaker = Quote(15, 31, "the road is open", "indirect", Speaker(0, 4, "Zara"))
    quotes = [outside, good, wrong_text, wrong_speaker]
    out = render_html(t, quotes)
    page = Page(out)
    check_structure(page)
    assert "Quote 1 is not shown: its offsets 40..45 fall outside the text" in out
    assert "Quote 3 is not shown: its text &#x27;Nora&#x27; differs" in out
    assert "Quote 4 is not shown: its speaker text" in out
    assert list(page.quote_text) == ["2"]  # numbered by position, gaps kept
    terminal = render_text(t, quotes, color=False)
    assert "1 quote in 32 characters" in terminal
    assert "note: Quote 1 is not shown" in terminal and "note: Quote 4" in terminal


def test_empty_inputs() -> None:
    page = Page(render_html("", []))
    check_structure(page)
    assert "No quotes." in render_html("A quiet day.", [])
    assert render_text("", [], color=False).startswith("0 quotes in 0 characters")
    t = 'Lia said "".'
    empty = Quote(9, 9, "", "direct", Speaker(0, 3, "Lia"))
    check_structure(Page(render_html(t, [empty])))


def test_multi_paragraph_quote_is_closed_and_reopened_per_paragraph() -> None:
    t = "Jo Park said:\n\n“The lights went out at nine.\n\n“Nobody came until dawn.”"
    q = quote(t, t[t.index("“"):], "direct", "Jo Park", "said", rule="neighbour")
    page = Page(render_html(t, [q]))
    check_structure(page)
    assert page.paragraphs == t.split("\n\n")
    assert page.quote_text["1"] == q.text.replace("\n\n", "")


def test_lone_surrogates_and_control_characters_do_not_break_output() -> None:
    t = "Ray Oduya said \ud800 and \x1b[31mred\x1b[0m.\r\n\r\nEnd."
    q = quote(t, "\ud800 and \x1b[31mred\x1b[0m", "indirect", "Ray Oduya", "said")
    render_html(t, [q]).encode("utf-8")
    terminal = render_text(t, [q], color=True)
    assert "\\x1b[31mred" in terminal and "\x1b[31mred" not in terminal


def test_render_text_lists_every_field_without_colour() -> None:
    t = "“We will open the school on Monday,” said Principal Ana Silva, who took office in June."
    q = quote(t, "“We will open the school on Monday,”", "direct", "Principal Ana Silva", "said",
              entity="Ana Silva", lemma="say", rule="pattern", confidence=0.8)
    out = render_text(t, [q, Quote(0, 1, "“", "direct")], color=False, width=40)
    assert "\x1b" not in out
    lines = out.splitlines()
    assert lines[0] == f"2 quotes in {len(t)} characters"
    header = "  1. direct   Principal Ana Silva → Ana Silva · said (say) · pattern 0.80 [0:36]"
    assert header in lines
    body = lines[lines.index(header) + 1 : lines.index(header) + 3]
    assert body == ["     “We will open the school on", "     Monday,”"]
    assert "  2. direct   (no speaker) · (no cue) · none 0.00 [0:1]" in lines


def test_render_text_colour_follows_tty_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    t = 'Eli said "go."'
    quotes = [quote(t, '"go."', "direct", "Eli", "said")]
    assert "\x1b[" in render_text(t, quotes, color=True)

    class Tty:
        def isatty(self) -> bool:
            return True

        def write(self, data: str) -> int:
            return len(data)

    monkeypatch.setattr("sys.stdout", Tty())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" in render_text(t, quotes)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in render_text(t, quotes)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr("sys.stdout", None)
    assert "\x1b[" not in render_text(t, quotes)


def test_quotes_display_in_notebooks_and_stay_a_list() -> None:
    t = 'Pia Holm said "the vote is final."'
    items = [quote(t, '"the vote is final."', "direct", "Pia Holm", "said")]
    quotes = Quotes(items, text=t)
    assert quotes == items and list(quotes) == items and isinstance(quotes, list)
    assert len(quotes) == 1 and quotes[0] is items[0] and quotes[:1] == items
    assert Quotes([], text=t) == []
    page = Page(quotes._repr_html_())
    check_structure(page)
    assert page.quote_text == {"1": '"the vote is final."'}


def test_large_text_renders() -> None:
    sentence = 'Ola Bay said "the tide is high." '
    t = sentence * 5000
    quotes = [quote(t, '"the tide is high."', "direct", "Ola Bay", "said", after=i * len(sentence))
              for i in range(0, 5000, 5)]
    out = render_html(t, quotes)
    assert out.count('data-q="') == len(quotes)


PARAGRAPH_BREAK = re.compile(r" *\n(?: *\n)+ *")


@st.composite
def texts_and_quotes(draw: st.DrawFn) -> Tuple[str, List[Quote]]:
    text = draw(st.text(alphabet='ab <&">\n', max_size=60))
    spans = st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(sorted)

    def span(cls: type, **extra: object) -> object:
        start, end = draw(spans)
        return cls(start, end, text[start:end], **extra)

    quotes = []
    for _ in range(draw(st.integers(0, 6))):
        start, end = draw(spans)
        speaker = span(Speaker, entity="<x>") if draw(st.booleans()) else None
        cue = span(Cue, lemma='"') if draw(st.booleans()) else None
        kind = draw(st.sampled_from(["direct", "mixed", "indirect"]))
        quotes.append(Quote(start, end, text[start:end], kind, speaker, cue))
    return text, quotes


@settings(max_examples=300, deadline=None)
@given(texts_and_quotes())
def test_any_quotes_render_as_well_formed_html(case: Tuple[str, List[Quote]]) -> None:
    text, quotes = case
    page = Page(render_html(text, quotes))
    check_structure(page)
    kept, last = [], 0
    for match in PARAGRAPH_BREAK.finditer(text):
        kept.append((last, match.start()))
        last = match.end()
    kept = [(start, end) for start, end in kept + [(last, len(text))] if end > start]
    expected = [text[start:end] for start, end in kept] or ["The text is empty."]
    assert page.paragraphs == expected
    for number, q in enumerate(quotes, start=1):
        visible = "".join(text[max(s, q.start):min(e, q.end)] for s, e in kept)
        assert page.quote_text.get(str(number), "") == visible


def test_public_api_exports_the_displays() -> None:
    import quoteattr

    assert quoteattr.render_html is render_html and quoteattr.render_text is render_text
    assert {"render_html", "render_text", "to_records"} <= set(quoteattr.__all__)


# --------------------------------------------------------------------------- what they accept


class _LooksLikeAQuote:
    """Has every attribute a Quote has, but is not one (and its confidence is no number)."""

    start, end, text, kind, rule, confidence = 0, 3, "Hey", "direct", "syntax", "high"
    speaker = cue = None


@pytest.mark.parametrize("render", [render_html, render_text])
@pytest.mark.parametrize("quotes, named", [
    ([_LooksLikeAQuote()], "_LooksLikeAQuote"),
    ([{"start": 0, "end": 3, "text": "Hey", "kind": "direct"}], "dict"),
    ([None], "NoneType"),
    ("Hey", "str"),
    (None, "NoneType"),
    (42, "int"),
])
def test_only_quotes_are_rendered(render, quotes, named: str) -> None:
    with pytest.raises(TypeError) as info:
        render("Hey there.", quotes)
    message = str(info.value)
    assert "Quote objects" in message and named in message and render.__name__ in message


@pytest.mark.parametrize("render", [render_html, render_text])
def test_text_must_be_a_str(render) -> None:
    with pytest.raises(TypeError, match="str"):
        render(b"Hey there.", [])


def test_control_characters_never_reach_the_html() -> None:
    controls = "".join(chr(c) for c in [*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0)])
    t = f"Oren Vale said {controls} was on the wire.\r\nThen \x1b[2J\x9b31m it stopped."
    q = quote(t, f"{controls} was on the wire", "indirect", "Oren Vale", "said")
    out = render_html(t, [q])
    assert not any(ch in out for ch in controls if ch != "\r")
    assert "\r" not in out
    assert "\\x1b[2J" in out and "\\x9b31m" in out and "\\x00" in out
    check_structure(Page(out))


def test_fragments_of_a_mixed_quote_are_highlighted_inside_it() -> None:
    t = "Lia Moss said the vote was “a farce” and the count “far too slow.”"
    start = t.index("the vote")
    a = t.index("“a farce”")
    c = t.index("“far")
    pieces = [Span(a, a + len("“a farce”"), "“a farce”"), Span(c, len(t), t[c:])]
    mixed = Quote(start, len(t), t[start:], "mixed", fragments=pieces)
    out = render_html(t, [mixed])
    page = Page(out)
    check_structure(page)
    assert page.quote_text["1"] == mixed.text
    frags = [attrs for _, attrs in page.tags if "-frag" in (attrs.get("class") or "")]
    assert len(frags) == 2 and all("quote 1" in (f.get("title") or "") for f in frags)
    assert "Quoted words" not in render_html(t, [Quote(start, len(t), t[start:], "mixed")])
