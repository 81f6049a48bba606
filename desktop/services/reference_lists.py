"""A centre's own additions to the national reference lists.

The national lists (54 ethnic groups, partner bodies, topic groups, kinds, provinces) are fixed by
regulation and shared by every centre, so reports add up across communes. What a centre does need
to change is local: the bodies of its commune it works with (a cooperative, a parish, a company)
and the names its people use for an ethnic group ("Mèo", "Xá Phó", a village spelling), so that
its lists and imports are understood. Those are kept here, per installation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from desktop.errors import ValidationError
from desktop.i18n import _, pick
from desktop.reference.activities import PARTNER_BODIES
from desktop.reference.ethnic_groups import ethnic_group_by_key, find_ethnic_group, fold_key
from desktop.services.centre import get_setting, set_setting
from desktop.store.database import Database
from desktop.text.vietnamese import clean_name, fold, sort_key

PARTNER_BODIES_SETTING = "reference.partner_bodies"
ETHNIC_NAMES_SETTING = "reference.ethnic_local_names"
MAX_NAME_LENGTH = 120


@dataclass(frozen=True)
class PartnerChoice:
    """A body a class can be run with: `value` is what is stored, `label` what is shown."""

    value: str
    label: str
    national: bool


@dataclass(frozen=True)
class LocalEthnicName:
    name: str
    group_key: str
    group_label: str


def _load_json(db: Database, key: str, default: object) -> object:
    try:
        return json.loads(get_setting(db, key, json.dumps(default)))
    except ValueError:  # a hand-edited or damaged value: start the list again, never crash
        return default


def _clean(name: str, field: str) -> str:
    cleaned = clean_name(name)
    if not cleaned:
        raise ValidationError(_("Enter a name."), field)
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValidationError(_("The name is longer than {count} characters.").format(
            count=MAX_NAME_LENGTH), field)
    return cleaned


# ---- partner bodies -------------------------------------------------------------------------

def own_partner_bodies(db: Database) -> list[str]:
    """The centre's own partner bodies, in Vietnamese order."""
    names = _load_json(db, PARTNER_BODIES_SETTING, [])
    names = [str(name) for name in names] if isinstance(names, list) else []
    return sorted(names, key=sort_key)


def partner_choices(db: Database) -> list[PartnerChoice]:
    """National bodies first (stored under their Vietnamese name; the office's list when it sent
    one in a return package), then the centre's own."""
    from desktop.services.sync.reference_versions import held_reference

    _version, bodies = held_reference(db, "partner_bodies")
    national = [PartnerChoice(body.name_vi, pick(body.name_vi, body.name_en or body.name_vi), True)
                for body in bodies if body.key != "other"]
    return national + [PartnerChoice(name, name, False) for name in own_partner_bodies(db)]


def add_partner_body(db: Database, name: str) -> str:
    cleaned = _clean(name, "partner")
    taken = {fold(body.name_vi) for body in PARTNER_BODIES} | {fold(body.name_en) for body in PARTNER_BODIES}
    own = own_partner_bodies(db)
    if fold(cleaned) in taken or fold(cleaned) in {fold(existing) for existing in own}:
        raise ValidationError(_("“{name}” is already in the list.").format(name=cleaned), "partner")
    set_setting(db, PARTNER_BODIES_SETTING, json.dumps([*own, cleaned], ensure_ascii=False))
    return cleaned


def remove_partner_body(db: Database, name: str) -> None:
    """Classes that name the body keep its name; it only leaves the list offered."""
    own = own_partner_bodies(db)
    if name not in own:
        raise ValidationError(_("“{name}” is not one of the centre's own bodies.").format(name=name),
                              "partner")
    set_setting(db, PARTNER_BODIES_SETTING,
                json.dumps([other for other in own if other != name], ensure_ascii=False))


# ---- topic groups and kinds: the office's lists once a return package brought them ----------

@dataclass(frozen=True)
class ListChoice:
    """An entry of a pick list: `value` is the key stored, `label` what is shown."""

    value: str
    label: str


