"""Merging two member records that describe the same person (a curator's action in the admin).

One profile is kept; everything that points at the other (expertise, publications,
facilities, collaboration requests with their events and messages, the change history)
moves to it, blank fields are filled from it, and it is deleted. The admin log and the
kept profile's history record the merge. Two profiles that each belong to a user account
are merged only when the curator says which account survives; the other is deactivated.
"""

import logging
from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import CollaborationRequest, Member, MemberExpertise, Publication
from members.search import forget_browse_facets, refresh_search_vectors
from members.similar import forget_area_holders, queue_similar_refresh

logger = logging.getLogger(__name__)

# Text fields a kept profile takes from the duplicate when its own are blank.
FILLED_FIELDS = ("title", "job_title", "career_stage", "biography", "research_interests", "website", "phone")
# Unique per profile: moved only after the duplicate lets go of them.
UNIQUE_FIELDS = ("orcid", "email")


class MergeError(Exception):
    """A merge that cannot be made; str(error) says why, for the curator."""


@dataclass
class MergeReport:
    """What a merge moved, for the curator's message and the audit entry."""

    kept: Member
    duplicate_name: str
    duplicate_pk: int
    expertise: int = 0
    publications: int = 0
    duplicate_publications: int = 0
    history: int = 0
    requests_dropped: int = 0
    related: dict[str, int] = field(default_factory=dict)
    filled: list[str] = field(default_factory=list)
    account: str = ""
    deactivated_user_id: int | None = None

    def summary(self) -> str:
        moved = [
            ngettext("%(n)d expertise area", "%(n)d expertise areas", self.expertise) % {"n": self.expertise},
            ngettext("%(n)d publication", "%(n)d publications", self.publications) % {"n": self.publications},
            ngettext("%(n)d history record", "%(n)d history records", self.history) % {"n": self.history},
            *(f"{count} × {label}" for label, count in sorted(self.related.items())),
        ]
        parts = [
            _("Merged “%(name)s” (#%(pk)d) into this profile.")
            % {"name": self.duplicate_name, "pk": self.duplicate_pk},
            _("Moved %(moved)s.") % {"moved": ", ".join(moved)},
        ]
        if self.duplicate_publications:
            parts.append(
                ngettext(
                    "Dropped %(n)d publication listed on both.",
                    "Dropped %(n)d publications listed on both.",
                    self.duplicate_publications,
                )
                % {"n": self.duplicate_publications}
            )
        if self.requests_dropped:
            parts.append(
                ngettext(
                    "Deleted %(n)d collaboration request between the two profiles.",
                    "Deleted %(n)d collaboration requests between the two profiles.",
                    self.requests_dropped,
                )
                % {"n": self.requests_dropped}
            )
        if self.filled:
            parts.append(_("Filled in: %(fields)s.") % {"fields": ", ".join(self.filled)})
        if self.account:
            parts.append(self.account)
        return " ".join(parts)


def merge_members(
    keep: Member,
    *,
    duplicate: Member,
    by: AbstractBaseUser | None,
    surviving_account: AbstractBaseUser | None = None,
) -> MergeReport:
    """Fold `duplicate` into `keep` and delete it; both having accounts needs `surviving_account` (one of theirs)."""
    if keep.pk == duplicate.pk:
        raise MergeError(_("Choose two different profiles to merge."))
    with transaction.atomic():
        locked = {
            member.pk: member for member in Member.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])
        }
        if len(locked) != 2:
            raise MergeError(_("One of the two profiles no longer exists; nothing was merged."))
        keep, duplicate = locked[keep.pk], locked[duplicate.pk]
        report = MergeReport(kept=keep, duplicate_name=duplicate.full_name, duplicate_pk=duplicate.pk)

        survivor_id = _choose_account(keep, duplicate, surviving_account, report)
        _take_over_identity(keep, duplicate, survivor_id, report)
        report.expertise = _move_expertise(keep, duplicate)
        report.publications, report.duplicate_publications = _move_publications(keep, duplicate)
        report.requests_dropped = _drop_requests_between(keep, duplicate)
        _move_related_rows(keep, duplicate, report)
        report.history = Member.history.filter(id=duplicate.pk).update(id=keep.pk)

        keep._history_user = by
        keep._change_reason = _("Merged with “%(name)s” (#%(pk)d)") % {"name": duplicate.full_name, "pk": duplicate.pk}
        keep.save()
        earliest = min(keep.created_at, duplicate.created_at)
        Member.objects.filter(pk=keep.pk).update(created_at=earliest)
        keep.created_at = earliest
        duplicate.user_id, duplicate.orcid, duplicate.email = None, "", ""
        duplicate._history_user = by
        duplicate._change_reason = _("Merged into “%(name)s” (#%(pk)d)") % {"name": keep.full_name, "pk": keep.pk}
        duplicate.delete()
        if report.deactivated_user_id:
            get_user_model().objects.filter(pk=report.deactivated_user_id).update(is_active=False)

        refresh_search_vectors([keep.pk])
        queue_similar_refresh([keep.pk])
        _log(by, keep, duplicate, report)
        transaction.on_commit(forget_browse_facets)
        transaction.on_commit(forget_area_holders)
    logger.info("Member %s merged into member %s by user %s", report.duplicate_pk, keep.pk, getattr(by, "pk", None))
    return report


