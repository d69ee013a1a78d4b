"""quoteattr in five minutes, on an article that ships with its parse.

Run from the repository root:  python examples/quickstart.py

Part 1 reads examples/harbour.conllu, a hand-checked parse of examples/harbour.txt, so it
needs no models. Part 2 runs the raw-text path, which parses with stanza and therefore
needs the English models (`quoteattr download`); without them it prints a note instead.
"""

from pathlib import Path

import quoteattr
from quoteattr.errors import ModelsMissingError

HERE = Path(__file__).resolve().parent
text = (HERE / "harbour.txt").read_text(encoding="utf-8")

# --- 1. Quotes from an existing parse: no models needed ------------------------------
quotes = quoteattr.from_conllu(HERE / "harbour.conllu", text=text)
print(quoteattr.render_text(text, quotes, color=False))

# Every quote indexes the text it came from.
assert all(text[q.start:q.end] == q.text for q in quotes)

# Flat records, one per quote, for tables (pandas.DataFrame(records) works too).
records = quoteattr.to_records(quotes)
columns = ["start", "end", "kind", "speaker", "entity", "lemma", "rule"]


def cell(value, width=28):
    value = "" if value is None else str(value)
    return value if len(value) <= width else value[: width - 1] + "…"


widths = {c: max(len(c), *(len(cell(r[c])) for r in records)) for c in columns}
print("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
for r in records:
    print("  ".join(cell(r[c]).ljust(widths[c]) for c in columns).rstrip())

# --- 2. Quotes from raw text: needs stanza's English models ---------------------------
print()
sample = "“We will appeal,” the company said in a statement. Its lawyers argued that the fine was unlawful."
try:
    # download="never": fail at once when the models are missing, rather than start a
    # large download from inside an example. Drop it to let quoteattr fetch them.
    raw_quotes = quoteattr.extract(sample, download="never")
except ModelsMissingError as err:
    first_line = str(err).splitlines()[0]
    print("Skipped the raw-text example: the stanza models are not installed here.")
    print(f"  ({first_line})")
    print("  Run `quoteattr download` once on a machine with a network, then try again.")
else:
    print(quoteattr.render_text(sample, raw_quotes, color=False))
