"""The sieve chain as users see it: the default order, and changing it with ``sieves=``."""

from __future__ import annotations

from typing import Optional

import pytest

import quoteattr
from quoteattr.attribution import Context, Frame, OpenQuote

# '“We leave at dawn,” Mara Quill said.' then a paragraph: 'Tomas nodded.' and an
# unframed line of speech: '“The boats are ready.”'
SPOKEN = """# newpar
# text = “We leave at dawn,” Mara Quill said.
1	“	“	PUNCT	``	_	3	punct	_	SpaceAfter=No
2	We	we	PRON	PRP	_	3	nsubj	_	_
3	leave	leave	VERB	VBP	_	10	ccomp	_	_
4	at	at	ADP	IN	_	5	case	_	_
5	dawn	dawn	NOUN	NN	_	3	obl	_	SpaceAfter=No
6	,	,	PUNCT	,	_	3	punct	_	SpaceAfter=No
7	”	”	PUNCT	''	_	3	punct	_	_
8	Mara	Mara	PROPN	NNP	_	10	nsubj	_	_
9	Quill	Quill	PROPN	NNP	_	8	flat	_	_
10	said	say	VERB	VBD	_	0	root	_	SpaceAfter=No
11	.	.	PUNCT	.	_	10	punct	_	_

# newpar
# text = Tomas nodded.
1	Tomas	Tomas	PROPN	NNP	_	2	nsubj	_	_
2	nodded	nod	VERB	VBD	_	0	root	_	SpaceAfter=No
3	.	.	PUNCT	.	_	2	punct	_	_

# text = “The boats are ready.”
1	“	“	PUNCT	``	_	5	punct	_	SpaceAfter=No
2	The	the	DET	DT	_	3	det	_	_
3	boats	boat	NOUN	NNS	_	5	nsubj	_	_
4	are	be	AUX	VBP	_	5	cop	_	_
5	ready	ready	ADJ	JJ	_	0	root	_	SpaceAfter=No
6	.	.	PUNCT	.	_	5	punct	_	SpaceAfter=No
7	”	”	PUNCT	''	_	5	punct	_	_

"""


class ClosestName:
    """A user's sieve: an unframed quote takes the last name before it in its paragraph."""

    name = "closest-name"
    confidence = 0.4

    def propose(self, ctx: Context, quote: OpenQuote) -> Optional[Frame]:
        for k in range(quote.tokens[0] - 1, -1, -1):
            token = ctx.tokens[k]
            if ctx.paragraph(token.start) != quote.paragraph:
                return None
            if token.upos == "PROPN" and ctx.outside(k):
                return Frame(cue=None, speaker=k, rule=self.name)
        return None


def _by_text(quotes):
    return {q.text.strip("“”"): q for q in quotes}


def test_default_chain_is_public_and_named():
    names = [s.name for s in quoteattr.DEFAULT_SIEVES]
    assert isinstance(quoteattr.DEFAULT_SIEVES, tuple)
    assert len(names) == len(set(names)), names
    assert names.index("syntax") < names.index("pattern") < names.index("paragraph")


def test_default_chain_frames_the_first_quote_only():
    quotes = _by_text(quoteattr.from_conllu(SPOKEN))
    first = quotes["We leave at dawn,"]
    assert (first.speaker.text, first.cue.text, first.rule) == ("Mara Quill", "said", "syntax")
    assert quotes["The boats are ready."].speaker is None


def test_no_sieves_finds_quotes_but_no_speakers():
    quotes = quoteattr.from_conllu(SPOKEN, sieves=())
    assert sorted(_by_text(quotes)) == ["The boats are ready.", "We leave at dawn,"]
    assert all(q.speaker is None and q.cue is None and q.rule == "none" for q in quotes)


def test_dropping_a_sieve_lets_the_next_one_decide():
    chain = [s for s in quoteattr.DEFAULT_SIEVES if s.name != "syntax"]
    first = _by_text(quoteattr.from_conllu(SPOKEN, sieves=chain))["We leave at dawn,"]
    assert (first.speaker.text, first.rule) == ("Mara Quill", "pattern")


def test_a_users_sieve_runs_where_it_is_placed():
    chain = list(quoteattr.DEFAULT_SIEVES)
    chain.insert([s.name for s in chain].index("paragraph"), ClosestName())
    quotes = _by_text(quoteattr.from_conllu(SPOKEN, sieves=chain))
    line = quotes["The boats are ready."]
    assert (line.speaker.text, line.rule, line.confidence) == ("Tomas", "closest-name", 0.4)
    assert quotes["We leave at dawn,"].rule == "syntax"  # earlier sieves still win
    # first in the chain, it takes the quote the parse would have given to Mara Quill
    first = _by_text(quoteattr.from_conllu(SPOKEN, sieves=[ClosestName()]))
    assert first["We leave at dawn,"].speaker is None  # no name before it in its paragraph
    assert first["The boats are ready."].speaker.text == "Tomas"


@pytest.mark.parametrize("bad", ["syntax", 3, [object()], [type("Nameless", (), {"propose": lambda *a: None})()]])
def test_a_chain_that_is_not_one_is_refused_clearly(bad):
    with pytest.raises(TypeError, match="sieve"):
        quoteattr.from_conllu(SPOKEN, sieves=bad)


def test_every_entry_point_takes_sieves():
    import inspect

    for entry in (quoteattr.from_conllu, quoteattr.from_stanza, quoteattr.from_spacy, quoteattr.Attributor):
        assert "sieves" in inspect.signature(entry).parameters, entry
