"""Benchmark of the sync package file format (issue 8). Prints figures; asserts nothing.

    .venv/bin/python tests/bench/bench_sync_format.py [--rows 300000] [--photos 0]

Writes one package of synthetic rows shaped like attendance marks (ids, session, learner, mark,
version, change sequence, origin), then reads it back: envelope, verification, decryption and
parsing of every row. Also times the state digest over the same rows. Prints seconds, MB and rows/s.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path


def attendance_marks(count: int) -> list[dict]:
    centre = str(uuid.uuid4())
    learners = [str(uuid.uuid4()) for _ in range(800)]
    sessions = [str(uuid.uuid4()) for _ in range(max(count // 25, 1))]
    return [{
        "id": str(uuid.uuid4()), "session_id": sessions[i // 25], "learner_id": learners[i % 800],
        "mark": "CPKM"[i % 7 % 4], "note": "đi muộn 10 phút" if i % 50 == 0 else None,
        "origin_centre_id": centre, "version": f"{1_760_000_000_000 + i:016d}-{i % 3:04d}",
        "change_seq": i + 1, "deleted": i % 211 == 0, "updated_at": "2026-03-05T08:15:00+07:00",
    } for i in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--photos", type=int, default=0, help="photos of 300 KB to add as media")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from desktop.sync.keys import Identity
    from desktop.sync.package import Origin, PackageHeader, open_contents, read_envelope, state_digest, \
        verify_package, write_package

    centre, office = Identity.generate(), Identity.generate()
    rows = attendance_marks(args.rows)
    photos = [(f"photo-{i}.jpg", bytes(300 * 1024)) for i in range(args.photos)]
    folder = Path(tempfile.mkdtemp(prefix="clc-sync-bench-"))
    try:
        started = time.perf_counter()
        digest = state_digest((("attendance_mark", r["id"], r["version"], r["deleted"]) for r in rows))
        digest_seconds = time.perf_counter() - started

        header = PackageHeader(
            kind="centre", schema_version="bench", app_version="bench",
            origin=Origin(str(uuid.uuid4()), "TTHTCĐ xã Tân Lập", "04321", "14", str(uuid.uuid4())),
            sequence_from=1, sequence_to=args.rows, full=True, previous_package_hash=None,
            state_digest=digest, summary=f"{args.rows} lượt điểm danh")
        started = time.perf_counter()
        written = write_package(folder, header, [("attendance_mark", rows)], signer=centre,
                                recipient=office.public, media=photos, total_rows=args.rows)
        write_seconds = time.perf_counter() - started

        started = time.perf_counter()
        verified = verify_package(read_envelope(written.path), centre.public)
        verify_seconds = time.perf_counter() - started
        started = time.perf_counter()
        count = sum(len(chunk.rows) for chunk in open_contents(verified, office).chunks())
        read_seconds = time.perf_counter() - started
        assert count == args.rows

        size_mb = written.size / 1e6
        plain_mb = sum(m.plain_size for m in written.manifest.members) / 1e6
        print(f"rows: {args.rows:,}   photos: {args.photos}   file: {size_mb:.2f} MB "
              f"(JSON lines {plain_mb:.1f} MB)   members: {len(written.manifest.members)}")
        print(f"state digest   {digest_seconds:6.2f} s   {args.rows / digest_seconds:10,.0f} rows/s")
        print(f"write+verify   {write_seconds:6.2f} s   {args.rows / write_seconds:10,.0f} rows/s "
              f"  {size_mb / write_seconds:6.1f} MB/s")
        print(f"verify (read)  {verify_seconds:6.2f} s   {size_mb / verify_seconds:6.1f} MB/s")
        print(f"decrypt+parse  {read_seconds:6.2f} s   {args.rows / read_seconds:10,.0f} rows/s")
        try:
            import resource  # not on Windows
            print(f"peak memory    {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:6.0f} MB "
                  "(includes the synthetic rows held in memory)")
        except ImportError:
            pass
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
