"""The trích yếu broken into lines by the writer: at phrase boundaries only, the fewest lines that
fit the text width less the profile's margin, then the most even; never inside "Trung ương", a
document's number or a date; and the checker still finds and checks the subject."""
from __future__ import annotations

import io
import itertools
import random
import re
from dataclasses import replace

import docx
import pytest
from docx.oxml.ns import qn

from generator.check import Options, check_bytes
from generator.compose.document import compose
from generator.compose.kinds import load_kind
from generator.profiles import load_profile
from generator.read.model import load_province
from generator.tree import Break, Text
from generator.write import measure
from generator.write.docx_writer import write_docx
from generator.write.lines import break_lines

from .conftest import PROVINCES, profile_variant

KINDS = {"hd36": "chuong-trinh-kl93", "nd30": "ke-hoach-lhh"}


# break_lines -------------------------------------------------------------------------------------

def test_pieces_that_fit_share_a_line():
    assert break_lines([3, 3], 1, 10) == [2]
    assert break_lines([], 1, 10) == []


def test_the_fewest_lines_first_then_the_shortest_longest_line():
    # Two lines are needed; of [1, 3] (9, 11) and [2, 2] (7, 7) … the longest line decides.
    assert break_lines([3, 3, 3, 3], 1, 11) == [2, 2]
    # Three lines are needed: the middle one takes the small pieces, not the first.
    assert break_lines([9, 1, 1, 1, 1, 9], 1, 12) == [1, 4, 1]


def test_between_equal_longest_lines_the_most_even_layout():
    # [3, 3, 1] and [2, 2, 3] and [3, 2, 2] all have a longest line of 6: the even ones win.
    assert sorted(break_lines([2] * 7, 0, 7)) == [2, 2, 3]


def test_a_piece_wider_than_the_room_gets_its_own_line():
    assert break_lines([20, 3, 3], 1, 10) == [1, 2]


def _layouts(count: int):
    for cuts in itertools.product((False, True), repeat=count - 1):
        counts, run = [], 1
        for cut in cuts:
            if cut:
                counts.append(run)
                run = 1
            else:
                run += 1
        yield counts + [run]


def _line_widths(widths, space, counts):
    start, lines = 0, []
    for count in counts:
        lines.append(sum(widths[start:start + count]) + space * (count - 1))
        start += count
    return lines


def test_break_lines_is_optimal_against_every_layout():
    generator = random.Random(93)
    for _ in range(300):
        widths = [generator.randint(1, 40) for _ in range(generator.randint(1, 9))]
        space, room = generator.randint(0, 3), generator.randint(40, 90)
        fitting = [c for c in _layouts(len(widths))
                   if all(w <= room or n == 1 for w, n in zip(_line_widths(widths, space, c), c))]
        fewest = min(len(c) for c in fitting)
        best = min(max(_line_widths(widths, space, c)) for c in fitting if len(c) == fewest)
        chosen = break_lines(widths, space, room)
        assert len(chosen) == fewest and max(_line_widths(widths, space, chosen)) == best, (widths, space, room)


# In the documents ---------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=sorted(KINDS))
def written(request):
    profile = load_profile(request.param)
    tree = compose(load_province(PROVINCES / "thanh-hoa.yaml"), load_kind(KINDS[request.param]), profile)
    return profile, tree, write_docx(tree, profile)


def subject_paragraph(data: bytes):
    return docx.Document(io.BytesIO(data)).paragraphs[1]


def phrases(subject) -> list[str]:
    words, found = "", []
    for run in subject:
        if isinstance(run, Break):
            found.append(words)
            words = ""
        else:
            words += run.text
    return found + [words]


def width(line: str, profile) -> int:
    style = profile.style("subject")
    return measure.text_width(line.replace("\xa0", " "), style.size, style.bold, style.italic)


