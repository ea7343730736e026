"""Full-text search: what a user types becomes an FTS5 query (words as words, CJK text as substrings), and a
snippet is cut around the first hit with bounded work, whatever the size of the article."""

from __future__ import annotations

import re

from .extract.scripts import CJK_RANGES

# Chinese, Japanese (kana, kanji) and Korean (hangul) characters: FTS5's unicode61 tokenizer reads a run
# of them as one "word", so they get an index of their own with one token per character.
CJK = CJK_RANGES
_CJK_RUN = re.compile(f"[{CJK}]+")
_RUN_BREAK = " 0 "  # a token no CJK query holds: a phrase never spans two runs
SNIPPET_SCAN = 1_000_000  # characters of a body searched for the snippet's hit
SNIPPET_BEFORE, SNIPPET_AFTER = 60, 140


def cjk_tokens(*texts: str | None) -> str:
    """The CJK text of an article as the CJK index stores it: characters apart, runs kept apart."""
    runs = [run for text in texts if text for run in _CJK_RUN.findall(text)]
    return _RUN_BREAK.join(" ".join(run) for run in runs)


def quote_term(term: str) -> str:
    """One term as an FTS5 string: searched as the words it holds, whatever punctuation it has."""
    return '"' + term.replace('"', '""') + '"'


def split_query(query: str) -> tuple[list[str], list[str]]:
    """(word terms, CJK runs) of a query typed as words: every term is required."""
    words, cjk = [], []
    for term in query.split():
        cjk += _CJK_RUN.findall(term)
        rest = _CJK_RUN.sub(" ", term)
        words += [w for w in rest.split() if re.search(r"\w", w)]
    return words, cjk


def query_terms(query: str) -> list[str]:
    """The words and CJK runs of a query, to find a hit for the snippet (FTS operators dropped)."""
    words, cjk = split_query(query.replace('"', " ").replace("*", " "))
    return [w for w in words if w.upper() not in ("AND", "OR", "NOT", "NEAR")] + cjk


def snippet(body: str | None, terms: list[str]) -> str:
    """About 200 characters of the body around the first hit of a term, every hit of every term in the
    window in [brackets]; bounded work (the body is read up to SNIPPET_SCAN)."""
    text = (body or "")[:SNIPPET_SCAN]
    patterns = []
    for term in terms:
        tokens = re.findall(r"\w+", term)
        if tokens:
            patterns.append(r"\W+".join(re.escape(t) for t in tokens))
    found = re.compile("|".join(patterns), re.I) if patterns else None
    m = found.search(text) if found else None
    if found is None or m is None:
        return " ".join(text[: SNIPPET_BEFORE + SNIPPET_AFTER].split())
    start, end = max(0, m.start() - SNIPPET_BEFORE), min(len(text), m.end() + SNIPPET_AFTER)
    window = found.sub(lambda hit: "[" + hit.group(0) + "]", text[start:end])
    out = ("…" if start else "") + window + ("…" if end < len(body or "") else "")
    return " ".join(out.split())
