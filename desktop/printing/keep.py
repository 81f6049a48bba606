"""Keep a table's last rows with the signatures, so a page never holds the signatures alone.

A signed document whose last page carries only "GIÁM ĐỐC (Ký, ghi rõ họ tên)" invites a
page to be swapped in above it; officials expect the table to run on to the signatures.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Table

from desktop.printing.grid import grid_style, make_table


class TailWithClosing(Flowable):
    """Placeholder that becomes, where it lands, one of two layouts.

    If the tail rows (without header) and the closing fit in the space left, they follow the
    table on the same page, looking like its continuation. Otherwise a new page starts with the
    header rows repeated, the tail rows and the closing, so every page still has its header.
    It never fits as itself: the frame asks it to split, and the split picks the layout.
    """

    def __init__(self, joined: Sequence[Flowable], separate: Sequence[Flowable], body_rows: int,
                 frame_height: float) -> None:
        super().__init__()
        self._joined = list(joined)
        self._separate = list(separate)
        self.body_rows = body_rows
        self._frame_height = frame_height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, available_height + 1  # always "too tall": see split

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if available_height >= self._frame_height - 1:  # top of a page: the header must come again
            return self._separate
        needed = sum(flowable.wrap(available_width, available_height)[1] + flowable.getSpaceBefore()
                     + flowable.getSpaceAfter() for flowable in self._joined)
        return self._joined if needed <= available_height else [PageBreak(), *self._separate]

    def draw(self) -> None:  # never drawn: always replaced by its split
        pass


def table_with_closing(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    heights: Sequence[float | None],
    *,
    header_rows: int,
    closing: Sequence[Flowable],
    frame_height: float,
    tail_rows: int = 3,
    header_style: Sequence[tuple[object, ...]] = (),
    body_style: Sequence[tuple[object, ...]] = (),
    tail_style: Sequence[tuple[object, ...]] = (),
) -> list[Flowable]:
    """The table and its closing, with the last `tail_rows` rows kept with the closing.

    Styles must address body rows by negative index or by columns only (the rows are split
    across two tables); `tail_style` applies to the tail only (e.g. a totals row at -1).
    """
    body = len(rows) - header_rows
    tail = min(tail_rows, max(body - 1, 0))
    if tail <= 0:  # too short to split: keep the whole table with the closing
        table = make_table(rows, widths, heights, header_rows, [*header_style, *body_style, *tail_style])
        return [KeepTogether([table, *closing])]
    cut = len(rows) - tail
    head = make_table(rows[:cut], widths, heights[:cut], header_rows, [*header_style, *body_style])
    tail_rows_only = list(rows[cut:])
    tail_heights = list(heights[cut:])
    joined_table = Table([list(row) for row in tail_rows_only], colWidths=list(widths),
                         rowHeights=tail_heights)
    joined_table.setStyle(grid_style(0, [*_shifted(body_style, header_rows), *tail_style]))
    separate_table = make_table([*rows[:header_rows], *tail_rows_only], widths,
                                [*heights[:header_rows], *tail_heights], header_rows,
                                [*header_style, *body_style, *tail_style])
    return [head, TailWithClosing([joined_table, *closing], [separate_table, *closing],
                                  body_rows=tail, frame_height=frame_height)]


def _shifted(commands: Sequence[tuple[object, ...]], header_rows: int) -> list[tuple[object, ...]]:
    """Body style commands for a table without the header rows: row r becomes r - header_rows."""
    def row(cell: object) -> object:
        column, number = cell  # type: ignore[misc]
        return (column, max(number - header_rows, 0) if number >= 0 else number)

    return [(name, row(start), row(end), *rest) for name, start, end, *rest in commands]