def _held_choices(db: Database, list_name: str, keep: str | None) -> list[ListChoice]:
    from desktop.services.sync.reference_versions import held_reference, national_entries

    _version, entries = held_reference(db, list_name)
    choices = [ListChoice(entry.key, pick(entry.name_vi, entry.name_en or entry.name_vi)) for entry in entries]
    if keep and keep not in {choice.value for choice in choices}:  # a record keeps a value the list dropped
        known = {entry.key: entry for entry in national_entries(list_name)}.get(keep)
        choices.append(ListChoice(keep, pick(known.name_vi, known.name_en) if known else keep))
    return choices


def learn_office_names(db: Database) -> None:
    """Make every label (lists, reports, printed pages) name the topic groups and kinds the office
    added, rather than show their keys; called when the database opens and when its lists change."""
    from desktop.reference.activities import Choice, learn_received_names
    from desktop.services.sync.reference_versions import held_reference

    for list_name in ("topic_groups", "activity_kinds"):
        _version, entries = held_reference(db, list_name)
        learn_received_names(list_name, [Choice(entry.key, entry.name_vi, entry.name_en) for entry in entries])


def topic_group_choices(db: Database, keep: str | None = None) -> list[ListChoice]:
    """The topic groups a class can be filed under: the office's newest list, else the national
    one; `keep` (an existing record's value) stays offered even when the list no longer has it."""
    return _held_choices(db, "topic_groups", keep)


def activity_kind_choices(db: Database, keep: str | None = None) -> list[ListChoice]:
    return _held_choices(db, "activity_kinds", keep)


def offered_keys(db: Database, list_name: str) -> set[str]:
    """Keys a new value may take: the office's newest list (else the national one), and "other",
    which imports and older forms fall back on."""
    from desktop.services.sync.reference_versions import held_reference

    _version, entries = held_reference(db, list_name)
    return {entry.key for entry in entries} | {"other"}


# ---- local names of ethnic groups -----------------------------------------------------------

def _ethnic_names(db: Database) -> dict[str, str]:
    names = _load_json(db, ETHNIC_NAMES_SETTING, {})
    if not isinstance(names, dict):
        return {}
    return {str(name): str(key) for name, key in names.items() if ethnic_group_by_key(str(key))}


def local_ethnic_names(db: Database) -> list[LocalEthnicName]:
    """The centre's own names for ethnic groups, in Vietnamese order."""
    result = []
    for name, key in _ethnic_names(db).items():
        group = ethnic_group_by_key(key)
        assert group is not None  # filtered above
        result.append(LocalEthnicName(name, key, pick(group.name_vi, group.name_en)))
    return sorted(result, key=lambda entry: sort_key(entry.name))


def local_ethnic_lookup(db: Database) -> dict[str, str]:
    """Folded local name → group key, as `find_ethnic_group(local_names=…)` wants it."""
    return {fold_key(name): key for name, key in _ethnic_names(db).items()}


def add_local_ethnic_name(db: Database, name: str, group_key: str) -> LocalEthnicName:
    cleaned = _clean(name, "ethnic_name")
    group = ethnic_group_by_key(group_key)
    if group is None:
        raise ValidationError(_("Choose the ethnic group this name means."), "ethnic_group")
    known = find_ethnic_group(cleaned, local_names=local_ethnic_lookup(db))
    if known is not None:
        raise ValidationError(_("“{name}” already means {group}.").format(
            name=cleaned, group=pick(known.name_vi, known.name_en)), "ethnic_name")
    if cleaned.isdigit():
        raise ValidationError(_("A name cannot be a number: numbers are ethnic group codes."),
                              "ethnic_name")
    names = _ethnic_names(db)
    names[cleaned] = group.key
    set_setting(db, ETHNIC_NAMES_SETTING, json.dumps(names, ensure_ascii=False))
    return LocalEthnicName(cleaned, group.key, pick(group.name_vi, group.name_en))


def remove_local_ethnic_name(db: Database, name: str) -> None:
    """Learners already saved keep their group; the name is only no longer understood."""
    names = _ethnic_names(db)
    if name not in names:
        raise ValidationError(_("“{name}” is not in the list.").format(name=name), "ethnic_name")
    del names[name]
    set_setting(db, ETHNIC_NAMES_SETTING, json.dumps(names, ensure_ascii=False))
