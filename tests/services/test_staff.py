"""Staff: the "Assigned to" choices."""

from __future__ import annotations

from crm_desktop.db.models import Staff
from crm_desktop.services.staff import active_staff


def test_active_staff_lists_the_owner_first_then_by_name(session, clock):
    now = clock.now()
    zoe = Staff.create(name="Zoe", role="manager", created_at=now).id
    Staff.create(name="Al", role="staff", active=False, created_at=now)
    amy = Staff.create(name="Amy", role="staff", created_at=now).id
    assert active_staff() == [(session.actor.staff_id, "Owner"), (amy, "Amy"), (zoe, "Zoe")]
