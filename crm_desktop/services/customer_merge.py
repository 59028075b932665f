"""Merging two records of the same person into one (`customers.merge` is the public entry point).

The survivor keeps its id and, field by field, either its own value or the merged record's; tags are
united. Purchases, loyalty entries, interactions and follow-ups move to the survivor; its cached stats and
points balance are then recomputed from the same SQL `crm-desktop check` uses (`integrity.STATS_SQL`,
`integrity.LEDGER_SQL`). The merged record stays, archived, with `merged_into` pointing at the survivor
(records merged into it earlier are re-pointed too), so old references and audit history still resolve.

The points ledger is append-only: a merge only changes `customer_id` of the moved entries (the one column
the ledger triggers allow). Each moved entry keeps its `balance_after`, which is history: the running
balance of the *merged* customer at the time. The survivor's cached balance equals the sum of its entries
afterwards, which is what the check verifies. One exception: an entry whose `occasion` (e.g.
"birthday:2026") the survivor already has cannot move (one entry per customer and occasion); it stays with
the merged record, and its points move by a pair of `adjust` entries (minus on the merged record, down to
0; plus on the survivor), each saying why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from peewee import fn

from crm_desktop import clock as clocks
from crm_desktop.db.models import (
    Customer,
    CustomerTag,
    FollowUp,
    Interaction,
    LoyaltyEntry,
    Purchase,
    database,
)
from crm_desktop.services import audit, integrity
from crm_desktop.services import customers as cs
from crm_desktop.services.errors import ServiceError
from crm_desktop.services.session import Session

BIRTHDAY_FIELDS = ("birth_day", "birth_month", "birth_year")


@dataclass(frozen=True)
class MergePreview:
    """What a merge would move from the merged customer to the survivor (for the confirmation)."""

    purchases: int  # voided ones included
    points: int  # the merged customer's balance, added to the survivor's
    loyalty_entries: int
    interactions: int
    follow_ups: int
    tags: tuple[str, ...]  # the survivor's tags afterwards: both customers' united


def merge_preview(survivor_id: int, merged_id: int) -> MergePreview:
    """Counts of what `merge(survivor_id, merged_id)` moves; reads only (index lookups per table)."""
    merged = cs.load_row(merged_id)
    cs.load_row(survivor_id)
    tags = {t.casefold(): t for t in cs.tags_of(merged_id)}
    tags.update({t.casefold(): t for t in cs.tags_of(survivor_id)})
    return MergePreview(
        purchases=Purchase.select().where(Purchase.customer == merged_id).count(),
        points=merged.points_balance,
        loyalty_entries=LoyaltyEntry.select().where(LoyaltyEntry.customer == merged_id).count(),
        interactions=Interaction.select().where(Interaction.customer == merged_id).count(),
        follow_ups=FollowUp.select().where(FollowUp.customer == merged_id).count(),
        tags=tuple(sorted(tags.values(), key=str.casefold)),
    )


def _chosen_fields(take_from_merged: Iterable[str]) -> set[str]:
    take = set(take_from_merged)
    unknown = take - set(cs.MERGE_FIELDS)
    if unknown:
        raise ValueError(f"not merge fields: {', '.join(sorted(unknown))}")
    if take & set(BIRTHDAY_FIELDS):
        take |= set(
            BIRTHDAY_FIELDS
        )  # a birthday is one value: never day from one record, year from the other
    return take


def _move_ledger(session: Session, survivor_id: int, merged_id: int) -> int:
    """Move the merged customer's ledger entries; returns how many moved (see the module docstring)."""
    clashing = list(
        LoyaltyEntry.select(LoyaltyEntry.id, LoyaltyEntry.points).where(
            (LoyaltyEntry.customer == merged_id)
            & LoyaltyEntry.occasion.in_(
                LoyaltyEntry.select(LoyaltyEntry.occasion).where(
                    (LoyaltyEntry.customer == survivor_id) & LoyaltyEntry.occasion.is_null(False)
                )
            )
        )
    )
    stay = [e.id for e in clashing]
    move = LoyaltyEntry.update(customer=survivor_id).where(LoyaltyEntry.customer == merged_id)
    if stay:
        move = move.where(LoyaltyEntry.id.not_in(stay))
    moved = move.execute()
    kept = sum(e.points for e in clashing)
    if kept:
        now = session.clock.now()
        survivor_sum = (
            LoyaltyEntry.select(fn.coalesce(fn.sum(LoyaltyEntry.points), 0))
            .where(LoyaltyEntry.customer == survivor_id)
            .scalar()
        )
        common = {"kind": "adjust", "staff": session.actor.staff_id, "created_at": now}
        LoyaltyEntry.create(
            customer=merged_id,
            points=-kept,
            balance_after=0,
            reason=f"Merged into customer {survivor_id}: points of entries that stay here",
            **common,
        )
        LoyaltyEntry.create(
            customer=survivor_id,
            points=kept,
            balance_after=survivor_sum + kept,
            reason=f"Merged customer {merged_id}: points of their entries that could not move",
            **common,
        )
    return moved


