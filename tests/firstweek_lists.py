"""Lists shaped as communes keep them, built as real .xlsx files for the first-week tests.

A survey export (phổ cập giáo dục – xóa mù chữ) with a title block, merged header cells, split
names and day/month/year columns; a hand-kept accession register with prefixed numbers; a sheet
of past classes and talks with merged headers and a totals row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

# (family and middle names, given name, day, month, year, gender, ethnic group, village, schooling)
# Fifteen villages, none known to a new centre; "Thôn 3" is also written "thôn 03" and
# "Bản Nà Hạ" also "Na Ha".
SURVEY_PEOPLE: list[tuple[object, ...]] = [
    ("Lò Thị", "Mai", 12, 3, 1985, "Nữ", "Thái", "Bản Nà Hạ", "3/12"),
    ("Quàng Văn", "Sinh", 5, 11, 1979, "Nam", "Thái", "Bản Pá Khoang", "2/12"),
    ("Giàng A", "Páo", None, None, 1990, "Nam", "Mông", "Bản Huổi Só", "0"),
    ("Vàng Thị", "Dợ", 1, 1, 2001, "Nữ", "Mông", "Thôn 3", "5/12"),
    ("Lường Thị", "Xuân", 30, 4, 1975, "Nữ", "Thái", "thôn 03", "1/12"),
    ("Hà Văn", "Khiêm", 17, 8, 1968, "Nam", "Mường", "Xóm Đồi", "4/12"),
    ("Đinh Thị", "Nga", 9, 9, 1982, "Nữ", "Mường", "Tổ 5", "6/12"),
    ("Nguyễn Văn", "Tùng", 21, 6, 1995, "Nam", "Kinh", "Thôn Đông Sơn", "9/12"),
    ("Lò Văn", "Pọm", 2, 2, 1988, "Nam", "Thái", "Na Ha", "2/12"),
    ("Sùng Thị", "Mỷ", 14, 7, 1999, "Nữ", "Mông", "Bản Co Muông", "0"),
    ("Cầm Văn", "Ơn", 8, 10, 1972, "Nam", "Thái", "Bản Mường Bám", "3/12"),
    ("Tòng Thị", "Lả", 25, 12, 1986, "Nữ", "Thái", "Bản Phiêng Ban", "1/12"),
    ("Mùa A", "Chứ", 3, 5, 1993, "Nam", "Mông", "Bản Nong Lay", "0"),
    ("Lù Thị", "Ín", 19, 1, 1980, "Nữ", "Thái", "Thôn Tân Tiến", "4/12"),
    ("Bạc Văn", "Hùng", 11, 11, 1977, "Nam", "Thái", "Bản Hua Nà", "7/12"),
    ("Phạm Thị", "Lan", 6, 6, 1991, "Nữ", "Kinh", "Thôn Hồng Phong", "12/12"),
    ("Lò Thị", "Hiên", 31, 2, 1984, "Nữ", "Thái", "Bản Nà Hạ", "2/12"),  # 31/02: refused
    ("Giàng Thị", "Dua", 15, 4, 1870, "Nữ", "Mông", "Bản Huổi Só", "0"),  # 1870: refused
    ("", "", 4, 4, 1990, "Nữ", "Thái", "Bản Hua Nà", "1/12"),  # no name: refused
    ("Quàng Thị", "Ón", 7, 7, 1989, "Nữ", "Tày Nùng", "Bản Hua Nà", "1/12"),  # ethnic group: refused
    ("Lò Văn", "Bình", 10, 10, 1983, "Nam", "Xinh Mun", "Bản Noong Hẹt", "5/12"),
]
SURVEY_VILLAGES = 15
SURVEY_FIRST_ROW = 8  # the sheet's row of the first person


def survey_export(path: Path, people: list[tuple[object, ...]] = SURVEY_PEOPLE) -> Path:
    """A population survey export: title block, merged two-row header, column numbers, totals."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "PCGD-XMC"
    sheet.append(["UBND XÃ TÂN LẬP"])
    sheet.append(["DANH SÁCH ĐIỀU TRA PHỔ CẬP GIÁO DỤC - XÓA MÙ CHỮ NĂM 2026 (ĐỘ TUỔI 15 - 60)"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên", None, "Ngày tháng năm sinh", None, None, "Giới tính",
                  "Dân tộc", "Thôn, bản", "Trình độ văn hóa"])
    sheet.append([None, "Họ đệm", "Tên", "Ngày", "Tháng", "Năm"])
    sheet.merge_cells("B4:C4")
    sheet.merge_cells("D4:F4")
    for column in ("A", "G", "H", "I", "J"):
        sheet.merge_cells(f"{column}4:{column}5")
    sheet.append([f"({number})" for number in range(1, 11)])
    sheet.append([])
    for number, person in enumerate(people, start=1):
        sheet.append([number, *person])
    sheet.append([None, "Tổng cộng", None, None, None, None, len(people)])
    sheet.append([None, None, None, None, None, None, "Tân Lập, ngày 10 tháng 3 năm 2026"])
    workbook.save(path)
    return path


