"""Tests of the benchmark metric (benchmarks/scoring.py) on small hand-made cases."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional, Tuple

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.scoring import (  # noqa: E402
    Gold,
    by_rule,
    oracle_quotes,
    read_brat,
    score_document,
    shared,
    summarize,
    trim,
    trim_pieces,
)
from quoteattr.model import Cue, Quote, Speaker  # noqa: E402

POLNEAR_DEV = REPO.parent / "shared" / "polnear" / "dev"


# --------------------------------------------------------------------------- helpers


def at(text: str, sub: str, nth: int = 0) -> Tuple[int, int]:
    """Offsets of the ``nth`` occurrence of ``sub`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def gold(text: str, content: list, source: Optional[str] = None, cue: Optional[str] = None,
         gid: str = "E1") -> Gold:
    """A gold attribution whose content pieces, source and cue are given as substrings."""
    pieces = tuple(at(text, c) for c in content)
    src = (at(text, source),) if source else ()
    cue_span = (at(text, cue),) if cue else ()
    return Gold(
        doc_id="doc", id=gid, content=pieces, source=src, cue=cue_span,
        content_text=" ".join(text[s:e] for s, e in pieces),
        source_text=source or "", cue_text=cue or "",
    )


def quote(text: str, span: Tuple[int, int], kind: str = "direct",
          speaker: Optional[str] = None, cue: Optional[str] = None, rule: str = "test") -> Quote:
    """A system quote over ``span`` with speaker and cue given as substrings."""
    s, e = span
    spk = Speaker(*at(text, speaker), speaker) if speaker else None
    cue_obj = Cue(*at(text, cue), cue, lemma=cue) if cue else None
    return Quote(s, e, text[s:e], kind, speaker=spk, cue=cue_obj, rule=rule)


def table(results, name: str = "ALL") -> dict:
    return summarize(results)[name]


# --------------------------------------------------------------------------- spans


def test_trim_strips_marks_punctuation_and_space():
    text = " \u201cWe will win,\u201d said Ann; "
    s, e = trim(text, 0, len(text))
    assert text[s:e] == "We will win,\u201d said Ann"
    s, e = trim(text, 0, 16)
    assert text[s:e] == "We will win"
    assert trim(text, 0, 2) == (2, 2)  # nothing left
    assert trim_pieces(text, [(0, 2), (0, 16)]) == ((2, 13),)


def test_shared_counts_characters_of_discontinuous_spans():
    assert shared([(0, 10)], [(5, 15)]) == 5
    assert shared([(0, 4), (8, 12)], [(2, 10)]) == 4
    assert shared([(0, 4)], [(4, 8)]) == 0


# --------------------------------------------------------------------------- brat


ANN = "\n".join([
    "T1\tSource 0 7\tAnn Lee",
    "T2\tCue 8 12\tsaid",
    "T3\tContent 14 28\t\u201cWe will win.\u201d",
    "T4\tAttribution 8 12\tsaid",
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    "T5\tContent 29 35;45 51\tpart 1 part 2",
    "T6\tCue 36 40\tsaid",
    "T7\tAttribution-no-source 36 40\tsaid",
    "E2\tAttribution-no-source:T7 Cue:T6 Content:T5 Content2:T8",
    "T8\tContent 60 64\tmore",
    "T9\tDiscard 70 80\tignored here",
    "E3\tAttribution-no-source:T7 ",
    "T10\tContent x y\tbroken offsets",
    "E4\tAttribution:T4 Content:T10 Cue:T99",
    "# a note line",
    "",
])


def test_read_brat_events_roles_and_odd_lines():
    golds = read_brat(ANN, doc_id="d")
    assert [g.id for g in golds] == ["E1", "E2"]  # E3 has no content, E4 only a broken span
    first, second = golds
    assert first.content == ((14, 28),) and first.source == ((0, 7),) and first.cue == ((8, 12),)
    assert first.direct and first.table == "DIRECT"
    assert second.content == ((29, 35), (45, 51), (60, 64))  # Content2 adds a piece
    assert second.source == () and not second.direct


def test_read_brat_takes_span_text_from_the_document():
    text = "Ann Lee said: \u201cWe will win.\u201d " + "x" * 60
    g = read_brat(ANN, text)[0]
    assert g.content_text == "\u201cWe will win.\u201d" and g.source_text == "Ann Lee"


# --------------------------------------------------------------------------- matching


TEXT = (
    "Ann Lee said: \u201cWe will win the vote easily.\u201d "
    "Officials said the plan was late. "
    "\u201cIt works,\u201d Bob said, \u201cand it is cheap.\u201d"
)


def test_gold_against_itself_scores_100():
    golds = [
        gold(TEXT, ["\u201cWe will win the vote easily.\u201d"], "Ann Lee", "said", "E1"),
        gold(TEXT, ["the plan was late"], "Officials", "said", "E2"),
        gold(TEXT, ["\u201cIt works,\u201d", "\u201cand it is cheap.\u201d"], "Bob", "said", "E3"),
    ]
    result = score_document("doc", TEXT, golds, oracle_quotes(golds, TEXT))
    for name in ("ALL", "DIRECT", "INDIRECT"):
        assert all(v == 100.0 for v in table([result], name)["metrics"].values()), name
    assert table([result], "DIRECT")["counts"]["gold"] == 2


def test_precision_needs_half_of_the_system_quote_inside_gold():
    text = "aaaaaaaaaa bbbbbbbbbb"  # the gold is the ten a's
    g = [gold(text, ["aaaaaaaaaa"])]
    for span, matched in (
        ((5, 15), True),  # "aaaaa bbbb": 5 of 10 characters inside, exactly half
        ((4, 16), True),  # "aaaaaa bbbbb": 6 of 12
        ((6, 18), False),  # "aaaa bbbbbbb": 4 of 12
    ):
        r = score_document("doc", text, g, [quote(text, span, "indirect")])
        assert r.quotes[0].matched is matched, span
        assert r.golds[0].found is matched, span  # each covers 4 to 6 of the 10 a's


def test_shifted_quote_by_hand():
    text = "x" * 10 + " said Bob: " + "y" * 20 + "."
    g = [gold(text, ["y" * 20 + "."], "Bob", "said")]
    start = text.index("y")
    # shifted 8 to the left: 12 of its 20 characters inside, covers 12 of 20
    r = score_document("doc", text, g, [quote(text, (start - 8, start + 12), speaker="Bob")])
    assert r.quotes[0].matched and r.golds[0].found and not r.golds[0].exact
    assert r.golds[0].coverage == pytest.approx(0.6)
    # shifted 11 to the left: the system span trims to "said Bob: yyyyyyyyy",
    # 9 of 19 characters inside the gold
    r = score_document("doc", text, g, [quote(text, (start - 11, start + 9), speaker="Bob")])
    assert not r.quotes[0].matched and not r.golds[0].found


def test_recall_needs_half_of_the_gold_covered():
    text = "0123456789 tail"
    g = [gold(text, ["0123456789"])]
    assert score_document("doc", text, g, [quote(text, (0, 5), "indirect")]).golds[0].found
    r = score_document("doc", text, g, [quote(text, (0, 4), "indirect")])
    assert r.quotes[0].matched and not r.golds[0].found
    m = table([r])["metrics"]
    assert (m["quote_p"], m["quote_r"]) == (100.0, 0.0)


def test_split_quotes_match_one_discontinuous_gold():
    g = [gold(TEXT, ["\u201cIt works,\u201d", "\u201cand it is cheap.\u201d"], "Bob", "said")]
    first = quote(TEXT, at(TEXT, "\u201cIt works,\u201d"), speaker="Bob", cue="said")
    second = quote(TEXT, at(TEXT, "\u201cand it is cheap.\u201d"), speaker="Bob", cue="said")
    r = score_document("doc", TEXT, g, [first, second])
    assert [q.gold for q in r.quotes] == [0, 0]
    assert r.golds[0].found and r.golds[0].attr_found and r.golds[0].exact
    counts = table([r])["counts"]
    assert counts["system"] == 2 and counts["matched"] == 2 and counts["gold"] == 1
    # only the second half (the longer piece, over 50% of the content) with no speaker
    r = score_document("doc", TEXT, g, [second])
    assert r.golds[0].found and not r.golds[0].exact
    # one quote spanning both pieces and "Bob said" in between: matched, not exact
    s, e = at(TEXT, "\u201cIt works,\u201d Bob said, \u201cand it is cheap.\u201d")
    r = score_document("doc", TEXT, g, [quote(TEXT, (s, e), speaker="Bob")])
    assert r.quotes[0].matched and r.golds[0].found and not r.quotes[0].exact


def test_attribution_found_counts_only_quotes_with_the_right_speaker():
    g = [gold(TEXT, ["\u201cIt works,\u201d", "\u201cand it is cheap.\u201d"], "Bob", "said")]
    right = quote(TEXT, at(TEXT, "\u201cIt works,\u201d"), speaker="Bob")  # 8 of 24 characters
    wrong = quote(TEXT, at(TEXT, "\u201cand it is cheap.\u201d"), speaker="Ann Lee")
    r = score_document("doc", TEXT, g, [right, wrong])
    assert r.golds[0].found and not r.golds[0].attr_found
    m = table([r])["metrics"]
    assert m["quote_f1"] == 100.0
    assert (m["attribution_p"], m["attribution_r"]) == (50.0, 0.0)


def test_speakers_absent_on_both_sides_agree():
    g = [gold(TEXT, ["the plan was late"], None, "said")]
    span = at(TEXT, "the plan was late")
    r = score_document("doc", TEXT, g, [quote(TEXT, span, "indirect", cue="said")])
    assert r.quotes[0].speaker_ok and r.golds[0].attr_found
    r = score_document("doc", TEXT, g, [quote(TEXT, span, "indirect", speaker="Officials")])
    assert not r.quotes[0].speaker_ok and not r.golds[0].attr_found
    assert not r.quotes[0].cue_ok  # no system cue, a gold cue


def test_speaker_overlap_is_enough():
    g = [gold(TEXT, ["\u201cWe will win the vote easily.\u201d"], "Ann Lee", "said")]
    span = at(TEXT, "\u201cWe will win the vote easily.\u201d")
    r = score_document("doc", TEXT, g, [quote(TEXT, span, speaker="Lee")])
    assert r.quotes[0].speaker_ok


def test_colon_cue_is_compared_untrimmed():
    text = "Bob: \u201cYes.\u201d"
    g = [gold(text, ["\u201cYes.\u201d"], "Bob", ":")]
    r = score_document("doc", text, g, [quote(text, at(text, "\u201cYes.\u201d"), speaker="Bob", cue=":")])
    assert r.quotes[0].cue_ok


def test_direct_and_indirect_tables():
    golds = [
        gold(TEXT, ["\u201cWe will win the vote easily.\u201d"], "Ann Lee", "said", "E1"),
        gold(TEXT, ["the plan was late"], "Officials", "said", "E2"),
    ]
    quotes = [
        quote(TEXT, at(TEXT, "\u201cWe will win the vote easily.\u201d"), "indirect", "Ann Lee"),
        quote(TEXT, at(TEXT, "\u201cIt works,\u201d"), "direct"),  # false alarm, direct kind
        quote(TEXT, at(TEXT, "Officials said"), "mixed"),  # false alarm, mixed kind
        quote(TEXT, at(TEXT, "Ann Lee said"), "indirect"),  # false alarm, indirect kind
    ]
    r = score_document("doc", TEXT, golds, quotes)
    direct, indirect = table([r], "DIRECT"), table([r], "INDIRECT")
    # a matched quote follows its gold's table whatever its kind
    assert direct["counts"]["system"] == 3 and direct["counts"]["matched"] == 1
    assert direct["counts"]["gold"] == 1 and direct["counts"]["found"] == 1
    assert indirect["counts"]["system"] == 1 and indirect["counts"]["matched"] == 0
    assert indirect["counts"]["gold"] == 1 and indirect["counts"]["found"] == 0
    assert round(direct["metrics"]["quote_p"], 2) == 33.33
    assert table([r])["counts"]["system"] == 4


def test_ties_go_to_the_smaller_gold():
    text = "They said he claimed that taxes rise."
    outer = gold(text, ["he claimed that taxes rise"], "They", "said", "E1")
    inner = gold(text, ["taxes rise"], "he", "claimed", "E2")
    r = score_document("doc", text, [outer, inner], [quote(text, at(text, "taxes rise"), "indirect")])
    assert r.quotes[0].gold == 1


def test_mixed_quote_is_one_record_matched_by_its_clause():
    """One record per attribution: the reported clause carries its quoted fragment, and
    the gold (which takes the whole clause) is matched once, in the DIRECT table."""
    text = "Ann Lee said the budget was “a disgrace to the city.” Nobody else spoke."
    g = gold(text, ["the budget was “a disgrace to the city.”"], "Ann Lee", "said")
    s, e = at(text, "the budget was “a disgrace to the city.”")
    a, b = at(text, "“a disgrace to the city.”")
    mixed = Quote(s, e, text[s:e], "mixed", speaker=Speaker(*at(text, "Ann Lee"), "Ann Lee"),
                  cue=Cue(*at(text, "said"), "said"), fragments=[{"start": a, "end": b, "text": text[a:b]}])
    results = [score_document("doc", text, [g], [mixed])]
    for name in ("ALL", "DIRECT"):
        c = table(results, name)["counts"]
        assert (c["system"], c["matched"], c["attr_matched"], c["found"], c["exact_system"]) == (1, 1, 1, 1, 1)
    assert table(results, "INDIRECT")["counts"].get("system", 0) == 0


def test_empty_system_quote_is_a_false_alarm():
    text = "\u201c\u201d said Bob. \u201cHi.\u201d"
    g = [gold(text, ["\u201cHi.\u201d"], "Bob", "said")]
    r = score_document("doc", text, g, [quote(text, (0, 2))])
    assert not r.quotes[0].matched


def test_rule_breakdown():
    g = [gold(TEXT, ["the plan was late"], "Officials", "said")]
    quotes = [
        quote(TEXT, at(TEXT, "the plan was late"), "indirect", "Ann Lee", rule="syntax"),
        quote(TEXT, at(TEXT, "\u201cIt works,\u201d"), rule="patterns"),
    ]
    rules = by_rule([score_document("doc", TEXT, g, quotes)])
    assert rules["syntax"]["wrong_speaker"] == 1 and rules["syntax"]["matched"] == 1
    assert rules["patterns"]["false_alarm"] == 1


# --------------------------------------------------------------------------- PolNeAR


def _polnear_docs():
    for ann in sorted((POLNEAR_DEV / "attributions").glob("*.ann")):
        doc_id = ann.stem.rsplit("_", 1)[0]
        text = (POLNEAR_DEV / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")
        yield doc_id, text, read_brat(ann.read_text(encoding="utf-8"), text, doc_id)


needs_polnear = pytest.mark.skipif(
    not (POLNEAR_DEV / "attributions").is_dir(), reason="../shared/polnear is absent"
)


@needs_polnear
def test_polnear_dev_gold_against_itself_scores_100():
    results = [score_document(d, t, g, oracle_quotes(g, t)) for d, t, g in _polnear_docs()]
    summary = summarize(results)
    for name, tab in summary.items():
        assert all(v == 100.0 for v in tab["metrics"].values()), (name, tab["metrics"])
    c = summary["ALL"]["counts"]
    assert c["gold"] == summary["DIRECT"]["counts"]["gold"] + summary["INDIRECT"]["counts"]["gold"]
    assert c["gold"] > 1000


@needs_polnear
def test_polnear_dev_without_speakers():
    """Dropping every speaker keeps quote scores and leaves only sourceless golds right."""
    results, sourceless, quotes_sourceless, n_quotes = [], 0, 0, 0
    for d, t, g in _polnear_docs():
        quotes = [
            Quote(q.start, q.end, q.text, q.kind, None, q.cue, q.rule)
            for q in oracle_quotes(g, t)
        ]
        results.append(score_document(d, t, g, quotes))
        sourceless += sum(1 for x in g if not x.source)
        quotes_sourceless += sum(len(x.content) for x in g if not x.source)
        n_quotes += len(quotes)
    summary = summarize(results)["ALL"]
    assert summary["metrics"]["quote_f1"] == 100.0
    assert summary["counts"]["attr_found"] == sourceless > 0
    assert summary["counts"]["attr_matched"] == quotes_sourceless
    assert summary["metrics"]["attribution_p"] == pytest.approx(100 * quotes_sourceless / n_quotes)


@needs_polnear
def test_polnear_dev_shrunk_spans():
    """Dropping the first character of every quote keeps every match but no exact span.

    (A one-character piece is left whole, since it would vanish; it stays exact.)
    """
    results, single = [], 0
    for d, t, g in _polnear_docs():
        quotes = []
        for q in oracle_quotes(g, t):
            s, e = trim(t, q.start, q.end)
            if e - s > 1:
                s += 1
            else:
                single += 1
            quotes.append(Quote(s, e, t[s:e], q.kind, q.speaker, q.cue, q.rule))
        results.append(score_document(d, t, g, quotes))
    summary = summarize(results)["ALL"]
    assert summary["metrics"]["quote_f1"] == 100.0
    assert summary["metrics"]["attribution_f1"] == 100.0
    assert summary["counts"]["exact_system"] == single
    assert summary["counts"]["exact_gold"] == 0


@needs_polnear
def test_polnear_dev_half_the_gold():
    """Returning every other gold attribution: precision 100, recall the share kept."""
    results, kept, total = [], 0, 0
    for d, t, g in _polnear_docs():
        results.append(score_document(d, t, g, oracle_quotes(g[::2], t)))
        kept, total = kept + len(g[::2]), total + len(g)
    m = summarize(results)["ALL"]["metrics"]
    assert m["quote_p"] == m["attribution_p"] == 100.0
    assert m["quote_r"] == m["attribution_r"] == pytest.approx(100 * kept / total)


@needs_polnear
def test_benchmark_command_with_the_oracle(tmp_path, capsys):
    import json

    from benchmarks import polnear

    out = tmp_path / "figures.json"
    assert polnear.main(["--oracle", "--limit", "3", "--errors", "2", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["docs"] == 3 and report["source"] == "oracle"
    assert report["tables"]["ALL"]["metrics"]["attribution_f1"] == 100.0
    assert "missed gold (0" in capsys.readouterr().out
