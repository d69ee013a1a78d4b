"""The parser-neutral Document: subtrees, their extents and dominance, on any head array,
cycles included (parsers from outside may hand one over)."""

from __future__ import annotations

from typing import List

from hypothesis import given, settings
from hypothesis import strategies as st

from quoteattr.parsed import Document, Token


def document(heads: List[int]) -> Document:
    tokens = [Token(i, 0, "w", "w", "X", "X", h, "dep", 2 * i, 2 * i + 1) for i, h in enumerate(heads)]
    return Document(" ".join("w" * len(heads)), tokens, [(0, len(heads))])


def reference_subtree(doc: Document, i: int) -> List[int]:
    seen, stack = {i}, [i]
    while stack:
        for k in doc.tokens[stack.pop()].children:
            if k not in seen:
                seen.add(k)
                stack.append(k)
    return sorted(seen)


@st.composite
def head_arrays(draw) -> List[int]:
    n = draw(st.integers(1, 25))
    return [draw(st.integers(-1, n - 1)) for _ in range(n)]


@settings(max_examples=400, deadline=None)
@given(head_arrays())
def test_subtree_span_and_dominates_agree_with_a_plain_walk(heads: List[int]) -> None:
    doc = document(heads)
    for i in range(len(heads)):
        expected = reference_subtree(doc, i)
        assert doc.subtree(i) == expected
        assert doc.span(i) == (expected[0], expected[-1])
        for k in range(len(heads)):
            assert doc.dominates(i, k) == (k in expected)


def test_a_long_chain_is_no_recursion_problem() -> None:
    n = 50_000
    doc = document([-1] + list(range(n - 1)))  # each word heads the next
    assert doc.span(0) == (0, n - 1)
    assert doc.span(n // 2) == (n // 2, n - 1)
    assert doc.dominates(10, n - 1) and not doc.dominates(n - 1, 10)


def test_a_cycle_shares_its_subtree() -> None:
    # 0 -> 1 -> 2 -> 0 is a cycle; 3 hangs from 1 and 4 from 3; 5 is a root of its own.
    doc = document([2, 0, 1, 1, 3, -1])
    for i in (0, 1, 2):
        assert doc.subtree(i) == [0, 1, 2, 3, 4]
        assert doc.span(i) == (0, 4)
    assert doc.subtree(3) == [3, 4]
    assert doc.subtree(5) == [5]
    assert not doc.dominates(3, 1)
