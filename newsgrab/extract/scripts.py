"""Writing systems, written once: the CJK ranges every rule that counts words or cuts text uses.

Kept apart from text.py (which loads lxml) so that search can use it without loading the extractor."""

import re

# Kana, Han (with extension A and the compatibility block) and Hangul syllables: these scripts put no space
# between words, so newsgrab counts a character as half a word, and search indexes them one by one.
CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
CJK = re.compile(f"[{CJK_RANGES}]")

_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def script_language(text: str) -> str | None:
    """The language a text's script tells without doubt: Hangul is Korean, kana Japanese, Han with neither
    Chinese; None for any other text (Latin script tells no language). Reads at most 2,000 characters."""
    sample = text[:2000]
    if _HANGUL.search(sample):
        return "ko"
    if _KANA.search(sample):
        return "ja"
    return "zh" if len(_HAN.findall(sample)) >= 20 else None
