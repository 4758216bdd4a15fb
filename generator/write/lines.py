"""Widths of unbreakable pieces → the lines they are set in: the fewest lines that fit, then the
most even. Used for text a template divides into phrases (the trích yếu), so that no renderer has
to choose where its lines end."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache


def break_lines(widths: list[int], space: int, room: int) -> list[int]:
    """How many pieces each line takes, in order: the fewest lines no wider than `room` (pieces
    set a `space` apart on a line); of those, the layouts whose longest line is the shortest; of
    those, the most even one (least sum of squared widths). A piece wider than `room` gets a line
    of its own: it fits nowhere."""
    return list(_break_lines(tuple(widths), space, room))


@lru_cache(maxsize=256)     # the documents of a batch share their titles
def _break_lines(widths: tuple[int, ...], space: int, room: int) -> tuple[int, ...]:
    if not widths:
        return ()
    line = _line_widths(widths, space)
    lines = _fewest_lines(widths, space, room)
    # (Filling the lines greedily found a layout in `lines` lines, so there is a best one.)
    longest, _ = _layout(_best(len(widths), lines, line, room, max))
    _, counts = _layout(_best(len(widths), lines, line, min(longest, room), lambda total, width: total + width * width))
    return tuple(counts)


def _layout(found: tuple[int, list[int]] | None) -> tuple[int, list[int]]:
    assert found is not None, "a layout in the fewest lines exists: the greedy one"
    return found


def _fewest_lines(widths: tuple[int, ...], space: int, room: int) -> int:
    """Filling each line as far as it goes gives the fewest lines (a piece wider than `room` on
    a line of its own)."""
    lines, used = 1, None
    for width in widths:
        if used is not None and used + space + width <= room:
            used += space + width
        else:
            lines, used = lines + (used is not None), width
    return lines


def _line_widths(widths: Sequence[int], space: int) -> Callable[[int, int], int]:
    edges = [0]
    for width in widths:
        edges.append(edges[-1] + width)
    return lambda start, end: edges[end] - edges[start] + space * (end - start - 1)


def _best(count: int, lines: int, line: Callable[[int, int], int], limit: int,
          combine: Callable[[int, int], int]) -> tuple[int, list[int]] | None:
    """The least cost of setting `count` pieces in exactly `lines` lines no wider than `limit`
    (a single piece may be wider), the cost of a layout being its line widths folded by `combine`;
    with the pieces per line of that layout. None if there is no such layout."""
    # best[j]: (cost, pieces per line) of the first j pieces in the lines set so far.
    best: list[tuple[int, list[int]] | None] = [(0, [])] + [None] * count
    for _ in range(lines):
        following: list[tuple[int, list[int]] | None] = [None] * (count + 1)
        for end in range(1, count + 1):
            for start in range(end):
                width = line(start, end)
                before = best[start]
                if before is None or (width > limit and end - start > 1):
                    continue
                cost, counts = before
                option = (combine(cost, width), counts + [end - start])
                current = following[end]
                if current is None or option[0] < current[0]:
                    following[end] = option
        best = following
    return best[count]