def merge(
    session: Session, survivor_id: int, merged_id: int, take_from_merged: Iterable[str] = ()
) -> cs.CustomerDetails:
    """Fold `merged_id` into `survivor_id`. Fields named in `take_from_merged` (see `MERGE_FIELDS`) get the
    merged customer's value; everything else keeps the survivor's. Validation errors change nothing."""
    take = _chosen_fields(take_from_merged)
    if survivor_id == merged_id:
        raise ServiceError("A customer cannot be merged with themselves.")
    now = session.clock.now()
    with database.atomic():
        survivor, merged = cs.load_row(survivor_id), cs.load_row(merged_id)
        for c in (survivor, merged):
            if c.merged_into_id is not None:
                raise ServiceError(f"Customer {c.id} was already merged into customer {c.merged_into_id}.")
        if survivor.archived_at is not None:
            raise ServiceError("The customer to keep is archived; restore them first.")
        s_tags, m_tags = cs.tags_of(survivor_id), cs.tags_of(merged_id)
        before = cs.snapshot(survivor, s_tags)
        merged_before = {
            "archived_at": merged.archived_at,
            "merged_into": None,
            "card_number": merged.card_number,
        }

        s_in, m_in = cs.details_of(survivor, s_tags).to_input(), cs.details_of(merged, m_tags).to_input()
        combined: dict[str, Any] = {
            name: getattr(m_in if name in take else s_in, name) for name in cs.INPUT_FIELDS
        }
        combined["tags"] = (*s_tags, *m_tags)
        if "card_number" in take and merged.card_number:
            # The card moves with the choice; free it first so the uniqueness check passes.
            Customer.update(card_number=None).where(Customer.id == merged_id).execute()
        values, tags = cs.clean_input(cs.CustomerInput(**combined), clocks.today(session.clock), survivor_id)
        for flag in ("email_consent", "sms_consent"):
            source = merged if flag in take else survivor
            values[f"{flag}_at"] = getattr(source, f"{flag}_at")
        for name, value in values.items():
            setattr(survivor, name, value)
        survivor.updated_at = now
        survivor.save(only=[*values, "updated_at"])

        moved = {
            "purchases": Purchase.update(customer=survivor_id)
            .where(Purchase.customer == merged_id)
            .execute(),
            "loyalty_entries": _move_ledger(session, survivor_id, merged_id),
            "interactions": Interaction.update(customer=survivor_id)
            .where(Interaction.customer == merged_id)
            .execute(),
            "follow_ups": FollowUp.update(customer=survivor_id)
            .where(FollowUp.customer == merged_id)
            .execute(),
        }
        stored_tags = cs.set_tags(survivor_id, tags)
        CustomerTag.delete().where(CustomerTag.customer == merged_id).execute()
        Customer.update(merged_into=survivor_id).where(Customer.merged_into == merged_id).execute()
        archived_at = merged.archived_at or now
        Customer.update(archived_at=archived_at, merged_into=survivor_id, updated_at=now).where(
            Customer.id == merged_id
        ).execute()
        for cid in (survivor_id, merged_id):
            integrity.refresh_customer_stats(cid)
            integrity.refresh_points_balance(cid)

        survivor = cs.load_row(survivor_id)
        after = {**cs.snapshot(survivor, stored_tags), "merged_from": merged_id, "moved": moved}
        audit.record(session, "merge", "customer", survivor_id, before, after)
        card_after = None if "card_number" in take else merged.card_number
        audit.record(
            session,
            "merge",
            "customer",
            merged_id,
            merged_before,
            {"archived_at": archived_at, "merged_into": survivor_id, "card_number": card_after},
        )
        return cs.details_of(survivor, stored_tags)
