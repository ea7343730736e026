"""Streaming exports of the archive: CSV, TSV, JSON Lines and JSON, in constant memory, in a stable
order, written atomically when going to a file."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from .errors import ExportError
from .files import atomic_output
from .report import dumps, safe
from .store import Archive
from .store.queries import Selection, build_query

__all__ = ["ExportError", "Selection", "atomic_output", "build_query", "export", "formula_safe", "write_rows"]


LIST_FIELDS = {"authors", "section_path", "tags", "changed", "sites", "errors"}
NESTED_FIELDS = {"images", "rankings"}
FORMATS = ("csv", "tsv", "jsonl", "json")


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula: text starting with = + - @ (or a tab or CR) gets a
    leading '."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def _cell(value: Any, field: str, lists: str, excel: bool) -> Any:
    if value is None:
        return ""
    if field in LIST_FIELDS and isinstance(value, str) and lists == "joined":
        try:
            items = json.loads(value)
            if isinstance(items, list):
                value = "; ".join(str(i) for i in items)
        except ValueError:
            pass
    return formula_safe(value) if excel else value


def _json_value(value: Any, field: str) -> Any:
    if isinstance(value, str) and (field in LIST_FIELDS or field in NESTED_FIELDS):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def write_rows(
    rows: Iterator[tuple], cols: list[str], out: IO[str], fmt: str, *, lists: str = "joined", excel: bool = False
) -> int:
    """Write rows in the format; return the count. Lists: 'joined' ("a; b") or 'json' in CSV/TSV."""
    n = 0
    terminal = _is_terminal(out)  # stored text escaped for a terminal (a file gets it as it is)
    if fmt in ("csv", "tsv"):
        if excel:
            out.write("\ufeff")
        sep = "," if fmt == "csv" else "\t"
        needs_quotes = re.compile(r'[",\r\n]' if fmt == "csv" else r'["\t\r\n]')

        def quote(value: Any) -> str:
            # RFC 4180 by hand: the csv module is ~3x slower on long bodies (bench/export.py)
            text = value if isinstance(value, str) else str(value)
            if terminal:
                text = safe(text)
            if fmt == "tsv":  # TSV readers expect one line per row: escape as PostgreSQL COPY and pandas read it
                return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
            if needs_quotes.search(text) or text[:1].isspace():
                return '"' + text.replace('"', '""') + '"'
            return text

        out.write(sep.join(map(quote, cols)) + "\r\n")
        plain = [c not in LIST_FIELDS for c in cols]
        for row in rows:
            cells = [
                quote(_cell(v, c, lists, excel))
                if (not p or excel or v is None or not isinstance(v, str))
                else quote(v)
                for v, c, p in zip(row, cols, plain, strict=True)
            ]
            out.write(sep.join(cells) + "\r\n")
            n += 1
    elif fmt == "jsonl":
        for row in rows:
            out.write(dumps({c: _json_value(v, c) for v, c in zip(row, cols, strict=True)}))
            out.write("\n")
            n += 1
    elif fmt == "json":
        out.write("[")
        for row in rows:
            out.write(",\n" if n else "\n")
            out.write(dumps({c: _json_value(v, c) for v, c in zip(row, cols, strict=True)}))
            n += 1
        out.write("\n]\n" if n else "]\n")
    else:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return n


def _is_terminal(out: IO[str]) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def export(
    archive: Archive,
    out: IO[str],
    selection: Selection | None = None,
    *,
    fmt: str = "csv",
    lists: str = "joined",
    excel: bool = False,
) -> int:
    """Stream the rows `selection` takes (default: every article) to `out`; return the number of rows written."""
    cols, rows = archive.export_rows(selection or Selection())
    return write_rows(rows, cols, out, fmt, lists=lists, excel=excel)
