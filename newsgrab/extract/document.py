"""Bytes to one pruned lxml tree shared by every extraction layer."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

import lxml.html
from lxml import etree

from ..errors import ExtractionError

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_XML_DECL_BYTES = re.compile(rb"^\s*<\?xml[^>]*\?>", re.I)
# C0 controls (XML cannot hold them), DEL and the C1 controls (\x9b is a one-byte CSI): none is text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Elements that never hold article text: removed before any layer looks at the tree.
_NEVER_TEXT = ("style", "svg", "canvas", "template", "object", "embed", "iframe", "math")


def decode(data: str | bytes, declared: str | None = None) -> str:
    """Decode page bytes: the given (HTTP) charset, then the page's own, then UTF-8, then detection."""
    return decode_page(data, declared)[0]


def decode_page(data: str | bytes, declared: str | None = None) -> tuple[str, bytes | None]:
    """The page's text (see decode), and its bytes when they are that text in UTF-8 as they stand (no
    byte-order mark): parse_html hands those to the parser without encoding the text again."""
    if isinstance(data, str):
        return data, None
    return _decoded(data, declared)


def _decoded(data: bytes, declared: str | None) -> tuple[str, bytes | None]:
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):  # a byte-order mark says what the page is, whatever a label says
            try:
                return data.decode(codec), None
            except UnicodeDecodeError:
                break
    # Bytes that decode as UTF-8 are UTF-8 whatever a label says (mislabelled pages are common; the
    # reverse accident, other encodings forming valid UTF-8 by chance, is rare for real text).
    candidates = ["utf-8-sig"] if data[:3] == codecs.BOM_UTF8 else []
    candidates.append("utf-8")
    if declared:
        candidates.append(declared)
    for name in _labels(candidates, data):
        try:
            codec = codecs.lookup(name).name
        except (LookupError, ValueError):  # an unknown label, or one with a NUL byte in it
            continue
        if codec in ("utf-16-le", "utf-16-be", "utf-16") and b"\x00" not in data[:200]:
            continue  # pages often claim UTF-16 while being ASCII-compatible
        if codec in ("latin-1", "iso8859-1", "ascii"):  # the HTML standard reads these labels as windows-1252:
            codec = "cp1252"  # bytes 0x80-0x9f are curly quotes and dashes, not C1 controls
            try:
                return data.decode(codec), None
            except UnicodeDecodeError:  # one of the five bytes cp1252 leaves undefined
                return data.decode("latin-1"), None
        try:
            return data.decode(codec), (data if codec == "utf-8" else None)
        except (UnicodeDecodeError, LookupError):
            continue
    # Mostly-ASCII bytes that are not UTF-8: a Western page in Windows-1252 (the web's usual mislabel).
    try:
        text = data.decode("cp1252")
        if sum(1 for b in data[:100_000] if b > 127) < len(data[:100_000]) * 0.05:
            return text, None
    except UnicodeDecodeError:
        pass
    return _detect(data), None


def _labels(candidates: list[str], data: bytes) -> Iterator[str]:
    """The candidates, then the label the page's own <meta> declares: read (by bs4) only when the
    candidates fail, as most pages are UTF-8."""
    yield from candidates
    from bs4.dammit import EncodingDetector  # imported here: bs4 costs 0.1 s to import, UTF-8 pages never need it

    found = EncodingDetector.find_declared_encoding(data[:4096], is_html=True, search_entire_document=False)
    if found:
        yield found


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:  # a codec charset-normalizer knows and Python does not: fall back below
            pass
    return data.decode("cp1252", errors="replace")


def parse_html(text: str, utf8: bytes | None = None) -> etree._Element:
    """One lxml tree for the page, with comments, scripts' noise and non-text elements gone.

    JSON-LD scripts are kept (metadata reads them); other scripts are removed.
    """
    decl = _XML_DECL.match(text)
    if decl:
        text = text[decl.end() :]
    if not text.strip():
        raise ExtractionError("the page is empty")
    if utf8 is not None:  # the same page as UTF-8 bytes (decode_page): its <?xml?> line goes the same way
        decl_bytes = _XML_DECL_BYTES.match(utf8)
        if (decl.group(0).encode() if decl else None) != (decl_bytes.group(0) if decl_bytes else None):
            utf8 = None  # white space before it that only Unicode calls white space: the text is encoded
        elif decl_bytes:
            utf8 = utf8[decl_bytes.end() :]
    # UTF-8 bytes, told to the parser: libxml2 reads them as they are, where a str is converted first
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True, encoding="utf-8")
    # every element an HtmlElement, chosen in C: lxml.html's own lookup is a Python call each time an
    # element is touched (596,000 calls on the 131 dev pages); its form-field classes are never used here
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(element=lxml.html.HtmlElement))
    data = _utf8_without_controls(text, utf8)
    if not data.strip():
        raise ExtractionError("the page is empty")
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"the page is not HTML ({exc})") from exc
    if root is None:
        raise ExtractionError("the page is not HTML")
    drop: list[etree._Element] = []
    state: list[etree._Element] = []
    for el in root.iter(*_NEVER_TEXT, "script", "noscript"):
        if el.tag == "script" and "ld+json" in (el.get("type") or "").lower():
            continue
        (state if el.tag == "script" and is_state_script(el) else drop).append(el)
    for el in drop:
        remove(el)
    _to_head(root, state)
    return root


