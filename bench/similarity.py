"""Near-duplicate detection (newsgrab.similarity) on a generated corpus with known copies: precision, recall
and false clusters at the default threshold and around it; and the cost of a signature beside parsing.

The corpus: EVENTS events; for each, one wire story of 8-14 paragraphs, and
- copies, lightly edited as sites edit wire copy: the last paragraphs cut (one to three of them), a
  sentence added, a few words changed, the headline changed (the body kept), or two of these at once;
- different stories about the same event: the same names and places, other sentences, and one quote
  taken from the wire story.
Copies of one story form one true cluster; a different story must join no cluster of its event.

Candidates come from the band keys exactly as the archive finds them (one table of key -> stories), and a
candidate is a copy when its estimated similarity reaches the threshold.

    python bench/similarity.py [--events 300] [--seed 1]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsgrab import similarity as S  # noqa: E402

WORDS = (
    "the a of to in and said on for with at by from that was were is has have had will would could after before "
    "council government police court minister company market prices workers union school hospital river bridge "
    "election vote plan budget report storm fire road station city town region country officials residents "
    "week month year monday tuesday wednesday thursday friday morning evening night early late new old first "
    "last more less about over under against between during without within million billion percent people "
    "children families cost tax rise fall deal talks meeting statement decision law rules safety health water "
    "energy power trade export import growth jobs rate bank loan debt fund aid support protest strike delay "
    "crash fault damage repair build open close start end cut raise lower warn expect plan agree reject"
).split()
FIRST = (
    "Anna Ben Chen Dara Emil Fatima Goro Hana Ivan Jana Kofi Lena Mateo Nadia Omar Priya Rui Sara Tomas Yuki".split()
)
LAST = "Abe Brandt Costa Diallo Eriksen Fujita Garcia Haddad Ito Jensen Kowalski Lopez Moreau Novak Okafor".split()
PLACES = "Osaka Lyon Porto Leeds Kyoto Turin Gdansk Malmo Bilbao Graz Utrecht Aarhus Nagoya Sapporo Cork".split()


def sentence(rng: random.Random, names: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 26))]
    for _ in range(rng.randint(1, 2)):
        words.insert(rng.randrange(len(words)), rng.choice(names))
    return " ".join(words).capitalize() + "."


def story(rng: random.Random, names: list[str]) -> list[str]:
    return [" ".join(sentence(rng, names) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(8, 14))]


def edit(rng: random.Random, paras: list[str], how: str) -> list[str]:
    out = list(paras)
    if how == "cut":
        out = out[: len(out) - rng.randint(1, 3)]
    elif how == "added":
        i = rng.randrange(len(out))
        out[i] += " The agency said more details would be given at a news conference later in the day."
    elif how == "words":
        for _ in range(rng.randint(3, 6)):
            i = rng.randrange(len(out))
            words = out[i].split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            out[i] = " ".join(words)
    elif how == "headline":
        pass  # the body as it was: only the headline differs
    return out


EDITS = ["cut", "added", "words", "headline"]


def corpus(events: int, seed: int) -> tuple[list[str], list[int], list[int]]:
    """texts, the true cluster of each text (-1: a story of its own), the event of each text."""
    rng = random.Random(seed)
    texts: list[str] = []
    cluster: list[int] = []
    event_of: list[int] = []
    for e in range(events):
        names = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3)] + rng.sample(PLACES, 2)
        wire = story(rng, names)
        texts.append("\n\n".join(wire))
        cluster.append(e)
        event_of.append(e)
        for _ in range(rng.randint(1, 4)):
            hows = rng.sample(EDITS, rng.choice((1, 1, 2)))
            copy = wire
            for how in hows:
                copy = edit(rng, copy, how)
            texts.append("\n\n".join(copy))
            cluster.append(e)
            event_of.append(e)
        for _ in range(rng.randint(0, 2)):  # another story on the same event: same names, other sentences,
            own = story(rng, names)  # and one quote taken from the wire story, as reporters reuse quotes
            quote = rng.choice(rng.choice(wire).split(". ")).rstrip(".") + "."
            own.insert(rng.randrange(len(own)), quote)
            texts.append("\n\n".join(own))
            cluster.append(-1 - len(texts))
            event_of.append(e)
    return texts, cluster, event_of


def found_pairs(sigs: list[tuple[int, ...] | None], threshold: float) -> dict[tuple[int, int], float]:
    index: dict[int, list[int]] = defaultdict(list)
    pairs: dict[tuple[int, int], float] = {}
    for i, sig in enumerate(sigs):
        if sig is None:
            continue
        keys = S.band_keys(sig)
        candidates = {j for k in keys for j in index.get(k, ())}
        for j in candidates:
            other = sigs[j]
            assert other is not None
            sim = S.similarity(sig, other)
            if sim >= threshold:
                pairs[(j, i)] = sim
        for k in keys:
            index[k].append(i)
    return pairs


def components(n: int, pairs: dict[tuple[int, int], float]) -> list[int]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    return [find(i) for i in range(n)]


def score(texts, cluster, pairs) -> dict[str, float]:
    n = len(texts)
    truth = {(i, j) for i in range(n) for j in range(i + 1, n) if cluster[i] == cluster[j] and cluster[i] >= 0}
    got = set(pairs)
    tp = len(truth & got)
    precision = tp / len(got) if got else 1.0
    recall = tp / len(truth) if truth else 1.0
    comp = components(n, pairs)
    groups: dict[int, set[int]] = defaultdict(set)
    for i, c in enumerate(comp):
        groups[c].add(i)
    found = [g for g in groups.values() if len(g) > 1]
    false = sum(1 for g in found if len({cluster[i] for i in g}) > 1)  # a group mixing two true clusters
    return {
        "pairs_true": len(truth),
        "pairs_found": len(got),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "clusters": len(found),
        "false_clusters": false,
        "false_cluster_share": round(false / len(found), 4) if found else 0.0,
    }


def signature_cost() -> dict[str, float]:
    """Milliseconds a signature takes beside a parse, on the in-repo fixture pages."""
    from newsgrab import parse_article
    from newsgrab.errors import ExtractionError

    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    pages = []
    for p in sorted([*fixtures.glob("*/*.html"), *fixtures.glob("*/*.html.gz")]):
        data = p.read_bytes()
        pages.append(gzip.decompress(data) if p.suffix == ".gz" else data)
    bodies = []
    t = time.perf_counter()
    for data in pages:
        try:
            bodies.append(parse_article(data).body)
        except ExtractionError:
            pass
    parse_s = time.perf_counter() - t
    t = time.perf_counter()
    for body in bodies:
        S.band_keys(S.signature(body) or (0,) * S.NUM_HASHES)
    sig_s = time.perf_counter() - t
    return {
        "pages": len(bodies),
        "parse_ms": round(1000 * parse_s / len(pages), 2),
        "signature_ms": round(1000 * sig_s / len(bodies), 2),
        "share_of_parse": round(sig_s / parse_s, 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    texts, cluster, _ = corpus(args.events, args.seed)
    t = time.perf_counter()
    sigs = [S.signature(x) for x in texts]
    took = time.perf_counter() - t
    rows = []
    for threshold in sorted({0.3, 0.4, 0.5, 0.6, 0.7, S.THRESHOLD}):
        pairs = found_pairs(sigs, threshold)
        rows.append({"threshold": threshold, **score(texts, cluster, pairs)})
    out = {
        "texts": len(texts),
        "signatures_per_s": round(len(texts) / took),
        "by_threshold": rows,
        "cost": signature_cost(),
    }
    if args.json:
        print(json.dumps(out))
        return
    print(f"{len(texts)} texts, {out['signatures_per_s']} signatures/s")
    cols = ["threshold", "pairs_true", "pairs_found", "precision", "recall", "clusters", "false_clusters"]
    print("  ".join(f"{c:>14}" for c in cols))
    for r in rows:
        mark = "  <- default" if r["threshold"] == S.THRESHOLD else ""
        print("  ".join(f"{r[c]!s:>14}" for c in cols) + mark)
    c = out["cost"]
    print(
        f"signature on the save path: {c['signature_ms']} ms a story beside {c['parse_ms']} ms a parse "
        f"({100 * c['share_of_parse']:.1f}% of parse time, {c['pages']} in-repo pages)"
    )


if __name__ == "__main__":
    main()
