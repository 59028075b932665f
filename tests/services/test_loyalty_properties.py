"""Property-based: any mix of sales (with redemptions), voids, adjustments, rule changes, daily passes and
time travel keeps the books straight; and the one-query FIFO expiry equals a lot-by-lot model."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_desktop.clock import today
from crm_desktop.db.models import Customer, Purchase, database
from crm_desktop.services import integrity, loyalty, purchases
from crm_desktop.services.errors import ValidationError
from tests.services.loyalty_helpers import balance, ledger_is_consistent, sale, set_rules
from tests.services.sales_helpers import insert_customer

CUSTOMERS = 3

_ops = st.lists(
    st.one_of(
        st.tuples(st.just("buy"), st.integers(0, CUSTOMERS - 1), st.integers(1, 40_000), st.floats(0, 1)),
        st.tuples(st.just("anonymous"), st.integers(1, 5000)),
        st.tuples(st.just("void"), st.integers(0, 8)),
        st.tuples(st.just("adjust"), st.integers(0, CUSTOMERS - 1), st.integers(-400, 400)),
        st.tuples(st.just("daily")),
        st.tuples(st.just("wait"), st.integers(1, 400)),
        st.tuples(st.just("tick"), st.integers(1, 400)),  # time passes, then the daily pass runs
        st.tuples(st.just("expiry"), st.sampled_from([None, 1, 3, 12])),
        st.tuples(st.just("basis"), st.sampled_from(["spend_12m", "lifetime_points"])),
    ),
    min_size=10,
    max_size=40,
)


def _redeem(cid: int, cents: int, fraction: float) -> int:
    most = loyalty.max_redeemable(cid, cents)
    if not most or fraction < 0.3:
        return 0
    return max(loyalty.rules().min_redeem_points, int(most * fraction))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_ops)
def test_any_sequence_keeps_the_books_straight(session, clock, ops):
    with database.atomic() as txn:  # each example starts from the same empty shop
        set_rules(session, min_redeem_points=20, birthday_bonus_points=15, birthday_window_days=10)
        ids = [insert_customer(birth_month=m, birth_day=d) for m, d in ((1, 5), (6, 20), (12, 30))]
        sales: list[int] = []
        for op in ops:
            if op[0] == "buy":
                cid = ids[op[1]]
                sales.append(sale(session, cid, op[2], _redeem(cid, op[2], op[3])).purchase_id)
            elif op[0] == "anonymous":
                sales.append(sale(session, None, op[1]).purchase_id)
            elif op[0] == "void" and op[1] < len(sales):
                pid = sales[op[1]]
                if Purchase.get_by_id(pid).voided_at is None:
                    purchases.void(session, pid, "Changed their mind")
            elif op[0] == "adjust" and op[2]:
                cid = ids[op[1]]
                have = balance(cid)
                if have + op[2] < 0:
                    with pytest.raises(ValidationError):
                        loyalty.adjust(session, cid, op[2], "Correction")
                    assert balance(cid) == have
                else:
                    loyalty.adjust(session, cid, op[2], "Correction")
            elif op[0] in ("daily", "tick"):
                if op[0] == "tick":
                    clock.advance(days=op[1])
                loyalty.run_daily(session)
                day = today(clock)
                assert all(loyalty.due_by(cid, day) == 0 for cid in ids)  # nothing overdue is left
                again = loyalty.run_daily(session)
                assert (again.expired_points, again.birthday_bonuses, again.tier_changes) == (0, 0, 0)
            elif op[0] == "wait":
                clock.advance(days=op[1])
            elif op[0] == "expiry":
                set_rules(session, expiry_months=op[1])
            elif op[0] == "basis":
                set_rules(session, tier_basis=op[1])
        report = integrity.run_check()
        assert report.ok, report.problems
        assert Customer.select().where(Customer.points_balance < 0).count() == 0
        ledger_is_consistent(ids)
        txn.rollback()


# --- the SQL FIFO against a model that keeps every lot ---------------------------------------------------

_fifo_ops = st.lists(
    st.one_of(
        st.tuples(st.just("earn"), st.integers(100, 30_000)),
        st.tuples(st.just("spend"), st.floats(0, 1)),
        st.tuples(st.just("gift"), st.integers(1, 300)),
        st.tuples(st.just("take"), st.floats(0, 1)),
        st.tuples(st.just("daily")),
        st.tuples(st.just("wait"), st.integers(1, 120)),
        st.tuples(st.just("tick"), st.integers(1, 120)),
    ),
    min_size=10,
    max_size=50,
)


class Lots:
    """Points kept as lots (expiry date, points left); spending takes from the soonest-expiring lot."""

    def __init__(self) -> None:
        self.lots: list[list] = []
        self.expired = 0

    def credit(self, expires_on: dt.date, points: int) -> None:
        self.lots.append([expires_on, points])
        self.lots.sort(key=lambda lot: lot[0])

    def debit(self, points: int) -> None:
        for lot in self.lots:
            used = min(lot[1], points)
            lot[1] -= used
            points -= used
        assert points == 0
        self.lots = [lot for lot in self.lots if lot[1]]

    def expire(self, day: dt.date) -> None:
        self.expired += sum(points for expires_on, points in self.lots if expires_on <= day)
        self.lots = [lot for lot in self.lots if lot[0] > day]

    @property
    def balance(self) -> int:
        return sum(points for _, points in self.lots)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_fifo_ops, months=st.sampled_from([1, 2, 6, 12]))
def test_sql_fifo_expiry_matches_a_lot_by_lot_model(session, clock, ops, months):
    with database.atomic() as txn:
        set_rules(session, expiry_months=months, min_redeem_points=1, redeem_points=1, redeem_value_cents=1)
        cid = insert_customer()
        model = Lots()
        expired = 0
        for op in ops:
            day = today(clock)
            rules = loyalty.rules()
            if op[0] == "earn":
                earned = sale(session, cid, op[1]).points_earned
                if earned:
                    model.credit(rules.expires_on(day), earned)
            elif op[0] == "gift":
                loyalty.adjust(session, cid, op[1], "Gift")
                model.credit(rules.expires_on(day), op[1])
            elif op[0] in ("spend", "take") and model.balance:
                points = max(1, int(model.balance * op[1]))
                if op[0] == "spend":  # at the counter: 1 point = 0.01, the sale paid with points
                    sale(session, cid, points, redeem=points)
                else:
                    loyalty.adjust(session, cid, -points, "Taken")
                model.debit(points)
            elif op[0] in ("daily", "tick"):
                if op[0] == "tick":
                    clock.advance(days=op[1])
                    day = today(clock)
                expired += loyalty.run_daily(session).expired_points
                model.expire(day)
                assert (balance(cid), expired) == (model.balance, model.expired)
            elif op[0] == "wait":
                clock.advance(days=op[1])
            assert balance(cid) == model.balance
        ledger_is_consistent([cid])
        txn.rollback()
