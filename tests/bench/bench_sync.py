"""Benchmark of sync packages (issue 8). Prints figures; asserts nothing.

    .venv/bin/python tests/bench/bench_sync.py [--centres 30] [--years 10] [--cache DIR]

Generates (once, kept in --cache) a district: one demo centre over `--years` years, then `--centres`
communes made from it with fresh ids, codes and keys (so the office holds that many distinct
centres of realistic shape). Measures:
- export of one centre: time and package size;
- import of every centre's package into one new office, in records per second, against a bare
  sqlite3 executemany of the same rows into the same tables, in the same run (target: at least a
  third of the bare rate); the peak memory of the importing process;
- a second import of all packages (each recognised as already imported);
- the office database's size.
"""

from __future__ import annotations

import argparse
import contextlib
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

LOCAL_TABLES = ("sync_identity", "sync_peer", "sync_outbox", "sync_received", "sync_stream", "sync_set_aside",
                "sync_centre_state")


def _clone(source: Path, target: Path, number: int) -> None:
    """A commune made from the demo: every id changed (the same bijection everywhere, so references
    hold), its own commune code and name, no keys: it makes its own at its first export."""
    from desktop.services.sync.rows import codecs
    from desktop.store.types import CompactId

    mask = number.to_bytes(6, "big")

    def fresh(raw: bytes | None) -> bytes | None:
        if raw is None or len(raw) != 16:
            return raw
        return raw[:10] + bytes(a ^ b for a, b in zip(raw[10:], mask))

    shutil.copyfile(source, target)
    with contextlib.closing(sqlite3.connect(target)) as connection:
        connection.create_function("fresh", 1, fresh, deterministic=True)
        connection.execute("PRAGMA foreign_keys=OFF")
        for table in LOCAL_TABLES:
            connection.execute(f"DELETE FROM {table}")
        for codec in codecs().values():
            id_columns = [column.name for column in codec.table.columns if isinstance(column.type, CompactId)]
            assignments = ", ".join(f"{name} = fresh({name})" for name in id_columns)
            connection.execute(f"UPDATE {codec.table.name} SET {assignments}")
        connection.execute("UPDATE book_counter SET id = fresh(id)")
        connection.execute("UPDATE sync_node SET uuid = fresh(uuid)")
        connection.execute("UPDATE installation SET id = fresh(id), centre_id = fresh(centre_id), file_id = NULL")
        connection.execute("UPDATE centre SET commune_code = ?, name = name || ' ' || ?",
                           (f"{10000 + number:05d}", str(number)))
        connection.commit()


