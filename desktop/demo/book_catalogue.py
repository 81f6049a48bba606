"""The demo cabinet's titles: farming, law, health, children's books, series, literature, general
books, with believable authors, publishers, classifications and prices.
"""

from __future__ import annotations

import random


from desktop.demo.book_records import BookPlan, PlannedTitle
from desktop.i18n import _
from desktop.reference.ddc import main_class_of
from desktop.services.books.isbn import isbn13_check_digit
from desktop.text.vietnamese import fold


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


LANGUAGES_BY_TITLE = {"Truyện cổ dân tộc Thái": "vi-minority", "Truyện cổ dân tộc H'Mông": "vi-minority",
                      "Truyện cổ dân tộc Mường": "vi-minority", "Từ điển Việt – Thái": "vi-minority",
                      "Từ điển Việt – H'Mông": "vi-minority", "Tiếng H'Mông cho người mới học": "hmong",
                      "Tiễn dặn người yêu (Xống chụ xon xao)": "vi-minority"}


def _isbn(rng: random.Random) -> str:
    body = "978604" + "".join(str(rng.randint(0, 9)) for _ in range(6))
    return body + isbn13_check_digit(body)


def _price(rng: random.Random, low: int, high: int) -> int:
    return rng.randint(low // 1000, high // 1000) * 1000


class TitleCatalogue:
    """Draws titles for intake batches; an existing title may come again (more copies)."""

    def __init__(self, rng: random.Random, plan: BookPlan, province: str) -> None:
        self.rng = rng
        self.plan = plan
        self.province = province
        self.by_name: dict[str, int] = {}
        self.series_next = {series[0]: 1 for series in SERIES}

    def _add(self, title: PlannedTitle) -> int:
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
            return self._add(PlannedTitle(text, rng.choice(EXPERTS), publisher, place, self._year(latest),
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
                return self._add(PlannedTitle(text, rng.choice(LAW_AUTHORS), publisher, place,
                                        max(year, 1995), "340", law_book=True,
                                        price=_price(rng, 20000, 90000), subjects="Pháp luật",
                                        weight=0.7))
            prefix = rng.choice(("Hỏi đáp pháp luật về", "Tìm hiểu pháp luật về",
                                 "Sổ tay pháp luật về"))
            return self._add(PlannedTitle(f"{prefix} {rng.choice(LAW_TOPICS)}", rng.choice(LAW_AUTHORS),
                                    publisher, place, self._year(latest), "340", law_book=True,
                                    price=_price(rng, 15000, 60000), subjects="Pháp luật",
                                    weight=0.8))
        if kind == "health":
            publisher, place = rng.choice((("NXB Y học", "Hà Nội"), ("NXB Phụ nữ Việt Nam", "Hà Nội")))
            return self._add(PlannedTitle(rng.choice(HEALTH), rng.choice(DOCTORS), publisher, place,
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
            return self._add(PlannedTitle(f"{name} – Tập {number}", author, publisher, place,
                                    self._year(latest, 4), ddc, audience="children",
                                    price=_price(rng, 18000, 35000), weight=2.5))
        if kind == "children":
            text, author, ddc = rng.choice(CHILDREN_CLASSICS)
            publisher, place = rng.choice(CHILD_PUBLISHERS)
            return self._add(PlannedTitle(text, author, publisher, place, self._year(latest, 10), ddc,
                                    audience="children", language=LANGUAGES_BY_TITLE.get(text, "vi"),
                                    price=_price(rng, 25000, 120000), weight=2.0))
        if kind == "literature":
            text, author, ddc = rng.choice(LITERATURE)
            publisher, place = rng.choice(GENERAL_PUBLISHERS)
            return self._add(PlannedTitle(text, author, publisher, place, self._year(latest, 12), ddc,
                                    language=LANGUAGES_BY_TITLE.get(text, "vi"),
                                    price=_price(rng, 40000, 150000), weight=1.0))
        text, ddc, audience = rng.choice(GENERAL)
        if text.startswith("Địa chí"):
            text = f"Địa chí tỉnh {self.province}" if rng.random() < 0.5 else text
        publisher, place = rng.choice((*GENERAL_PUBLISHERS, ("NXB Giáo dục Việt Nam", "Hà Nội"),
                                       ("NXB Thông tin và Truyền thông", "Hà Nội")))
        return self._add(PlannedTitle(text, rng.choice((*EXPERTS, "Nhiều tác giả")), publisher, place,
                                self._year(latest), ddc, audience=audience,
                                language=LANGUAGES_BY_TITLE.get(text, "vi"),
                                price=_price(rng, 20000, 180000), weight=0.8))


SHELVES = {"000": "A1", "100": "A1", "200": "A1", "300": "B1", "400": "A2", "500": "A2",
           "600": "C1", "700": "A2", "800": "D1", "900": "B2"}


KIND_MIX = (("agri", 26), ("law", 12), ("health", 8), ("children", 14), ("series", 14),
            ("literature", 9), ("general", 17))


def shelf_for(title: PlannedTitle) -> str:
    if title.law_book:
        return "PL"  # the law book cabinet
    if title.audience == "children":
        return "TN"  # children's shelf
    main = main_class_of(title.classification)
    return SHELVES.get(main.code if main else "", "E1")