def _choose_account(keep: Member, duplicate: Member, surviving_account, report: MergeReport) -> int | None:
    """The user id the kept profile will belong to; the other account (if any) is deactivated."""
    if keep.user_id and duplicate.user_id:
        chosen = getattr(surviving_account, "pk", None)
        if chosen not in (keep.user_id, duplicate.user_id):
            raise MergeError(
                _(
                    "Both profiles belong to user accounts. Confirm which account survives; "
                    "the other will be deactivated."
                )
            )
        report.deactivated_user_id = duplicate.user_id if chosen == keep.user_id else keep.user_id
        report.account = _("Kept user account #%(kept)d and deactivated account #%(gone)d.") % {
            "kept": chosen,
            "gone": report.deactivated_user_id,
        }
        return chosen
    if duplicate.user_id:
        report.account = _("The profile now belongs to user account #%(pk)d.") % {"pk": duplicate.user_id}
    return keep.user_id or duplicate.user_id


def _take_over_identity(keep: Member, duplicate: Member, survivor_id: int | None, report: MergeReport) -> None:
    """Fill the kept profile's blanks from the duplicate, moving unique values only once the duplicate drops them."""
    taken = {name: getattr(duplicate, name) for name in UNIQUE_FIELDS if not getattr(keep, name)}
    taken = {name: value for name, value in taken.items() if value}
    # The duplicate lets go of its account and unique values first: each may be on one profile only.
    Member.objects.filter(pk=duplicate.pk).update(user=None, orcid="", email="")
    keep.user_id = survivor_id
    for name, value in taken.items():
        setattr(keep, name, value)
        report.filled.append(str(Member._meta.get_field(name).verbose_name))
    for name in FILLED_FIELDS:
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
            report.filled.append(str(Member._meta.get_field(name).verbose_name))
    if keep.unit_id is None and duplicate.unit_id and duplicate.unit.institution_id == keep.institution_id:
        keep.unit_id = duplicate.unit_id
        report.filled.append(str(Member._meta.get_field("unit").verbose_name))
    if not keep.open_to and duplicate.open_to:
        keep.open_to = list(duplicate.open_to)
        report.filled.append(str(Member._meta.get_field("open_to").verbose_name))
    if not keep.photo and duplicate.photo:
        keep.photo, keep.photo_thumbnail = duplicate.photo.name, duplicate.photo_thumbnail.name
        report.filled.append(str(Member._meta.get_field("photo").verbose_name))
    confirmed = [when for when in (keep.availability_confirmed_at, duplicate.availability_confirmed_at) if when]
    keep.availability_confirmed_at = max(confirmed) if confirmed else None


def _move_expertise(keep: Member, duplicate: Member) -> int:
    """Areas only the duplicate lists move; an area on both stays primary if either profile says so."""
    kept = dict(MemberExpertise.objects.filter(member=keep).values_list("area_id", "emphasis"))
    moved = 0
    for link in MemberExpertise.objects.filter(member=duplicate):
        if link.area_id not in kept:
            MemberExpertise.objects.filter(pk=link.pk).update(member=keep)
            moved += 1
        elif link.emphasis == MemberExpertise.Emphasis.PRIMARY and kept[link.area_id] != link.emphasis:
            MemberExpertise.objects.filter(member=keep, area_id=link.area_id).update(emphasis=link.emphasis)
    MemberExpertise.objects.filter(member=duplicate).delete()
    return moved