def build_district(cache: Path, centres: int, years: int) -> list[Path]:
    cache.mkdir(parents=True, exist_ok=True)
    demo = cache / f"demo-{years}y.sqlite"
    if not demo.exists():
        print(f"making a {years}-year demo centre (once)…", flush=True)
        subprocess.run([sys.executable, "-m", "desktop", "demo", str(demo), "--years", str(years)],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        from desktop.store.database import open_database

        open_database(demo).close()  # at this app's schema before it is copied
    paths = []
    for number in range(1, centres + 1):
        path = cache / f"centre-{number:02d}.sqlite"
        if not path.exists():
            _clone(demo, path, number)
        paths.append(path)
    return paths


def _import_in_child(office: str, stick: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from desktop.services.sync.receive import import_packages
    from desktop.store.database import open_database

    db = open_database(Path(office))
    started = time.perf_counter()
    report = import_packages(db, [Path(stick)], register_new=True)
    seconds = time.perf_counter() - started
    db.close()
    rows = sum(sum(counts["new"] + counts["updated"] for counts in package.tables.values())
               for package in report.packages)
    statuses = sorted({package.status for package in report.packages})
    queue.put((seconds, rows, statuses, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def _bare_executemany(stick: Path, office_key_db: Path, schema_db: Path) -> tuple[float, int]:
    """The same rows, already in stored form, by sqlite3's executemany into the same tables."""
    from desktop.services.sync.keys import own_identity
    from desktop.services.sync.rows import codecs, read_row
    from desktop.store.database import open_database
    from desktop.store.identity import id_to_bytes
    from desktop.sync.package import open_contents, read_envelope, verify_package
    from desktop.sync.keys import parse_key_file

    office = open_database(office_key_db)
    with office.reading() as session:
        identity = own_identity(session)
    office.close()
    tables: dict[str, list[tuple]] = {}
    for origin, path in enumerate(sorted(stick.glob("*.clcsync")), start=1):
        envelope = read_envelope(path)
        key = parse_key_file(envelope.manifest.extra["sender_key"].encode("utf-8"))
        contents = open_contents(verify_package(envelope, key.public_key), identity)
        for chunk in contents.chunks():
            codec = codecs()[chunk.table]
            target = tables.setdefault(chunk.table, [])
            for record in chunk.rows:
                row = read_row(codec, record)
                values = [row.values[name] for name in codec.columns]
                values = [id_to_bytes(v) if isinstance(v, str) and len(v) == 36 and v.count("-") == 4 else
                          (v.isoformat() if hasattr(v, "isoformat") else v) for v in values]
                target.append((id_to_bytes(row.id), origin, row.clock.packed, origin, row.change_seq, row.deleted,
                               *values))
    connection = sqlite3.connect(schema_db, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA foreign_keys=OFF")
    total = sum(len(rows) for rows in tables.values())
    started = time.perf_counter()
    connection.execute("BEGIN")
    for name, rows in tables.items():
        codec = codecs()[name]
        columns = ["id", "origin", "version", "version_node", "change_seq", "deleted", *codec.columns]
        if name == "session_evidence":
            columns.append("content")
            rows = [(*row, b"") for row in rows]
        connection.executemany(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                               rows)
    connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return seconds, total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--centres", type=int, default=30)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "clc-bench-sync")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.cli import main as clc

    centres = build_district(args.cache, args.centres, args.years)
    work = Path(tempfile.mkdtemp(prefix="clc-sync-bench-"))
    office = work / "office.sqlite"
    with contextlib.redirect_stdout(open(os.devnull, "w")):
        clc(["init", str(office), "--aggregator", "--level", "province", "--name", "Sở GD&ĐT (bench)"])
        clc(["keys", "export", "--db", str(office), "--out", str(work / "office.clckey")])
    stick = work / "stick"
    stick.mkdir()
    export_seconds = []
    for path in centres:
        copy = work / path.name
        shutil.copyfile(path, copy)
        with contextlib.redirect_stdout(open(os.devnull, "w")):
            clc(["keys", "register", "--db", str(copy), str(work / "office.clckey")])
            started = time.perf_counter()
            clc(["export", "--db", str(copy), "--out", str(stick)])
        export_seconds.append(time.perf_counter() - started)
    sizes = [package.stat().st_size for package in stick.glob("*.clcsync")]
    print(f"export of one {args.years}-year centre: median {sorted(export_seconds)[len(export_seconds) // 2]:.1f} s, "
          f"package {sorted(sizes)[len(sizes) // 2] / 1e6:.1f} MB")

    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    child = multiprocessing.Process(target=_import_in_child, args=(str(office), str(stick), queue))
    child.start()
    seconds, rows, statuses, peak_kb = queue.get()
    child.join()
    print(f"import of {len(centres)} centres: {rows:,} records in {seconds:.1f} s = {rows / seconds:,.0f} records/s; "
          f"statuses {statuses}; peak memory {peak_kb / 1024:.0f} MB")

    schema = work / "bare.sqlite"
    from desktop.store.database import open_database

    open_database(schema).close()
    bare_seconds, bare_rows = _bare_executemany(stick, office, schema)
    print(f"bare sqlite3 executemany of the same {bare_rows:,} rows: {bare_seconds:.1f} s = "
          f"{bare_rows / bare_seconds:,.0f} rows/s; ours is {rows / seconds / (bare_rows / bare_seconds):.2f} of it "
          f"(target ≥ 0.33)")

    child = multiprocessing.Process(target=_import_in_child, args=(str(office), str(stick), queue))
    child.start()
    again_seconds, _rows, again_statuses, _peak = queue.get()
    child.join()
    print(f"re-import of all {len(centres)} packages: {again_seconds:.1f} s; statuses {again_statuses}")
    print(f"office database: {office.stat().st_size / 1e6:.0f} MB for {len(centres)} centres")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
