"""What changed between two versions of a story, word by word, the way NewsDiffs and diffengine show it:
paragraphs aligned first, words within a changed paragraph, unchanged paragraphs folded away. Rendered
for a terminal (colour), as plain text (`[-removed-]{+added+}`, git's word-diff markup), or as one
self-contained HTML page."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|[^\s]+")

RED, GREEN, DIM, RESET = "\033[31m", "\033[32m", "\033[2m", "\033[0m"


@dataclass
class Piece:
    op: str  # equal | delete | insert
    text: str


@dataclass
class Block:
    """A paragraph as it changed (pieces), or a run of unchanged paragraphs folded (`folded` > 0)."""

    pieces: list[Piece]
    folded: int = 0


def word_diff(a: str, b: str) -> list[Piece]:
    """Pieces of text, each kept, removed or added; white space follows the words it sits between."""
    ta, tb = _TOKENS.findall(a or ""), _TOKENS.findall(b or "")
    out: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(Piece("equal", "".join(ta[i1:i2])))
        else:
            if i2 > i1:
                out.append(Piece("delete", "".join(ta[i1:i2])))
            if j2 > j1:
                out.append(Piece("insert", "".join(tb[j1:j2])))
    return _tidy(out)


def _tidy(pieces: list[Piece]) -> list[Piece]:
    """White space at the edge of a change moves out of it: 'has {+this week+} signed', not
    'has{+ this week+} signed'."""
    out: list[Piece] = []
    i = 0
    while i < len(pieces):
        if pieces[i].op == "equal":
            out.append(pieces[i])
            i += 1
            continue
        j = i
        while j < len(pieces) and pieces[j].op != "equal":
            j += 1
        group = pieces[i:j]
        lead = min(len(p.text) - len(p.text.lstrip()) for p in group)
        head = group[0].text[:lead] if lead and all(p.text[:lead].isspace() for p in group) else ""
        group = [Piece(p.op, p.text[len(head) :]) for p in group]
        trail = min(len(p.text) - len(p.text.rstrip()) for p in group)
        tail = group[0].text[len(group[0].text) - trail :] if trail else ""
        if tail and all(p.text.endswith(tail) for p in group):
            group = [Piece(p.op, p.text[: len(p.text) - len(tail)]) for p in group]
        else:
            tail = ""
        if head:
            out.append(Piece("equal", head))
        out += [p for p in group if p.text]
        if tail:
            out.append(Piece("equal", tail))
        i = j
    return out


def body_diff(a: str, b: str, context: int = 0) -> list[Block]:
    """Paragraph by paragraph: unchanged runs folded (keeping `context` paragraphs beside a change)."""
    pa, pb = [p for p in (a or "").split("\n\n")], [p for p in (b or "").split("\n\n")]
    out: list[Block] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, pa, pb, autojunk=False).get_opcodes():
        if op == "equal":
            n = i2 - i1
            keep_head = context if out else 0
            if n <= 2 * context:
                out += [Block([Piece("equal", p)]) for p in pa[i1:i2]]
                continue
            out += [Block([Piece("equal", p)]) for p in pa[i1 : i1 + keep_head]]
            out.append(Block([], folded=n - keep_head - context))
            out += [Block([Piece("equal", p)]) for p in pa[i2 - context : i2]] if context else []
        elif op == "replace":
            for k in range(max(i2 - i1, j2 - j1)):
                old = pa[i1 + k] if i1 + k < i2 else ""
                new = pb[j1 + k] if j1 + k < j2 else ""
                out.append(Block(word_diff(old, new)))
        elif op == "delete":
            out += [Block([Piece("delete", p)]) for p in pa[i1:i2]]
        else:
            out += [Block([Piece("insert", p)]) for p in pb[j1:j2]]
    return out


def render_text(pieces: list[Piece], colour: bool) -> str:
    parts = []
    for p in pieces:
        if p.op == "equal":
            parts.append(p.text)
        elif colour:
            parts.append(f"{RED if p.op == 'delete' else GREEN}{p.text}{RESET}")
        else:
            parts.append(f"[-{p.text}-]" if p.op == "delete" else f"{{+{p.text}+}}")
    return "".join(parts)


def render_blocks(blocks: list[Block], colour: bool) -> str:
    out = []
    for b in blocks:
        if b.folded:
            note = f"… {b.folded} unchanged paragraph{'s' if b.folded > 1 else ''} …"
            out.append(f"{DIM}{note}{RESET}" if colour else note)
        else:
            out.append(render_text(b.pieces, colour))
    return "\n\n".join(out)


def render_html(title: str, subtitle: str, headline: list[Piece], blocks: list[Block], other: list[str]) -> str:
    def pieces(ps: list[Piece]) -> str:
        return "".join(
            html.escape(p.text)
            if p.op == "equal"
            else f"<{'del' if p.op == 'delete' else 'ins'}>{html.escape(p.text)}"
            f"</{'del' if p.op == 'delete' else 'ins'}>"
            for p in ps
        )

    paras = "".join(
        f"<p class='fold'>… {b.folded} unchanged paragraph{'s' if b.folded > 1 else ''} …</p>"
        if b.folded
        else f"<p>{pieces(b.pieces)}</p>"
        for b in blocks
    )
    meta = "".join(f"<li>{html.escape(x)}</li>" for x in other)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>"
        "body{font:16px/1.55 Georgia,serif;max-width:46em;margin:2em auto;padding:0 1em;color:#222}"
        "del{background:#fdd;color:#900;text-decoration:line-through}ins{background:#dfd;color:#060;"
        "text-decoration:none}.fold{color:#888;font-style:italic}h1{font-size:1.5em}"
        ".sub{color:#666;font:14px sans-serif}</style></head><body>"
        f"<p class='sub'>{html.escape(subtitle)}</p><h1>{pieces(headline)}</h1>"
        f"{'<ul class=sub>' + meta + '</ul>' if meta else ''}{paras}</body></html>"
    )
