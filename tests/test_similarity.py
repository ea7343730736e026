"""MinHash signatures and band keys (newsgrab/similarity.py): copies score high, other stories low, CJK text
is split by character, and the values are stable across processes (stored signatures stay comparable)."""

import random
import subprocess
import sys

import pytest

from newsgrab import similarity as S

from .lost_pages import SENTENCES

STORY = "\n\n".join(SENTENCES * 2)


def other_story(seed: int) -> str:
    rng = random.Random(seed)
    words = "the minister said on friday that talks with the union over pay and hours would resume next week".split()
    return " ".join(rng.choice(words + [f"w{i}" for i in range(400)]) for _ in range(300))


def test_a_copy_with_its_last_paragraphs_cut_or_a_sentence_added_is_a_copy():
    paras = STORY.split("\n\n")
    cut = "\n\n".join(paras[:-4])
    added = STORY + "\n\nThe agency said more details would follow at a news conference."
    base = S.signature(STORY)
    assert base is not None
    assert S.similarity(base, S.signature(cut)) >= S.THRESHOLD
    assert S.similarity(base, S.signature(added)) >= 0.9
    assert S.similarity(base, S.signature(STORY)) == 1.0


def test_another_story_with_the_same_words_is_not_a_copy():
    # the negative: the same vocabulary and names, other sentences
    base = S.signature(other_story(1))
    assert S.similarity(base, S.signature(other_story(2))) < 0.1
    assert S.similarity(S.signature(STORY), base) < 0.05


def test_cjk_text_is_split_by_character():
    text = "東京都は新しい計画を発表した。" * 3 + "計画は来年から始まる予定で、住民の意見を聞くという。" * 2
    assert S.tokens("東京都") == ["東", "京", "都"]
    assert S.tokens("Tokyo's plan, 2026!") == ["tokyo", "s", "plan", "2026"]
    assert S.signature(text) is not None


def test_a_short_text_has_no_signature():
    assert S.signature("A caption of six words only.") is None
    assert S.signature("") is None and S.signature(None) is None


def test_signatures_and_band_keys_are_the_same_in_another_process():
    # stored signatures must compare with those computed later: no per-process hash seed
    code = "from newsgrab import similarity as S; import sys; s = S.signature(sys.stdin.read()); print(S.band_keys(s))"
    out = subprocess.run(
        [sys.executable, "-c", code], input=STORY, capture_output=True, text=True, env={"PYTHONHASHSEED": "123"}
    )
    assert out.stdout.strip() == str(S.band_keys(S.signature(STORY)))


def test_band_keys_are_sqlite_integers_and_a_signature_packs_and_unpacks():
    sig = S.signature(STORY)
    keys = S.band_keys(sig)
    assert len(keys) == S.BANDS and all(-(2**63) <= k < 2**63 for k in keys)
    assert S.unpack(S.pack(sig)) == sig
    with pytest.raises(ValueError):
        S.unpack(b"not a signature")
