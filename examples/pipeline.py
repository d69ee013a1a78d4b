"""quoteattr as one more step in a pipeline that already parses its text.

Run from the repository root:  python examples/pipeline.py

1. stanza: a stanza Document you already have goes to quoteattr.from_stanza. Here the
   Document is read back from examples/harbour.conllu with stanza's own CoNLL-U reader,
   which keeps each token's start_char/end_char; a Document from `nlp(text)` works the
   same way.
2. spaCy: a parsed spaCy Doc goes to quoteattr.from_spacy. The Doc is loaded from
   ../shared/seed/article.en_core_web_md.spacy (a DocBin saved from en_core_web_md);
   when that file or spaCy is absent, this part prints a note and is skipped. In your
   own code the Doc would come from `spacy.load("en_core_web_md")(text)`.

Neither part loads or downloads a model.
"""

from pathlib import Path

import quoteattr

HERE = Path(__file__).resolve().parent
SPACY_DOCS = HERE.parent.parent / "shared" / "seed" / "article.en_core_web_md.spacy"


def summary(quotes):
    for q in quotes:
        who = q.speaker.text if q.speaker else "(no speaker)"
        if q.speaker and q.speaker.entity and q.speaker.entity != q.speaker.text:
            who += f" = {q.speaker.entity}"
        text = " ".join(q.text.split())
        print(f"  {q.kind.value:8} {who[:34]:34} {text[:60]}")


# --- 1. a stanza Document ---------------------------------------------------------
from stanza.utils.conll import CoNLL  # noqa: E402  (stanza loads torch: import it when needed)

text = (HERE / "harbour.txt").read_text(encoding="utf-8")
doc = CoNLL.conll2doc(input_file=str(HERE / "harbour.conllu"))
# A Document read from CoNLL-U has no text of its own, so pass the original text;
# the offsets of the quotes index it.
quotes = quoteattr.from_stanza(doc, text)
print(f"stanza Document: {len(doc.sentences)} sentences, {len(quotes)} quotes")
summary(quotes)
assert all(text[q.start:q.end] == q.text for q in quotes)

# --- 2. a spaCy Doc ----------------------------------------------------------------
print()
try:
    import spacy
    from spacy.tokens import DocBin
except ImportError:
    spacy = None
if spacy is None:
    print("spaCy Doc: skipped, spaCy is not installed (in the clone: pip install '.[spacy]').")
elif not SPACY_DOCS.is_file():
    print(f"spaCy Doc: skipped, {SPACY_DOCS} is not here.")
    print("  With a spaCy pipeline installed: quoteattr.from_spacy(spacy.load('en_core_web_md')(text))")
else:
    vocab = spacy.blank("en").vocab  # a DocBin needs a vocabulary to rebuild its Docs
    spacy_doc = next(DocBin().from_disk(SPACY_DOCS).get_docs(vocab))
    spacy_quotes = quoteattr.from_spacy(spacy_doc)  # offsets index spacy_doc.text
    print(f"spaCy Doc: {len(list(spacy_doc.sents))} sentences, {len(spacy_quotes)} quotes")
    summary(spacy_quotes)
    assert all(spacy_doc.text[q.start:q.end] == q.text for q in spacy_quotes)
