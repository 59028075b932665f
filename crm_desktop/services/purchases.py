"""The counter flow: log a sale (an amount or line items), optionally for a new customer, and void sales.

A sale, its items, the customer's cached stats, its points (redeemed and earned), tier and audit entry commit
in one transaction.
The hot path touches only the rows it writes: the customer's stats move by arithmetic in one UPDATE (no
aggregate over their history). A purchase is never edited: it is voided (the row stays, with who, when and
why) and entered again; a void reverses its points (`loyalty.reverse_for_void`) and recomputes that one
customer's stats from their purchases.

Points at the counter (`PurchaseInput.redeem_points`): the money off is `loyalty.redemption_value_cents`,
kept as `purchase.points_value_cents`; `total_cents` is what was paid (the lines' sum less that), and is what
counts as spend and earns points. The `redeem` entry is written before the `earn` entry, both linked to the
purchase. The sale earns at the tier the customer had before it; the tier is recomputed afterwards.

Settings: `sales.allow_zero` (default false) lets a sale of 0.00 through; `sales.max_amount_cents` (default
1,000,000 = 10,000.00) refuses larger amounts as typing slips.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from crm_desktop.clock import business_date
from crm_desktop.db.models import Customer, Product, Purchase, PurchaseItem, database
from crm_desktop.services import audit, counter_rules, customers, integrity, loyalty, loyalty_tiers, settings
from crm_desktop.services.counter_rules import CounterRules
from crm_desktop.services.customers import CustomerInput
from crm_desktop.services.errors import NotFoundError, ValidationError
from crm_desktop.services.session import Session

PAYMENT_METHODS = ("cash", "card", "mobile", "voucher", "other")
ALLOW_ZERO_KEY = counter_rules.ALLOW_ZERO_KEY
MAX_AMOUNT_KEY = counter_rules.MAX_AMOUNT_KEY
MAX_NOTE_CHARS = 2000


@dataclass(frozen=True)
class LineInput:
    description: str
    quantity: int = 1
    unit_price_cents: int = 0
    discount_cents: int = 0
    product_id: int | None = None


@dataclass(frozen=True)
class PurchaseInput:
    customer_id: int | None  # None = anonymous sale
    amount_cents: int | None = None  # either an amount or lines
    lines: tuple[LineInput, ...] = ()
    payment_method: str = "cash"
    note: str = ""
    redeem_points: int = 0  # points the customer uses for money off this sale


@dataclass(frozen=True)
class PurchaseResult:
    purchase_id: int
    customer_id: int | None
    customer_name: str  # "" for an anonymous sale
    total_cents: int
    points_earned: int
    points_balance: int | None  # None for an anonymous sale
    visits: int | None
    points_redeemed: int = 0
    tier: str | None = None  # the customer's tier after the sale
    points_value_cents: int = 0  # money off paid with points (already taken off total_cents)


@dataclass(frozen=True)
class _Line:
    """A validated line, priced, with what the points rule needs to know."""

    description: str
    quantity: int
    unit_price_cents: int
    discount_cents: int
    product_id: int | None
    earns_points: bool
    category: str = ""

    @property
    def line_total_cents(self) -> int:
        return self.quantity * self.unit_price_cents - self.discount_cents


@dataclass(frozen=True)
class _Sale:
    total_cents: int  # before points
    discount_cents: int
    lines: tuple[_Line, ...]
    payment_method: str
    note: str
    redeem_points: int = 0


# --- amounts -----------------------------------------------------------------------------------------


def _check_amount(cents: object, field: str, limits: CounterRules, *, zero_ok: bool = False) -> int:
    if not isinstance(cents, int) or isinstance(cents, bool):
        raise ValidationError(field, "is not an amount")
    if cents < 0:
        raise ValidationError(field, "cannot be negative")
    if cents == 0 and not (zero_ok or limits.allow_zero):
        raise ValidationError(field, "must be more than zero")
    if cents > limits.max_amount_cents:
        limit = settings.shop_profile().money.format(limits.max_amount_cents)
        raise ValidationError(field, f"is more than {limit}: check the amount (the limit is in Settings)")
    return cents


def parse_amount(text: str, field: str = "Amount") -> int:
    """What a person typed, in the shop's locale (`12,50` and `12.50` where unambiguous), as checked cents."""
    return _check_amount(settings.parse_money(text, field), field, counter_rules.current())


