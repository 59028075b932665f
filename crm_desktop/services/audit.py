"""The audit trail: one entry per change to customer or shop data, in the change's own transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from crm_desktop.db.models import AuditEntry
from crm_desktop.services.session import Session


def _dump(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)


def record(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append an audit entry; call inside the transaction of the change it records."""
    if before is not None and after is not None:
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    AuditEntry.create(
        at=session.clock.now(),
        staff=session.actor.staff_id,
        actor_name=session.actor.name,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=_dump(before),
        after=_dump(after),
    )


@dataclass(frozen=True)
class AuditRow:
    at: str
    actor_name: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def history(entity: str, entity_id: int, limit: int = 100) -> list[AuditRow]:
    query = (
        AuditEntry.select()
        .where((AuditEntry.entity == entity) & (AuditEntry.entity_id == entity_id))
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    return [
        AuditRow(
            at=e.at.isoformat(),
            actor_name=e.actor_name,
            action=e.action,
            entity=e.entity,
            entity_id=e.entity_id,
            before=json.loads(e.before) if e.before else None,
            after=json.loads(e.after) if e.after else None,
        )
        for e in query
    ]
