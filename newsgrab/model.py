"""The Article record and its parts: plain data, no HTML, HTTP or SQL."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any


@dataclass
class Image:
    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass
class RankingItem:
    position: int
    title: str
    url: str | None


@dataclass
class Ranking:
    name: str
    items: list[RankingItem] = field(default_factory=list)


@dataclass
class Article:
    """One article as published; `sources` says which layer supplied each field."""

    url: str | None = None
    site: str | None = None
    headline: str | None = None
    authors: list[str] = field(default_factory=list)
    byline: str | None = None
    credit: str | None = None
    dateline: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    section: str | None = None
    section_path: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    body: str = ""
    images: list[Image] = field(default_factory=list)
    access: str | None = None
    rankings: list[Ranking] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    profile: str | None = None
    warnings: list[str] = field(default_factory=list)
    extractor_version: str | None = None  # which extractor made this record (extract/version.py)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict: datetimes as ISO 8601 (with offset when the page gave a zone)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, list):
                value = [asdict(v) if hasattr(v, "__dataclass_fields__") else v for v in value]
            elif isinstance(value, dict):
                value = dict(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild an Article from `to_dict()` output."""
        kw = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        for key in ("published", "modified"):
            if kw.get(key):
                kw[key] = datetime.fromisoformat(kw[key])
        kw["images"] = [Image(**i) for i in kw.get("images") or []]
        kw["rankings"] = [
            Ranking(r["name"], [RankingItem(**it) for it in r.get("items", [])]) for r in kw.get("rankings") or []
        ]
        return cls(**kw)
