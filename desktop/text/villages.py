"""Village names as communes write them: a kind of place first (Bản, Thôn, Tổ dân phố …), then
the name that people say and type ("Nà Hạ")."""

from __future__ import annotations

from desktop.text.vietnamese import fold

# Folded, longest first: "tổ dân phố" before "tổ", "khu phố" before "khu".
VILLAGE_PREFIXES = ("to dan pho", "khu pho", "thon", "ban", "xom", "buon", "lang", "khom", "khu",
                    "ap", "to", "doi", "phum", "soc")


def without_prefix(name: str) -> str:
    """"Bản Nà Hạ" → "Nà Hạ", diacritics kept; a name that is only a prefix stays as it is."""
    words = name.split()
    folded = [fold(word) for word in words]
    for prefix in VILLAGE_PREFIXES:
        size = len(prefix.split())
        if len(words) > size and " ".join(folded[:size]) == prefix:
            return " ".join(words[size:])
    return " ".join(words)
