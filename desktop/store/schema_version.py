"""The schema revision this version of the app expects (a test keeps it equal to Alembic's head).

Kept as a constant so that a normal start, on an up-to-date database, never imports Alembic.
"""

HEAD_REVISION = "0013"
