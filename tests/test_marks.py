"""Tests for the quotation span tokenizer (quoteattr.marks.find_quotes).

The table lists one behaviour per case as (id, text, expected spans, options); each
expected span is the text from its opening mark to its end, optionally with its depth
and whether it is unclosed: "“x”" means depth 0 and closed, ("‘y’", 1) a closed child,
("“z", 0, True) an unclosed top-level quote.
"""

from __future__ import annotations

import os
from typing import List, Tuple, Union

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteattr import QuoteSpan, find_quotes
from quoteattr import marks as marks_module

Expected = Union[str, Tuple[str, int], Tuple[str, int, bool]]

CASES: List[Tuple[str, str, List[Expected], dict]] = [
    # --- every pair of marks -----------------------------------------------------------
    ("curly-double", "She said “we are ready” and left.", ["“we are ready”"], {}),
    ("straight-double", 'He said "the bridge is closed" today.', ['"the bridge is closed"'], {}),
    ("curly-single", "The sign read ‘no entry’ in red.", ["‘no entry’"], {}),
    ("straight-single", "The label said 'fragile' on both sides.", ["'fragile'"], {}),
    ("guillemets", "Il a dit «bonjour» hier.", ["«bonjour»"], {}),
    ("guillemets-spaced", "Elle a répondu « non » sans attendre.", ["« non »"], {}),
    ("guillemets-reversed", "Er sagte »morgen« und ging.", ["»morgen«"], {}),
    ("low-high-left", "Sie sagte „vielleicht“ leise.", ["„vielleicht“"], {}),
    ("low-high-left-comma", "„Ja“, sagte sie.", ["„Ja“"], {}),
    ("low-high-right", "Er schrieb „genug” am Ende.", ["„genug”"], {}),
    ("low-single", "Sie rief ‚leise‘ zurück.", ["‚leise‘"], {}),
    ("angle-single", "Il a noté ‹ici› au crayon.", ["‹ici›"], {}),
    ("corner", "彼は「はい」と言った。", ["「はい」"], {}),
    ("white-corner", "題は『雪国』です。", ["『雪国』"], {}),
    ("treebank", "The mayor said ``we will rebuild'' on Monday.", ["``we will rebuild''"], {}),
    ("doubled-curly-singles", "He called it ‘‘a mess’’ twice.", ["‘‘a mess’’"], {}),
    # --- nesting -------------------------------------------------------------------------
    ("nest-curly", "“She told me ‘wait here’ and left,” he said.",
     ["“She told me ‘wait here’ and left,”", ("‘wait here’", 1)], {}),
    ("nest-straight", "\"They shouted 'stop' twice,\" she said.",
     ["\"They shouted 'stop' twice,\"", ("'stop'", 1)], {}),
    ("nest-three", "“He said ‘she wrote “no” to us’ again.”",
     ["“He said ‘she wrote “no” to us’ again.”", ("‘she wrote “no” to us’", 1), ("“no”", 2)], {}),
    ("nest-straight-in-curly", "“The file says \"draft\" on top,” he said.",
     ["“The file says \"draft\" on top,”", ('"draft"', 1)], {}),
    ("two-in-a-row", "“Yes,” she said, “absolutely.”", ["“Yes,”", "“absolutely.”"], {}),
    ("straight-two-in-a-row", '"One," he said. "Two."', ['"One,"', '"Two."'], {}),
    ("nest-marks-adjacent", "“‘Stop,’ they said,” she recalled.",
     ["“‘Stop,’ they said,”", ("‘Stop,’", 1)], {}),
    # --- apostrophes and elisions ----------------------------------------------------------
    ("contractions", "I don't think it's ready, and they won't wait.", [], {}),
    ("markup-attributes", 'She posted <tweet author="harbourboard" id="12">"Open again," it read.</tweet>',
     ['"Open again,"'], {}),
    ("markup-self-closing", 'A photo <img alt="the pier"/> ran with the headline "Pier reopens."',
     ['"Pier reopens."'], {}),
    ("less-than-is-no-tag", 'Costs rose 3 < 4 "as planned," she said > 2.', ['"as planned,"'], {}),
    ("decade-straight", "Those were the '90s, when the band formed.", [], {}),
    ("decade-curly", "It’s the ’90s again.", [], {}),
    ("year-elision", "The class of '08 met again.", [], {}),
    ("rock-n-roll", "They played rock 'n' roll all night.", [], {}),
    ("rock-n-roll-curly", "They played rock ’n’ roll all night.", [], {}),
    ("plural-possessive", "The students' votes were counted.", [], {}),
    ("plural-possessive-curly", "The students’ votes were counted.", [], {}),
    ("em-cause", "Tell ’em we’re coming ’cause it’s late.", [], {}),
    ("til-straight", "We waited 'til dawn.", [], {}),
    ("name-apostrophe", "O'Brien's dog barked.", [], {}),
    ("abbreviation-possessive", "The U.N.'s budget grew.", [], {}),
    ("possessive-in-single", "He wrote 'the players' union' on the board.", ["'the players' union'"], {}),
    ("possessive-closes-when-last", "'I trust my parents' he said.", ["'I trust my parents'"], {}),
    ("tis-curly-left-mark", "‘Tis the season, they said.", [], {}),
    ("apostrophe-in-double", "\"I can't stay,\" she said.", ["\"I can't stay,\""], {}),
    ("apostrophe-in-single", "'We can't,' said Ana.", ["'We can't,'"], {}),
    ("elision-in-double", "“We’ll rock ’n’ roll ’til the ’90s end,” he joked.",
     ["“We’ll rock ’n’ roll ’til the ’90s end,”"], {}),
    # --- straight-quote direction -----------------------------------------------------------
    ("after-colon", 'She paused and said:"Move on" before leaving.', ['"Move on"'], {}),
    ("closer-before-word", 'He called it "odd"and laughed.', ['"odd"'], {}),
    ("opener-after-word", 'They talked about"the plan" for hours.', ['"the plan"'], {}),
    ("whole-text", '"Done."', ['"Done."'], {}),
    ("in-parentheses", '("Maybe," she said)', ['"Maybe,"'], {}),
    ("after-dash", 'He hesitated—"fine"—and signed.', ['"fine"'], {}),
    ("spaced-straight-is-stray", 'The score was 3 " 2 at half time.', [], {}),
    ("spaced-closer-after-single", "\"I hate the word 'surely,' \" she said.",
     ["\"I hate the word 'surely,' \"", ("'surely,'", 1)], {}),
    # --- inch and foot marks -------------------------------------------------------------
    ("feet-inches", 'He is 5\'10" and plays guard.', [], {}),
    ("inch-pipe", 'They laid a 12" pipe under the road.', [], {}),
    ("inch-hyphen", 'Buy the 12"-long board.', [], {}),
    ("foot-mark", "The fence is 6' tall.", [], {}),
    ("feet-inches-curly", "She is 5’10” without shoes.", [], {}),
    ("number-before-closer", 'He said "we won in 2016" at the rally.', ['"we won in 2016"'], {}),
    ("number-comma-closer", '"We opened in 1998," she said.', ['"We opened in 1998,"'], {}),
    ("inch-inside-quote", '"It is 5\'10" tall," she said.', ['"It is 5\'10" tall,"'], {}),
    # --- unclosed and stray marks ----------------------------------------------------------
    ("unclosed-paragraph", 'He shouted "run and never looked back.\n\nThe next day was quiet.',
     [('"run and never looked back.', 0, True)], {}),
    ("unclosed-then-quote", "She said “wait for me.\n\nOthers left. “Go,” he said.",
     [("“wait for me.", 0, True), "“Go,”"], {}),
    ("unclosed-at-text-end", "He began “this is", [("“this is", 0, True)], {}),
    ("unclosed-child", "“Take the ‘east road,” she said.",
     ["“Take the ‘east road,”", ("‘east road,", 1, True)], {}),
    ("stray-closer", "The end” of it, and “next” one.", ["“next”"], {}),
    ("stray-does-not-swallow", 'A " b\n\n"Real," he said.\n\nC.', ['"Real,"'], {}),
    ("unclosed-trailing-space", "He began “this is  \n\nNext.", [("“this is", 0, True)], {}),
    # --- multi-paragraph quotes -------------------------------------------------------------
    ("multi-blank", "“First part.\n\n“Second part,” he said.",
     ["“First part.\n\n“Second part,”"], {}),
    ("multi-three", "“One.\n\n“Two.\n\n“Three.” Done.", ["“One.\n\n“Two.\n\n“Three.”"], {}),
    ("multi-lines", "“First part.\n“Second part.”\nNext line.", ["“First part.\n“Second part.”"], {}),
    ("multi-straight", '"One.\n\n"Two," she said.', ['"One.\n\n"Two,"'], {}),
    ("multi-needs-opening-mark", "“First part.\n\nNarration “inner” text.",
     [("“First part.", 0, True), "“inner”"], {}),
    ("multi-style-must-match", "“One.\n\n\"Two.\"", [("“One.", 0, True), '"Two."'], {}),
    ("multi-unclosed-end", "“One.\n\n“Two.", [("“One.\n\n“Two.", 0, True)], {}),
    ("crlf-blank-lines", "“One.\r\n\r\n“Two.” Done.", ["“One.\r\n\r\n“Two.”"], {}),
    ("crlf-unclosed", "He said “wait\r\n\r\nNext.", [("“wait", 0, True)], {}),
    ("paragraph-separator", "“One.\u2029“Two.” Done.", ["“One.\u2029“Two.”"], {}),
    ("lines-with-section-break",
     "Intro.\n“One.\n“Two.”\nMore text.\n\nA new section.\nIt goes on.\nAnd on.",
     ["“One.\n“Two.”"], {}),
    ("hard-wrapped", 'He said "this is a long\nline of speech" and left.\n\nAnother\nparagraph here.',
     ['"this is a long\nline of speech"'], {}),
    # --- curly quotes the wrong way round ------------------------------------------------
    ("right-mark-opens", "”Wrong way,” she said.", ["”Wrong way,”"], {}),
    ("left-mark-closes", "She called it “odd“ and left.", ["“odd“"], {}),
    ("no-space-before-opener", "He said,“Hello” twice.", ["“Hello”"], {}),
    ("ellipsis-opener", "He said. ” … and then we left,” he added.", ["” … and then we left,”"], {}),
    ("spaced-opener", "She asked, “ you know what I mean?” and smiled.",
     ["“ you know what I mean?”"], {}),
    # --- two straight apostrophes as a double mark (New York Times style) -----------------
    ("apos-pair", "''The river is rising,'' the ranger said.", ["''The river is rising,''"], {}),
    ("apos-pair-mid-sentence", "She called the plan ''a long shot'' at lunch.", ["''a long shot''"], {}),
    ("apos-pair-two-in-a-row", "''Maybe,'' he said. ''Ask me tomorrow.''",
     ["''Maybe,''", "''Ask me tomorrow.''"], {}),
    ("apos-pair-nested-single", "''They kept shouting 'not here' all night,'' she said.",
     ["''They kept shouting 'not here' all night,''", ("'not here'", 1)], {}),
    ("apos-pair-triple-close", "''He told me 'we are done,''' she recalled.",
     ["''He told me 'we are done,'''", ("'we are done,'", 1)], {}),
    ("apos-pair-triple-open", "He replied, '''Sir, we are closed,' the guard said.''",
     ["'''Sir, we are closed,' the guard said.''", ("'Sir, we are closed,'", 1)], {}),
    ("apos-pair-single-then-period", "''Ask them what 'soon' means?'.'' he wrote.",
     ["''Ask them what 'soon' means?'.''", ("'soon'", 1)], {}),
    ("apos-pair-in-parentheses", "(''Not today,'' she wrote.)", ["''Not today,''"], {}),
    ("apos-pair-after-colon", "The sign said:''Closed'' in red.", ["''Closed''"], {}),
    ("apos-pair-multi-paragraph", "''First we waited.\n\n''Then we left,'' she said.",
     ["''First we waited.\n\n''Then we left,''"], {}),
    ("apos-pair-multi-lines", "Intro.\n''First we waited.\n''Then we left.''\nAfter.",
     ["''First we waited.\n''Then we left.''"], {}),
    ("apos-pair-multi-style-must-match", "''First we waited.\n\n\"Then we left.\"",
     [("''First we waited.", 0, True), '"Then we left."'], {}),
    ("apos-pair-unclosed", "He began ''we will see\n\nLater.", [("''we will see", 0, True)], {}),
    ("apos-pair-number-inside", "Press ''1'' for help.", ["''1''"], {}),
    ("apos-pair-inch-mark", "They laid a 12'' pipe under the road.", [], {}),
    ("apos-pair-in-word", "They can''t come today.", [], {}),
    ("apos-pair-possessive-typo", "The students'' votes were counted.", [], {}),
    ("apos-pair-possessive-typo-inside", "''We counted the students'' votes twice,'' he said.",
     ["''We counted the students'' votes twice,''"], {}),
    ("apos-pair-plural-word-closes", "She praised the ''Good Neighbors'' program. ''It works,'' she said.",
     ["''Good Neighbors''", "''It works,''"], {}),
    ("apos-pair-possessive-then-close", "''It is the Smiths''' he said.", ["''It is the Smiths'''"], {}),
    ("apos-pair-spaced-closer-after-single", "''I call it 'the long road,' '' she said.",
     ["''I call it 'the long road,' ''", ("'the long road,'", 1)], {}),
    ("apos-pair-spaced-closer-after-comma", "''We are ready, '' said the coach.", ["''We are ready, ''"], {}),
    ("apos-pair-spaced-stray", "He paused, '' then left.", [], {}),
    ("straight-spaced-closer-after-comma", '"It is late, " he said.', ['"It is late, "'], {}),
    ("one-word-single-before-possessive-reading", "He mocked what 'Paris' means to the 'old guard' now.",
     ["'Paris'", "'old guard'"], {}),
    # --- em-dash dialogue ------------------------------------------------------------------
    ("dash-off", "— Where are you going? asked Tom.", [], {}),
    ("dash-on", "— Where are you going? asked Tom.\n\nHe left.",
     ["— Where are you going? asked Tom."], {"dashes": True}),
    ("dash-nested", "— He said “no” again.", ["— He said “no” again.", ("“no”", 1)], {"dashes": True}),
    ("dash-mid-paragraph", "It was late — very late.", [], {"dashes": True}),
    ("dash-per-paragraph", "— Yes.\n\n— No.", ["— Yes.", "— No."], {"dashes": True}),
    # --- edge input -----------------------------------------------------------------------
    ("empty", "", [], {}),
    ("only-space", "  \n\n \t ", [], {}),
    ("only-marks", "“”", ["“”"], {}),
]


