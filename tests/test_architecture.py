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


# --- database work off the GUI thread (issue 14) ------------------------------------------------
# A screen reaches the database only through the one worker: a service call that is handed the
# database (a parameter `db`, or one typed Database) must sit inside a function given to the worker.
# Service helpers that take no database (labels, parsers, input records such as LearnerInput, the
# choices of a pick list built from reference tables) are pure and may run anywhere: the rule tells
# them apart by their signature, so no hand-kept list of allowed helpers can go stale.
WORKER_ENTRIES = {"call_on_worker", "on_worker", "load_on_worker", "save_on_worker", "BackgroundTask",
                  "start_print"}

# Direct calls not yet moved onto the worker, per module: the count may only go down. A new direct
# call fails the test; moving one fails it too, until its count here is lowered (or removed).
STILL_ON_THE_GUI_THREAD = {
    "ui/activity_import_dialog.py": 1,  # preview_activity_import
    "ui/app.py": 5,  # daily_backup_due, database_is_office, get_centre, get_setting
    "ui/import_dialog.py": 2,  # list_villages, preview_import
    "ui/learner_privacy.py": 2,  # erase_learner, write_learner_record
    "ui/office/browse.py": 1,  # received_centres
    "ui/office/correction_dialog.py": 1,  # received_centres
    "ui/office/corrections.py": 1,  # received_centres
    "ui/office/learning_targets.py": 2,  # publish_targets, published_targets
    "ui/office/send_back.py": 1,  # return_recipients
    # generate_sessions: already on the worker (save_outside_period_if_confirmed), unseen by the rule
    "ui/session_dialogs.py": 1,
    "ui/sync/key_dialog.py": 2,  # register_key, trusted_keys
    "ui/sync/return_dialogs.py": 2,  # answer_correction, received_corrections
    "ui/sync/status_text.py": 1,  # send_status
    "ui/widgets/language_combo.py": 1,  # set_setting
}


def _callee_name(node: ast.Call) -> str | None:
    function = node.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else None


def _service_imports(tree: ast.AST) -> dict[str, str]:
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("desktop.services"):
            names.update({alias.asname or alias.name: f"{node.module}.{alias.name}" for alias in node.names})
    return names


def _takes_the_database(qualified: str) -> bool:
    import importlib
    import inspect

    module_name, _dot, name = qualified.rpartition(".")
    try:
        found = getattr(importlib.import_module(module_name), name)
    except ImportError:  # `from desktop.services import attendance`: a module, resolved by attribute
        return False
    if inspect.ismodule(found) or inspect.isclass(found) or not callable(found):
        return False
    try:
        parameters = inspect.signature(found).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(parameter.name == "db" or "Database" in str(parameter.annotation) for parameter in parameters)


def _qualified_call(node: ast.Call, imports: dict[str, str]) -> str | None:
    """`module.function` for a call of an imported service function (or of one of an imported
    service module's functions), else None."""
    function = node.func
    if isinstance(function, ast.Name) and function.id in imports:
        return imports[function.id]
    if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name) \
            and function.value.id in imports:
        return f"{imports[function.value.id]}.{function.attr}"
    return None


def _functions_given_to_the_worker(tree: ast.AST) -> tuple[set[ast.AST], set[str]]:
    """The lambdas, and the names of functions, that run on the worker: given to an entry (or to a
    function of this module that hands that argument on to one), taking a `progress` (only
    background work has one), or called from inside one of those."""
    functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    entries = set(WORKER_ENTRIES)
    grown = True
    while grown:  # wrappers such as `def _print(self, title, render): start_print(self, title, render)`
        grown = False
        for function in functions:
            parameters = {argument.arg for argument in function.args.args}
            hands_on = any(isinstance(node, ast.Call) and _callee_name(node) in entries
                           and any(isinstance(argument, ast.Name) and argument.id in parameters
                                   for argument in node.args)
                           for node in ast.walk(function))
            if hands_on and function.name not in entries:
                entries.add(function.name)
                grown = True
    lambdas: set[ast.AST] = set()
    names = {function.name for function in functions
             if any(argument.arg in ("progress", "_progress") for argument in function.args.args)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _callee_name(node) in entries:
            for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
                for part in ast.walk(argument):
                    if isinstance(part, ast.Lambda):
                        lambdas.add(part)
                    elif isinstance(part, ast.Name):
                        names.add(part.id)
                    elif isinstance(part, ast.Attribute):
                        names.add(part.attr)
    grown = True
    while grown:  # and what those call in turn
        grown = False
        bodies = [*lambdas, *(function for function in functions if function.name in names)]
        for body in bodies:
            for node in ast.walk(body):
                if isinstance(node, ast.Call) and (called := _callee_name(node)) \
                        and called not in names and any(function.name == called for function in functions):
                    names.add(called)
                    grown = True
    return lambdas, names


def direct_database_calls(path: Path) -> list[str]:
    """The service calls handed the database that `path` makes outside a function run on the worker."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imports = _service_imports(tree)
    if not imports:
        return []
    lambdas, names = _functions_given_to_the_worker(tree)
    found: list[str] = []

    def visit(node: ast.AST, on_worker: bool) -> None:
        on_worker = on_worker or node in lambdas or (
            isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in names)
        if isinstance(node, ast.Call) and not on_worker:
            qualified = _qualified_call(node, imports)
            if qualified is not None and _takes_the_database(qualified):
                found.append(f"{node.lineno}: {qualified.rsplit('.', 1)[1]}")
        for child in ast.iter_child_nodes(node):
            visit(child, on_worker)

    visit(tree, False)
    return found


def test_screens_reach_the_database_only_through_the_one_worker():
    counts = {str(path.relative_to(PACKAGE)): calls for path in modules("ui")
              if (calls := direct_database_calls(path))}
    more = {name: calls for name, calls in counts.items()
            if len(calls) > STILL_ON_THE_GUI_THREAD.get(name, 0)}
    assert more == {}, "a database call on the GUI thread: run it through ui/database_call.py"
    fewer = {name: (allowed, len(counts.get(name, []))) for name, allowed in STILL_ON_THE_GUI_THREAD.items()
             if len(counts.get(name, [])) < allowed}
    assert fewer == {}, "moved onto the worker: lower the count in STILL_ON_THE_GUI_THREAD"


def test_the_rule_catches_a_direct_call_and_passes_one_on_the_worker(tmp_path):
    screen = tmp_path / "screen.py"
    screen.write_text(
        "from desktop.services.learners import list_learners, LearnerInput\n"
        "from desktop.services.books.readers import search_readers\n"
        "from desktop.ui.database_call import load_on_worker\n"
        "class LearnersScreen:\n"
        "    def refresh(self):\n"
        "        rows = list_learners(self.db)\n"
        "        LearnerInput(full_name='Lò Thị Pấng')\n"
        "        db = self.db\n"
        "        load_on_worker(self, lambda: search_readers(db, ''))\n"
        "        load_on_worker(self, self._load)\n"
        "    def _load(self):\n"
        "        return list_learners(self.db)\n", encoding="utf-8")
    assert direct_database_calls(screen) == ["6: list_learners"]
