"""The learned scorer: its inference on an invented document, its weights file, and the
cross-validation folds the benchmark trains it on."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import quoteattr
from quoteattr.attribution import DEFAULT_SIEVES
from quoteattr.attribution.learned import FORMAT, WEIGHTS, Learned, Model, ScorerError, candidates, train
from tests.test_sieves import SPOKEN

REPO = Path(__file__).resolve().parent.parent


def _rules_then(model: Model, **options) -> list:
    """The default chain with ``model`` in the learned step's place."""
    return [Learned(model, **options) if s.name == "learned" else s for s in DEFAULT_SIEVES]


def _speaker_of_last(model: Model, **options) -> str:
    quotes = quoteattr.from_conllu(SPOKEN, sieves=_rules_then(model, **options))
    last = [q for q in quotes if q.text.startswith("“The boats")]
    assert len(last) == 1
    return last[0].speaker.text if last[0].speaker else None


def test_the_model_frames_an_unframed_quote_with_the_candidate_its_features_favour():
    # no rule frames '“The boats are ready.”': the name right before it in its
    # paragraph ('Tomas nodded.') and the previous quote's speaker (Mara Quill) compete
    near = Model({"src=near": 3.0, "bias": -1.0})
    previous = Model({"src=previous": 3.0, "bias": -1.0})
    assert _speaker_of_last(near) == "Tomas"
    assert _speaker_of_last(previous) == "Mara Quill"


def test_a_quote_stays_unframed_when_no_candidate_is_likely_enough():
    unsure = Model({"bias": -2.0})
    quotes = quoteattr.from_conllu(SPOKEN, sieves=_rules_then(unsure))
    last = [q for q in quotes if q.text.startswith("“The boats")]
    assert not last or last[0].speaker is None


def test_a_confident_rule_frame_is_not_overturned():
    # the first quote is framed by the parse ('Mara Quill said'); 'syntax' is not among
    # the rules the model may revise, so even a model that prefers other names keeps it
    contrary = Model({"src=near": 5.0, "pos=PROPN": 5.0})
    quotes = quoteattr.from_conllu(SPOKEN, sieves=_rules_then(contrary))
    assert quotes[0].speaker.text == "Mara Quill" and quotes[0].rule == "syntax"


def test_candidates_carry_named_features():
    from quoteattr.attribution.context import build_context
    from quoteattr.lexicon import as_lexicon
    from quoteattr.parsed import read_conllu

    ctx = build_context(read_conllu(SPOKEN), as_lexicon(None))
    cands = candidates(ctx, ctx.quotes[0])
    mara = [c for c in cands if ctx.tokens[c.token].text == "Mara"]
    assert mara and mara[0].cue is not None and "bias" in mara[0].features
    assert any(f.startswith("src=verb:") for f in mara[0].features)


def test_the_shipped_weights_load():
    model = Model.load()
    assert model.weights and 0.0 < model.probability(["bias"]) < 1.0
    assert WEIGHTS.stat().st_size < 400_000


def test_missing_weights_say_how_to_get_them(tmp_path):
    with pytest.raises(ScorerError, match="train_scorer.py"):
        Model.load(tmp_path / "nowhere.json")


@pytest.mark.parametrize("content", ["{not json", json.dumps({"format": "other", "weights": {}}),
                                     json.dumps({"format": FORMAT, "weights": {"bias": "heavy"}})])
def test_corrupt_weights_are_refused_clearly(tmp_path, content):
    path = tmp_path / "scorer.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ScorerError, match="train_scorer.py"):
        Model.load(path)


def test_saved_weights_load_back(tmp_path):
    model = Model({"bias": -0.25, "src=near": 1.5}, {"seed": 0})
    path = tmp_path / "scorer.json"
    path.write_text(model.to_json(), encoding="utf-8")
    assert Model.load(path).weights == model.weights


def test_training_is_deterministic_and_learns_a_separating_feature():
    data = [(["bias", "good"], 1), (["bias", "bad"], 0)] * 50
    a, b = train(data, seed=3), train(data, seed=3)
    assert a.weights == b.weights
    assert a.probability(["bias", "good"]) > 0.8 > 0.2 > a.probability(["bias", "bad"])


def test_cv_folds_partition_the_documents_the_same_way_every_time():
    sys.path.insert(0, str(REPO))
    from benchmarks.cv import folds

    stems = [f"doc{n:03d}" for n in range(23)]
    parts = folds(stems, 5)
    assert len(parts) == 5
    assert sorted(s for p in parts for s in p) == sorted(stems)
    assert all(not set(p) & set(q) for i, p in enumerate(parts) for q in parts[i + 1:])
    assert {len(p) for p in parts} <= {4, 5}
    assert folds(list(reversed(stems)), 5) == parts
    with pytest.raises(ValueError):
        folds(stems, 1)


# 'Moore thanked the mayor for “acting at last.”': no reporting verb, so no rule frames
# the fragment; its words hang from "thanked", whose subject is Moore
THANKED = """# text = Moore thanked the mayor for “acting at last.”
1	Moore	Moore	PROPN	NNP	_	2	nsubj	_	_
2	thanked	thank	VERB	VBD	_	0	root	_	_
3	the	the	DET	DT	_	4	det	_	_
4	mayor	mayor	NOUN	NN	_	2	obj	_	_
5	for	for	SCONJ	IN	_	7	mark	_	_
6	“	“	PUNCT	``	_	7	punct	_	SpaceAfter=No
7	acting	act	VERB	VBG	_	2	advcl	_	_
8	at	at	ADP	IN	_	9	case	_	_
9	last	last	ADJ	JJ	_	7	obl	_	SpaceAfter=No
10	.	.	PUNCT	.	_	2	punct	_	SpaceAfter=No
11	”	”	PUNCT	''	_	2	punct	_	_

"""


def test_the_performer_of_the_verb_a_fragment_hangs_from_is_a_feature():
    from quoteattr.attribution.context import build_context
    from quoteattr.lexicon import as_lexicon
    from quoteattr.parsed import read_conllu

    ctx = build_context(read_conllu(THANKED), as_lexicon(None))
    cands = {ctx.tokens[c.token].text: c.features for c in candidates(ctx, ctx.quotes[0])}
    assert "host_subj=other" in cands["Moore"] and "host_subj=other|q:frame=none" in cands["Moore"]
    assert not any(f.startswith("host_subj") for text, feats in cands.items() if text != "Moore" for f in feats)
    performer = Model({"host_subj=other": 3.0, "bias": -1.0})
    quotes = quoteattr.from_conllu(THANKED, sieves=_rules_then(performer))
    assert [(q.speaker.text if q.speaker else None, q.rule) for q in quotes] == [("Moore", "learned")]
