"""Staff members. Until roles and PINs land, the shop runs in single-user mode as its owner."""

from __future__ import annotations

from crm_desktop.clock import Clock
from crm_desktop.db.models import Staff, database
from crm_desktop.services.session import Actor


def owner_actor(clock: Clock) -> Actor:
    """The shop owner, created on first use so audit entries always have a staff row to point to."""
    with database.atomic():
        owner = Staff.select().where(Staff.role == "owner").order_by(Staff.id).first()
        if owner is None:
            owner = Staff.create(name="Owner", role="owner", created_at=clock.now())
    return Actor(staff_id=owner.id, name=owner.name, role="owner")


def active_staff() -> list[tuple[int, str]]:
    """(id, name) of the active staff members, the owner first, then by name: the "Assigned to" choices."""
    query = (
        Staff.select(Staff.id, Staff.name)
        .where(Staff.active == True)  # noqa: E712 - peewee expression
        .order_by(Staff.role != "owner", Staff.name, Staff.id)
        .tuples()
    )
    return list(query)