def _describe(text: str, spans: List[QuoteSpan]) -> List[Tuple[str, int, bool]]:
    return [(text[s.start: s.end], s.depth, s.unclosed) for s in spans]


def _normalise(expected: List[Expected]) -> List[Tuple[str, int, bool]]:
    out = []
    for item in expected:
        item = (item,) if isinstance(item, str) else item
        depth = item[1] if len(item) > 1 else 0
        unclosed = item[2] if len(item) > 2 else False
        out.append((item[0], depth, unclosed))
    return out


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 60
    assert len({case[0] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("name,text,expected,options", CASES, ids=[c[0] for c in CASES])
def test_table(name: str, text: str, expected: List[Expected], options: dict) -> None:
    assert _describe(text, find_quotes(text, **options)) == _normalise(expected)


# --- offsets, marks and paragraphs ---------------------------------------------------------


def test_content_excludes_marks() -> None:
    text = "She said “we are ready” and left."
    (span,) = find_quotes(text)
    assert text[span.content_start: span.content_end] == "we are ready"
    assert (span.open_mark, span.close_mark) == ("“", "”")


def test_two_character_marks_are_excluded_from_content() -> None:
    text = "The mayor said ``we will rebuild'' on Monday."
    (span,) = find_quotes(text)
    assert text[span.content_start: span.content_end] == "we will rebuild"
    assert (span.open_mark, span.close_mark) == ("``", "''")


def test_doubled_apostrophes_are_excluded_from_content() -> None:
    text = "''We will rebuild,'' the mayor said."
    (span,) = find_quotes(text)
    assert text[span.content_start: span.content_end] == "We will rebuild,"
    assert (span.open_mark, span.close_mark) == ("''", "''")


def test_unclosed_content_runs_to_paragraph_end() -> None:
    text = "He said “we will see   \n\nLater."
    (span,) = find_quotes(text)
    assert span.unclosed and span.close_mark == ""
    assert text[span.content_start: span.content_end] == "we will see"


def test_multi_paragraph_pieces() -> None:
    text = "“First part.\n\n“Second part,” he said.\n\n“Third.”"
    spans = find_quotes(text)
    assert [text[a:b] for a, b in spans[0].paragraphs] == ["“First part.", "“Second part,”"]
    assert not spans[0].unclosed and spans[0].depth == 0
    assert text[spans[0].content_start: spans[0].content_end] == "First part.\n\n“Second part,"
    assert spans[1].paragraphs == ((spans[1].start, spans[1].end),)


def test_multi_paragraph_pieces_one_paragraph_per_line() -> None:
    text = "Intro line.\n“First part.\n“Second part.\n“Third part,” she said.\nAfter."
    (span,) = find_quotes(text)
    assert [text[a:b] for a, b in span.paragraphs] == [
        "“First part.", "“Second part.", "“Third part,”"]


def test_single_quote_pieces_continue_only_with_single_marks() -> None:
    text = "‘One.\n\n‘Two,’ he said."
    (span,) = find_quotes(text)
    assert len(span.paragraphs) == 2 and span.close_mark == "’"


def test_dash_content_skips_the_dash_and_space() -> None:
    text = "—  Ready now, she said."
    (span,) = find_quotes(text, dashes=True)
    assert text[span.content_start: span.content_end] == "Ready now, she said."
    assert span.open_mark == "—" and not span.unclosed


def test_rejects_non_str() -> None:
    for bad in (b"bytes", None, 42, ["a list"]):
        with pytest.raises(TypeError, match="expects str"):
            find_quotes(bad)  # type: ignore[arg-type]


def test_exported_from_package() -> None:
    import quoteattr

    assert quoteattr.find_quotes is find_quotes
    assert "find_quotes" in quoteattr.__all__


# --- properties ---------------------------------------------------------------------------

QUOTE_MARKS = list("\"'`“”‘’„‚«»‹›「」『』—")
ALPHABET = QUOTE_MARKS + list("ab Z09s.,:;-()\n\t ")
DASH_MARKS = ("—", "―", "–", "--")  # "--" opens a dash line too (typewriter dialogue)


def check_invariants(text: str, spans: List[QuoteSpan]) -> None:
    starts = [s.start for s in spans]
    assert starts == sorted(starts)
    for s in spans:
        assert 0 <= s.start <= s.content_start <= s.content_end <= s.end <= len(text)
        assert text[s.start: s.start + len(s.open_mark)] == s.open_mark and s.open_mark
        if s.close_mark:
            assert not s.unclosed
            assert text[s.end - len(s.close_mark): s.end] == s.close_mark
            assert s.content_end == s.end - len(s.close_mark)
        if s.open_mark not in DASH_MARKS:  # a dash utterance runs to its paragraph's end
            assert s.content_start == s.start + len(s.open_mark)
            assert s.close_mark or s.unclosed
        pieces = s.paragraphs
        assert pieces[0][0] == s.start and pieces[-1][1] == s.end
        for (a, b), (c, d) in zip(pieces, pieces[1:]):
            assert a <= b < c <= d
    for s in spans:
        parents = [p for p in spans if p is not s and p.start <= s.start and s.end <= p.end]
        assert s.depth == len(parents), (s, parents)
        for other in spans:
            if other is s:
                continue
            disjoint = s.end <= other.start or other.end <= s.start
            nested = (s.start <= other.start and other.end <= s.end) or (
                other.start <= s.start and s.end <= other.end)
            assert disjoint or nested, (s, other)


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_property_arbitrary_unicode(text: str) -> None:
    check_invariants(text, find_quotes(text))
    check_invariants(text, find_quotes(text, dashes=True))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=200))
