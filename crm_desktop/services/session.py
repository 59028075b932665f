"""Who is acting and what time it is: handed to every service call that writes."""

from __future__ import annotations

from dataclasses import dataclass, field

from crm_desktop.clock import Clock, SystemClock

ROLES = ("owner", "manager", "staff")


@dataclass(frozen=True)
class Actor:
    staff_id: int | None
    name: str
    role: str = "owner"

    def can(self, role: str) -> bool:
        """True when this actor's role is at least `role` (owner > manager > staff)."""
        return ROLES.index(self.role) <= ROLES.index(role)


@dataclass(frozen=True)
class Session:
    actor: Actor
    clock: Clock = field(default_factory=SystemClock)