def _move_publications(keep: Member, duplicate: Member) -> tuple[int, int]:
    """Publications move unless the kept profile lists the same one (same DOI, or same title and year)."""
    dois = set(
        Publication.objects.filter(member=keep).exclude(doi="").annotate(key=Lower("doi")).values_list("key", flat=True)
    )
    titles = {
        (title.strip().lower(), year)
        for title, year in Publication.objects.filter(member=keep).values_list("title", "year")
    }
    moved, dropped = [], []
    for publication in Publication.objects.filter(member=duplicate):
        same = (publication.doi and publication.doi.lower() in dois) or (
            (publication.title.strip().lower(), publication.year) in titles
        )
        (dropped if same else moved).append(publication.pk)
    Publication.objects.filter(pk__in=moved).update(member=keep)
    Publication.objects.filter(pk__in=dropped).delete()
    return len(moved), len(dropped)


def _drop_requests_between(keep: Member, duplicate: Member) -> int:
    """Requests one profile sent the other would become requests to oneself: they go, with their events."""
    between = CollaborationRequest.objects.filter(
        Q(sender=keep, recipient=duplicate) | Q(sender=duplicate, recipient=keep)
    )
    count = between.count()
    if count:
        between.delete()
    return count


# Handled above, or Member's own forward relations.
HANDLED = {(MemberExpertise, "member"), (Publication, "member")}


def _move_related_rows(keep: Member, duplicate: Member, report: MergeReport) -> None:
    """Repoint every other foreign key and many-to-many link at the duplicate (requests, events, facilities...)."""
    relations = [
        relation
        for relation in Member._meta.get_fields(include_hidden=True)
        if relation.auto_created and not relation.concrete and relation.is_relation
    ]
    for relation in relations:
        model, name = relation.related_model, relation.field.name
        if (model, name) in HANDLED or model is Member:
            continue
        label = str(model._meta.verbose_name_plural)
        try:
            with transaction.atomic():
                if relation.many_to_many:
                    count = _move_many_to_many(model, name, keep, duplicate)
                else:
                    count = model._base_manager.filter(**{name: duplicate}).update(**{name: keep})
        except IntegrityError as error:
            raise MergeError(
                _(
                    "The two profiles cannot be merged yet: their %(what)s conflict "
                    "(for example, both have an open request with the same member). Resolve that first."
                )
                % {"what": label}
            ) from error
        if count and not model._meta.model_name.startswith("historical"):
            report.related[label] = report.related.get(label, 0) + count


def _move_many_to_many(model: type[models.Model], name: str, keep: Member, duplicate: Member) -> int:
    through = model._meta.get_field(name).remote_field.through
    source = f"{model._meta.model_name}_id"
    target = f"{Member._meta.model_name}_id"
    owners = set(through.objects.filter(**{target: duplicate.pk}).values_list(source, flat=True))
    already = set(through.objects.filter(**{target: keep.pk, f"{source}__in": owners}).values_list(source, flat=True))
    through.objects.bulk_create([through(**{source: owner, target: keep.pk}) for owner in owners - already])
    through.objects.filter(**{target: duplicate.pk}).delete()
    return len(owners)


def _log(by, keep: Member, duplicate: Member, report: MergeReport) -> None:
    """The audit entries in the admin log: a change on the kept profile, a deletion of the duplicate."""
    if by is None:
        return
    LogEntry.objects.log_actions(by.pk, [keep], CHANGE, change_message=report.summary(), single_object=True)
    duplicate.pk = report.duplicate_pk  # deleted: restore the id the entry names
    LogEntry.objects.log_actions(
        by.pk,
        [duplicate],
        DELETION,
        change_message=_("Merged into “%(name)s” (#%(pk)d).") % {"name": keep.full_name, "pk": keep.pk},
        single_object=True,
    )
