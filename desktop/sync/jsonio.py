"""JSON as the sync files use it: canonical bytes out, strict parsing of untrusted bytes in."""

from __future__ import annotations

import json
from typing import Any


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def canonical_bytes(value: Any) -> bytes:
    """One compact line, keys sorted, text kept as written (UTF-8): the same value, the same bytes."""
    return _CANONICAL.encode(value).encode("utf-8")


def readable_bytes(value: Any) -> bytes:
    """Indented, keys sorted, for files a person may open (the manifest, key files)."""
    return (json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False)
            + "\n").encode("utf-8")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"JSON constant {name} is not allowed")


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def strict_loads(data: bytes) -> Any:
    """Parse UTF-8 JSON; a duplicate key, NaN or Infinity, or bad UTF-8 raises ValueError.

    Duplicate keys matter in signed files: two readers must not see two different values."""
    text = data.decode("utf-8")  # UnicodeDecodeError is a ValueError
    try:
        return json.loads(text, object_pairs_hook=_object_without_duplicates,
                          parse_constant=_refuse_constant)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
