"""The window's common parts: every screen is built from these.

- record_model: a table model over plain records with declared columns and one sort role
- record_table: the read-only list view (Enter opens, Delete asks to remove)
- search_box: the search-as-you-type field and its Vietnamese folding (accents optional)
- actions: shortcut actions and the buttons that trigger them, their keys in the tooltips
- list_detail: a list above (or beside) the details of its chosen row
- figures_table: a read-only table of figures (reports), numbers right-aligned
- headings: a screen's title and the note under it
"""