def test_property_any_code_point_including_surrogates(text: str) -> None:
    check_invariants(text, find_quotes(text, dashes=True))


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=60))
def test_property_mark_soup(text: str) -> None:
    check_invariants(text, find_quotes(text))
    check_invariants(text, find_quotes(text, dashes=True))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["“", "”", '"', "'", "''", "’", "‘", "word", "s", " ", "\n", "\n\n", "5", ","]),
                max_size=40))
def test_property_word_and_mark_sequences(parts: List[str]) -> None:
    text = "".join(parts)
    check_invariants(text, find_quotes(text))


# --- real news text, read from ../shared when it is there ------------------------------------

POLNEAR = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "polnear", "dev", "text")


@pytest.mark.skipif(not os.path.isdir(POLNEAR), reason="../shared/polnear is not available")
def test_polnear_dev_texts_keep_the_invariants() -> None:
    names = sorted(os.listdir(POLNEAR))[:40]
    assert names
    for name in names:
        with open(os.path.join(POLNEAR, name), encoding="utf-8") as handle:
            text = handle.read()
        spans = find_quotes(text)
        check_invariants(text, spans)
        # Stray marks stay in their paragraph: no span runs over a paragraph break
        # unless the quote continues with an opening mark after it.
        for s in spans:
            if len(s.paragraphs) == 1:
                assert "\n\n" not in text[s.start: s.end]


