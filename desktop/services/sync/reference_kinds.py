"""The one registry of the reference lists an office publishes to its centres (sync-design item 2).

Every kind of list an office can edit and send down is registered here, with its title, a line
saying what it is for and the entries a centre starts with. The office's "Reference lists" screen
shows exactly the registered kinds, and return packages carry whatever the office published: a
new kind (a province's learning-model targets, say) appears everywhere by one more
`register_reference_list` call made when this module is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.i18n import _
from desktop.reference.activities import ACTIVITY_KINDS, PARTNER_BODIES, TOPIC_GROUPS, Choice
from desktop.sync.returns import ReferenceEntry


@dataclass(frozen=True)
class ReferenceListKind:
    name: str  # stored and sent in packages: never changes
    title: Callable[[], str]  # translated when asked, in the language of the moment
    purpose: Callable[[], str]
    national: Callable[[], tuple[ReferenceEntry, ...]]
    typed_keys: bool = False  # the key is an official code the officer types (else made from the name)
    # The schema revision from which a centre's app reads this list. Apps before 0012 refuse a whole
    # return package naming a list they do not know, so a newer list is left out of their returns.
    understood_from: str = ""


def understood_by(list_name: str, centre_schema: str | None) -> bool:
    """Whether a centre whose newest package came from `centre_schema` can take this list."""
    kind = _KINDS.get(list_name)
    if kind is None or not kind.understood_from:
        return True
    return centre_schema is not None and centre_schema >= kind.understood_from


_KINDS: dict[str, ReferenceListKind] = {}


def register_reference_list(kind: ReferenceListKind) -> ReferenceListKind:
    """Add a kind of list (registering a name again replaces it)."""
    _KINDS[kind.name] = kind
    return kind


def reference_list_kinds() -> list[ReferenceListKind]:
    """Every kind an office can publish, in the order registered."""
    return list(_KINDS.values())


def reference_list_kind(name: str) -> ReferenceListKind | None:
    return _KINDS.get(name)


def _from_choices(choices: tuple[Choice, ...]) -> Callable[[], tuple[ReferenceEntry, ...]]:
    return lambda: tuple(ReferenceEntry(choice.key, choice.name_vi, choice.name_en) for choice in choices)


register_reference_list(ReferenceListKind(
    "topic_groups", lambda: _("Topic groups"),
    lambda: _("The topic groups a class or talk is filed under, in the class form and the reports."),
    _from_choices(TOPIC_GROUPS)))
register_reference_list(ReferenceListKind(
    "activity_kinds", lambda: _("Kinds of activity"),
    lambda: _("The kinds of class and talk a centre chooses from in the class form."),
    _from_choices(ACTIVITY_KINDS)))
register_reference_list(ReferenceListKind(
    "partner_bodies", lambda: _("Partner bodies"),
    lambda: _("The bodies a class is run with (the centre may add its commune's own)."),
    _from_choices(PARTNER_BODIES)))
register_reference_list(ReferenceListKind(
    "admin_codes", lambda: _("Administrative codes"),
    lambda: _("Official codes and names, such as the communes after the 2025 reform; the key is the code."),
    lambda: (), typed_keys=True))
register_reference_list(ReferenceListKind(
    "learning_targets", lambda: _("Learning society targets"),
    lambda: _("The year's target per learning model, for registering and for recognition; the key is "
              "year.model.measure (2026.family.registered) and the name ends in the percentage."),
    lambda: (), typed_keys=True, understood_from="0012"))
