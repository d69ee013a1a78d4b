"""Tests for quoteattr.records.to_records: flat rows for tables, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json

from quoteattr.model import Addressee, Cue, Quote, Speaker
from quoteattr.quotes import Quotes
from quoteattr.records import FIELDS, to_records

TEXT = "“The bus fares stay frozen,” Councillor Ravi Mehta said. Drivers fear cuts."


def sample() -> list:
    said = TEXT.index("said")
    ravi = TEXT.index("Councillor")
    return [
        Quote(0, 28, TEXT[0:28], "direct",
              Speaker(ravi, ravi + 21, "Councillor Ravi Mehta", entity="Ravi Mehta"),
              Cue(said, said + 4, "said", lemma="say"), "pattern", 0.8),
        Quote(TEXT.index("Drivers"), len(TEXT) - 1, "Drivers fear cuts", "indirect"),
    ]


def test_one_flat_record_per_quote_with_fixed_keys() -> None:
    records = to_records(sample())
    assert [tuple(r) for r in records] == [FIELDS, FIELDS]
    first, second = records
    assert first == {
        "start": 0, "end": 28, "kind": "direct", "text": "“The bus fares stay frozen,”",
        "speaker": "Councillor Ravi Mehta", "speaker_start": 29, "speaker_end": 50,
        "entity": "Ravi Mehta", "cue": "said", "cue_start": 51, "cue_end": 55,
        "lemma": "say", "rule": "pattern", "confidence": 0.8,
        "addressee": None, "addressee_start": None, "addressee_end": None, "addressee_entity": None,
        "form": "quote", "fragments": [],
    }
    assert TEXT[first["speaker_start"]:first["speaker_end"]] == first["speaker"]
    assert type(first["kind"]) is str
    missing = ("speaker", "speaker_start", "speaker_end", "entity",
               "cue", "cue_start", "cue_end", "lemma", "addressee", "addressee_entity")
    assert all(second[key] is None for key in missing)
    assert second["rule"] == "none" and second["confidence"] == 0.0


def test_unresolved_entity_and_empty_lemma_are_none() -> None:
    quote = Quote(0, 28, TEXT[0:28], "direct", Speaker(29, 50, "Councillor Ravi Mehta"),
                  Cue(51, 55, "said"))
    record = to_records([quote])[0]
    assert record["entity"] is None and record["lemma"] is None
    assert record["speaker"] == "Councillor Ravi Mehta"


def test_records_round_trip_through_json() -> None:
    records = to_records(Quotes(sample(), text=TEXT))
    assert json.loads(json.dumps(records)) == records
    assert to_records([]) == []


def test_records_write_with_csv_dictwriter() -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writeheader()
    writer.writerows(to_records(sample()))
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert len(rows) == 2
    assert rows[0]["speaker"] == "Councillor Ravi Mehta" and rows[0]["cue_start"] == "51"
    assert rows[1]["speaker"] == ""  # None is written as an empty cell


def test_public_api_exports_to_records() -> None:
    import quoteattr

    assert quoteattr.to_records is to_records and "to_records" in quoteattr.__all__


def test_addressee_has_columns_of_its_own() -> None:
    text = "“Sit down, Nora,” said the captain."
    nora = text.index("Nora")
    quote = Quote(0, 17, text[0:17], "direct", addressee=Addressee(nora, nora + 4, "Nora", entity="Nora Vail"))
    row = to_records([quote])[0]
    assert (row["addressee"], row["addressee_entity"]) == ("Nora", "Nora Vail")
    assert text[row["addressee_start"]:row["addressee_end"]] == "Nora"


def test_mixed_quote_has_form_and_fragments_columns() -> None:
    text = "The mayor said the plan was “dead on arrival” and “far too late.”"
    start = text.index("the plan")
    a, b = text.index("“dead"), text.index("and") - 1
    c = text.index("“far")
    quote = Quote(start, len(text), text[start:], "mixed", fragments=[
        {"start": a, "end": b, "text": text[a:b]}, {"start": c, "end": len(text), "text": text[c:]}])
    row = to_records([quote])[0]
    assert row["form"] == "clause"
    assert row["fragments"] == [[a, b], [c, len(text)]]
    assert [text[s:e] for s, e in row["fragments"]] == ["“dead on arrival”", "“far too late.”"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writeheader()
    writer.writerow(row)
    (read,) = csv.DictReader(io.StringIO(buffer.getvalue()))
    assert json.loads(read["fragments"]) == [[a, b], [c, len(text)]] and read["form"] == "clause"


def test_document_id_comes_first_when_given() -> None:
    from quoteattr.records import DOCUMENT_FIELDS

    rows = to_records(sample(), document="council/2031-04-02.txt")
    assert [tuple(r) for r in rows] == [DOCUMENT_FIELDS, DOCUMENT_FIELDS]
    assert {r["document"] for r in rows} == {"council/2031-04-02.txt"}
    assert [dict(list(r.items())[1:]) for r in rows] == to_records(sample())