# --- validation ----------------------------------------------------------------------------------------


def _line(number: int, line: LineInput, limits: CounterRules) -> _Line:
    label = f"Line {number}"
    quantity = line.quantity
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise ValidationError(f"{label}: Quantity", "must be a whole number of at least 1")
    unit = _check_amount(line.unit_price_cents, f"{label}: Unit price", limits)
    discount = line.discount_cents
    if not isinstance(discount, int) or isinstance(discount, bool) or discount < 0:
        raise ValidationError(f"{label}: Discount", "cannot be negative")
    if discount > quantity * unit:
        raise ValidationError(f"{label}: Discount", "is more than the line's price")
    description = " ".join((line.description or "").split())
    earns_points, category = True, ""
    if line.product_id is not None:
        product = (
            Product.select(Product.name, Product.earns_points, Product.category)
            .where(Product.id == line.product_id)
            .first()
        )
        if product is None:
            raise ValidationError(f"{label}: Product", "no longer exists")
        description = description or product.name
        earns_points, category = bool(product.earns_points), product.category or ""
    if not description:
        raise ValidationError(f"{label}: Description", "is required")
    return _Line(description, quantity, unit, discount, line.product_id, earns_points, category)


def validate_line(line: LineInput, number: int = 1) -> None:
    """Raise the `ValidationError` saving this line as line `number` would raise (for a form adding lines)."""
    _line(number, line, counter_rules.current())


