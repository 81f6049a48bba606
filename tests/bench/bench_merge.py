"""Benchmark of merging former centres (issue 16). Prints figures; asserts nothing.

    .venv/bin/python tests/bench/bench_merge.py [--years 10] [--cache DIR]

Makes (once, kept in --cache) two demo centres of `--years` years each (`clc demo`, two seeds and
commune codes), then, in a fresh child process each, on a new centre made with `clc init`:
- the preview of the first former centre, and its merge (into an empty centre);
- the preview of the second, and its merge (against the first: duplicates, villages, every
  accession number and card number compared), joining every probable duplicate;
- the same merge again (nothing to do).
Each step's time and its process's peak memory are printed; so are the records and the file sizes.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _make_formers(cache: Path, years: int) -> tuple[Path, Path]:
    cache.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed, code in ((1, "00101"), (2, "00102")):
        path = cache / f"former-{code}-{years}y.sqlite"
        if not path.exists():
            print(f"making a {years}-year demo centre {code} (once)…", flush=True)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "desktop", "demo", str(path), "--years", str(years), "--seed",
                            str(seed), "--commune-code", code], cwd=ROOT, check=True, capture_output=True)
            print(f"  made in {time.perf_counter() - started:.0f} s", flush=True)
        paths.append(path)
    return paths[0], paths[1]


def _step(new: str, former: str, join: bool, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from desktop.services.merger import MergeDecisions, merge_centre, preview_merge
    from desktop.store.database import open_database

    db = open_database(Path(new))
    started = time.perf_counter()
    preview = preview_merge(db, Path(former))
    previewed = time.perf_counter() - started
    joins = {item.incoming_id: item.existing_id for item in preview.duplicates} if join else {}
    started = time.perf_counter()
    report = merge_centre(db, Path(former), MergeDecisions(join_learners=joins))
    merged = time.perf_counter() - started
    db.close()
    queue.put((previewed, merged, report.total_written, len(preview.duplicates), preview.accession_collision_count,
               preview.card_collision_count, report.nothing_to_do,
               resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def _run(new: Path, former: Path, join: bool) -> tuple:  # type: ignore[type-arg]
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_step, args=(str(new), str(former), join, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "clc-bench-merge")
    args = parser.parse_args()
    a, b = _make_formers(args.cache, args.years)
    work = Path(tempfile.mkdtemp(prefix="clc-merge-bench-"))
    try:
        new = work / "new.sqlite"
        subprocess.run([sys.executable, "-m", "desktop", "init", str(new), "--centre-name",
                        "Trung tâm học tập cộng đồng xã Tân Hợp", "--commune-code", "00200", "--province-code", "15", "--unlisted-code"],
                       cwd=ROOT, check=True, capture_output=True)
        print(f"former files: {a.stat().st_size / 1e6:.0f} MB and {b.stat().st_size / 1e6:.0f} MB")
        total_started = time.perf_counter()
        for label, former, join in (("first former centre", a, False), ("second former centre", b, True),
                                    ("the second again", b, True)):
            previewed, merged, records, duplicates, accession, cards, nothing, peak = _run(new, former, join)
            print(f"{label}: preview {previewed:.1f} s, merge {merged:.1f} s (with its backup), "
                  f"{records:,} records written, {duplicates} probable duplicates, {accession:,} accession "
                  f"numbers and {cards:,} cards colliding{', nothing to do' if nothing else ''}; "
                  f"peak memory {peak / 1024:.0f} MB", flush=True)
        print(f"all three steps: {time.perf_counter() - total_started:.1f} s (each in a fresh process, start-up "
              f"included); new database {new.stat().st_size / 1e6:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