POLNEAR_ROOT = os.path.dirname(os.path.dirname(POLNEAR))


@pytest.mark.skipif(not os.path.isdir(POLNEAR), reason="../shared/polnear is not available")
def test_polnear_nyt_doubled_apostrophes_pair_up() -> None:
    """The New York Times articles quote with '' on both sides; nearly every such mark
    should open or close a span (one article drops an opening mark, so not all)."""
    import glob
    import re

    marks = paired = 0
    for path in sorted(glob.glob(os.path.join(POLNEAR_ROOT, "*", "text", "nyt_*.txt"))):
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        spans = find_quotes(text)
        check_invariants(text, spans)
        used = set()
        for s in spans:
            if s.open_mark == "''":
                used.add(s.start)
            if s.close_mark == "''":
                used.add(s.end - 2)
            used.update(a for a, _ in s.paragraphs[1:] if text.startswith("''", a))
        for run in re.finditer(r"'{2,}", text):
            marks += 1
            paired += any(run.start() <= u < run.end() for u in used)
    assert marks > 1000
    assert paired >= 0.995 * marks, (paired, marks)


@pytest.mark.parametrize("text", ["―", "—", "Intro.\n\n— \n\nMore."])
def test_a_bare_dash_is_no_utterance(text: str) -> None:
    """Dash dialogue needs words after the dash: a paragraph of a lone dash quotes nothing."""
    assert find_quotes(text, dashes=True) == []


