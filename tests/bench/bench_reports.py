"""Benchmark of the periodic report (issue 10). Prints figures; asserts nothing.

    .venv/bin/python tests/bench/bench_reports.py [--centres 150] [--years 10] [--cache DIR]
        [--only centre|office] [--profile FILE]

The province of the issue is 150 centres (its office takes ~40 minutes to build once); a smaller
office (`--centres 15` or 30) builds in minutes and scales close to linearly, for working on speed.
`--profile FILE` also runs the office's report once under cProfile, keeps the stats in FILE and
prints the costliest calls.

Generates (once, kept in --cache) a 10-year demo centre and an office (a province) holding
`--centres` copies of it, each with fresh ids, its own origin, commune code and a registered key
(rows copied table by table with SQL, as an import would leave them: making 150 real packages
and importing them is what bench_sync.py measures). Then, each in a fresh process for its peak
memory:
- a year's report of the demo centre (target < 0.5 s), and its PDF, workbook and JSON;
- a year's consolidated report of the province (target < 10 s and < 1 GB), and its workbook;
- as the floor, a plain SQL GROUP BY of the same year's attendance per centre and learner, in
  the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import multiprocessing
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DEMO_TODAY = "2026-12-01"
YEAR = "2025"


def make_demo(cache: Path, years: int) -> Path:
    demo = cache / f"demo-{years}y.sqlite"
    if not demo.exists():
        print(f"making a {years}-year demo centre (once)…", flush=True)
        subprocess.run([sys.executable, "-m", "desktop", "demo", str(demo), "--years", str(years),
                        "--today", DEMO_TODAY], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return demo


def make_province(cache: Path, demo: Path, centres: int) -> Path:
    """An office database with `centres` copies of the demo, each its own origin centre."""
    office = cache / f"province-{centres}.sqlite"
    if office.exists():
        return office
    from desktop.services.sync.rows import codecs
    from desktop.store.database import open_database
    from desktop.store.types import CompactId

    partial = office.with_suffix(".part")
    partial.unlink(missing_ok=True)
    db = open_database(partial)
    from desktop.services.sync.mode import setup_office

    setup_office(db, level="province", name="Sở GD&ĐT (bench)", code="14")
    db.close()
    started = time.perf_counter()
    with contextlib.closing(sqlite3.connect(partial)) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        # Random ids make every index insert a cache miss: the 150-centre build grew faster than
        # linearly. A large page cache, and the secondary indexes built once at the end, keep it linear.
        connection.execute("PRAGMA cache_size=-2000000")
        indexes = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                     "AND sql IS NOT NULL").fetchall()
        for name, _sql in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        connection.execute("ATTACH DATABASE ? AS demo", (str(demo),))
        centre_uuid, = connection.execute("SELECT id FROM demo.centre").fetchone()
        demo_nodes = dict(connection.execute("SELECT number, uuid FROM demo.sync_node").fetchall())
        tables = [(codec.table.name, [column.name for column in codec.table.columns],
                   {column.name for column in codec.table.columns if isinstance(column.type, CompactId)})
                  for codec in codecs().values()] + [("book_counter", None, {"id"})]
        for number in range(1, centres + 1):
            mask = number.to_bytes(6, "big")

            def fresh(raw: bytes | None, mask: bytes = mask) -> bytes | None:
                if raw is None or len(raw) != 16:
                    return raw
                return raw[:10] + bytes(a ^ b for a, b in zip(raw[10:], mask, strict=True))

            connection.create_function("fresh", 1, fresh, deterministic=True)
            nodes = {}
            for old, uuid in demo_nodes.items():
                kind = "centre" if uuid == centre_uuid else "installation"
                cursor = connection.execute("INSERT INTO sync_node (uuid, kind) VALUES (?, ?)", (fresh(uuid), kind))
                nodes[old] = cursor.lastrowid
            mapping = " ".join(f"WHEN {old} THEN {new}" for old, new in nodes.items())
            for name, columns, ids in tables:
                if columns is None:
                    columns = [row[1] for row in connection.execute(f"PRAGMA demo.table_info({name})")]
                chosen = []
                for column in columns:
                    if column in ids:
                        chosen.append(f"fresh({column})")
                    elif column in ("origin", "version_node"):
                        chosen.append(f"CASE {column} {mapping} END")
                    elif name == "centre" and column == "commune_code":
                        chosen.append(f"'{10000 + number:05d}'")
                    elif name == "centre" and column == "name":
                        chosen.append(f"name || ' {number}'")
                    else:
                        chosen.append(column)
                connection.execute(f"INSERT INTO {name} ({', '.join(columns)}) "
                                   f"SELECT {', '.join(chosen)} FROM demo.{name}")
            connection.execute(
                "INSERT INTO sync_peer (role, fingerprint, name, code, key_file, centre_id, registered_at, "
                "revoked_reason) VALUES ('centre', ?, ?, ?, x'', ?, ?, '')",
                (f"bench-{number:04d}", f"Centre {number}", f"{10000 + number:05d}", fresh(centre_uuid),
                 "2015-01-01 00:00:00"))
            connection.commit()
            if number % 10 == 0:
                print(f"  {number} centres in the office ({time.perf_counter() - started:.0f} s)", flush=True)
        connection.execute("DETACH DATABASE demo")
        for _name, sql in indexes:
            connection.execute(sql)
        print(f"  indexes built ({time.perf_counter() - started:.0f} s)", flush=True)
        connection.execute("ANALYZE")
    partial.rename(office)
    return office


def _report_in_child(path: str, period: str, formats: list[str], out: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from desktop.reports.periods import parse_period
    from desktop.services.reports import build_report
    from desktop.services.reports.export import write_report
    from desktop.store.database import open_database

    db = open_database(Path(path))
    as_of = dt.date.fromisoformat(DEMO_TODAY)
    build_report(db, parse_period(period), as_of=as_of)  # warm: mapping and first reads
    runs, cpu = [], []
    for _ in range(3):
        started, started_cpu = time.perf_counter(), time.process_time()
        report = build_report(db, parse_period(period), as_of=as_of)
        runs.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)  # the report's own cost on a shared machine
    written = {}
    for fmt in formats:
        started = time.perf_counter()
        pages = write_report(report, fmt, Path(out) / f"report.{fmt}")
        written[fmt] = (time.perf_counter() - started, pages)
    db.close()
    figures = (len(report.centres), report.total.sessions_total, report.total.participant_times.total,
               report.total.unique_learners.total, report.total.books.loans, len(report.warnings))
    queue.put((min(runs), sorted(runs)[1], written, figures, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               min(cpu)))


def _cold_in_child(path: str, period: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """The first report after opening the database (what `clc report` pays), peak memory included."""
    started = time.perf_counter()
    from desktop.reports.periods import parse_period
    from desktop.services.reports import build_report
    from desktop.store.database import open_database

    db = open_database(Path(path))
    build_report(db, parse_period(period), as_of=dt.date.fromisoformat(DEMO_TODAY))
    db.close()
    queue.put((time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def _profile_in_child(path: str, period: str, out: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    import cProfile
    import io
    import pstats

    from desktop.reports.periods import parse_period
    from desktop.services.reports import build_report
    from desktop.store.database import open_database

    db = open_database(Path(path))
    as_of = dt.date.fromisoformat(DEMO_TODAY)
    build_report(db, parse_period(period), as_of=as_of)  # warm, as the timed runs
    profiler = cProfile.Profile()
    profiler.enable()
    build_report(db, parse_period(period), as_of=as_of)
    profiler.disable()
    db.close()
    profiler.dump_stats(out)
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
    queue.put(text.getvalue())


def _child(target, *args):  # type: ignore[no-untyped-def]
    # spawned, not forked: a forked child starts with the parent's peak memory (the office's
    # build, when this run made it), which ru_maxrss would report as the report's
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue = context.Queue()  # type: ignore[type-arg]
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def group_by_floor(path: Path, year: str) -> tuple[float, int, float]:
    """The same year's attended marks per centre and learner by one GROUP BY with bare sqlite3
    (seconds, marks, CPU seconds)."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        started, started_cpu = time.perf_counter(), time.process_time()
        rows = connection.execute(
            "SELECT s.origin, a.learner_id, count(*) FROM attendance a JOIN session s ON s.id = a.session_id "
            "WHERE s.date BETWEEN ? AND ? AND s.cancelled = 0 AND s.deleted = 0 AND a.deleted = 0 "
            "AND a.mark IN ('C', 'M') GROUP BY s.origin, a.learner_id",
            (f"{year}-01-01", f"{year}-12-31")).fetchall()
        return time.perf_counter() - started, sum(row[2] for row in rows), time.process_time() - started_cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--centres", type=int, default=150)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "clc-bench-reports")
    parser.add_argument("--only", choices=("centre", "office"), help="measure only the centre or the office")
    parser.add_argument("--profile", type=Path, help="also profile the office's report; the stats go here")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args.cache.mkdir(parents=True, exist_ok=True)
    demo = make_demo(args.cache, args.years)
    work = Path(tempfile.mkdtemp(prefix="clc-report-bench-"))
    centre = work / "centre.sqlite"
    shutil.copyfile(demo, centre)  # opened (and upgraded if need be) in the child, never the cache's copy

    print(f"load average before: {' '.join(f'{value:.2f}' for value in os.getloadavg())} "
          f"on {os.cpu_count()} cores", flush=True)
    if args.only != "office":
        measure_centre(centre, args.years, work)
    if args.only != "centre":
        measure_office(args, demo, work)
    print(f"load average after: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def measure_centre(centre: Path, years: int, work: Path) -> None:
    cold, cold_peak = _child(_cold_in_child, str(centre), YEAR)
    best, median, written, figures, peak, cpu = _child(_report_in_child, str(centre), YEAR, ["pdf", "xlsx", "json"],
                                                       str(work))
    floor, marks, floor_cpu = group_by_floor(centre, YEAR)
    print(f"centre ({years}-year demo), year {YEAR}: report {best:.3f} s best ({cpu:.3f} s CPU), {median:.3f} s median "
          f"(first after opening {cold:.2f} s, peak {cold_peak / 1024:.0f} MB); target < 0.5 s")
    print(f"  figures: sessions {figures[1]:,}, participant-times {figures[2]:,}, learners {figures[3]:,}, "
          f"loans {figures[4]:,}")
    print("  written: " + ", ".join(f"{fmt} {seconds:.2f} s" + (f" ({pages} pages)" if fmt == "pdf" else "")
                                    for fmt, (seconds, pages) in written.items()))
    print(f"  floor: one SQL GROUP BY of the year's attended marks ({marks:,}): {floor:.3f} s ({floor_cpu:.3f} s CPU)")


def measure_office(args: argparse.Namespace, demo: Path, work: Path) -> None:
    started = time.perf_counter()
    office = make_province(args.cache, demo, args.centres)
    made = time.perf_counter() - started
    if made > 1:
        print(f"office of {args.centres} centres made in {made:.0f} s: {office.stat().st_size / 1e9:.1f} GB")
    cold, cold_peak = _child(_cold_in_child, str(office), YEAR)
    best, median, written, figures, peak, cpu = _child(_report_in_child, str(office), YEAR, ["xlsx", "json"],
                                                       str(work))
    floor, marks, floor_cpu = group_by_floor(office, YEAR)
    print(f"province ({figures[0]} centres of {args.years} years), year {YEAR}: report {best:.2f} s best "
          f"({cpu:.2f} s CPU), "
          f"{median:.2f} s median; first after opening {cold:.2f} s; peak memory {max(peak, cold_peak) / 1024:.0f} MB; "
          f"target < 10 s and < 1 GB")
    print(f"  figures: sessions {figures[1]:,}, participant-times {figures[2]:,}, learners {figures[3]:,}, "
          f"loans {figures[4]:,}, coverage warnings {figures[5]}")
    print("  written: " + ", ".join(f"{fmt} {seconds:.2f} s" for fmt, (seconds, _pages) in written.items()))
    print(f"  floor: one SQL GROUP BY of the year's attended marks ({marks:,}): {floor:.2f} s ({floor_cpu:.2f} s CPU); "
          f"the report is {best / floor:.1f}× the floor ({cpu / floor_cpu:.1f}× in CPU)")
    if args.profile:
        print(_child(_profile_in_child, str(office), YEAR, str(args.profile)))


if __name__ == "__main__":
    sys.exit(main())