_C0_AND_DEL = bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20)) + b"\x7f"
_C1_OR_NONCHAR = (re.compile(b"\xc2[\x80-\x9f]"), re.compile(b"\xef\xbf[\xbe\xbf]"))  # as UTF-8


def _utf8_without_controls(text: str, utf8: bytes | None = None) -> bytes:
    """The page as UTF-8 with no control character in it (_CONTROL: no text node may hold one; lxml refuses
    them). A C0 control or DEL is one byte that no multi-byte sequence holds, so it is deleted from the
    bytes (a quarter of the cost of a regex over the text); C1 controls and U+FFFE/U+FFFF, rare, send the
    page through the regex."""
    try:
        data = (text.encode("utf-8") if utf8 is None else utf8).translate(None, _C0_AND_DEL)
    except UnicodeEncodeError:  # a lone surrogate, from a str given as it is
        return _CONTROL.sub("", text).encode("utf-8", "replace")
    if any(p.search(data) for p in _C1_OR_NONCHAR):
        return _CONTROL.sub("", data.decode("utf-8")).encode("utf-8")
    return data


# A script that holds the page's data for its own JavaScript to draw the page from: Next.js's __NEXT_DATA__
# (JSON), or `window.__INITIAL_STATE__ = {...}` and its kin. Kept, in <head> where no body rule reads it,
# marked data-newsgrab="state"; read only when the page's markup holds no story.
_STATE_ASSIGN = re.compile(r"^\s*(?:window\.|var\s+|self\.)?__[A-Z][A-Z_]*__\s*=\s*[{\[]")
MAX_STATE_CHARS = 4 * 1024 * 1024  # a bigger state object is not read (bounds json.loads)


def is_state_script(el: etree._Element) -> bool:
    text = el.text or ""
    if not text or len(text) > MAX_STATE_CHARS:
        return False
    kind = (el.get("type") or "").lower()
    if kind == "application/json":
        return (el.get("id") or "").startswith("__")
    return kind in ("", "text/javascript", "application/javascript") and bool(_STATE_ASSIGN.match(text[:200]))


def _to_head(root: etree._Element, scripts: list[etree._Element]) -> None:
    if not scripts:
        return
    head = root.find("head")
    if head is None:
        head = etree.Element("head")
        root.insert(0, head)
    for el in scripts:
        remove(el)
        el.tail = None
        el.set("data-newsgrab", "state")
        head.append(el)


def body_elements(root: etree._Element) -> Iterator[etree._Element]:
    """Every element under <body>, in document order: what `//body/descendant::*` selects. A filter in
    Python over this one walk costs a third of an XPath that tests attributes with contains()."""
    body = next(root.iter("body"), None)
    if body is None:
        return
    walk = body.iter(etree.Element)
    next(walk)  # the <body> itself
    yield from walk


def remove(el: etree._Element) -> None:
    """Remove an element but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def is_inside(el: etree._Element, top: etree._Element) -> bool:
    """Whether `top` is a proper ancestor of `el`."""
    parent = el.getparent()
    while parent is not None:
        if parent is top:
            return True
        parent = parent.getparent()
    return False


MAX_ELEMENTS = 30_000  # the largest real news pages seen hold a few thousand elements (dev set: 3,320)


def cap_tree(root: etree._Element, limit: int = MAX_ELEMENTS) -> int:
    """Cut a tree with more than `limit` elements down to its first `limit` (in document order: a story
    comes before the page's endless widgets). Returns how many elements were cut. Bounds every later pass.

    Only the first `limit` elements are visited: what follows is removed as whole subtrees (the element
    past the limit with its following siblings, then the following siblings of each of its ancestors)."""
    past = None
    for i, el in enumerate(root.iter()):
        if i >= limit:
            past = el
            break
    if past is None:
        return 0
    cut = int(root.xpath("count(//*)")) - limit  # counted in C, not element by element
    node: etree._Element | None = past
    parent = past.getparent()
    while node is not None and parent is not None:
        sib: etree._Element | None = node if node is past else node.getnext()
        while sib is not None:
            following = sib.getnext()
            parent.remove(sib)
            sib = following
        node, parent = parent, parent.getparent()
    return cut
