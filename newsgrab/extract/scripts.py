"""Writing systems, written once: the CJK ranges every rule that counts words or cuts text uses.

Kept apart from text.py (which loads lxml) so that search can use it without loading the extractor."""

import re

# Kana, Han (with extension A and the compatibility block) and Hangul syllables: these scripts put no space
# between words, so newsgrab counts a character as half a word, and search indexes them one by one.
CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
CJK = re.compile(f"[{CJK_RANGES}]")
