"""Data the demo centre is made of: communes, villages, names by ethnic group, topics, venues.

Plain tuples only, so the demo planners can draw from them with their own seeded random
generator. Names follow each group's real naming customs (H'Mông men are "A", women "Thị";
Thái family names Lò, Cầm, Lường, Quàng…), spelled in NFC.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommuneProfile:
    """A mountain commune: its province, villages (name, main ethnic group), ethnic mix."""

    commune: str
    province_code: str
    province: str
    area_code: str  # of landline numbers
    villages: tuple[tuple[str, str], ...]
    # The groups living in the commune besides each village's main one, with weights.
    mix: tuple[tuple[str, int], ...]
    border: bool = False


COMMUNES: tuple[CommuneProfile, ...] = (
    CommuneProfile(
        "Chiềng Hoa", "14", "Sơn La", "0212",
        (("Bản Nà Sài", "thai"), ("Bản Hua Ít", "thai"), ("Bản Pá Khoang", "thai"),
         ("Bản Huổi Một", "thai"), ("Bản Co Muông", "thai"), ("Bản Nong Tầu", "thai"),
         ("Bản Phiêng Ban", "hmong"), ("Bản Tà Làng", "hmong"), ("Bản Pa Cốp", "hmong"),
         ("Bản Sồng Phày", "hmong"), ("Bản Suối Lìn", "dao"), ("Thôn Tân Lập", "kinh"),
         ("Thôn Trung Tâm", "kinh"), ("Bản Lọng Luông", "muong")),
        (("kinh", 4), ("thai", 4), ("hmong", 2), ("muong", 1), ("dao", 1)),
    ),
    CommuneProfile(
        "Bản Xèo", "15", "Lào Cai", "0214",
        (("Thôn Lũng Pô", "hmong"), ("Thôn Sín Chải", "hmong"), ("Thôn Phìn Ngan", "hmong"),
         ("Thôn Séo Mý Tỷ", "hmong"), ("Thôn Nậm Tông", "dao"), ("Thôn Khe Ván", "dao"),
         ("Thôn Tả Chải", "dao"), ("Thôn Nà Hồ", "tay"), ("Thôn Bản Mế", "tay"),
         ("Thôn Cốc Lầu", "nung"), ("Thôn Na Lốc", "nung"), ("Thôn Làng Mới", "kinh"),
         ("Thôn Chợ", "kinh"), ("Thôn Bản Phố", "tay")),
        (("kinh", 3), ("hmong", 3), ("dao", 2), ("tay", 2), ("nung", 1)),
        border=True,
    ),
    CommuneProfile(
        "Cao Phong", "25", "Phú Thọ", "0210",
        (("Thôn Vó", "muong"), ("Thôn Khạ", "muong"), ("Thôn Mít", "muong"),
         ("Thôn Đồng Bài", "muong"), ("Thôn Chiềng Khến", "muong"), ("Thôn Bãi Nai", "muong"),
         ("Thôn Mỗ", "muong"), ("Bản Lác", "thai"), ("Bản Pheo", "thai"),
         ("Bản Chiềng Sại", "thai"), ("Bản Cò Phày", "dao"), ("Thôn Tân Lập", "kinh"),
         ("Thôn Trung Thành", "kinh"), ("Thôn Đoàn Kết", "kinh")),
        (("kinh", 4), ("muong", 4), ("thai", 2), ("dao", 1)),
    ),
)


@dataclass(frozen=True)
class NameStock:
    """Family names, middle names and given names of one ethnic group, by gender."""

    families: tuple[str, ...]
    middle_male: tuple[str, ...]
    middle_female: tuple[str, ...]
    given_male: tuple[str, ...]
    given_female: tuple[str, ...]
    # Weights of the first family names: Nguyễn is far commoner than Tạ.
    family_weights: tuple[int, ...] = ()


NAMES: dict[str, NameStock] = {
    "kinh": NameStock(
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
         "Dương", "Lý", "Đinh", "Đào", "Mai", "Trịnh", "Phan", "Cao", "Hà", "Lương", "Tạ",
         "Trương", "Lại", "Kiều", "Chu"),
        ("Văn", "Văn", "Văn", "Đức", "Ngọc", "Minh", "Quang", "Xuân", "Hữu", "Công", "Thanh",
         "Mạnh", "Tiến", "Đình"),
        ("Thị", "Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng", "Bích", "Minh",
         "Phương", "Thúy"),
        ("Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Sơn", "Hải", "Long", "Thắng", "Cường", "Bình",
         "Hòa", "Quân", "Đạt", "Khánh", "Trung", "Tiến", "Phong", "Thành", "Hiếu", "Toàn", "Lâm",
         "Tùng", "Việt", "Hưng", "Huy", "Kiên", "Lợi", "Mạnh", "Nghĩa", "Phúc", "Quý", "Tâm",
         "Thái", "Thịnh", "Vinh", "Chiến", "Duy", "Hoàn", "Công"),
        ("Hoa", "Lan", "Hương", "Mai", "Hà", "Thảo", "Linh", "Trang", "Hằng", "Nga", "Thủy",
         "Yến", "Dung", "Loan", "Huyền", "Nhung", "Phương", "Oanh", "Liên", "Hạnh", "Tâm",
         "Vân", "Xuân", "Hiền", "Lụa", "Mơ", "Nhàn", "Quyên", "Sen", "Thắm", "Tuyết", "Uyên",
         "Vui", "Điệp", "Ánh", "Bích", "Chi", "Giang", "Hậu", "Ngân"),
        (30, 10, 8, 7, 5, 4, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1),
    ),
    "hmong": NameStock(
        ("Sùng", "Giàng", "Vàng", "Thào", "Lý", "Mùa", "Hầu", "Lầu", "Hạng", "Tráng", "Cứ",
         "Vừ", "Chá", "Mua", "Sình"),
        ("A",),
        ("Thị", "Thị", "Thị", "Y"),
        ("Páo", "Chứ", "Sính", "Tủa", "Dế", "Chống", "Pó", "Lử", "Sử", "Nhà", "Chớ", "Tểnh",
         "Súa", "Dình", "Lềnh", "Pàng", "Tú", "Khua", "Lồng", "Chá", "Cở", "Giàng", "Xà",
         "Mỷ", "Thề", "Vư", "Sáng", "Dủa", "Lầu", "Nênh"),
        ("Mỷ", "Dua", "Dợ", "Chu", "Mai", "Sua", "Dế", "Pà", "Xúa", "Máy", "Dính", "Say",
         "Chía", "Vá", "Mỉ", "Sông", "Ly", "Mang", "Súa", "Pằng", "Lia", "Cở", "Sinh", "Mỉa",
         "Xo", "Dung", "Chở", "Nhìa"),
        (6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 2, 2, 1, 1, 1),
    ),
    "thai": NameStock(
        ("Lò", "Cầm", "Lường", "Quàng", "Lù", "Tòng", "Vì", "Hoàng", "Điêu", "Mè", "Bạc", "Sa",
         "Lừ", "Hà", "Lê", "Cà"),
        ("Văn",),
        ("Thị",),
        ("Inh", "Hặc", "Ún", "Panh", "Xuân", "Thương", "Ngoan", "Hom", "Pọm", "Chiến", "Duẩn",
         "Khằm", "Phong", "Xiêng", "Tiến", "Lả", "Sơn", "Ưởng", "Chăm", "Thỏa", "Hiêng", "Dũng",
         "Ơn", "Bun", "Pánh", "Khánh", "Tuân", "Hưởng", "Phanh", "Mẩu"),
        ("Pấng", "Ọn", "Ánh", "Bun", "Ín", "Hiên", "Xôm", "Pánh", "Lả", "Chăm", "Xuân", "Mỷ",
         "Ơn", "Ban", "Thoa", "Phương", "Hoa", "Lanh", "Xoan", "Inh", "Hương", "Lả", "Nhất",
         "Dương", "Hoan", "Ngọc", "Pâng", "Thuận", "Xiên", "Ươi"),
        (8, 6, 6, 5, 4, 4, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1),
    ),
    "dao": NameStock(
        ("Triệu", "Bàn", "Đặng", "Lý", "Phùng", "Chảo", "Tẩn", "Lò", "Chìu", "Sằn"),
        ("Văn", "Văn", "Tài", "Phúc", "Kim", "Quẩy"),
        ("Thị", "Thị", "Thị", "Mùi"),
        ("Kiều", "Quẩy", "Sần", "Phin", "Chài", "Tiến", "Vần", "Ú", "Kim", "Lở", "Chàn", "Tòng",
         "Phấu", "Sinh", "Mình", "Lai", "Seng", "Dùn", "Pham", "Chiêm"),
        ("Mai", "Mẩy", "Xuân", "Phây", "Dào", "Chài", "Lìu", "Sứ", "Liều", "Nhất", "Sành",
         "Nái", "Slan", "Mây", "Tả", "Phin", "Khé", "Chạp", "Duyên", "Kiều"),
        (8, 7, 6, 4, 3, 3, 2, 2, 1, 1),
    ),
    "tay": NameStock(
        ("Hoàng", "Nông", "Ma", "Lục", "Hà", "Lý", "Vi", "Đàm", "Bế", "Hứa", "Mạc", "Lương",
         "Triệu", "La"),
        ("Văn", "Văn", "Đức", "Ngọc", "Xuân"),
        ("Thị", "Thị", "Thị", "Ngọc", "Thu"),
        ("Hùng", "Thắng", "Chiến", "Lợi", "Phúc", "Diễn", "Sỉnh", "Quyết", "Thăng", "Hoan",
         "Khiêm", "Pặc", "Sáng", "Thành", "Cương", "Nhất", "Tình", "Kiên", "Vịnh", "Dương"),
        ("Hiền", "Thắm", "Nhàn", "Xuyến", "Hoa", "Lan", "Sáu", "Nhụng", "Mến", "Đào", "Lịch",
         "Pạc", "Thơm", "Quyên", "Hồng", "Mai", "Tuyết", "Nhung", "Vân", "Chiêm"),
        (8, 6, 4, 3, 3, 3, 3, 2, 2, 2, 1, 2, 1, 1),
    ),
    "muong": NameStock(
        ("Bùi", "Đinh", "Quách", "Hà", "Xa", "Cao", "Bạch", "Phạm"),
        ("Văn", "Văn", "Công", "Đức"),
        ("Thị", "Thị", "Thị", "Kim"),
        ("Thạch", "Khương", "Thưởng", "Nhỡ", "Thiệp", "Phiên", "Lún", "Dượng", "Páo", "Mùi",
         "Chiến", "Khiêm", "Vượng", "Đường", "Thanh", "Lực", "Kỷ", "Nhâm", "Ồ", "Tiệp"),
        ("Mến", "Yêu", "Mơ", "Nhỡ", "Liên", "Dung", "Oanh", "Pển", "Thuận", "Hoa", "Xuân",
         "Thơm", "Nái", "Lún", "Nhiệm", "Hằng", "Én", "Lợi", "Pướng", "Chiêm"),
        (10, 8, 4, 4, 3, 2, 2, 2),
    ),
    "nung": NameStock(
        ("Nông", "Hoàng", "Lương", "Vi", "Lý", "Lăng", "Chu", "Mã", "Sầm", "Lò", "Giàng"),
        ("Văn", "Văn", "Seo", "Đức"),
        ("Thị", "Thị", "Thị"),
        ("Lìn", "Sáng", "Chẳn", "Phú", "Sềnh", "Pủ", "Thùng", "Dìn", "Quang", "Vần", "Slao",
         "Chình", "Lầu", "Phìn", "Thào"),
        ("Mằn", "Dín", "Sỉnh", "Pẳng", "Thìn", "Mai", "Sáu", "Lìu", "Mẩy", "Chăm", "Nọi",
         "Hòa", "Thừa", "Dậu", "Xuân"),
        (6, 5, 4, 3, 3, 2, 2, 2, 1, 1, 1),
    ),
}

# Religions met in these communes: many H'Mông families are Protestant.
RELIGIONS: dict[str, tuple[tuple[str, int], ...]] = {
    "kinh": (("", 85), ("Phật giáo", 11), ("Công giáo", 4)),
    "hmong": (("", 65), ("Tin Lành", 35)),
    "dao": (("", 92), ("Tin Lành", 8)),
}

OCCUPATIONS_WORKING = (
    ("Làm ruộng", 30), ("Làm nương rẫy", 18), ("Chăn nuôi", 8), ("Trồng rừng", 5),
    ("Buôn bán nhỏ", 6), ("Lao động tự do", 8), ("Công nhân", 4), ("Nội trợ", 8),
    ("Cán bộ thôn, bản", 2), ("Làm thuê", 5), ("Thợ xây", 3),
)
OCCUPATIONS_YOUNG = (("Học sinh", 6), ("Làm ruộng", 2), ("Lao động tự do", 2))
OCCUPATIONS_OLD = (("Làm ruộng", 5), ("Nội trợ", 3), ("Hưu trí", 2), ("Chăn nuôi", 2))
# Occupations whose holders count as rural workers (lao động nông thôn) when of working age.
RURAL_WORK = frozenset({
    "Làm ruộng", "Làm nương rẫy", "Chăn nuôi", "Trồng rừng", "Lao động tự do", "Làm thuê",
    "Thợ xây",
})

SCHOOLING_NONE = "Chưa đi học"
SCHOOLING_LOW = ("Chưa đi học", "Học hết lớp 1", "Học hết lớp 2", "Bỏ học lớp 3")
SCHOOLING = (
    ("Tiểu học", 24), ("Trung học cơ sở", 34), ("Trung học phổ thông", 20), ("Trung cấp", 4),
    ("Học hết lớp 3", 5), ("Cao đẳng, đại học", 2),
)

PHONE_PREFIXES = ("096", "097", "098", "086", "032", "033", "034", "035", "036", "037", "038",
                  "039", "091", "094", "088", "081", "083", "070", "076", "077", "052", "056")

# --- activities ------------------------------------------------------------------------------
# Each topic: (text, first year it makes sense, or 0). Talks say what is talked about; courses
# and trainings have the names commune registers give them.

TALKS: dict[str, tuple[tuple[str, int], ...]] = {
    "agriculture": (
        ("Kỹ thuật trồng cà phê", 0), ("Chăn nuôi gà thả vườn", 0),
        ("Phòng trừ sâu bệnh hại lúa", 0), ("Kỹ thuật trồng ngô lai trên đất dốc", 0),
        ("Phòng chống dịch tả lợn châu Phi", 2019), ("Phòng chống rét cho trâu, bò", 0),
        ("Ủ thức ăn chăn nuôi cho gia súc mùa đông", 0), ("Kỹ thuật trồng và chăm sóc cây xoài", 0),
        ("Trồng và chăm sóc rừng keo", 0), ("Kỹ thuật trồng cây mắc ca", 2017),
        ("Kỹ thuật trồng chè an toàn", 0), ("Nuôi ong lấy mật", 0),
        ("Sản xuất lúa theo hướng hữu cơ", 2018), ("Kỹ thuật trồng mận hậu", 0),
        ("Phòng chống bệnh viêm da nổi cục trên trâu, bò", 2020), ("Trồng cây ăn quả có múi", 0),
        ("Chăn nuôi lợn đen bản địa", 0), ("Kỹ thuật nuôi cá lồng trên lòng hồ", 0),
    ),
    "law": (
        ("Tuyên truyền Luật Đất đai 2024", 2024), ("Phổ biến Luật Hôn nhân và Gia đình", 0),
        ("Phòng chống tảo hôn và hôn nhân cận huyết thống", 0),
        ("Luật Trật tự, an toàn giao thông đường bộ", 2025), ("Luật Giao thông đường bộ", 0),
        ("Phòng chống mua bán người", 0), ("Phòng chống ma túy trong cộng đồng", 0),
        ("Luật Phòng, chống bạo lực gia đình", 0), ("Luật Lâm nghiệp", 2019),
        ("Luật Căn cước 2023", 2024), ("Phòng chống lừa đảo qua mạng", 2021),
        ("Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ", 2025), ("Luật Thực hiện dân chủ ở cơ sở", 2023),
        ("Tuyên truyền về sắp xếp đơn vị hành chính cấp xã", 2025), ("Luật Bảo vệ môi trường", 0),
        ("Phòng chống xuất nhập cảnh trái phép", 0),
    ),
    "health": (
        ("Phòng chống bệnh sốt xuất huyết", 0), ("Chăm sóc sức khỏe bà mẹ và trẻ em", 0),
        ("Dinh dưỡng hợp lý cho trẻ dưới 5 tuổi", 0), ("Phòng chống suy dinh dưỡng thấp còi", 0),
        ("Vệ sinh an toàn thực phẩm", 0), ("Phòng chống bệnh lao", 0), ("Tiêm chủng mở rộng", 0),
        ("Phòng chống tác hại của rượu, bia, thuốc lá", 0), ("Nước sạch và vệ sinh môi trường", 0),
        ("Phòng chống dịch COVID-19", 2020), ("Sơ cứu ban đầu khi bị tai nạn", 0),
        ("Phòng chống bệnh sởi", 0), ("Chăm sóc người cao tuổi tại gia đình", 0),
        ("Khám sàng lọc tăng huyết áp, đái tháo đường", 0),
    ),
    "culture_society": (
        ("Giữ gìn bản sắc văn hóa các dân tộc", 0), ("Xây dựng gia đình văn hóa", 0),
        ("Xây dựng nông thôn mới", 0), ("Bình đẳng giới trong gia đình", 0),
        ("Thực hiện nếp sống văn minh trong việc cưới, việc tang", 0), ("Giảm nghèo bền vững", 0),
        ("Bảo vệ môi trường, phân loại rác thải tại nguồn", 0), ("Xây dựng xã hội học tập", 0),
        ("Phát triển du lịch cộng đồng", 0),
    ),
    "digital": (
        ("Kỹ năng sử dụng điện thoại thông minh", 0), ("Cài đặt và sử dụng ứng dụng VNeID", 2022),
        ("Thanh toán không dùng tiền mặt", 2021), ("Sử dụng dịch vụ công trực tuyến", 2020),
        ("An toàn thông tin trên mạng xã hội", 0), ("Bán nông sản trên sàn thương mại điện tử", 2021),
        ("Bình dân học vụ số", 2025),
    ),
    "life_skills": (
        ("Kỹ năng phòng chống đuối nước cho trẻ em", 0), ("Kỹ năng ứng phó với lũ quét, sạt lở đất", 0),
        ("Kỹ năng làm cha mẹ", 0), ("Quản lý tài chính gia đình", 0),
        ("Phòng cháy, chữa cháy trong gia đình", 0), ("Phòng chống xâm hại trẻ em", 0),
    ),
    "vocational": (
        ("Giới thiệu việc làm, xuất khẩu lao động", 0), ("Khởi nghiệp từ nông sản địa phương", 2018),
    ),
    "foreign_languages": (("Giới thiệu lớp tiếng Anh giao tiếp cho người làm du lịch", 2019),),
    "other": (("Khảo sát nhu cầu học tập của người dân", 0), ("Hội nghị tổng kết hoạt động năm", 0)),
}

# (topic group, course name, first year or 0, partner bodies that run it): lớp ngắn hạn.
COURSES: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
    ("vocational", "Lớp dệt thổ cẩm truyền thống", 0, ("womens_union",)),
    ("vocational", "Lớp thêu, may trang phục dân tộc", 0, ("womens_union",)),
    ("vocational", "Lớp sửa chữa máy nông nghiệp", 0, ("farmers_union",)),
    ("vocational", "Lớp sửa chữa xe máy", 0, ("youth_union",)),
    ("vocational", "Lớp đan lát mây tre", 0, ("farmers_union", "elderly_association")),
    ("vocational", "Lớp chế biến chè", 0, ("farmers_union", "agricultural_extension")),
    ("vocational", "Lớp nấu ăn phục vụ du lịch cộng đồng", 2018, ("womens_union",)),
    ("agriculture", "Lớp kỹ thuật trồng cà phê", 0, ("agricultural_extension",)),
    ("agriculture", "Lớp chăn nuôi gà thả vườn", 0, ("agricultural_extension", "farmers_union")),
    ("agriculture", "Lớp kỹ thuật trồng rau an toàn", 0, ("agricultural_extension", "womens_union")),
    ("agriculture", "Lớp kỹ thuật ghép cây ăn quả", 0, ("agricultural_extension",)),
    ("agriculture", "Lớp trồng nấm", 0, ("farmers_union",)),
    ("agriculture", "Lớp chăn nuôi và phòng bệnh cho lợn", 0, ("agricultural_extension",)),
    ("digital", "Lớp kỹ năng sử dụng điện thoại thông minh", 0, ("youth_union",)),
    ("digital", "Lớp tin học văn phòng cơ bản", 0, ("lower_secondary_school",)),
    ("digital", "Lớp bán hàng qua mạng", 2021, ("youth_union", "womens_union")),
    ("foreign_languages", "Lớp tiếng Anh giao tiếp cơ bản", 0, ("lower_secondary_school",)),
    ("foreign_languages", "Lớp tiếng Anh phục vụ du lịch cộng đồng", 2019, ("lower_secondary_school",)),
    ("foreign_languages", "Lớp tiếng Trung giao tiếp", 0, ("border_guard", "other")),
    ("life_skills", "Lớp kỹ năng làm cha mẹ", 0, ("womens_union",)),
    ("health", "Lớp chăm sóc dinh dưỡng cho trẻ em", 0, ("health_station", "womens_union")),
)

TRAININGS: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
    ("agriculture", "Tập huấn kỹ thuật chăm sóc cà phê", 0, ("agricultural_extension",)),
    ("agriculture", "Tập huấn phòng trừ sâu bệnh hại cây trồng", 0, ("agricultural_extension",)),
    ("agriculture", "Tập huấn tiêm phòng cho gia súc, gia cầm", 0, ("agricultural_extension",)),
    ("agriculture", "Tập huấn trồng rừng gỗ lớn", 0, ("agricultural_extension", "farmers_union")),
    ("agriculture", "Tập huấn sản xuất theo tiêu chuẩn VietGAP", 2017, ("agricultural_extension",)),
    ("health", "Tập huấn cộng tác viên dân số", 0, ("health_station",)),
    ("health", "Tập huấn an toàn vệ sinh thực phẩm", 0, ("health_station",)),
    ("law", "Tập huấn hòa giải ở cơ sở", 0, ("commune_police", "womens_union")),
    ("law", "Tập huấn kỹ năng tuyên truyền pháp luật", 0, ("commune_police", "youth_union")),
    ("digital", "Tập huấn tổ công nghệ số cộng đồng", 2022, ("youth_union",)),
    ("digital", "Tập huấn chữ ký số và dịch vụ công trực tuyến", 2023, ("youth_union",)),
    ("life_skills", "Tập huấn phòng chống thiên tai cho người dân", 0, ("commune_police", "youth_union")),
    ("culture_society", "Tập huấn nghiệp vụ cho cán bộ thôn, bản", 0, ("study_promotion_association",)),
)

# (topic group, name; "{village}" is the club's village, as written inside a sentence).
CLUBS: tuple[tuple[str, str], ...] = (
    ("culture_society", "Câu lạc bộ văn nghệ {village}"),
    ("agriculture", "Câu lạc bộ nông dân sản xuất giỏi"),
    ("foreign_languages", "Câu lạc bộ tiếng Anh"),
    ("law", "Câu lạc bộ phụ nữ với pháp luật"),
    ("culture_society", "Câu lạc bộ dân vũ {village}"),
    ("life_skills", "Câu lạc bộ gia đình phát triển bền vững"),
    ("health", "Câu lạc bộ người cao tuổi vì sức khỏe"),
    ("culture_society", "Câu lạc bộ giữ gìn trang phục truyền thống"),
    ("digital", "Câu lạc bộ tin học thanh niên"),
)

READING: tuple[tuple[str, str], ...] = (
    ("culture_society", "Ngày hội đọc sách {village}"),
    ("culture_society", "Hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam {year}"),
    ("culture_society", "Đọc sách, báo tại tủ sách {village}"),
    ("culture_society", "Thi kể chuyện theo sách"),
    ("culture_society", "Giao lưu văn nghệ mừng Ngày hội Đại đoàn kết toàn dân tộc"),
    ("culture_society", "Luân chuyển sách của Thư viện tỉnh về {village}"),
)
LIFELONG_WEEK = "Tuần lễ hưởng ứng học tập suốt đời năm {year}"

OTHERS: tuple[tuple[str, str], ...] = (
    ("other", "Khảo sát nhu cầu học tập của người dân năm {year}"),
    ("other", "Hội thi “Gia đình học tập” năm {year}"),
    ("culture_society", "Giao lưu thể thao các dân tộc"),
    ("other", "Sơ kết hoạt động Trung tâm học tập cộng đồng"),
    ("other", "Tổng kết phong trào khuyến học, khuyến tài năm {year}"),
)

# Who gives a talk or course on each topic group (partner body key, speaker's position).
PARTNERS_BY_GROUP: dict[str, tuple[str, ...]] = {
    "literacy": ("primary_school",),
    "post_literacy": ("primary_school", "lower_secondary_school"),
    "agriculture": ("agricultural_extension", "farmers_union"),
    "law": ("commune_police", "womens_union", "youth_union", "border_guard"),
    "health": ("health_station", "womens_union"),
    "culture_society": ("womens_union", "youth_union", "elderly_association",
                        "study_promotion_association", "provincial_library"),
    "vocational": ("womens_union", "farmers_union", "youth_union"),
    "digital": ("youth_union", "lower_secondary_school"),
    "foreign_languages": ("lower_secondary_school", "youth_union"),
    "life_skills": ("womens_union", "youth_union", "commune_police"),
    "other": ("study_promotion_association", "veterans_association"),
}

SPEAKER_TITLES: dict[str, str] = {
    "agricultural_extension": "Cán bộ khuyến nông",
    "farmers_union": "Chủ tịch Hội Nông dân",
    "commune_police": "Công an xã",
    "womens_union": "Chủ tịch Hội Phụ nữ",
    "youth_union": "Bí thư Đoàn",
    "border_guard": "Đồn Biên phòng",
    "health_station": "Trạm Y tế xã",
    "elderly_association": "Hội Người cao tuổi",
    "study_promotion_association": "Hội Khuyến học",
    "provincial_library": "Thư viện tỉnh",
    "veterans_association": "Hội Cựu chiến binh",
    "primary_school": "Giáo viên",
    "lower_secondary_school": "Giáo viên",
    "other": "Nghệ nhân",
}

LITERACY_SUBJECTS_1 = ("Tiếng Việt", "Tiếng Việt", "Toán", "Tự nhiên và Xã hội")
LITERACY_SUBJECTS_2 = ("Tiếng Việt", "Toán", "Khoa học", "Lịch sử và Địa lý")
POST_LITERACY_SUBJECTS = ("Tiếng Việt", "Toán", "Kiến thức đời sống")
