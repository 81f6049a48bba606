"""Counting into plain tables of key -> count, the way every figure of the report adds up."""

from __future__ import annotations


def add_count(table: dict[str, int], key: str, count: int) -> None:
    if count:
        table[key] = table.get(key, 0) + count


def sum_tables(first: dict[str, int], second: dict[str, int]) -> dict[str, int]:
    result = dict(first)
    for key, value in second.items():
        add_count(result, key, value)
    return result