def test_the_subject_is_set_in_lines_between_phrases_no_wider_than_the_room(written):
    profile, tree, data = written
    paragraph = subject_paragraph(data)
    lines = paragraph.text.replace("\xa0", " ").split("\n")
    assert len(lines) > 1 and len(paragraph._p.findall(".//" + qn("w:br"))) == len(lines) - 1
    room = profile.page.text_width - profile.subject_lines.margin
    assert all(width(line, profile) <= room for line in lines)
    # Every line is whole phrases of the template, in order: the lines end where phrases end.
    pieces = phrases(tree.subject)
    joined = " ".join(pieces)
    assert " ".join(lines)[1:] == joined[1:]       # the first letter's case is the profile's
    phrase_ends = set(itertools.accumulate(len(piece) + 1 for piece in pieces))
    line_ends = set(itertools.accumulate(len(line) + 1 for line in lines))
    assert line_ends <= phrase_ends


def test_no_line_breaks_inside_a_name_a_number_or_a_date(written):
    _, _, data = written
    lines = subject_paragraph(data).text.replace("\xa0", " ").split("\n")
    for before, after in zip(lines, lines[1:]):
        assert not (before.endswith("Trung") and after.startswith("ương"))
        assert not before.endswith((" số", " ngày", " khóa")), before
        assert not re.match(r"\d", after), after


def test_the_lines_are_the_fewest_and_most_balanced_the_phrases_allow(written):
    profile, tree, data = written
    lines = subject_paragraph(data).text.replace("\xa0", " ").split("\n")
    pieces = phrases(tree.subject)
    widths = [width(piece, profile) for piece in pieces]
    space = width(" ", profile)
    room = profile.page.text_width - profile.subject_lines.margin
    fitting = [c for c in _layouts(len(pieces)) if all(w <= room for w in _line_widths(widths, space, c))]
    fewest = min(len(c) for c in fitting)
    assert len(lines) == fewest
    best = min(max(_line_widths(widths, space, c)) for c in fitting if len(c) == fewest)
    assert abs(max(width(line, profile) for line in lines) - best) <= 2 * len(pieces)   # rounding per piece


def test_the_checker_finds_the_subject_and_it_conforms(written):
    profile, _, data = written
    report = check_bytes(data, "x.docx", profile, Options(draft=True))
    assert not [str(f) for f in report.findings if f.rule.endswith("-TITLE")]


@pytest.mark.parametrize("changes, message", [
    ({"styles.subject.bold": "false"}, "trích yếu phải in đậm"),
    ({"styles.subject.align": "left"}, "trích yếu phải căn giữa"),
    ({"styles.subject.size": "12"}, "trích yếu cỡ 12"),
])
def test_a_subject_with_line_breaks_is_still_checked(written, changes, message):
    profile, tree, _ = written
    wrong = write_docx(tree, profile_variant(profile.id, changes))
    findings = [f.message for f in check_bytes(wrong, "x.docx", profile, Options(draft=True)).findings
                if f.rule.endswith("-TITLE")]
    assert any(message in found for found in findings), findings


def test_the_first_letters_case_is_checked_on_a_subject_in_lines(written):
    profile, tree, _ = written
    other = "upper" if profile.text.subject_starts == "lower" else "lower"
    wrong = write_docx(tree, profile_variant(profile.id, {"text.subject_starts": other}))
    findings = [f.message for f in check_bytes(wrong, "x.docx", profile, Options(draft=True)).findings]
    assert any("trích yếu phải mở đầu" in found for found in findings), findings


def test_a_phrase_longer_than_a_line_wraps_at_spaces_but_never_inside_protected_spans():
    profile = load_profile("hd36")
    tree = compose(load_province(PROVINCES / "thanh-hoa.yaml"), load_kind(), profile)
    long = " ".join(run.text for run in tree.subject if not isinstance(run, Break))   # one phrase
    paragraph = subject_paragraph(write_docx(replace(tree, subject=(Text(long),)), profile))
    raw_lines = paragraph.text.split("\n")
    room = profile.page.text_width - profile.subject_lines.margin
    assert len(raw_lines) > 1 and all(width(line, profile) <= room for line in raw_lines)
    text = paragraph.text
    for span in ("Trung\xa0ương", "số\xa093-KL/TW,", "ngày\xa020/11/2020", "ngày\xa016/4/2010", "Bộ\xa0Chính\xa0trị",
                 "khóa\xa0X"):
        assert span in text, span
    assert " ".join(raw_lines).replace("\xa0", " ") == long
