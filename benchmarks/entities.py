"""Speaker entities on PolNeAR: how often ``Speaker.entity`` names the right person.

PolNeAR has no coreference, so the measure is a proxy, counted on matched system quotes
whose speaker span overlaps the gold Source:

- the gold Source holds a name (a capitalised word whose lower-case form the article
  never uses, so "Officials" opening a sentence is no name): the entity is right when it
  shares a word with that name (titles left out: "Sen. Ann Lee" and "Ann Lee" agree);
- the gold Source is a pronoun or a description ("he", "the former coach"): the gold
  does not say whom it means, so the entity counts as right when it shares a word with
  the name in a named gold Source earlier in the same article (someone the gold says
  spoke before). This checks plausibility, not identity: it cannot tell two earlier
  sources apart.

An unresolved speaker (no entity) counts as wrong in both.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Sequence

from benchmarks.scoring import DocResult

__all__ = ["entity_figures", "entity_line"]

_WORD = re.compile(r"[A-Za-z][\w'’.-]*")
_SKIP = frozenset("the a an he she they his her their it its i we you".split())


def _titles() -> frozenset:
    from quoteattr.speakers import _titles as titles

    return titles()


def name_words(text: str, source: str) -> set:
    """The lower-cased name words of a gold Source (empty when it holds no name)."""
    lower = set(w.lower() for w in _WORD.findall(text) if w[:1].islower())
    titles = _titles()
    out = set()
    for w in _WORD.findall(source):
        key = w.strip(".’'").lower()
        if w[:1].isupper() and key not in _SKIP and key not in titles and key not in lower:
            out.add(key.replace("’s", "").replace("'s", ""))
    return out


def _entity_words(entity: str) -> set:
    titles = _titles()
    return {w.strip(".’'").lower().replace("’s", "").replace("'s", "") for w in _WORD.findall(entity)} - titles


def entity_figures(results: Sequence[DocResult]) -> Dict[str, List[int]]:
    """{"named": [right, total], "other": [right, total]} over the documents."""
    out = {"named": [0, 0], "other": [0, 0]}
    for doc in results:
        golds = sorted(doc.golds, key=lambda g: g.gold.source[0][0] if g.gold.source else -1)
        named = [(g.gold.source[0][0], name_words(doc.text, g.gold.source_text))
                 for g in golds if g.gold.source]
        for q in doc.quotes:
            if q.gold is None or not q.speaker_ok or q.quote.speaker is None:
                continue
            gold = doc.golds[q.gold].gold
            if not gold.source:
                continue
            mine = _entity_words(q.quote.speaker.entity or "")
            words = name_words(doc.text, gold.source_text)
            if words:
                out["named"][0] += bool(mine & words)
                out["named"][1] += 1
            else:
                here = gold.source[0][0]
                earlier = set().union(*[w for s, w in named if s < here]) if named else set()
                out["other"][0] += bool(mine & earlier)
                out["other"][1] += 1
    return out


def entity_line(fig: Dict[str, Any]) -> str:
    (nr, nt), (orr, ot) = fig["named"], fig["other"]
    return (f"speaker entities right: {nr + orr} of {nt + ot} (gold Source a name: {nr} of {nt}; "
            f"a pronoun or description, entity named in an earlier gold Source: {orr} of {ot})")