# --- growth: no input makes the pairing quadratic ---------------------------------------------

_POSSESSIVES_SCRIPT = """
import sys
from quoteattr import find_quotes
text = "s'' a" * 200_000
print(len(find_quotes(text)))
"""


def test_a_million_mistyped_possessives_finish() -> None:
    """One paragraph of 1,000,000 characters made of ``s''`` before lowercase words (200,000
    marks) once took over a minute (each mark copied the rest of the paragraph's marks); linear
    pairing does it in well under a second. The generous limit only catches the
    quadratic case; nothing here measures speed."""
    import subprocess
    import sys

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]))
    try:
        done = subprocess.run([sys.executable, "-c", _POSSESSIVES_SCRIPT], capture_output=True,
                              text=True, timeout=40, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("find_quotes took over 40 s on 1,000,000 characters of s'' marks")
    assert done.returncode == 0 and done.stdout.strip() == "0", done.stdout + done.stderr


def _closer_follows_reference(resolved, i: int) -> bool:
    """The definition, spelled out: is the next mark of the same family a plain closer?"""
    family = resolved[i][2]
    for _, _, other, role in resolved[i + 1:]:
        if other == family:
            return role in (marks_module._CLOSE, marks_module._INCH_CLOSE)
    return False


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["double", "single", "guillemet"]), st.integers(0, 7)),
                max_size=30))
def test_closers_follow_matches_its_definition(items) -> None:
    resolved = [(k, "x", family, role) for k, (family, role) in enumerate(items)]
    expected = [_closer_follows_reference(resolved, i) for i in range(len(resolved))]
    assert marks_module._closers_follow(resolved) == expected