def _validate(data: PurchaseInput) -> _Sale:
    limits = counter_rules.current()
    if data.payment_method not in PAYMENT_METHODS:
        raise ValidationError("Payment method", f"must be one of {', '.join(PAYMENT_METHODS)}")
    note = (data.note or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise ValidationError("Note", f"is longer than {MAX_NOTE_CHARS} characters")
    redeem = data.redeem_points
    if not isinstance(redeem, int) or isinstance(redeem, bool) or redeem < 0:
        raise ValidationError(loyalty.REDEEM_FIELD, "must be a whole number of points")
    if redeem and data.customer_id is None:
        raise ValidationError(loyalty.REDEEM_FIELD, "need a customer with points: this sale has none")
    if data.lines:
        lines = tuple(_line(n, line, limits) for n, line in enumerate(data.lines, start=1))
        total = _check_amount(sum(line.line_total_cents for line in lines), "Total", limits)
        if data.amount_cents is not None and data.amount_cents != total:
            raise ValidationError("Amount", "differs from the total of the lines")
        discount = sum(line.discount_cents for line in lines)
        return _Sale(total, discount, lines, data.payment_method, note, redeem)
    if data.amount_cents is None:
        raise ValidationError("Amount", "is required")
    total = _check_amount(data.amount_cents, "Amount", limits)
    return _Sale(total, 0, (), data.payment_method, note, redeem)


# --- writing --------------------------------------------------------------------------------------------


def _add_visit(customer_id: int, total_cents: int, day: str) -> int:
    """Move the cached stats by one purchase (arithmetic, min, max); returns the new visit count."""
    row = database.execute_sql(
        """UPDATE customer SET visits = visits + 1, total_spent_cents = total_spent_cents + ?,
               first_visit_date = min(coalesce(first_visit_date, ?), ?),
               last_visit_date = max(coalesce(last_visit_date, ?), ?)
           WHERE id = ? RETURNING visits""",
        (total_cents, day, day, day, day, customer_id),
    ).fetchone()
    return row[0]


def _write(session: Session, customer_id: int | None, sale: _Sale, name: str | None = None) -> PurchaseResult:
    """Insert the purchase and everything that follows from it; the caller holds the transaction."""
    if customer_id is not None:
        customer = (
            Customer.select(
                Customer.first_name, Customer.last_name, Customer.email, Customer.phone, Customer.archived_at
            )
            .where(Customer.id == customer_id)
            .first()
        )
        if customer is None:
            raise ValidationError("Customer", "no longer exists")
        if customer.archived_at is not None:
            raise ValidationError("Customer", "is archived: restore them before logging a purchase")
        name = name or customers.display_name(
            customer.first_name, customer.last_name, customer.email, customer.phone
        )
    rules = loyalty.rules() if customer_id is not None else None
    points_off = 0
    if sale.redeem_points:
        assert rules is not None  # _validate refuses points without a customer
        points_off = loyalty.check_redemption(customer_id, sale.redeem_points, sale.total_cents, rules)
    paid = sale.total_cents - points_off
    now = session.clock.now()
    day = business_date(session.clock, now)
    purchase_id = Purchase.insert(
        customer=customer_id,
        occurred_at=now,
        business_date=day,
        total_cents=paid,
        discount_cents=sale.discount_cents,
        points_value_cents=points_off,
        payment_method=sale.payment_method,
        staff=session.actor.staff_id,
        note=sale.note,
    ).execute()
    if sale.lines:
        PurchaseItem.insert_many(
            [
                {
                    "purchase": purchase_id,
                    "product": line.product_id,
                    "description": line.description,
                    "quantity": line.quantity,
                    "unit_price_cents": line.unit_price_cents,
                    "discount_cents": line.discount_cents,
                    "line_total_cents": line.line_total_cents,
                }
                for line in sale.lines
            ]
        ).execute()
    points = balance = visits = tier = None
    if customer_id is not None and rules is not None:
        visits = _add_visit(customer_id, paid, day.isoformat())
        if sale.redeem_points:
            loyalty.redeem(session, customer_id, purchase_id, sale.redeem_points, points_off)
        earning_tier, figure = loyalty.tier_before_sale(customer_id, paid, rules, day)
        points = loyalty.points_for(paid, sale.lines, earning_tier, rules, points_value_cents=points_off)
        balance = loyalty.earn(session, customer_id, purchase_id, points, rules=rules)
        tier = loyalty.tier_after_sale(session, customer_id, figure, paid, points, rules)
    audit.record(
        session,
        "create",
        "purchase",
        purchase_id,
        None,
        {
            "customer_id": customer_id,
            "total_cents": paid,
            "payment_method": sale.payment_method,
            "lines": len(sale.lines),
            "points_earned": points or 0,
            "points_redeemed": sale.redeem_points,
            "points_value_cents": points_off,
        },
    )
    return PurchaseResult(
        purchase_id=purchase_id,
        customer_id=customer_id,
        customer_name=name or "",
        total_cents=paid,
        points_earned=points or 0,
        points_balance=balance,
        visits=visits,
        points_redeemed=sale.redeem_points,
        tier=tier,
        points_value_cents=points_off,
    )


def log_purchase(session: Session, data: PurchaseInput) -> PurchaseResult:
    """Record a sale for an existing customer (or anonymously) with its points, in one transaction."""
    with database.atomic():
        sale = _validate(data)
        return _write(session, data.customer_id, sale)


def walk_in(session: Session, new_customer: CustomerInput | None, data: PurchaseInput) -> PurchaseResult:
    """Create the customer (if given) and log the purchase for them, in ONE transaction: all or nothing."""
    with database.atomic():
        sale = _validate(data)  # refuse a bad sale before creating anybody
        if new_customer is None:
            return _write(session, data.customer_id, sale)
        created = customers.create(session, new_customer)
        return _write(session, created.id, sale, created.display_name)


def void(session: Session, purchase_id: int, reason: str) -> None:
    """Void a purchase: the row stays (voided_at/by/reason), its points are reversed, stats recomputed."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("Reason", "say why the purchase is voided")
    with database.atomic():
        purchase = Purchase.get_or_none(Purchase.id == purchase_id)
        if purchase is None:
            raise NotFoundError(f"Purchase {purchase_id} does not exist")
        now = session.clock.now()
        changed = (
            Purchase.update(voided_at=now, voided_by=session.actor.staff_id, void_reason=reason)
            .where((Purchase.id == purchase_id) & Purchase.voided_at.is_null())
            .execute()
        )
        if not changed:
            when = business_date(session.clock, purchase.voided_at).isoformat()
            raise ValidationError("Purchase", f"was already voided on {when} ({purchase.void_reason})")
        after: dict[str, object] = {"voided_at": now, "void_reason": reason}
        customer_id = purchase.customer_id
        if customer_id is not None:
            reversal = loyalty.reverse_for_void(session, customer_id, purchase_id)
            integrity.refresh_customer_stats(customer_id)
            after |= dataclasses.asdict(reversal)
            after["tier"] = loyalty_tiers.refresh(session, customer_id, loyalty.rules())
        audit.record(session, "void", "purchase", purchase_id, {"voided_at": None}, after)
