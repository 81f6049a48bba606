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


def imported_names(path: Path) -> set[tuple[str, str]]:
    """(module, name) for every `from module import name`; (module, "") for `import module`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update((alias.name, "") for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.update((node.module, alias.name) for alias in node.names)
    return found


def test_the_ui_reaches_the_store_only_for_the_database_handles_type():
    """Backups, checks, the data version and opening go through services (data_file)."""
    offenders = [f"{path.relative_to(PACKAGE)}: {module} {name}".strip() for path in modules("ui")
                 for module, name in imported_names(path)
                 if (module == "desktop.store" or module.startswith("desktop.store."))
                 and (module, name) != ("desktop.store.database", "Database")]
    assert offenders == []


def test_the_cli_reaches_the_store_only_to_open_the_file():
    opening = {("desktop.store.database", "open_database"), ("desktop.store.database", "needs_upgrade"),
               ("desktop.store.database", "Database"), ("desktop.store.paths", "default_database"),
               ("desktop.store.paths", "backup_folder_for")}
    offenders = [f"{path.name}: {module} {name}".strip() for path in sorted(PACKAGE.glob("cli*.py"))
                 for module, name in imported_names(path)
                 if (module == "desktop.store" or module.startswith("desktop.store."))
                 and (module, name) not in opening]
    assert offenders == []


MAX_MODULE_LINES = 500


def test_no_module_holds_several_jobs():
    """500 lines at most, outside migrations and reference tables (issue 14): a longer module
    holds more than one screen, dialog, model or group of use cases; split it by job."""
    exempt = ("store/migrations/", "reference/")
    long = [f"{path.relative_to(PACKAGE)}: {lines}" for path in PACKAGE.rglob("*.py")
            if not path.relative_to(PACKAGE).as_posix().startswith(exempt)
            and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert long == []


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


def test_the_windows_database_work_goes_through_the_one_worker():
    """No screen starts a thread or a thread-pool job of its own: database jobs queue on the
    worker (ui/database_worker.py) through BackgroundTask (ui/tasks.py) or, for a form's save,
    call_on_worker (ui/database_call.py), one at a time."""
    allowed = {"ui/database_worker.py", "ui/tasks.py", "ui/database_call.py"}
    words = ("QThreadPool", "QRunnable", "QThread(", "threading.Thread", "ThreadPoolExecutor",
             "QtConcurrent")
    found = [f"{path.relative_to(PACKAGE)}: {word}" for path in modules("ui")
             if str(path.relative_to(PACKAGE)) not in allowed
             for word in words if word in path.read_text(encoding="utf-8")]
    assert found == []


def private_imports(path: Path) -> list[str]:
    """`from desktop.x import _name` and `import desktop.x._module` in one file: a private name
    reached from another module (gettext's `_` and a module's own private aliases are fine)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.startswith("desktop"):
            found += [f"{node.module}.{alias.name}" for alias in node.names
                      if alias.name.startswith("_") and alias.name != "_"
                      and not alias.name.startswith("__")]
            modules_named = [node.module]
        elif isinstance(node, ast.Import):
            modules_named = [alias.name for alias in node.names if alias.name.startswith("desktop")]
        else:
            continue
        found += [name for name in modules_named
                  if any(part.startswith("_") and part != "__init__" for part in name.split("."))]
    return found


def test_no_module_imports_another_modules_private_names():
    """What other modules use is a public name of its home module (issue 14): a `_name` may
    change without notice, so reaching it from elsewhere hides a dependency."""
    offenders = [f"{path.relative_to(PACKAGE)}: {name}" for path in sorted(PACKAGE.rglob("*.py"))
                 if "migrations" not in path.parts for name in private_imports(path)]
    assert offenders == []


def test_return_packages_have_one_writer():
    """To a centre or to an office below, a return package is numbered, signed, encrypted and
    remembered in one place (issue 14: they were written twice)."""
    writers = [path.relative_to(PACKAGE).as_posix() for path in sorted(PACKAGE.rglob("*.py"))
               if "kind=KIND_RETURN" in path.read_text(encoding="utf-8")]
    assert writers == ["services/sync/return_writer.py"]
