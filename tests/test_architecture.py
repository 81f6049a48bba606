"""Layering contracts: imports only point downward, and only desktop.ui touches Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "desktop"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py")) if folder else sorted(PACKAGE.glob("*.py"))


NON_UI = ["store", "services", "text", "reference", "importing", "printing", "reports", "sync", "demo", ""]


@pytest.mark.parametrize("folder", NON_UI)
def test_only_the_ui_imports_qt(folder):
    offenders = [f"{path.relative_to(PACKAGE)}: {name}" for path in modules(folder)
                 for name in imports_of(path) if name.startswith("PySide6")]
    assert offenders == []


def test_the_ui_never_touches_the_database_directly():
    offenders = [f"{path.relative_to(PACKAGE)}: {name}" for path in modules("ui")
                 for name in imports_of(path)
                 if name.startswith("sqlalchemy") or name.startswith("desktop.store.models")
                 or name.startswith("desktop.store.register_models")
                 or name.startswith("desktop.store.book_models")]
    assert offenders == []


@pytest.mark.parametrize(("folder", "forbidden"), [
    ("store", ("desktop.services", "desktop.ui")),
    ("services", ("desktop.ui", "desktop.demo")),
    ("demo", ("desktop.ui",)),
    ("text", ("desktop.store", "desktop.services", "desktop.ui", "sqlalchemy")),
    ("reference", ("desktop.store", "desktop.services", "desktop.ui", "sqlalchemy")),
    ("importing", ("desktop.store", "desktop.services", "desktop.ui", "sqlalchemy")),
    ("printing", ("desktop.store", "desktop.services", "desktop.ui", "sqlalchemy")),
    ("sync", ("desktop.store", "desktop.services", "desktop.ui", "sqlalchemy")),
])
def test_imports_point_downward(folder, forbidden):
    offenders = [f"{path.relative_to(PACKAGE)}: {name}" for path in modules(folder)
                 for name in imports_of(path) if name.startswith(forbidden)]
    assert offenders == []


def test_no_sqlite_only_sql_outside_the_store():
    """The aggregator must stay portable to PostgreSQL: raw SQLite SQL lives only in store/."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "store" in path.relative_to(PACKAGE).parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "PRAGMA" in text or "sqlite_master" in text or "exec_driver_sql" in text:
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == [], offenders
