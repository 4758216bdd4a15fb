import pytest

from generator.compose.markup import MarkupError, escape, parse_blocks, parse_inline
from generator.tree import Paragraph, Placeholder, Text


def test_headings_are_numbered_and_deeper_counters_reset():
    blocks = parse_blocks("# A\n\n## a1\n\n## a2\n\n# B\n\n## b1\n\n#. n2\n\n### x\n")
    assert [(type(b).__name__, getattr(b, "level", None), b.ordinal) for b in blocks] == [
        ("Heading", 1, 1), ("Heading", 2, 1), ("Heading", 2, 2), ("Heading", 1, 2), ("Heading", 2, 1),
        ("Paragraph", None, 2), ("Heading", 3, 1)]


def test_lines_of_one_paragraph_are_joined_and_items_split():
    blocks = parse_blocks("Một câu\ndài.\n- mục một;\n- mục hai.\n")
    assert blocks == [Paragraph((Text("Một câu dài."),)), Paragraph((Text("mục một;"),), marker="- "),
                      Paragraph((Text("mục hai."),), marker="- ")]


def test_inline_bold_italic_and_placeholders():
    assert parse_inline("a **b** *c* [[số hội viên]] d") == (
        Text("a "), Text("b", bold=True), Text(" "), Text("c", italic=True), Text(" "),
        Placeholder("số hội viên"), Text(" d"))


@pytest.mark.parametrize("value", ["{{ 7*7 }}", "**đậm** [[x]] \\ # - + *", "- đầu dòng", "# không phải đề mục"])
def test_escaped_values_come_back_literally(value):
    [block] = parse_blocks(escape(value))
    assert isinstance(block, Paragraph) and block.marker == "" and block.content == (Text(value),)


def test_unbalanced_markup_is_an_error_with_its_line():
    with pytest.raises(MarkupError) as caught:
        parse_blocks("ok\n\nmột **nửa\n")
    assert caught.value.line == 3
    with pytest.raises(MarkupError):
        parse_blocks("#sai\n")
