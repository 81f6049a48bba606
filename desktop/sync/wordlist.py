"""256 short, common Vietnamese words for reading a key fingerprint aloud, one per byte value.

Two syllables each; no two are the same once every accent and tone mark is removed, so a word
heard over a poor phone line cannot be taken for another (a test keeps it so). Never reorder:
the index of a word is the byte it stands for.
"""

from __future__ import annotations

WORDS: tuple[str, ...] = (
    "con trâu", "con bò", "con gà", "con vịt", "con mèo", "con chó", "con lợn", "con ngựa",
    "con dê", "con cá", "con tôm", "con cua", "con ốc", "con ong", "con bướm", "con chim",
    "con voi", "con hổ", "con khỉ", "con gấu", "con rắn", "con ếch", "con rùa", "con thỏ",
    "con nai", "con sóc", "con cò", "con vẹt", "con công", "con kiến", "con nhện", "con sáo",
    "con hươu", "con suối", "cây lúa", "cây ngô", "cây chuối", "cây mía", "cây tre", "cây dừa",
    "cây cam", "cây bưởi", "cây chè", "cây mít", "cây xoài", "cây ổi", "cây đào", "cây mai",
    "cây sen", "cây lan", "cây cúc", "cây thông", "cây bàng", "cây đa", "cây khế", "cây táo",
    "cây nhãn", "cây vải", "cây sắn", "cây đậu", "cây lạc", "cây bông", "cây cầu", "cây đàn",
    "cái bàn", "cái ghế", "cái giường", "cái tủ", "cái nồi", "cái chảo", "cái bát", "cái đĩa",
    "cái thìa", "cái cốc", "cái quạt", "cái đèn", "cái gương", "cái lược", "cái kéo", "cái búa",
    "cái cưa", "cái cuốc", "cái liềm", "cái nón", "cái mũ", "cái túi", "cái chổi", "cái thang",
    "cái rổ", "cái thúng", "cái khăn", "cái võng", "cái trống", "cái chén", "dòng sông", "ngọn núi",
    "bầu trời", "mặt trời", "mặt trăng", "ngôi sao", "đám mây", "cơn mưa", "cơn gió", "cánh đồng",
    "khu rừng", "hòn đá", "bãi cát", "biển cả", "thác nước", "hang động", "hòn đảo", "bờ biển",
    "mùa xuân", "mùa hè", "mùa thu", "mùa đông", "buổi sáng", "buổi trưa", "buổi chiều", "ban đêm",
    "cầu vồng", "sương mù", "ánh nắng", "tia chớp", "bánh mì", "bánh chưng", "bánh xèo",
    "bánh cuốn", "xôi gấc", "phở bò", "bún chả", "nước mắm", "nem rán", "canh chua", "đậu phụ",
    "mật ong", "kẹo lạc", "cháo gà", "cơm rang", "rau muống", "dưa hấu", "nước chanh", "trà đá",
    "sữa chua", "muối vừng", "ngôi nhà", "trường học", "chợ quê", "bệnh viện", "bưu điện",
    "con đường", "ngôi chùa", "đình làng", "sân bóng", "thư viện", "bến xe", "nhà ga", "bến đò",
    "công viên", "giếng nước", "cổng làng", "ao cá", "vườn rau", "bờ đê", "cửa sổ", "mái nhà",
    "sân phơi", "nhà bếp", "màu đỏ", "màu xanh", "màu vàng", "màu tím", "màu hồng", "màu trắng",
    "màu đen", "màu nâu", "màu xám", "bác sĩ", "giáo viên", "nông dân", "công nhân", "thợ may",
    "thợ mộc", "thợ xây", "ca sĩ", "họa sĩ", "bộ đội", "học sinh", "sinh viên", "ông bà", "cha mẹ",
    "em bé", "cô giáo", "bạn bè", "hàng xóm", "bàn tay", "bàn chân", "mái tóc", "đôi mắt",
    "khuôn mặt", "trái tim", "đầu gối", "ngón tay", "bờ vai", "nụ cười", "xe đạp", "xe máy",
    "xe buýt", "ô tô", "tàu hỏa", "máy bay", "thuyền buồm", "xe tải", "máy cày", "đồng hồ",
    "điện thoại", "máy tính", "bút chì", "quyển sách", "quyển vở", "tờ báo", "lá thư", "bức tranh",
    "tiếng chuông", "quả bóng", "chiếc lá", "bông hoa", "ngọn lửa", "giọt nước", "hạt gạo",
    "hạt muối", "chiếc thuyền", "cánh diều", "tấm ảnh", "chiếc ô", "bài hát", "câu chuyện",
    "trò chơi", "ngày tết", "lễ hội", "múa lân", "đèn lồng", "pháo hoa", "bếp lửa", "nồi cơm",
    "ấm trà", "chum nước", "cối xay", "tủ lạnh", "quả trứng", "quả dưa", "quả na", "thước kẻ",
    "cục tẩy", "lọ mực", "chiếc nhẫn",
)
