"""Word diffs of story versions: what is marked, what is folded, and what is left alone."""

from newsgrab.diffing import body_diff, render_blocks, render_text, word_diff


def test_identical_text_has_no_change_marks():
    pieces = word_diff("The mayor resigned on Monday.", "The mayor resigned on Monday.")
    assert [p.op for p in pieces] == ["equal"] and render_text(pieces, colour=False) == "The mayor resigned on Monday."


def test_a_replaced_word_and_an_inserted_phrase():
    assert (
        render_text(word_diff("Prices fell 3% on Monday.", "Prices fell 4% on Monday."), False)
        == "Prices fell [-3%-]{+4%+} on Monday."
    )
    assert (
        render_text(word_diff("He said so.", "He said so, officials added."), False)
        == "He said [-so.-]{+so, officials added.+}"
    )
    assert render_text(word_diff("a b c", "a x b c"), False) == "a {+x+} b c"


def test_paragraphs_are_aligned_and_unchanged_ones_folded():
    a = "\n\n".join(f"Paragraph {i} stays the same." for i in range(6))
    b = a.replace("Paragraph 3 stays", "Paragraph 3 now stays") + "\n\nA new closing paragraph."
    out = render_blocks(body_diff(a, b), colour=False)
    assert out.splitlines()[0] == "… 3 unchanged paragraphs …"
    assert "Paragraph 3 {+now+} stays the same." in out and "{+A new closing paragraph.+}" in out
    assert "Paragraph 0" not in out  # folded away


def test_a_removed_paragraph_is_marked_whole_and_colour_is_ansi():
    out = render_blocks(body_diff("One.\n\nTwo.\n\nThree.", "One.\n\nThree."), colour=True)
    assert "\033[31mTwo.\033[0m" in out
