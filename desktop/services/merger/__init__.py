"""Merging a former centre into this one (the communes merged on 1 July 2025, issue 16).

`preview_merge` reads the former centre's database file (read-only, never changed) and says what
would come in; `merge_centre` brings every record in, with its id and origin, in one transaction,
applying what the user decided (learners joined as one person, villages joined or renamed, a
prefix for the former cabinet's accession numbers). See `plan` and `apply`.
"""

from desktop.services.merger.apply import merge_centre
from desktop.services.merger.plan import (
    AccessionCollision,
    CardCollision,
    DuplicateLearner,
    FormerCentre,
    MergeDecisions,
    MergePreview,
    MergeReport,
    SimilarVillage,
    TableCount,
    preview_merge,
)

__all__ = ["AccessionCollision", "CardCollision", "DuplicateLearner", "FormerCentre", "MergeDecisions",
           "MergePreview", "MergeReport", "SimilarVillage", "TableCount", "merge_centre", "preview_merge"]
