"""The same story on several sites: each story's MinHash signature (newsgrab.similarity), its LSH band keys in
an indexed table, and the pairs of stories whose estimated overlap reaches the threshold.

Kept current inside the transaction that saves a story's text (save, a capture settled into the history,
reparse, merge), so the pairs depend only on the stories' current texts, never on the order they came in.
A cluster is a connected group of pairs, assembled when asked for (`cluster_of`, `clusters`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from .. import similarity as S
from ..errors import ArchiveError
from .runs import RunLog
from .sql import in_chunks

MAX_CANDIDATES = 2_000  # stories compared with a new one, those sharing the most band keys first
MAX_CLUSTER = 5_000  # stories read into one cluster (a run of near-identical pages, say a site's empty template)


class CopiesNotFilled(ArchiveError):
    """The archive holds stories saved before copies were tracked: `newsgrab copies --fill` computes them."""


class Copies(RunLog):
    """Signatures, band keys and copy pairs of the archive's stories."""

    def index_story(self, article_id: int, body: str | None) -> None:
        """Make the story's signature, band keys and copy pairs those of `body` (call inside a transaction)."""
        db = self.db
        sig = S.signature(body)
        before = self.signature_of(article_id, damaged=True)
        if before is not None:
            if before == sig:
                return  # the same text (a new version that changed a byline, say): nothing to redo
            self._forget(article_id, before)
        if sig is None:
            return
        keys = S.band_keys(sig)
        db.execute("INSERT OR REPLACE INTO signatures (article_id, signature) VALUES (?, ?)", [article_id, S.pack(sig)])
        candidates = self._candidates(keys, article_id)
        db.conn.executemany(
            "INSERT OR IGNORE INTO lsh_bands (key, article_id) VALUES (?, ?)", [(k, article_id) for k in keys]
        )
        pairs = []
        for chunk, marks in in_chunks(candidates):
            for other, blob in db.execute(
                f"SELECT article_id, signature FROM signatures WHERE article_id IN ({marks})", chunk
            ).fetchall():
                try:
                    overlap = S.similarity(sig, S.unpack(blob))
                except ValueError:
                    continue  # a damaged row: that story is compared again when it is next saved or filled
                if overlap >= S.THRESHOLD:
                    a, b = sorted((article_id, other))
                    pairs.append((a, b, round(overlap, 3)))
        db.conn.executemany("INSERT OR REPLACE INTO copy_pairs (a, b, overlap) VALUES (?, ?, ?)", pairs)

    def _forget(self, article_id: int, before: tuple[int, ...] | bool) -> None:
        """Remove a story's signature, band keys and pairs (its old keys from its old signature; a damaged
        signature (`before` True) is removed by a scan of the keys)."""
        db = self.db
        if isinstance(before, tuple):
            keys = S.band_keys(before)
            marks = ",".join("?" for _ in keys)
            db.execute(f"DELETE FROM lsh_bands WHERE key IN ({marks}) AND article_id = ?", [*keys, article_id])
        else:
            db.execute("DELETE FROM lsh_bands WHERE article_id = ?", [article_id])
        db.execute("DELETE FROM signatures WHERE article_id = ?", [article_id])
        db.execute("DELETE FROM copy_pairs WHERE a = ?", [article_id])  # two statements: each uses its index
        db.execute("DELETE FROM copy_pairs WHERE b = ?", [article_id])

    def _candidates(self, keys: list[int], article_id: int) -> list[int]:
        marks = ",".join("?" for _ in keys)
        rows = self.db.execute(
            f"SELECT article_id FROM lsh_bands WHERE key IN ({marks}) AND article_id != ? "
            "GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT ?",
            [*keys, article_id, MAX_CANDIDATES],
        ).fetchall()
        return [r[0] for r in rows]

    def copies_filled(self) -> bool:
        """Whether every story's signature is computed (archives made before this feature need a fill)."""
        row = self.db.execute("SELECT value FROM archive_info WHERE key = 'copies'").fetchone()
        return bool(row) and row[0] == "filled"

    def require_copies(self) -> None:
        if not self.copies_filled():
            raise CopiesNotFilled(
                f"{self.path} holds stories saved before copies were tracked: "
                f"run `newsgrab copies --fill --db {self.path}` once to compute them"
            )

    def fill_copies(self, progress: Callable[[int, int], None] | None = None, batch: int = 500) -> int:
        """Compute the signature and pairs of every story (an archive from before this feature, or after a
        change of the signature's parameters). Returns how many stories were indexed."""
        ids = [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        with self._transaction():
            for table in ("copy_pairs", "lsh_bands", "signatures"):
                self.db.execute(f"DELETE FROM {table}")
        done = 0
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            with self._transaction():
                for article_id, body in self._bodies(chunk):
                    self.index_story(article_id, body)
            done += len(chunk)
            if progress:
                progress(done, len(ids))
        with self._transaction():
            self.db.execute("INSERT OR REPLACE INTO archive_info (key, value) VALUES ('copies', 'filled')")
        return len(ids)

    def _bodies(self, ids: list[int]) -> Iterator[tuple[int, str | None]]:
        for chunk, marks in in_chunks(ids):
            yield from self.db.execute(f"SELECT id, body FROM articles WHERE id IN ({marks}) ORDER BY id", chunk)

    def cluster_of(self, article_id: int) -> list[int]:
        """The stories connected to this one by copy pairs (itself included), up to MAX_CLUSTER."""
        seen = {article_id}
        frontier = [article_id]
        while frontier and len(seen) < MAX_CLUSTER:
            nxt: list[int] = []
            for chunk, marks in in_chunks(frontier):
                for a, b in self.db.execute(
                    f"SELECT a, b FROM copy_pairs WHERE a IN ({marks}) OR b IN ({marks})", chunk + chunk
                ).fetchall():
                    for x in (a, b):
                        if x not in seen:
                            seen.add(x)
                            nxt.append(x)
            frontier = nxt
        return sorted(seen)

    def clusters(self, since: str | None = None) -> list[list[int]]:
        """Every group of two or more stories joined by copy pairs (connected components), the stories of each
        in id order; with `since`, only pairs where a story was first seen since then start a group."""
        parent: dict[int, int] = {}

        def find(x: int) -> int:
            root = x
            while parent.get(root, root) != root:
                root = parent[root]
            while parent.get(x, x) != root:  # path compression, iterative
                parent[x], x = root, parent[x]
            return root

        sql = "SELECT a, b FROM copy_pairs"
        args: list[Any] = []
        if since:
            sql += (
                " WHERE a IN (SELECT id FROM articles WHERE first_seen >= ?)"
                " OR b IN (SELECT id FROM articles WHERE first_seen >= ?)"
            )
            args = [since, since]
        nodes: set[int] = set()
        for a, b in self.db.execute(sql, args):
            nodes.update((a, b))
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        groups: dict[int, list[int]] = {}
        for x in sorted(nodes):
            groups.setdefault(find(x), []).append(x)
        return [g for g in groups.values() if len(g) > 1]

    def signature_of(self, article_id: int, damaged: bool = False) -> Any:
        """The story's stored signature; None when it has none. A stored value that is not a signature is
        None too, or True with `damaged` (so that it can be removed)."""
        row = self.db.execute("SELECT signature FROM signatures WHERE article_id = ?", [article_id]).fetchone()
        if not row:
            return None
        try:
            return S.unpack(row[0])
        except ValueError:
            return True if damaged else None

    def story_rows(self, ids: list[int]) -> list[dict[str, Any]]:
        """What `similar` and `copies` show of each story: id, url, site, first seen, published, credit,
        headline."""
        out: list[dict[str, Any]] = []
        for chunk, marks in in_chunks(ids):
            cur = self.db.execute(
                f"SELECT id, url, site, first_seen, published, credit, headline FROM articles WHERE id IN ({marks})",
                chunk,
            )
            cols = [c[0] for c in cur.description]
            out += [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
        return sorted(out, key=lambda r: r["id"])

    def headline_rows(self, since: str | None = None) -> list[dict[str, Any]]:
        """Each story (first seen since `since`) with its headline variants and the headline of each version,
        in version order (a headline is listed once per change)."""
        sql = (
            "SELECT a.id, a.url, a.site, a.first_seen, a.headline, a.headlines, "
            "(SELECT json_group_array(h) FROM (SELECT v.headline AS h FROM article_versions v "
            "WHERE v.article_id = a.id ORDER BY v.version)) AS version_headlines FROM articles a"
        )
        args: list[Any] = []
        if since:
            sql += " WHERE a.first_seen >= ?"
            args.append(since)
        cur = self.db.execute(sql + " ORDER BY a.first_seen DESC, a.id DESC", args)
        cols = [c[0] for c in cur.description]
        out = []
        for values in cur.fetchall():
            row = dict(zip(cols, values, strict=True))
            try:
                row["headlines"] = json.loads(row["headlines"]) if row["headlines"] else {}
            except ValueError:
                row["headlines"] = {}
            seen: list[str] = []
            for h in json.loads(row["version_headlines"] or "[]"):
                if h is not None and (not seen or seen[-1] != h):
                    seen.append(h)
            row["version_headlines"] = seen
            out.append(row)
        return out
