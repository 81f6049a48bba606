"""Reading a list of classes and talks held before the app, as centres keep it in Excel.

One row per class or talk: its name, kind, topic group, village or venue, dates, number of
sessions, and for talks the headcount with women and ethnic minority people. The sheet has a
title block, merged header cells ("Thời gian" over "Từ ngày" / "Đến ngày", "Số người tham dự"
over "Tổng số" / "Nữ" / "DTTS") and a totals row at the bottom, which is not an activity.
Pure functions on plain data: the service checks against the register and saves.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from desktop.formatting import DateError, date_from_parts
from desktop.i18n import _
from desktop.importing.cells import clean_text, excerpt, unreadable_characters
from desktop.importing.folding import fold_words, heading_field
from desktop.importing.learner_sheet import ParsedRow
from desktop.importing.tables import (
    cell_present,
    convert_legacy,
    first_table,
    rows_under_header,
    tidy_cell,
)

_HEADER_SCAN_ROWS = 30
_MAX_HEADER_LENGTH = 60
MAX_HEADCOUNT = 100_000

# Whole-header matches first: short words that would match too much inside a longer header.
_EXACT: dict[str, str] = {
    "stt": "ignored", "tt": "ignored", "so tt": "ignored", "nu": "women", "trong do nu": "women",
    "dtts": "minority", "tong so": "headcount", "tong": "headcount", "loai": "kind",
    "ngay": "start_date", "thoi gian": "dates", "dia diem": "place", "thon": "place",
    "ban": "place", "so buoi": "sessions", "ten": "name",
}
# Phrases anywhere in a header, in priority order.
_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("minority", ("dan toc thieu so", "nguoi dtts", "dtts", "ethnic minority", "minority")),
    ("women", ("so nu", "trong do nu", "women", "female")),
    ("end_date", ("den ngay", "ngay ket thuc", "ket thuc", "end date")),
    ("start_date", ("tu ngay", "ngay bat dau", "ngay to chuc", "ngay khai giang", "bat dau",
                    "start date", "date")),
    ("dates", ("thoi gian to chuc", "thoi gian")),
    ("sessions", ("so buoi", "sessions")),
    ("headcount", ("so nguoi", "so luot", "so hoc vien", "so hv", "nguoi tham du",
                   "tham du", "headcount", "participants")),
    ("kind", ("loai hinh", "hinh thuc", "loai hoat dong", "kind")),
    ("topic", ("nhom chu de", "linh vuc", "chu de", "topic")),
    ("teacher", ("giao vien", "bao cao vien", "nguoi day", "huong dan vien", "giang vien",
                 "teacher", "speaker")),
    ("partner", ("don vi phoi hop", "phoi hop", "partner")),
    ("place", ("dia diem", "noi to chuc", "thon ban", "thon", "venue", "village", "place")),
    ("name", ("ten lop", "ten chuyen de", "ten hoat dong", "noi dung", "ten", "name")),
    ("notes", ("ghi chu", "note")),
)
_PATTERNS = tuple((key, re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b"))
                  for key, phrases in _PHRASES)

# Kinds as lists write them, most specific first (folded words).
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("sau xoa mu chu", "post_literacy"), ("xoa mu chu giai doan 2", "literacy_2"),
    ("xmc gd2", "literacy_2"), ("gd 2", "literacy_2"), ("giai doan 2", "literacy_2"),
    ("xoa mu chu", "literacy_1"), ("xmc", "literacy_1"), ("chuyen de", "topic_talk"),
    ("noi chuyen", "topic_talk"), ("tuyen truyen", "topic_talk"), ("tap huan", "training"),
    ("cau lac bo", "club"), ("clb", "club"), ("ngan han", "short_course"),
    ("day nghe", "short_course"), ("lop nghe", "short_course"), ("doc sach", "reading_culture"),
    ("van hoa", "reading_culture"), ("van nghe", "reading_culture"), ("lop", "short_course"),
    ("khac", "other"), ("topic talk", "topic_talk"), ("talk", "topic_talk"),
    ("training", "training"), ("club", "club"), ("course", "short_course"), ("class", "short_course"),
)
_TOPIC_WORDS: tuple[tuple[str, str], ...] = (
    ("sau xoa mu chu", "post_literacy"), ("xoa mu chu", "literacy"),
    ("phap luat", "law"), ("luat", "law"),
    ("trong trot", "agriculture"), ("chan nuoi", "agriculture"), ("nong nghiep", "agriculture"),
    ("khuyen nong", "agriculture"), ("lam nghiep", "agriculture"), ("thuy san", "agriculture"),
    ("trong lua", "agriculture"), ("nuoi", "agriculture"),
    ("y te", "health"), ("suc khoe", "health"), ("dinh duong", "health"), ("dan so", "health"),
    ("ve sinh", "health"),
    ("tin hoc", "digital"), ("chuyen doi so", "digital"), ("ky nang so", "digital"),
    ("ngoai ngu", "foreign_languages"), ("tieng anh", "foreign_languages"),
    ("ky nang song", "life_skills"), ("day nghe", "vocational"), ("nghe", "vocational"),
    ("van hoa", "culture_society"), ("xa hoi", "culture_society"), ("khac", "other"),
)
_LITERACY_TOPICS = {"literacy_1": "literacy", "literacy_2": "literacy",
                    "post_literacy": "post_literacy"}
_FOOTER = re.compile(r"(?:tổng cộng|tổng số|tổng|cộng)\b.*|người lập.*|xác nhận.*|t\s*m\s*\..*"
                     r"|.*ngày\s*[\d.…_]*\s*tháng\s*[\d.…_]*\s*năm\s*[\d.…_]*", re.IGNORECASE)
_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_RANGE_SEPARATOR = re.compile(r"\s*(?:[–—]|\s-\s|-(?=\d{1,2}[/.]\d)|\bđến\b|\bden\b)\s*")


@dataclass(frozen=True)
class ActivityField:
    key: str
    name_vi: str
    name_en: str


# Stable keys, in the order the import dialog lists them.
ACTIVITY_FIELDS: tuple[ActivityField, ...] = (
    ActivityField("name", "Tên lớp, chuyên đề", "Name"),
    ActivityField("kind", "Loại hình", "Kind"),
    ActivityField("topic", "Nhóm chủ đề, lĩnh vực", "Topic group"),
    ActivityField("place", "Thôn, địa điểm", "Village or venue"),
    ActivityField("start_date", "Ngày, từ ngày", "Date, from"),
    ActivityField("end_date", "Đến ngày", "To"),
    ActivityField("dates", "Thời gian (một cột)", "Dates (one column)"),
    ActivityField("sessions", "Số buổi", "Sessions"),
    ActivityField("headcount", "Số người tham dự", "Headcount"),
    ActivityField("women", "Trong đó nữ", "Of whom women"),
    ActivityField("minority", "Trong đó DTTS", "Of whom ethnic minority"),
    ActivityField("teacher", "Giáo viên, báo cáo viên", "Teacher or speaker"),
    ActivityField("partner", "Đơn vị phối hợp", "Partner"),
    ActivityField("notes", "Ghi chú", "Notes"),
)


def match_activity_header(header: str) -> str | None:
    """The field a column header names ("Tên chuyên đề" → "name"), "ignored", or None."""
    return heading_field(header, _EXACT, _PATTERNS, _MAX_HEADER_LENGTH)


def guess_activity_mapping(headers: list[str]) -> dict[str, int]:
    """Field → column; the first column naming a field wins."""
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = match_activity_header(header)
        if key and key != "ignored" and key not in mapping:
            mapping[key] = index
    return mapping


@dataclass
class ActivityTable:
    headers: list[str]
    rows: list[list[object]]
    row_numbers: list[int]
    sheet: str
    legacy_encoding: str | None = None


def _merged_headers(top: list[object], below: list[object]) -> list[str] | None:
    """A second header row under merged cells; None when the row below is data."""
    cells = [cell for cell in below if cell_present(cell)]
    if not cells or not all(isinstance(cell, str) and match_activity_header(cell)
                            for cell in cells):
        return None
    width = max(len(top), len(below))
    return [" ".join(str(below[i]).split()) if i < len(below) and cell_present(below[i])
            else (" ".join(str(top[i]).split()) if i < len(top) and cell_present(top[i]) else "")
            for i in range(width)]


def _table(grid: list[list[object]], sheet: str) -> ActivityTable | None:
    grid, encoding = convert_legacy(grid)
    grid = [[tidy_cell(cell) for cell in row] for row in grid]
    for index, row in enumerate(grid[:_HEADER_SCAN_ROWS]):
        keys = {match_activity_header(cell) for cell in row if isinstance(cell, str)}
        if "name" not in keys or len(keys - {None, "ignored"}) < 2:
            continue
        headers = [" ".join(str(cell).split()) if cell_present(cell) else "" for cell in row]
        if index + 1 < len(grid) and (merged := _merged_headers(row, grid[index + 1])):
            headers, index = merged, index + 1
        name_column = guess_activity_mapping(headers)["name"]

        def ends(padded: list[object]) -> bool:  # the totals row, the signatures
            name = padded[name_column]
            labels = [name] if cell_present(name) else [c for c in padded[:name_column] if cell_present(c)]
            return any(isinstance(label, str) and _FOOTER.fullmatch(label.strip().rstrip(":."))
                       for label in labels)

        def skips(padded: list[object]) -> bool:  # the row of column numbers
            return all(isinstance(cell, str) and re.fullmatch(r"\(?\d{1,2}\)?", cell.strip())
                       for cell in padded if cell_present(cell))

        rows, numbers = rows_under_header(grid, index, len(headers), ends=ends, skips=skips)
        return ActivityTable(headers, rows, numbers, sheet, encoding)
    return None


def read_activity_table(path: str | Path, sheet: str | None = None) -> ActivityTable:
    """The table of a past-activities list: the first sheet with such a header row."""
    return first_table(Path(path), sheet, _table, _(
        "No header row was found. A list of classes and talks needs a row of column names such as "
        "“Tên lớp, chuyên đề”, “Loại hình”, “Thời gian”, “Địa điểm”, “Số người tham dự”."))


@dataclass
class ActivityRow(ParsedRow):
    """One row of a list of classes and talks, read and checked; `errors` empty means it can be
    imported."""

    @property
    def is_talk(self) -> bool:
        return self.values.get("kind") == "topic_talk"


def _words_match(text: str, table: tuple[tuple[str, str], ...]) -> str | None:
    folded = fold_words(text)
    for words, key in table:
        if re.search(r"\b" + re.escape(words) + r"\b", folded):
            return key
    return None


def _one_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = clean_text(value) or ""
    match = _DATE.fullmatch(text)
    if match is None:
        raise DateError(text, _("“{text}” is not a date: write it as dd/mm/yyyy, for example "
                                "05/03/1985.").format(text=excerpt(text)))
    day, month, year = (int(part) for part in match.groups())
    return date_from_parts(day, month, year, text=text)


def _dates(value: object) -> tuple[dt.date, dt.date | None]:
    """"12/03/2025", a date cell, or a range "12/03/2025 - 14/03/2025" / "12-14/03/2025"."""
    if not isinstance(value, str):
        return _one_date(value), None
    text = clean_text(value) or ""
    short = re.fullmatch(r"(\d{1,2})\s*[-–—]\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if short:
        first, last, month, year = (int(part) for part in short.groups())
        return (date_from_parts(first, month, year, text=text),
                date_from_parts(last, month, year, text=text))
    parts = [part for part in _RANGE_SEPARATOR.split(text) if part]
    if len(parts) == 2:
        return _one_date(parts[0]), _one_date(parts[1])
    return _one_date(text), None


def _count(value: object, label: str, errors: list[str]) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\d{1,3}(?:[.,]\d{3})*|\d+", value.strip()):
        number = int(re.sub(r"\D", "", value))
    if number is None or not 0 <= number <= MAX_HEADCOUNT:
        errors.append(_("{what} “{value}” is not a whole number.").format(
            what=label, value=excerpt(value)))
        return None
    return number


def parse_activity_rows(table: ActivityTable, mapping: dict[str, int], *,
                        today: dt.date) -> list[ActivityRow]:
    """Read and check every row against itself (the service checks against the register)."""
    rows: list[ActivityRow] = []

    def cell(values: list[object], key: str) -> object:
        index = mapping.get(key)
        return values[index] if index is not None and index < len(values) else None

    for values, number in zip(table.rows, table.row_numbers, strict=True):
        errors: list[str] = []
        warnings: list[str] = []
        if problem := unreadable_characters(values):
            errors.append(problem)
        name = clean_text(cell(values, "name")) or ""
        if not name:
            errors.append(_("The name of the class or talk is empty."))
        elif len(name) > 300:
            errors.append(_("The name is longer than {count} characters.").format(count=300))
        start: dt.date | None = None
        end: dt.date | None = None
        unreadable_date = False
        try:
            if cell_present(cell(values, "start_date")):
                start, end = _dates(cell(values, "start_date"))
            elif cell_present(cell(values, "dates")):
                start, end = _dates(cell(values, "dates"))
            if cell_present(cell(values, "end_date")):
                end = _one_date(cell(values, "end_date"))
        except DateError as error:
            errors.append(error.message)
            unreadable_date = True
        if start is None and not unreadable_date:
            errors.append(_("The date is empty: write the day it was held (dd/mm/yyyy)."))
        if start is not None and end is not None and end < start:
            errors.append(_("The end date is before the start date."))
        if start is not None and start > today:
            errors.append(_("The date {date} has not come yet: this list is for classes and "
                            "talks already held.").format(date=start.strftime("%d/%m/%Y")))
        kind_text = clean_text(cell(values, "kind"))
        kind = _words_match(kind_text, _KIND_WORDS) if kind_text else None
        if kind_text and kind is None:
            errors.append(_("The kind “{value}” is not known: write Chuyên đề, Lớp xóa mù chữ, "
                            "Lớp ngắn hạn, Tập huấn, Câu lạc bộ…").format(value=excerpt(kind_text)))
        sessions = _count(cell(values, "sessions"), _("The number of sessions"), errors)
        headcount = _count(cell(values, "headcount"), _("The headcount"), errors)
        women = _count(cell(values, "women"), _("The number of women"), errors)
        minority = _count(cell(values, "minority"), _("The number of ethnic minority people"),
                          errors)
        if kind is None and not kind_text:
            kind = _words_match(name, _KIND_WORDS) or (
                "topic_talk" if headcount is not None and (sessions or 1) == 1 else "other")
        for part, label in ((women, _("women")), (minority, _("ethnic minority people"))):
            if part is not None and headcount is not None and part > headcount:
                errors.append(_("The number of {who} ({part}) is more than the headcount "
                                "({total}).").format(who=label, part=part, total=headcount))
            elif part is not None and headcount is None:
                errors.append(_("The number of {who} is given without the headcount.").format(
                    who=label))
        topic_text = clean_text(cell(values, "topic"))
        topic = _words_match(topic_text, _TOPIC_WORDS) if topic_text else None
        if topic_text and topic is None:
            warnings.append(_("The topic group “{value}” is not known; it is recorded as "
                              "“Other”.").format(value=excerpt(topic_text)))
        if topic is None:
            topic = _LITERACY_TOPICS.get(kind or "") or _words_match(name, _TOPIC_WORDS) or "other"
        if kind == "topic_talk" and headcount is None and not errors:
            warnings.append(_("No headcount: the talk is recorded but counts no participants."))
        rows.append(ActivityRow(number, {
            "name": name, "kind": kind, "topic_group": topic, "start_date": start,
            "end_date": end, "sessions": sessions, "headcount": headcount, "women": women,
            "minority": minority, "place": clean_text(cell(values, "place")) or "",
            "teacher": clean_text(cell(values, "teacher")) or "",
            "partner": clean_text(cell(values, "partner")) or "",
            "notes": clean_text(cell(values, "notes")) or "",
        }, errors, warnings))
    return rows