# (accession numbers as the register writes them, title, author, publisher, year, price)
REGISTER_ROWS: list[tuple[object, ...]] = [
    ("TS-0012", "Truyện Kiều", "Nguyễn Du", "Văn học", 2015, 45000),
    ("TS-0013–TS-0015", "Sổ tay nuôi gà thả vườn", "Nguyễn Văn Ba", "Nông nghiệp", 2018, 30000),
    ("VV.000123", "Kỹ thuật trồng lúa nước", "Trần Thị Hoa", "Nông nghiệp", 2016, 25000),
    ("VV.000124, VV.000125", "Phòng bệnh cho trâu bò", "Lê Văn Nam", "Nông nghiệp", 2019, 28000),
    ("GK 45", "Tiếng Việt 1, tập một", "Bộ Giáo dục và Đào tạo", "Giáo dục Việt Nam", 2020, 15000),
    ("GK 46", "Toán 1", "Bộ Giáo dục và Đào tạo", "Giáo dục Việt Nam", 2020, 15000),
    (45, "Cẩm nang pháp luật cho người dân", "Nhiều tác giả", "Tư pháp", 2017, 40000),
    ("46", "Truyện cổ dân tộc Thái", "Cầm Trọng", "Dân tộc", 2010, 35000),
    ("0047", "Sức khỏe sinh sản", "Bộ Y tế", "Y học", 2014, 20000),
    ("TS-12", "Truyện Kiều (bản khác)", "Nguyễn Du", "Kim Đồng", 2012, 40000),  # = TS-0012: refused
    ("BD-12", "Lục Vân Tiên", "Nguyễn Đình Chiểu", "Văn học", 2011, 30000),  # a card's prefix
    ("12a", "Chinh phụ ngâm", "Đặng Trần Côn", "Văn học", 2013, 30000),  # not a number
]
REGISTER_FIRST_ROW = 6


def accession_register(path: Path, rows: list[tuple[object, ...]] = REGISTER_ROWS) -> Path:
    """A hand-kept item register typed into Excel: title block, header, rows, a totals row."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sổ ĐKCB"
    sheet.append(["TRUNG TÂM HỌC TẬP CỘNG ĐỒNG XÃ TÂN LẬP"])
    sheet.append(["SỔ ĐĂNG KÝ CÁ BIỆT"])
    sheet.append([])
    sheet.append(["STT", "Số ĐKCB", "Tên sách", "Tác giả", "Nhà xuất bản", "Năm xuất bản",
                  "Giá tiền"])
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    sheet.append([None, None, "Cộng: 16 bản", None, None, None, 541000])
    workbook.save(path)
    return path


# (name, kind, topic group, place, from, to, sessions, headcount, women, minority, speaker)
PAST_ACTIVITIES: list[tuple[object, ...]] = [
    ("Lớp xóa mù chữ bản Nà Hạ", "Lớp xóa mù chữ", "Xóa mù chữ", "Bản Nà Hạ",
     dt.date(2025, 9, 8), dt.date(2025, 12, 26), 48, 25, 19, 25, "Lò Thị Hương"),
    ("Kỹ thuật nuôi gà thả vườn", "Chuyên đề", "Chăn nuôi", "Nhà văn hóa bản Pá Khoang",
     "15/10/2025", None, 1, 42, 30, 38, "Trạm Khuyến nông"),
    ("Phòng chống bạo lực gia đình", "Chuyên đề", "Pháp luật", "Thôn Đông",
     "20/11/2025", None, 1, 60, 41, 22, "Công an xã"),
    ("Nói chuyện về tiêm chủng cho trẻ", "chuyên đề", "Y tế", "Trạm Y tế xã",
     dt.date(2025, 12, 5), None, 1, 35, None, None, "Trạm Y tế"),  # the headcount only
    ("Lớp tin học cơ bản", "Lớp ngắn hạn", "Tin học", "Trung tâm",
     "03/11/2025 - 28/11/2025", None, 12, 18, 11, 6, "Nguyễn Văn Tùng"),
    ("Câu lạc bộ đọc sách thiếu nhi", "CLB", "Văn hóa", "Thư viện bản Nà Hạ",
     dt.date(2025, 10, 1), dt.date(2025, 12, 31), 13, None, None, None, ""),
    ("", "Chuyên đề", "Y tế", "Thôn Tây", "10/12/2025", None, 1, 20, 5, 3, ""),  # no name
    ("Trồng lúa nước", "Hội thảo đầu bờ", "Nông nghiệp", "Thôn Tây",
     "12/12/2025", None, 1, 30, 12, 10, ""),  # an unknown kind
    ("Nuôi cá lồng", "Chuyên đề", "Thủy sản", "Bản Pá Khoang", "31/11/2025", None, 1, 25, 9, 20,
     ""),  # 31 November
    ("An toàn giao thông", "Chuyên đề", "Pháp luật", "Thôn Đông",
     "02/12/2025", None, 1, 40, 45, 10, ""),  # more women than people
]
PAST_FIRST_ROW = 7


def past_activities(path: Path, rows: list[tuple[object, ...]] = PAST_ACTIVITIES) -> Path:
    """The notebook of classes and talks typed into Excel: title, merged two-row header, totals."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Năm 2025"
    sheet.append(["TRUNG TÂM HỌC TẬP CỘNG ĐỒNG XÃ TÂN LẬP"])
    sheet.append(["THEO DÕI CÁC LỚP HỌC VÀ CHUYÊN ĐỀ NĂM 2025"])
    sheet.append([])
    sheet.append(["STT", "Tên lớp, chuyên đề", "Loại hình", "Lĩnh vực", "Địa điểm", "Thời gian",
                  None, "Số buổi", "Số người tham dự", None, None, "Báo cáo viên, giáo viên"])
    sheet.append([None, None, None, None, None, "Từ ngày", "Đến ngày", None, "Tổng số", "Nữ",
                  "DTTS"])
    for column in ("A", "B", "C", "D", "E", "H", "L"):
        sheet.merge_cells(f"{column}4:{column}5")
    sheet.merge_cells("F4:G4")
    sheet.merge_cells("I4:K4")
    sheet.append([])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    sheet.append(["Tổng cộng", None, None, None, None, None, None, 80, 270, 172, 134])
    sheet.append([None, None, None, None, None, None, None, None, "Người lập biểu"])
    workbook.save(path)
    return path
