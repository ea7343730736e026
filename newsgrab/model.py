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
    # every headline the page gives, by where: "h1" (printed), "og:title", "twitter:title", "json-ld", "title"
    headlines: dict[str, str] = field(default_factory=dict)

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


@dataclass(frozen=True)
class FieldSpec:
    """One column of an archived article: how it is stored, versioned, re-derived and shown."""

    name: str
    description: str
    json: bool = False  # stored as JSON text (a list or a mapping)
    content: bool = False  # what a reader sees: in the content hash, so a change makes a new version
    reparsed: bool = False  # made by the extractor: `reparse` may rewrite it
    exported: bool = True  # a column of `export` and of the article queries


# The one list of an archived article's columns, in export order. The storage lists (archive.py), the export
# and query columns (queries.py), Datasette's column descriptions (web.py) and the fixture test's fields are
# derived from it. Adding a field: the model above, a row here, and one migration in archive.py.
RECORD_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", "the story's number in this archive"),
    FieldSpec("url", "canonical URL of the story"),
    FieldSpec("site", "host name", reparsed=True),
    FieldSpec("headline", "headline", content=True, reparsed=True),
    FieldSpec("authors", "person names (JSON list)", json=True, content=True, reparsed=True),
    FieldSpec("byline", "the byline as printed", content=True, reparsed=True),
    FieldSpec("credit", "credited organisation (wire, newspaper)", content=True, reparsed=True),
    FieldSpec("dateline", "place and date the story was filed from", content=True, reparsed=True),
    FieldSpec("published", "first published (ISO 8601)", content=True, reparsed=True),
    FieldSpec("modified", "last modified, as the page says", reparsed=True),
    FieldSpec("section", "section", content=True, reparsed=True),
    FieldSpec("section_path", "breadcrumb (JSON list)", json=True, reparsed=True),
    FieldSpec("tags", "tags (JSON list)", json=True, content=True, reparsed=True),
    FieldSpec("language", "language code, as the page says", reparsed=True),
    FieldSpec("body", "story text, paragraphs separated by blank lines", content=True, reparsed=True),
    FieldSpec("images", "photos with captions and credits (JSON)", json=True, content=True, reparsed=True),
    FieldSpec("access", "free, or subscribers only, as the page says", reparsed=True),
    FieldSpec("rankings", "ranking lists seen beside it (JSON)", json=True, reparsed=True),
    FieldSpec("sources", "which layer gave each field (JSON)", json=True, reparsed=True, exported=False),
    FieldSpec("warnings", "what the extractor was unsure of (JSON list)", json=True, reparsed=True, exported=False),
    FieldSpec("profile", "the site profile that parsed it", reparsed=True),
    FieldSpec("content_hash", "hash of what a reader sees; a change is a new version"),
    FieldSpec("first_seen", "first archived (UTC)"),
    FieldSpec("last_seen", "last fetched (UTC)"),
    FieldSpec("version", "number of versions"),
    FieldSpec("fetch_url", "the address it was fetched from"),
    FieldSpec("etag", "the server's ETag at the last fetch (for a conditional re-check)", exported=False),
    FieldSpec("last_modified", "the server's Last-Modified at the last fetch", exported=False),
    FieldSpec("extractor_version", "the extractor that made this record", exported=False),
    FieldSpec(
        "headlines",
        "every headline the page gives (JSON): h1 (printed), og:title, twitter:title, json-ld, title",
        json=True,
        reparsed=True,
    ),
)
CONTENT_FIELDS = tuple(f.name for f in RECORD_FIELDS if f.content)  # in this order in the content hash
REPARSED_FIELDS = tuple(f.name for f in RECORD_FIELDS if f.reparsed)
JSON_FIELDS = tuple(f.name for f in RECORD_FIELDS if f.json)
EXPORTED_FIELDS = tuple(f.name for f in RECORD_FIELDS if f.exported)
