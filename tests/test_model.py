"""The data model: validators, reprs and dict round trips."""

import json

import attrs
import pytest

from quoteattr import Cue, Quote, QuoteKind, Quotes, QuoteSpan, Span, Speaker

TEXT = "Asked about the ferry, Dana Ruiz said: “It will run again in June.”"


def make_quote() -> Quote:
    start = TEXT.index("“")
    who = TEXT.index("Dana Ruiz")
    said = TEXT.index("said")
    return Quote(
        start, len(TEXT), TEXT[start:], "direct",
        speaker=Speaker(who, who + 9, "Dana Ruiz", entity="Dana Ruiz"),
        cue=Cue(said, said + 4, "said", lemma="say"),
        rule="pattern", confidence=0.8,
    )


def test_offsets_slice_the_text() -> None:
    q = make_quote()
    assert TEXT[q.start:q.end] == q.text
    assert TEXT[q.speaker.start:q.speaker.end] == q.speaker.text
    assert TEXT[q.cue.start:q.cue.end] == q.cue.text


@pytest.mark.parametrize("args, message", [
    ((-1, 3, "abcd"), "must be >= 0"),
    ((5, 2, ""), "starts after it ends"),
    ((0, 3, "ab"), "text has 2 characters but its offsets 0..3 cover 3"),
])
def test_span_validators_say_what_is_wrong(args, message) -> None:
    with pytest.raises(ValueError, match=message):
        Span(*args)


def test_quote_rejects_bad_kind_and_confidence() -> None:
    with pytest.raises(ValueError, match="'quoted' is not a valid QuoteKind"):
        Quote(0, 3, "abc", "quoted")
    with pytest.raises(ValueError, match=r"confidence must lie in \[0, 1\], got 1.5"):
        Quote(0, 3, "abc", "direct", confidence=1.5)
    with pytest.raises(TypeError):
        Quote(0, 3, "abc", "direct", speaker="Dana Ruiz")


def test_values_are_frozen() -> None:
    q = make_quote()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        q.start = 0  # type: ignore[misc]


def test_dict_round_trip_is_json_serialisable() -> None:
    q = make_quote()
    data = json.loads(json.dumps(q.to_dict()))
    assert data["kind"] == "direct" and data["speaker"]["entity"] == "Dana Ruiz"
    assert Quote.from_dict(data) == q
    bare = Quote(0, 5, "Asked", QuoteKind.INDIRECT)
    assert Quote.from_dict(json.loads(json.dumps(bare.to_dict()))) == bare


def test_reprs_read_well() -> None:
    q = make_quote()
    assert repr(q) == ("Quote(direct 39:67 '“It will run again in June.”', speaker='Dana Ruiz', "
                       "cue='said', rule='pattern')")
    assert repr(Speaker(0, 3, "She", entity="Dana Ruiz")) == "Speaker(0:3 'She' -> 'Dana Ruiz')"
    assert repr(Cue(0, 4, "said", lemma="say")) == "Cue(0:4 'said' lemma='say')"
    assert str(QuoteKind.MIXED) == "mixed"


def test_quote_span_checks_its_offsets_and_defaults_to_one_piece() -> None:
    span = QuoteSpan(4, 10, 5, 9)
    assert span.paragraphs == ((4, 10),)
    with pytest.raises(ValueError, match="start <= content_start"):
        QuoteSpan(4, 10, 3, 9)


def test_quotes_is_a_list_that_keeps_its_text_when_sliced() -> None:
    q = make_quote()
    quotes = Quotes([q, q], TEXT)
    assert quotes == [q, q] and isinstance(quotes, list)
    assert quotes[0] is q
    assert isinstance(quotes[:1], Quotes) and quotes[:1].text == TEXT
    assert "Dana Ruiz" in quotes._repr_html_()


def test_quote_carries_an_addressee_and_its_fragments_round_trip() -> None:
    from quoteattr import Addressee

    text = 'The chief told Ana the plan was "fully funded" and "on time."'
    a, b = text.index('"fully'), text.index('funded"') + 7
    c, d = text.index('"on'), len(text)
    quote = Quote(text.index("the plan"), d, text[text.index("the plan"):d], "mixed",
                  addressee=Addressee(15, 18, "Ana"), fragments=[Span(a, b, text[a:b]), Span(c, d, text[c:d])])
    again = Quote.from_dict(quote.to_dict())
    assert again == quote and again.fragments[1].text == '"on time."'
    assert isinstance(again.addressee, Addressee) and again.addressee.text == "Ana"


def test_a_fragment_outside_its_quote_is_refused() -> None:
    text = 'She said it was "fine" and left.'
    with pytest.raises(ValueError, match="outside the quote"):
        Quote(0, 10, text[0:10], "mixed", fragments=[Span(16, 22, text[16:22])])
