import pytest

from generator.compose.markup import MarkupError, escape, parse_blocks, parse_inline, parse_subject
from generator.tree import Break, Heading, Note, Paragraph, Placeholder, Table, Text


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


@pytest.mark.parametrize("value", ["{{ 7*7 }}", "**đậm** [[x]] \\ # - + * |", "- đầu dòng", "# không phải đề mục",
                                   "| không phải bảng", "% không phải ghi chú"])
def test_escaped_values_come_back_literally(value):
    [block] = parse_blocks(escape(value))
    assert isinstance(block, Paragraph) and block.marker == "" and block.content == (Text(value),)


def test_a_note_is_kept_apart_from_the_text_before_the_block_it_is_on():
    blocks = parse_blocks("# Tình hình\n\n% Cần kiểm tra\nrồi viết lại.\n\n## Kết quả\n\nVăn bản 100% hoàn thành.\n")
    assert blocks[1] == Note("Cần kiểm tra rồi viết lại.")
    assert isinstance(blocks[2], Heading) and blocks[3] == Paragraph((Text("Văn bản 100% hoàn thành."),))


def test_unbalanced_markup_is_an_error_with_its_line():
    with pytest.raises(MarkupError) as caught:
        parse_blocks("ok\n\nmột **nửa\n")
    assert caught.value.line == 3
    with pytest.raises(MarkupError):
        parse_blocks("#sai\n")


# Tables ------------------------------------------------------------------------------------------

def cell_texts(row):
    return ["".join(getattr(run, "text", None) or f"[{run.label}]" for run in cell) for cell in row]


def test_a_table_has_a_header_row_rows_and_relative_widths():
    [intro, table, after] = parse_blocks("Phân công:\n\n|= 3 | 1.5\n| Nhiệm vụ | Thời gian\n"
                                         "| Quán triệt | Quý I\n| Báo cáo | Hằng năm |\n\nĐoạn sau.\n")
    assert isinstance(table, Table) and table.widths == (3, 1.5)
    assert cell_texts(table.header) == ["Nhiệm vụ", "Thời gian"]
    assert [cell_texts(row) for row in table.rows] == [["Quán triệt", "Quý I"], ["Báo cáo", "Hằng năm"]]
    assert intro == Paragraph((Text("Phân công:"),)) and after == Paragraph((Text("Đoạn sau."),))


def test_a_table_without_widths_line_has_equal_columns():
    [table] = parse_blocks("| a | b | c\n| 1 | 2 | 3\n")
    assert table.widths == () and len(table.header) == 3


def test_lines_not_starting_with_a_bar_continue_the_row_above():
    [table] = parse_blocks("| Nhiệm vụ | Chủ trì\n| Tổ chức hội nghị\nquán triệt | Văn phòng\n")
    assert cell_texts(table.rows[0]) == ["Tổ chức hội nghị quán triệt", "Văn phòng"]


def test_inline_markup_and_placeholders_work_in_cells():
    [table] = parse_blocks("| a | b\n| **đậm** *nghiêng* | [[thời gian]]\n")
    bold, space, italic = table.rows[0][0]
    assert bold == Text("đậm", bold=True) and italic == Text("nghiêng", italic=True)
    assert table.rows[0][1] == (Placeholder("thời gian"),)


def test_empty_cells_are_kept():
    [table] = parse_blocks("| a | b | c\n| 1 | | 3\n| 4 | 5 | |\n")
    assert [cell_texts(row) for row in table.rows] == [["1", "", "3"], ["4", "5", ""]]


def test_a_table_ends_at_a_blank_line_or_a_heading():
    blocks = parse_blocks("| a\n| 1\n# Mục\n| b\n| 2\n\n| c\n| 3\n")
    assert [type(b).__name__ for b in blocks] == ["Table", "Heading", "Table", "Table"]


@pytest.mark.parametrize("value", ["a | b", "|= 1 | 2", "| đầu | dòng", "x \\| y", "| [[z]] |"])
def test_escaped_values_never_make_cells(value):
    # A value from a province file in a cell stays in its cell, bars and all.
    [table] = parse_blocks(f"| tiêu đề | khác\n| {escape(value)} | x\n")
    assert cell_texts(table.rows[0]) == [value, "x"]
    # … and a paragraph beginning with an escaped bar stays a paragraph.
    [block] = parse_blocks(escape(value))
    assert isinstance(block, Paragraph) and block.content == (Text(value),)


def test_the_bar_is_escaped():
    assert escape("a|b") == "a\\|b"


@pytest.mark.parametrize("markup, line", [
    ("Đoạn.\n\n| a | b\n| 1 | 2 | 3\n", 4),          # more cells than the header
    ("| a | b\n| 1\n", 2),                            # fewer
    ("|= 1 | x\n| a | b\n", 1),                       # widths must be numbers
    ("|= 1 | 0\n| a | b\n", 1),                       # … positive
    ("|= 1 | 2 | 3\n| a | b\n", 1),                   # … one per column
    ("| a | b\n|= 1 | 2\n", 2),                       # … and come first
    ("|= 1 | 2\n", 1),                                # a table needs its header row
])
def test_malformed_tables_are_errors_with_their_line(markup, line):
    with pytest.raises(MarkupError) as caught:
        parse_blocks(markup)
    assert caught.value.line == line


def test_the_documented_example_parses():
    import generator.compose.markup as markup
    doc = markup.__doc__
    example = doc[doc.index("    |= 5"):doc.index("\n\n", doc.index("    |= 5"))]
    [table] = parse_blocks("\n".join(line.strip() for line in example.splitlines()))
    assert len(table.header) == 5 and len(table.rows) == 2 and table.widths == (5, 2, 2, 1.5, 2)
    assert cell_texts(table.rows[1]) == ["Tuyên truyền trên trang thông tin điện tử của Liên hiệp Hội",
                                         "Văn phòng", "", "Thường xuyên", "Tin, bài"]


def test_a_table_reads_as_its_words_and_dumps_as_markup():
    from generator.tree import _table_lines
    [table] = parse_blocks("|= 2 | 1\n| a | b\n| [[c]] | d\n")
    words = "".join(getattr(run, "text", "") for run in table.content)
    assert Placeholder("c") in table.content and words == "a b  d"
    assert _table_lines(table) == ["|= 2 | 1", "|! a | b", "| [[c]] | d"]


# The trích yếu ------------------------------------------------------------------------------------

def test_the_subject_keeps_one_phrase_per_line_and_breaks_only_between_them():
    subject = parse_subject("thực hiện Kết luận số 93-KL/TW, ngày 20/11/2020\n\n  của Ban Bí thư   Trung ương Đảng\n"
                            "về **việc** tiếp tục\n")
    assert subject == (Text("thực hiện Kết luận số 93-KL/TW, ngày 20/11/2020"), Break(),
                       Text("của Ban Bí thư Trung ương Đảng"), Break(), Text("về "), Text("việc", bold=True),
                       Text(" tiếp tục"))


def test_a_value_in_the_subject_cannot_add_a_phrase_boundary():
    # escape folds whitespace: a value typed over two lines stays inside its phrase.
    subject = parse_subject("về " + escape("Liên hiệp Hội\ntỉnh") + "\n")
    assert Break() not in subject and "".join(run.text for run in subject) == "về Liên hiệp Hội tỉnh"


def test_a_break_reads_as_a_space_and_dumps_as_a_bar():
    from generator.tree import _inline_text
    subject = parse_subject("a\nb\n")
    assert "".join(run.text for run in subject) == "a b" and _inline_text(subject) == "a | b"
