"""Shared helpers of the book cabinet tests (imported by the test_books_* modules; no tests here).

`snapshot` dumps every table, the installation row (whose change counter moves on any write)
included, so "a refusal changes nothing" is asserted on the whole database, not on one table.
`small_cabinet` records a donated batch, three titles, and three readers through the services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from desktop.services.books.catalogue import TitleInput
from desktop.services.books.intake import IntakeInput, IntakeLine, record_intake
from desktop.services.books.readers import ReaderInput, create_reader
from desktop.store.database import Database
from desktop.store.models import Base

TODAY = dt.date(2026, 11, 23)  # a Monday
GOOD_ISBN_13 = "978-604-60-0000-6"
GOOD_ISBN_10 = "0-306-40615-2"  # its ISBN-13 is 9780306406157


def snapshot(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    dump: dict[str, list[tuple[object, ...]]] = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(select(table)).all()
            dump[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return dump


@dataclass(frozen=True)
class Cabinet:
    intake_id: str
    chicken_id: str  # "Kỹ thuật nuôi gà thả vườn": accession 1-10, adult, shelf C1
    cricket_id: str  # "Dế Mèn phiêu lưu ký": 11-13, children, shelf TN
    land_law_id: str  # "Luật Đất đai năm 2024": 14-15, law book, shelf PL
    pang: str  # reader Lò Thị Pấng, card BD00001
    pao: str  # reader Sùng A Páo, card BD00002
    an: str  # reader Nguyễn Văn An, a child, card BD00003


def small_cabinet(db: Database, villages: dict[str, str]) -> Cabinet:
    """Fifteen copies of three titles from one donation, and three readers."""
    result = record_intake(db, IntakeInput(
        date=TODAY, source="donation", supplier="Hội Khuyến học xã Tân Lập",
        document_number="BB 12/2026"), [
        IntakeLine(title=TitleInput(
            title="Kỹ thuật nuôi gà thả vườn", authors="Nguyễn Văn Bộ",
            publisher="NXB Nông nghiệp", place="Hà Nội", year=2021, isbn=GOOD_ISBN_13,
            classification="636.5", subjects="Chăn nuôi", price=35000), copies=10, shelf="C1"),
        IntakeLine(title=TitleInput(
            title="Dế Mèn phiêu lưu ký", authors="Tô Hoài", publisher="NXB Kim Đồng",
            year=2019, classification="895.9223", audience="children", price=48000),
            copies=3, shelf="TN"),
        IntakeLine(title=TitleInput(
            title="Luật Đất đai năm 2024", authors="Quốc hội", publisher="NXB Tư pháp",
            year=2024, classification="340", law_book=True, price=30000), copies=2, shelf="PL"),
    ], today=TODAY)
    titles = {copy.title: copy.title_id for copy in result.copies}
    pang = create_reader(db, ReaderInput("Lò Thị Pấng", villages["Bản Nà Hạ"], "female", 1990,
                                         "thai"), today=TODAY)
    pao = create_reader(db, ReaderInput("Sùng A Páo", villages["Bản Pá Khoang"], "male", 1985,
                                        "hmong"), today=TODAY)
    an = create_reader(db, ReaderInput("Nguyễn Văn An", villages["Thôn Đông"], "male", 2015,
                                       "kinh"), today=TODAY)
    return Cabinet(result.intake.id, titles["Kỹ thuật nuôi gà thả vườn"],
                   titles["Dế Mèn phiêu lưu ký"], titles["Luật Đất đai năm 2024"],
                   pang.id, pao.id, an.id)
