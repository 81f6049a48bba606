"""A realistic demo book cabinet for a demo centre: about 5,000 copies and 40,000 loans at 10 years.

Like `desktop.services.demo`, the build has two halves. A plan is drawn in memory from one
`random.Random(seed)`: intake batches (an allocation to start with, then donations, purchases,
law books from the justice department, rotated batches from the provincial library), the titles
and copies they bring, readers (most of them learners of the centre, plus villagers and school
children), and a day-by-day simulation of the desk that respects the opening days, the loan
periods, the copies limit and each copy's availability. Returns are mostly on time, some late,
a few copies lost or damaged; loans of the last weeks are still out and some are overdue. Then
the plan is written with ORM objects in batches, so the sync identity hook stamps every row.

Call it on a database that already has its centre (and ideally learners, from `build_demo`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import UserError, ValidationError
from desktop.i18n import _
from desktop.reference.ddc import main_class_of
from desktop.reference.provinces import find_province
from desktop.services import demo_names as names
from desktop.services.books.isbn import isbn13_check_digit
from desktop.services.books.settings import CabinetSettings, Closure, save_cabinet_settings
from desktop.store.book_models import (
    COPY_ACTIVE,
    COPY_LOST,
    COPY_SENT_BACK,
    COPY_WEEDED,
    LOAN_LOST,
    LOAN_OPEN,
    LOAN_RETURNED,
    BookCopy,
    BookCounter,
    BookIncident,
    BookIntake,
    BookLoan,
    BookReader,
    BookStocktake,
    BookStocktakeItem,
    BookTitle,
    BookWeeding,
)
from desktop.store.database import Database
from desktop.store.models import Centre, Village
from desktop.store.register_models import Learner
from desktop.text.vietnamese import fold, name_sort_key, sort_key

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

MAX_YEARS = 30
BATCH = 250
COPIES_PER_YEAR = 420
LOANS_PER_YEAR = 4150
READERS_PER_YEAR = 55

# Lunar New Year's day (Tết); the cabinet closes two days before to five days after.
TET = {
    1996: (2, 19), 1997: (2, 7), 1998: (1, 28), 1999: (2, 16), 2000: (2, 5), 2001: (1, 24),
    2002: (2, 12), 2003: (2, 1), 2004: (1, 22), 2005: (2, 9), 2006: (1, 29), 2007: (2, 17),
    2008: (2, 7), 2009: (1, 26), 2010: (2, 14), 2011: (2, 3), 2012: (1, 23), 2013: (2, 10),
    2014: (1, 31), 2015: (2, 19), 2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5),
    2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29),
    2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 3), 2031: (1, 23),
    2032: (2, 11), 2033: (1, 31), 2034: (2, 19), 2035: (2, 8),
}

# Borrowing by month: children's summer holidays up, the harvest months down, Tết quiet.
MONTH_WEIGHTS = (0.7, 0.6, 1.0, 1.0, 0.9, 1.3, 1.4, 1.1, 0.8, 0.9, 1.0, 1.0)

AGRI_PUBLISHER = ("NXB Nông nghiệp", "Hà Nội")
LAW_PUBLISHERS = (("NXB Tư pháp", "Hà Nội"), ("NXB Chính trị quốc gia Sự thật", "Hà Nội"))
CHILD_PUBLISHERS = (("NXB Kim Đồng", "Hà Nội"), ("NXB Kim Đồng", "Hà Nội"), ("NXB Trẻ", "TP. Hồ Chí Minh"),
                    ("NXB Giáo dục Việt Nam", "Hà Nội"))
GENERAL_PUBLISHERS = (("NXB Văn học", "Hà Nội"), ("NXB Hội Nhà văn", "Hà Nội"),
                      ("NXB Phụ nữ Việt Nam", "Hà Nội"), ("NXB Thanh niên", "Hà Nội"),
                      ("NXB Văn hóa dân tộc", "Hà Nội"), ("NXB Khoa học xã hội", "Hà Nội"))

EXPERTS = ("TS. Nguyễn Văn Bộ", "KS. Trần Văn Khởi", "PGS.TS. Lê Văn Tri", "ThS. Phạm Thị Thùy",
           "KS. Hoàng Minh Tấn", "TS. Đinh Văn Cải", "Nguyễn Xuân Lam", "Bùi Thị Hồng",
           "TS. Lã Văn Kính", "KS. Đào Lệ Hằng", "Võ Văn Chi", "TS. Nguyễn Thiện")
DOCTORS = ("BS. Nguyễn Văn Tư", "BS. Lê Thị Hoa", "PGS.TS. Nguyễn Thị Lâm", "BS. Phạm Ngọc Khái",
           "Viện Dinh dưỡng Quốc gia", "Bộ Y tế")
LAW_AUTHORS = ("Bộ Tư pháp", "Quốc hội", "Nguyễn Văn Dũng (biên soạn)", "Trần Minh Hương (biên soạn)",
               "Vụ Phổ biến, giáo dục pháp luật")

CROPS = ("lúa", "ngô", "sắn", "chè", "cà phê", "lạc", "đậu tương", "rau an toàn", "khoai lang",
         "mận", "xoài", "nhãn", "vải thiều", "cam", "bưởi", "dứa", "chuối", "tam thất", "thảo quả",
         "quế", "hồi", "mắc ca", "cây dược liệu", "nấm rơm", "dâu tằm", "keo lai")
ANIMALS = ("lợn", "gà thả vườn", "vịt", "bò", "trâu", "dê", "thỏ", "ong lấy mật", "lợn bản",
           "gà đen", "ngựa")
FISH = ("cá trắm cỏ", "cá rô phi", "cá chép", "cá tầm", "cá hồi vân", "ếch", "lươn", "ba ba")
AGRI_TEMPLATES = (
    ("Kỹ thuật trồng và chăm sóc cây {crop}", "633"), ("Phòng trừ sâu bệnh hại {crop}", "632"),
    ("Hỏi đáp về kỹ thuật trồng {crop}", "633"), ("Sổ tay trồng {crop} theo hướng VietGAP", "634"),
    ("Kỹ thuật trồng {crop} năng suất cao", "633"), ("Thu hoạch, bảo quản và chế biến {crop}", "664"),
    ("Bón phân cân đối cho {crop}", "631.8"), ("Giống {crop} mới và cách trồng", "631.5"),
)
ANIMAL_TEMPLATES = (("Kỹ thuật chăn nuôi {animal}", "636"),
                    ("Phòng và trị bệnh cho {animal}", "636.089"),
                    ("Nuôi {animal} an toàn sinh học", "636"),
                    ("Kinh nghiệm nuôi {animal} ở vùng cao", "636"),
                    ("Chuồng trại và thức ăn cho {animal}", "636.08"))
FISH_TEMPLATES = (("Kỹ thuật nuôi {fish} trong ao", "639.3"), ("Nuôi {fish} thương phẩm", "639.3"))

LAWS = (
    ("Luật Đất đai", 2024), ("Luật Hôn nhân và gia đình", 2014),
    ("Luật Phòng, chống bạo lực gia đình", 2022), ("Luật Trật tự, an toàn giao thông đường bộ", 2024),
    ("Luật Giao thông đường bộ", 2008), ("Luật Bảo vệ môi trường", 2020), ("Luật Trẻ em", 2016),
    ("Luật Phòng, chống ma túy", 2021), ("Luật Cư trú", 2020), ("Luật Căn cước", 2023),
    ("Bộ luật Dân sự", 2015), ("Bộ luật Hình sự", 2015), ("Luật Lâm nghiệp", 2017),
    ("Luật Bảo hiểm y tế", 2014), ("Luật Người cao tuổi", 2009), ("Luật Bình đẳng giới", 2006),
    ("Luật Hòa giải ở cơ sở", 2013), ("Luật Tiếp cận thông tin", 2016),
    ("Luật Thực hiện dân chủ ở cơ sở", 2022),
    ("Luật Phòng, chống mua bán người", 2024), ("Luật Giáo dục", 2019), ("Luật Thanh niên", 2020),
)
LAW_TOPICS = ("đất đai", "hôn nhân và gia đình", "phòng, chống bạo lực gia đình", "quyền trẻ em",
              "phòng, chống ma túy", "an toàn giao thông", "bảo vệ rừng", "thừa kế",
              "phòng, chống mua bán người", "hòa giải ở cơ sở", "bảo hiểm xã hội", "an ninh mạng",
              "bình đẳng giới", "dân tộc và tôn giáo", "khiếu nại, tố cáo")
HEALTH = ("Chăm sóc sức khỏe bà mẹ và trẻ em", "Phòng chống suy dinh dưỡng ở trẻ em",
          "Cẩm nang phòng bệnh sốt xuất huyết", "Sơ cứu ban đầu tại gia đình",
          "Dinh dưỡng hợp lý cho người cao tuổi", "Phòng chống bệnh sốt rét",
          "Nuôi con bằng sữa mẹ", "Phòng chống tảo hôn và hôn nhân cận huyết thống",
          "Vệ sinh an toàn thực phẩm trong gia đình", "Phòng chống tác hại của thuốc lá",
          "Phòng bệnh tay chân miệng", "Sức khỏe sinh sản vị thành niên",
          "Cây thuốc nam quanh nhà", "Phòng chống bệnh lao")
CHILDREN_CLASSICS = (
    ("Dế Mèn phiêu lưu ký", "Tô Hoài", "895.9223"), ("Đất rừng phương Nam", "Đoàn Giỏi", "895.9223"),
    ("Tôi thấy hoa vàng trên cỏ xanh", "Nguyễn Nhật Ánh", "895.9223"),
    ("Cho tôi xin một vé đi tuổi thơ", "Nguyễn Nhật Ánh", "895.9223"),
    ("Góc sân và khoảng trời", "Trần Đăng Khoa", "895.9221"),
    ("Những tấm lòng cao cả", "Edmondo De Amicis", "853"), ("Hoàng tử bé", "Antoine de Saint-Exupéry", "843"),
    ("Truyện cổ tích Việt Nam chọn lọc", "Nhiều tác giả", "398.209597"),
    ("Truyện cổ Andersen", "Hans Christian Andersen", "839.8"), ("Truyện cổ Grimm", "Anh em Grimm", "398.2"),
    ("Sự tích Hồ Gươm", "Nhiều tác giả", "398.209597"), ("Cây khế", "Nhiều tác giả", "398.209597"),
    ("Bác Hồ với thiếu nhi", "Nhiều tác giả", "959.704"), ("Kim Đồng", "Tô Hoài", "895.9223"),
    ("Mười vạn câu hỏi vì sao", "Nhiều tác giả", "030"), ("Em yêu khoa học", "Nhiều tác giả", "500"),
    ("Lịch sử Việt Nam bằng tranh", "Trần Bạch Đằng (chủ biên)", "959.7"),
    ("Truyện cổ dân tộc Thái", "Nhiều tác giả", "398.209597"),
    ("Truyện cổ dân tộc H'Mông", "Nhiều tác giả", "398.209597"),
    ("Truyện cổ dân tộc Mường", "Nhiều tác giả", "398.209597"),
)
SERIES = (("Thần đồng đất Việt", "Lê Linh", "741.5", 60), ("Doraemon", "Fujiko F. Fujio", "741.5", 45),
          ("Thám tử lừng danh Conan", "Gosho Aoyama", "741.5", 60),
          ("Kính vạn hoa", "Nguyễn Nhật Ánh", "895.9223", 54),
          ("Lịch sử Việt Nam bằng tranh", "Trần Bạch Đằng (chủ biên)", "959.7", 40))
LITERATURE = (
    ("Truyện Kiều", "Nguyễn Du", "895.9221"), ("Số đỏ", "Vũ Trọng Phụng", "895.9223"),
    ("Tắt đèn", "Ngô Tất Tố", "895.9223"), ("Vợ chồng A Phủ", "Tô Hoài", "895.9223"),
    ("Chí Phèo", "Nam Cao", "895.9223"), ("Nỗi buồn chiến tranh", "Bảo Ninh", "895.9223"),
    ("Mùa lá rụng trong vườn", "Ma Văn Kháng", "895.9223"),
    ("Đất nước đứng lên", "Nguyên Ngọc", "895.9223"),
    ("Nhật ký Đặng Thùy Trâm", "Đặng Thùy Trâm", "895.9228"),
    ("Thép đã tôi thế đấy", "Nikolai Ostrovsky", "891.73"),
    ("Ông già và biển cả", "Ernest Hemingway", "813"),
    ("Tiễn dặn người yêu (Xống chụ xon xao)", "Dân gian Thái", "895.919"),
    ("Thơ Tố Hữu", "Tố Hữu", "895.9221"), ("Bến không chồng", "Dương Hướng", "895.9223"),
)
GENERAL = (
    ("Tin học cơ bản cho mọi người", "004", "adult"),
    ("Hướng dẫn sử dụng điện thoại thông minh", "004.16", "adult"),
    ("Chuyển đổi số cho nông dân", "004", "adult"), ("Bán hàng nông sản trên mạng", "381", "adult"),
    ("Kỹ năng sống cho tuổi mới lớn", "158", "children"), ("Sổ tay công tác dân vận", "320", "adult"),
    ("Xây dựng nông thôn mới ở vùng cao", "307.72", "adult"),
    ("Văn hóa các dân tộc Tây Bắc", "305.8", "adult"),
    ("Tài liệu học tập xóa mù chữ giai đoạn 1", "372.6", "adult"),
    ("Tài liệu học tập xóa mù chữ giai đoạn 2", "372.6", "adult"),
    ("Học tập suốt đời – xây dựng xã hội học tập", "374", "adult"),
    ("Từ điển Việt – Thái", "495.919", "adult"), ("Từ điển Việt – H'Mông", "495.97", "adult"),
    ("Tiếng H'Mông cho người mới học", "495.97", "adult"), ("Tiếng Anh giao tiếp hằng ngày", "428", "adult"),
    ("Kỹ thuật sửa chữa xe máy", "629.28", "adult"), ("Kỹ thuật điện dân dụng", "621.3", "adult"),
    ("Nghề mộc dân dụng", "684", "adult"), ("Dệt thổ cẩm truyền thống", "746", "adult"),
    ("Phòng chống thiên tai, lũ quét, sạt lở đất", "363.34", "adult"),
    ("Những câu chuyện về Bác Hồ", "959.704", "adult"), ("Chiến thắng Điện Biên Phủ", "959.704", "adult"),
    ("Địa chí các dân tộc miền núi phía Bắc", "915.97", "adult"), ("Phật giáo và đời sống", "294.3", "adult"),
    ("Sổ tay hòa giải viên ở cơ sở", "347", "adult"), ("Gương người tốt việc tốt", "170", "adult"),
)
DONORS = ("Hội Khuyến học xã", "Đoàn Thanh niên xã", "Hội Cựu chiến binh xã",
          "Chương trình Sách hóa nông thôn Việt Nam", "Quỹ Sách cho em", "Trường THCS xã",
          "Ông Nguyễn Văn Hùng (giáo viên nghỉ hưu)", "Bà Lò Thị Xuân", "Hội Liên hiệp Phụ nữ xã",
          "Ban Chỉ huy Đồn Biên phòng", "Trạm Khuyến nông", "Một nhóm sinh viên tình nguyện")
SUPPLIERS = ("Công ty Sách – Thiết bị trường học tỉnh", "Nhà sách Tiền Phong", "Nhà sách Fahasa",
             "Công ty Phát hành sách tỉnh")
LANGUAGES_BY_TITLE = {"Truyện cổ dân tộc Thái": "vi-minority", "Truyện cổ dân tộc H'Mông": "vi-minority",
                      "Truyện cổ dân tộc Mường": "vi-minority", "Từ điển Việt – Thái": "vi-minority",
                      "Từ điển Việt – H'Mông": "vi-minority", "Tiếng H'Mông cho người mới học": "hmong",
                      "Tiễn dặn người yêu (Xống chụ xon xao)": "vi-minority"}


class BookDemoCancelled(UserError):
    """The user stopped the build; the transaction in progress was rolled back."""

    def __init__(self) -> None:
        super().__init__(_("Building the demo book cabinet was cancelled."))


@dataclass(frozen=True)
class BookDemoSummary:
    """What the demo cabinet holds (owned copies only in `copies`)."""

    titles: int
    copies: int
    intakes: int
    readers: int
    loans: int
    open_loans: int
    overdue: int
    lost: int
    damaged: int
    weeded: int
    rotated_batches: int

    def __str__(self) -> str:
        return (f"{self.titles} titles, {self.copies} copies in {self.intakes} batches, "
                f"{self.readers} readers, {self.loans} loans ({self.open_loans} open, "
                f"{self.overdue} overdue), {self.lost} lost, {self.damaged} damaged, "
                f"{self.weeded} weeded, {self.rotated_batches} rotated batches")


@dataclass
class _Title:
    title: str
    authors: str
    publisher: str
    place: str
    year: int
    classification: str
    audience: str = "adult"
    law_book: bool = False
    language: str = "vi"
    isbn: str = ""
    price: int = 0
    subjects: str = ""
    weight: float = 1.0  # how much readers want it


@dataclass
class _Copy:
    title: int
    intake: int
    received: dt.date
    price: int
    shelf: str
    accession: int | None = None
    external: str | None = None
    status: str = COPY_ACTIVE
    withdrawn: dt.date | None = None
    weeding: int | None = None
    damaged: bool = False
    busy_until: dt.date = dt.date.min  # on loan until this day (inclusive)


@dataclass
class _Intake:
    year: int
    number: int
    date: dt.date
    source: str
    supplier: str
    document: str
    return_by: dt.date | None = None
    returned_on: dt.date | None = None


@dataclass
class _Reader:
    card: int
    name: str
    village: int
    gender: str
    birth_year: int | None
    group: str | None
    registered: dt.date
    learner: int | None
    child: bool
    weight: float
    out: list[dt.date] = field(default_factory=list)  # return days of the copies they have out


@dataclass
class _Loan:
    copy: int
    reader: int
    loaned: dt.date
    due: dt.date
    returned: dt.date | None
    state: str
    renewals: int = 0


@dataclass
class _Incident:
    copy: int
    loan: int | None
    reader: int | None
    kind: str
    date: dt.date
    compensation: int
    note: str


@dataclass
class _Plan:
    titles: list[_Title] = field(default_factory=list)
    copies: list[_Copy] = field(default_factory=list)
    intakes: list[_Intake] = field(default_factory=list)
    readers: list[_Reader] = field(default_factory=list)
    loans: list[_Loan] = field(default_factory=list)
    incidents: list[_Incident] = field(default_factory=list)
    weedings: list[tuple[str, dt.date, str, list[int]]] = field(default_factory=list)
    closures: list[Closure] = field(default_factory=list)
    stocktake: tuple[dt.date, dt.date, list[int], int] | None = None  # start, close, missing, expected


def _isbn(rng: random.Random) -> str:
    body = "978604" + "".join(str(rng.randint(0, 9)) for _ in range(6))
    return body + isbn13_check_digit(body)


def _price(rng: random.Random, low: int, high: int) -> int:
    return rng.randint(low // 1000, high // 1000) * 1000


class _Catalogue:
    """Draws titles for intake batches; an existing title may come again (more copies)."""

    def __init__(self, rng: random.Random, plan: _Plan, province: str) -> None:
        self.rng = rng
        self.plan = plan
        self.province = province
        self.by_name: dict[str, int] = {}
        self.series_next = {series[0]: 1 for series in SERIES}

    def _add(self, title: _Title) -> int:
        # The same title from another publisher is another catalogue entry.
        key = f"{fold(title.title)}|{fold(title.publisher)}"
        if key in self.by_name:
            return self.by_name[key]
        if title.year >= 2008 and self.rng.random() < 0.7:
            title.isbn = _isbn(self.rng)
        self.plan.titles.append(title)
        self.by_name[key] = len(self.plan.titles) - 1
        return self.by_name[key]

    def _year(self, latest: int, span: int = 6) -> int:
        return self.rng.randint(max(latest - span, 1995), latest)

    def draw(self, kind: str, latest: int) -> int:
        """A title of a kind (agri, law, health, children, series, literature, general)."""
        rng = self.rng
        if self.plan.titles and rng.random() < 0.08:
            pool = [i for i, t in enumerate(self.plan.titles) if t.year <= latest
                    and (kind != "law" or t.law_book)]
            if pool:
                return rng.choice(pool)
        if kind == "agri":
            roll = rng.random()
            if roll < 0.55:
                template, ddc = rng.choice(AGRI_TEMPLATES)
                text = template.format(crop=rng.choice(CROPS))
            elif roll < 0.85:
                template, ddc = rng.choice(ANIMAL_TEMPLATES)
                text = template.format(animal=rng.choice(ANIMALS))
            else:
                template, ddc = rng.choice(FISH_TEMPLATES)
                text = template.format(fish=rng.choice(FISH))
            publisher, place = AGRI_PUBLISHER
            return self._add(_Title(text, rng.choice(EXPERTS), publisher, place, self._year(latest),
                                    ddc, price=_price(rng, 18000, 65000), subjects="Nông nghiệp",
                                    weight=1.2))
        if kind == "law":
            publisher, place = rng.choice(LAW_PUBLISHERS)
            if rng.random() < 0.6:
                candidates = [(name, year) for name, year in LAWS if year <= latest]
                name, year = rng.choice(candidates or list(LAWS[:3]))
                text = rng.choice((f"{name} năm {year}", f"{name} (hiện hành)",
                                   f"{name} và văn bản hướng dẫn thi hành",
                                   f"Tìm hiểu {name} năm {year}"))
                year = self._year(latest, 2) if year <= latest else latest
                return self._add(_Title(text, rng.choice(LAW_AUTHORS), publisher, place,
                                        max(year, 1995), "340", law_book=True,
                                        price=_price(rng, 20000, 90000), subjects="Pháp luật",
                                        weight=0.7))
            prefix = rng.choice(("Hỏi đáp pháp luật về", "Tìm hiểu pháp luật về",
                                 "Sổ tay pháp luật về"))
            return self._add(_Title(f"{prefix} {rng.choice(LAW_TOPICS)}", rng.choice(LAW_AUTHORS),
                                    publisher, place, self._year(latest), "340", law_book=True,
                                    price=_price(rng, 15000, 60000), subjects="Pháp luật",
                                    weight=0.8))
        if kind == "health":
            publisher, place = rng.choice((("NXB Y học", "Hà Nội"), ("NXB Phụ nữ Việt Nam", "Hà Nội")))
            return self._add(_Title(rng.choice(HEALTH), rng.choice(DOCTORS), publisher, place,
                                    self._year(latest), "613", price=_price(rng, 15000, 55000),
                                    subjects="Sức khỏe", weight=0.9))
        if kind == "series":
            name, author, ddc, volumes = rng.choice(SERIES)
            number = self.series_next[name]
            if number > volumes:
                number = rng.randint(1, volumes)
            else:
                self.series_next[name] = number + 1
            publisher, place = ("NXB Trẻ", "TP. Hồ Chí Minh") if name == "Kính vạn hoa" \
                else ("NXB Kim Đồng", "Hà Nội")
            return self._add(_Title(f"{name} – Tập {number}", author, publisher, place,
                                    self._year(latest, 4), ddc, audience="children",
                                    price=_price(rng, 18000, 35000), weight=2.5))
        if kind == "children":
            text, author, ddc = rng.choice(CHILDREN_CLASSICS)
            publisher, place = rng.choice(CHILD_PUBLISHERS)
            return self._add(_Title(text, author, publisher, place, self._year(latest, 10), ddc,
                                    audience="children", language=LANGUAGES_BY_TITLE.get(text, "vi"),
                                    price=_price(rng, 25000, 120000), weight=2.0))
        if kind == "literature":
            text, author, ddc = rng.choice(LITERATURE)
            publisher, place = rng.choice(GENERAL_PUBLISHERS)
            return self._add(_Title(text, author, publisher, place, self._year(latest, 12), ddc,
                                    language=LANGUAGES_BY_TITLE.get(text, "vi"),
                                    price=_price(rng, 40000, 150000), weight=1.0))
        text, ddc, audience = rng.choice(GENERAL)
        if text.startswith("Địa chí"):
            text = f"Địa chí tỉnh {self.province}" if rng.random() < 0.5 else text
        publisher, place = rng.choice((*GENERAL_PUBLISHERS, ("NXB Giáo dục Việt Nam", "Hà Nội"),
                                       ("NXB Thông tin và Truyền thông", "Hà Nội")))
        return self._add(_Title(text, rng.choice((*EXPERTS, "Nhiều tác giả")), publisher, place,
                                self._year(latest), ddc, audience=audience,
                                language=LANGUAGES_BY_TITLE.get(text, "vi"),
                                price=_price(rng, 20000, 180000), weight=0.8))


SHELVES = {"000": "A1", "100": "A1", "200": "A1", "300": "B1", "400": "A2", "500": "A2",
           "600": "C1", "700": "A2", "800": "D1", "900": "B2"}
KIND_MIX = (("agri", 26), ("law", 12), ("health", 8), ("children", 14), ("series", 14),
            ("literature", 9), ("general", 17))


def _shelf(title: _Title) -> str:
    if title.law_book:
        return "PL"  # the law book cabinet
    if title.audience == "children":
        return "TN"  # children's shelf
    main = main_class_of(title.classification)
    return SHELVES.get(main.code if main else "", "E1")


def _copies_count(rng: random.Random) -> int:
    return rng.choices((1, 2, 3, 4, 5, 10), weights=(34, 26, 16, 8, 12, 4))[0]


def _number_in_date_order(intakes: list[_Intake]) -> None:
    """Summary-register entries are numbered within a year in the order the batches came."""
    by_year: dict[int, list[_Intake]] = {}
    for intake in intakes:
        by_year.setdefault(intake.year, []).append(intake)
    for batches in by_year.values():
        for number, intake in enumerate(sorted(batches, key=lambda batch: batch.date), start=1):
            intake.number = number


def _village_name_group(rng: random.Random, group: str, gender: str) -> str:
    stock = names.NAMES.get(group, names.NAMES["kinh"])
    family = rng.choices(stock.families, weights=stock.family_weights or None)[0]
    middle = rng.choice(stock.middle_female if gender == "female" else stock.middle_male)
    given = rng.choice(stock.given_female if gender == "female" else stock.given_male)
    return f"{family} {middle} {given}"


# A learner as the demo needs them: name, gender, birth year, ethnic group, village id.
_LearnerRow = tuple[str, str | None, int | None, str | None, str | None]


def _plan(rng: random.Random, years: int, today: dt.date, learners: list[_LearnerRow],
          village_groups: list[str], province: str) -> tuple[_Plan, CabinetSettings]:
    plan = _Plan()
    start = today - dt.timedelta(days=365 * years)
    for year in range(start.year, today.year + 2):
        if year in TET:
            tet = dt.date(year, *TET[year])
            plan.closures.append(Closure(tet - dt.timedelta(days=2), tet + dt.timedelta(days=5),
                                         f"Tết Nguyên đán {year}"))
    # An unplanned closure: the flood of the last rainy season.
    flood = dt.date(today.year - 1, 8, 4)
    if flood > start:
        plan.closures.append(Closure(flood, flood + dt.timedelta(days=4), "Lũ quét, mất điện"))
    settings = CabinetSettings(closures=tuple(plan.closures))
    catalogue = _Catalogue(rng, plan, province)

    # Intake batches, each with its date, then their copies.
    batches: list[tuple[dt.date, str, str, str, int, tuple[tuple[str, int], ...]]] = []
    opening = start + dt.timedelta(days=rng.randint(3, 20))
    batches.append((opening, "allocation", "Phòng Văn hóa – Xã hội", "QĐ cấp phát sách ban đầu",
                    min(900, 300 + 60 * years), KIND_MIX))
    for year_index in range(years + 1):
        year_start = start + dt.timedelta(days=365 * year_index)
        for _batch in range(rng.randint(5, 8)):
            day = year_start + dt.timedelta(days=rng.randint(0, 364))
            if day >= today or day <= opening:
                continue
            roll = rng.random()
            if roll < 0.45:
                batches.append((day, "donation", rng.choice(DONORS), "", rng.randint(10, 70), KIND_MIX))
            elif roll < 0.75:
                batches.append((day, "purchase", rng.choice(SUPPLIERS),
                                f"HĐ {rng.randint(100, 9999):07d}", rng.randint(30, 110),
                                (("agri", 30), ("children", 20), ("series", 20), ("health", 10),
                                 ("general", 20))))
            elif roll < 0.88:
                batches.append((day, "allocation", f"Sở Tư pháp tỉnh {province}",
                                f"{rng.randint(10, 300)}/QĐ-STP", rng.randint(20, 60),
                                (("law", 1),)))
            else:
                batches.append((day, "allocation", "Phòng Văn hóa – Xã hội",
                                f"{rng.randint(10, 300)}/QĐ-VHXH", rng.randint(30, 80), KIND_MIX))
    batches.sort(key=lambda batch: batch[0])
    target = COPIES_PER_YEAR * years + min(900, 300 + 60 * years)
    planned = sum(batch[4] for batch in batches)
    scale = target / planned if planned else 1.0
    numbers: dict[int, int] = {}
    accession = 0
    for day, source, supplier, document, size, mix in batches:
        numbers[day.year] = numbers.get(day.year, 0) + 1
        intake_index = len(plan.intakes)
        plan.intakes.append(_Intake(day.year, numbers[day.year], day, source, supplier, document))
        remaining = max(1, round(size * scale))
        kinds = [kind for kind, _w in mix]
        weights = [w for _k, w in mix]
        while remaining > 0:
            title_index = catalogue.draw(rng.choices(kinds, weights=weights)[0], day.year)
            title = plan.titles[title_index]
            count = min(_copies_count(rng), remaining)
            for _copy in range(count):
                accession += 1
                plan.copies.append(_Copy(title_index, intake_index, day, title.price, _shelf(title),
                                         accession=accession))
            remaining -= count

    # Rotated batches from the provincial library, twice a year, about five months each.
    rotation_days = sorted(start + dt.timedelta(days=rng.randint(30, 365 * years - 1))
                           for _ in range(max(1, 2 * years)))
    rotation_days.append(today - dt.timedelta(days=rng.randint(40, 120)))  # the batch held now
    code = 10000
    for day in rotation_days:
        numbers[day.year] = numbers.get(day.year, 0) + 1
        return_by = day + dt.timedelta(days=rng.choice((120, 150, 180)))
        if day == rotation_days[-1]:
            return_by = today + dt.timedelta(days=rng.randint(8, 25))
        returned = return_by - dt.timedelta(days=rng.randint(0, 1)) if return_by < today else None
        intake_index = len(plan.intakes)
        plan.intakes.append(_Intake(day.year, numbers[day.year], day, "rotation",
                                    f"Thư viện tỉnh {province}", f"BB giao nhận {rng.randint(1, 90)}/TV",
                                    return_by, returned))
        for _copy in range(rng.randint(80, 150)):
            title_index = catalogue.draw(rng.choices(("children", "series", "literature", "agri",
                                                      "general"), weights=(3, 3, 2, 2, 2))[0], day.year)
            code += 1
            prefix = "TN" if plan.titles[title_index].audience == "children" else "VV"
            plan.copies.append(_Copy(title_index, intake_index, day, plan.titles[title_index].price,
                                     "LC", external=f"{prefix}.{code:06d}"))
    _number_in_date_order(plan.intakes)

    # Readers: learners of the centre (most), villagers and school children.
    reader_count = 80 + READERS_PER_YEAR * years
    pool = list(range(len(learners)))
    rng.shuffle(pool)
    for card in range(1, reader_count + 1):
        day = start + dt.timedelta(days=int((today - start).days * (card / reader_count) ** 1.3))
        if day >= today:
            day = today - dt.timedelta(days=1)
        roll = rng.random()
        if pool and roll < 0.6:
            index = pool.pop()
            full_name, gender, birth_year, group, village_id = learners[index]
            village = village_groups.index(village_id) if village_id in village_groups else 0
            plan.readers.append(_Reader(card, full_name, village, gender or "female",
                                        birth_year, group, day, index, False,
                                        rng.paretovariate(1.6)))
            continue
        child = roll < 0.85
        gender = rng.choice(("female", "male"))
        village = rng.randrange(max(len(village_groups), 1))
        group = rng.choice(tuple(names.NAMES))
        birth_year = day.year - (rng.randint(7, 14) if child else rng.randint(18, 75))
        plan.readers.append(_Reader(card, _village_name_group(rng, group, gender), village, gender,
                                    birth_year, group, day, None, child,
                                    rng.paretovariate(1.6) * (1.5 if child else 1.0)))

    _simulate(rng, plan, settings, start, today, years)
    return plan, settings


def _simulate(rng: random.Random, plan: _Plan, settings: CabinetSettings, start: dt.date,
              today: dt.date, years: int) -> None:
    """The desk, day by day: loans, returns (on time, late, lost), damage, weeding, a count."""
    copies = plan.copies
    intake_of = plan.intakes
    order = sorted(range(len(copies)), key=lambda i: copies[i].received)
    arrived: list[int] = []
    next_copy = 0
    weeding_days = sorted({start + dt.timedelta(days=int(365 * years * f)) for f in (0.45, 0.85)}
                          if years >= 3 else set())
    open_days = sum(1 for n in range((today - start).days) if settings.is_open(start + dt.timedelta(days=n)))
    per_day = LOANS_PER_YEAR * years / max(open_days, 1)
    day = start
    readers = plan.readers
    returns: dict[dt.date, list[int]] = {}
    for index, intake in enumerate(intake_of):
        if intake.source == "rotation" and intake.returned_on is not None:
            returns.setdefault(intake.returned_on, []).append(index)
    members: list[int] = []
    cumulative: list[float] = []
    while day < today:
        day += dt.timedelta(days=1)
        while next_copy < len(order) and copies[order[next_copy]].received <= day:
            arrived.append(order[next_copy])
            next_copy += 1
        for intake_index in returns.get(day, ()):
            for copy in copies:
                if copy.intake == intake_index and copy.status == COPY_ACTIVE:
                    copy.status = COPY_SENT_BACK
                    copy.withdrawn = day
        if weeding_days and day >= weeding_days[0]:
            weeding_days.pop(0)
            _weed(rng, plan, arrived, day)
        if not settings.is_open(day):
            continue
        while len(members) < len(readers) and readers[len(members)].registered <= day:
            cumulative.append((cumulative[-1] if cumulative else 0.0) + readers[len(members)].weight)
            members.append(len(members))
        if not members or not arrived:
            continue
        mean = per_day * MONTH_WEIGHTS[day.month - 1] / (sum(MONTH_WEIGHTS) / 12)
        count = max(0, int(rng.gauss(mean, mean ** 0.5)))
        made = tries = 0
        while made < count and tries < 4 * count:
            tries += 1
            reader_index = rng.choices(members, cum_weights=cumulative)[0]
            reader = readers[reader_index]
            reader.out = [back for back in reader.out if back >= day]
            if len(reader.out) >= settings.max_copies_per_reader:
                continue
            copy_index = _pick_copy(rng, plan, arrived, reader, day, settings)
            if copy_index is None:
                continue
            _lend(rng, plan, copy_index, reader_index, day, today, settings)
            made += 1
    if years >= 2:
        _stocktake(rng, plan, arrived, today)


def _pick_copy(rng: random.Random, plan: _Plan, arrived: list[int], reader: _Reader,
               day: dt.date, settings: CabinetSettings) -> int | None:
    copies, titles = plan.copies, plan.titles
    for _attempt in range(40):
        index = rng.choice(arrived)
        copy = copies[index]
        title = titles[copy.title]
        if copy.status != COPY_ACTIVE or copy.busy_until >= day:
            continue
        if (title.audience == "children") != reader.child and rng.random() < 0.8:
            continue
        if rng.random() > min(title.weight / 2.5, 1.0):
            continue
        intake = plan.intakes[copy.intake]
        if intake.source == "rotation":
            due = settings.due_date(day, title.audience)
            if intake.return_by is None or due + dt.timedelta(days=5) > intake.return_by:
                continue
        return index
    return None


def _lend(rng: random.Random, plan: _Plan, copy_index: int, reader_index: int, day: dt.date,
          today: dt.date, settings: CabinetSettings) -> None:
    copy = plan.copies[copy_index]
    title = plan.titles[copy.title]
    reader = plan.readers[reader_index]
    due = settings.due_date(day, title.audience)
    roll = rng.random()
    renewals = 0
    rotated = plan.intakes[copy.intake].source == "rotation"
    if roll < 0.004 and not rotated:
        outcome, back = "lost", due + dt.timedelta(days=rng.randint(20, 90))
    elif roll < 0.06:
        renewals = 1
        due = settings.due_date(due, title.audience)
        outcome, back = "returned", due - dt.timedelta(days=rng.randint(0, 5))
    elif roll < 0.30:
        outcome, back = "returned", due + dt.timedelta(days=int(rng.expovariate(1 / 9)) + 1)
    elif roll < 0.32 and not rotated:
        outcome, back = "never", today + dt.timedelta(days=1)  # still out, long overdue
    else:
        outcome, back = "returned", day + dt.timedelta(days=rng.randint(1, max((due - day).days, 1)))
    return_by = plan.intakes[copy.intake].return_by
    if rotated and return_by is not None:
        back = min(back, return_by - dt.timedelta(days=2))
        outcome = "returned" if outcome == "never" else outcome
    back = max(back, day)
    if outcome == "never" and day < today - dt.timedelta(days=240):
        outcome = "returned"  # very old loans were chased up long ago
        back = due + dt.timedelta(days=rng.randint(10, 60))
    loan_index = len(plan.loans)
    if outcome == "lost" and back < today:
        plan.loans.append(_Loan(copy_index, reader_index, day, due, None, LOAN_LOST, renewals))
        copy.status = COPY_LOST
        copy.withdrawn = back
        plan.incidents.append(_Incident(copy_index, loan_index, reader_index, "lost", back,
                                        copy.price if rng.random() < 0.7 else 0,
                                        rng.choice(("Đánh rơi khi đi nương", "Cháy nhà",
                                                    "Trẻ nhỏ làm rách nát", "Mất khi đi chợ", ""))))
        reader.out.append(back)
        return
    if back >= today or outcome == "never":
        plan.loans.append(_Loan(copy_index, reader_index, day, due, None, LOAN_OPEN, renewals))
        copy.busy_until = dt.date.max
        reader.out.append(dt.date.max)
        return
    plan.loans.append(_Loan(copy_index, reader_index, day, due, back, LOAN_RETURNED, renewals))
    copy.busy_until = back
    reader.out.append(back)
    if rng.random() < 0.006 and not copy.damaged:
        copy.damaged = True
        plan.incidents.append(_Incident(copy_index, loan_index, reader_index, "damaged", back,
                                        rng.choice((0, 0, 10000, 20000)),
                                        rng.choice(("Ướt nước mưa", "Rách bìa", "Mất vài trang",
                                                    "Bị chuột gặm"))))


def _weed(rng: random.Random, plan: _Plan, arrived: list[int], day: dt.date) -> None:
    owned = [i for i in arrived if plan.copies[i].accession is not None
             and plan.copies[i].status == COPY_ACTIVE and plan.copies[i].busy_until < day]
    old = [i for i in owned
           if plan.copies[i].damaged or plan.titles[plan.copies[i].title].year < day.year - 12]
    chosen = rng.sample(old, min(len(old), max(1, int(len(owned) * 0.04)))) if old else []
    if not chosen:
        return
    weeding = len(plan.weedings)
    for index in chosen:
        plan.copies[index].status = COPY_WEEDED
        plan.copies[index].withdrawn = day
        plan.copies[index].weeding = weeding
    plan.weedings.append((f"{rng.randint(5, 60)}/QĐ-TTHTCĐ", day,
                          "Sách rách nát, lạc hậu nội dung", chosen))


def _stocktake(rng: random.Random, plan: _Plan, arrived: list[int], today: dt.date) -> None:
    """Last December's count: everything found but a few copies, which stay missing."""
    close = dt.date(today.year - 1, 12, 28)
    start = close - dt.timedelta(days=6)
    stock = [i for i in arrived if plan.copies[i].status == COPY_ACTIVE
             and plan.copies[i].accession is not None and plan.copies[i].received < start
             and plan.copies[i].busy_until < start]
    missing = rng.sample(stock, min(len(stock), max(1, len(stock) // 400)))
    plan.stocktake = (start, close, missing, len(stock))


# --- writing -------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, session: OrmSession, total: int, progress: Progress | None,
                 cancel: Cancel | None, done: int = 0) -> None:
        self.session, self.total, self.progress, self.cancel, self.done = (
            session, total, progress, cancel, done)

    def put(self, rows: Sequence[object]) -> list[str]:
        ids: list[str] = []
        for first in range(0, len(rows), BATCH):
            part = list(rows[first:first + BATCH])
            if self.cancel is not None and self.cancel():
                raise BookDemoCancelled()
            self.session.add_all(part)
            self.session.flush()
            ids.extend(row.id for row in part)  # type: ignore[attr-defined]
            self.session.expunge_all()
            self.done += len(part)
            if self.progress is not None:
                self.progress(self.done, self.total)
        return ids


def _search_text(title: _Title) -> str:
    return fold(" ".join(part for part in (title.title, title.authors, title.subjects,
                                           title.publisher, title.isbn) if part))


def build_book_demo(db: Database, *, years: int = 1, seed: int = 1, today: dt.date | None = None,
                    progress: Progress | None = None, cancel: Cancel | None = None) -> BookDemoSummary:
    """Fill the book cabinet of a demo centre with `years` of realistic history up to `today`.

    The database needs its centre; readers are drawn from its learners when it has some. Raises
    BookDemoCancelled when `cancel()` turns true (the transaction in progress is rolled back).
    """
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError(_("Choose between 1 and {count} years.").format(count=MAX_YEARS), "years")
    today = today or dt.date.today()
    rng = random.Random(f"books-{seed}")
    with db.reading() as session:
        centre = session.execute(select(Centre).where(Centre.deleted.is_(False))).scalars().first()
        if centre is None:
            raise ValidationError(_("Set up the centre first."))
        if session.execute(select(BookCopy.id).limit(1)).first():
            raise ValidationError(_("This database already has a book cabinet."))
        villages = list(session.execute(select(Village.id).where(Village.deleted.is_(False))
                                        .order_by(Village.sort_key)).scalars())
        learners = session.execute(select(Learner.id, Learner.full_name, Learner.gender,
                                          Learner.birth_year, Learner.ethnic_group_key,
                                          Learner.village_id)
                                   .where(Learner.deleted.is_(False)).order_by(Learner.id)).all()
        province = find_province(centre.province_code)
    learner_ids = [row[0] for row in learners]
    learner_rows = [(row[1], row[2], row[3], row[4], row[5]) for row in learners]
    plan, settings = _plan(rng, years, today, learner_rows, villages,
                           province.name_vi if province else "Sơn La")
    if cancel is not None and cancel():
        raise BookDemoCancelled()
    save_cabinet_settings(db, settings)
    total = (len(plan.titles) + len(plan.intakes) + len(plan.copies) + len(plan.readers)
             + len(plan.loans) + len(plan.incidents))
    with db.unit_of_work() as session:
        writer = _Writer(session, total, progress, cancel)
        weeding_ids = writer.put([BookWeeding(
            decision_number=number, decision_date=day - dt.timedelta(days=3), date=day, reason=reason,
            copies=len(chosen), value=sum(plan.copies[i].price for i in chosen))
            for number, day, reason, chosen in plan.weedings])
        title_ids = writer.put([BookTitle(
            title=t.title, title_sort=sort_key(t.title), authors=t.authors, publisher=t.publisher,
            place=t.place, year=t.year, isbn=t.isbn,
            isbn13=t.isbn or None, language=t.language, classification=t.classification,
            main_class=(main.code if (main := main_class_of(t.classification)) else ""),
            call_number="", subjects=t.subjects, audience=t.audience, law_book=t.law_book,
            price=t.price, notes="", search_folded=_search_text(t)) for t in plan.titles])
        intake_ids = writer.put([BookIntake(
            entry_year=i.year, entry_number=i.number, date=i.date, source=i.source,
            supplier=i.supplier, document_number=i.document, value=None, notes="",
            return_by=i.return_by, returned_on=i.returned_on) for i in plan.intakes])
        copy_ids = writer.put([BookCopy(
            accession_number=c.accession, external_code=c.external, title_id=title_ids[c.title],
            accession_prefix="" if c.accession is not None else None,
            accession_code=str(c.accession) if c.accession is not None else None,
            intake_id=intake_ids[c.intake], received_on=c.received, price=c.price, shelf=c.shelf,
            status=c.status, withdrawn_on=c.withdrawn,
            weeding_id=weeding_ids[c.weeding] if c.weeding is not None else None,
            damaged=c.damaged, notes="") for c in plan.copies])
        reader_ids = writer.put([BookReader(
            card_number=r.card, learner_id=learner_ids[r.learner] if r.learner is not None else None,
            full_name=r.name, name_folded=fold(r.name), name_sort=name_sort_key(r.name),
            village_id=villages[r.village] if villages else None, gender=r.gender,
            birth_year=r.birth_year, ethnic_group_key=r.group, phone="", registered_on=r.registered,
            notes="") for r in plan.readers])
    with db.unit_of_work() as session:
        writer = _Writer(session, total, progress, cancel, writer.done)
        loan_ids = writer.put([BookLoan(
            copy_id=copy_ids[loan.copy], reader_id=reader_ids[loan.reader], loaned_on=loan.loaned,
            due_on=loan.due, returned_on=loan.returned, state=loan.state, renewals=loan.renewals)
            for loan in plan.loans])
        writer.put([BookIncident(
            copy_id=copy_ids[i.copy], loan_id=loan_ids[i.loan] if i.loan is not None else None,
            reader_id=reader_ids[i.reader] if i.reader is not None else None, kind=i.kind,
            date=i.date, compensation=i.compensation, note=i.note) for i in plan.incidents])
        if plan.stocktake is not None:
            begun, closed, missing, expected = plan.stocktake
            stocktake = BookStocktake(started_on=begun, closed_on=closed, note="Kiểm kê cuối năm",
                                      expected=expected, found=expected - len(missing),
                                      missing=len(missing))
            session.add(stocktake)
            session.flush()
            writer.put([BookStocktakeItem(stocktake_id=stocktake.id, copy_id=copy_ids[i],
                                          outcome="missing", shelf_recorded=plan.copies[i].shelf,
                                          shelf_found="") for i in missing])
        counters = {"accession": max((c.accession or 0 for c in plan.copies), default=0),
                    "reader_card": len(plan.readers)}
        for intake in plan.intakes:
            key = f"intake-{intake.year}"
            counters[key] = max(counters.get(key, 0), intake.number)
        writer.put([BookCounter(name=name, value=value) for name, value in counters.items()])
        if cancel is not None and cancel():
            raise BookDemoCancelled()
    open_loans = sum(1 for loan in plan.loans if loan.state == LOAN_OPEN)
    overdue = sum(1 for loan in plan.loans if loan.state == LOAN_OPEN and loan.due < today)
    return BookDemoSummary(
        titles=len(plan.titles), copies=sum(1 for c in plan.copies if c.accession is not None),
        intakes=len(plan.intakes), readers=len(plan.readers), loans=len(plan.loans),
        open_loans=open_loans, overdue=overdue,
        lost=sum(1 for c in plan.copies if c.status == COPY_LOST),
        damaged=sum(1 for c in plan.copies if c.damaged),
        weeded=sum(1 for c in plan.copies if c.status == COPY_WEEDED),
        rotated_batches=sum(1 for i in plan.intakes if i.source == "rotation"))
