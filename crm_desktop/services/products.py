"""The shop's product list: what the counter offers for line items, scanning and autocomplete.

Products are never deleted (purchase lines point at them); a product no longer sold is made inactive. SKU and
barcode are optional but unique, and one product's SKU may not be another's barcode, so a scanned code finds
at most one product.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from peewee import fn

from crm_desktop.db.models import Product, database
from crm_desktop.services import audit, settings
from crm_desktop.services.errors import NotFoundError, ValidationError
from crm_desktop.services.session import Session

MAX_PRICE_CENTS = 100_000_000  # 1,000,000.00: beyond this a price is a typing slip


@dataclass(frozen=True)
class ProductInput:
    name: str
    category: str = ""
    price_cents: int = 0
    sku: str = ""
    barcode: str = ""
    earns_points: bool = True
    active: bool = True


@dataclass(frozen=True, kw_only=True)
class ProductRecord(ProductInput):
    id: int


def _record(row: Product) -> ProductRecord:
    return ProductRecord(
        id=row.id,
        name=row.name,
        category=row.category,
        price_cents=row.price_cents,
        sku=row.sku or "",
        barcode=row.barcode or "",
        earns_points=bool(row.earns_points),
        active=bool(row.active),
    )


def get(product_id: int) -> ProductRecord:
    row = Product.get_or_none(Product.id == product_id)
    if row is None:
        raise NotFoundError(f"Product {product_id} does not exist")
    return _record(row)


def list_products(
    include_inactive: bool = False, text: str = "", limit: int | None = None
) -> list[ProductRecord]:
    """Products by name; `text` matches name, category, SKU or barcode anywhere (case-insensitive)."""
    query = Product.select()
    if not include_inactive:
        query = query.where(Product.active == True)  # noqa: E712 (peewee expression)
    text = text.strip()
    if text:
        query = query.where(
            Product.name.contains(text)
            | Product.category.contains(text)
            | Product.sku.contains(text)
            | Product.barcode.contains(text)
        )
    query = query.order_by(fn.lower(Product.name), Product.id)
    if limit is not None:
        query = query.limit(limit)
    return [_record(row) for row in query]


def find_by_code(code: str) -> ProductRecord | None:
    """The active product whose barcode (first) or SKU equals `code` exactly: what a scanner types."""
    code = code.strip()
    if not code:
        return None
    for column in (Product.barcode, Product.sku):
        row = Product.get_or_none((column == code) & (Product.active == True))  # noqa: E712
        if row is not None:
            return _record(row)
    return None


def categories(include_inactive: bool = True) -> list[str]:
    """The product categories in use (non-empty, distinct, by name case-insensitively): what the loyalty
    rules can exclude from earning. Inactive products count by default, since old sales may still be voided."""
    query = Product.select(Product.category).where(Product.category != "").distinct()
    if not include_inactive:
        query = query.where(Product.active == True)  # noqa: E712 (peewee expression)
    return sorted((category for (category,) in query.tuples()), key=lambda c: (c.casefold(), c))


def parse_price(text: str) -> int:
    """A price as typed in the shop's locale (`12,50` or `12.50`); free products (0) are allowed."""
    return _check_price(settings.parse_money(text, "Price"))


def _check_price(cents: int) -> int:
    if not isinstance(cents, int) or isinstance(cents, bool):
        raise ValidationError("Price", "is not an amount")
    if cents < 0:
        raise ValidationError("Price", "cannot be negative")
    if cents > MAX_PRICE_CENTS:
        limit = settings.shop_profile().money.format(MAX_PRICE_CENTS)
        raise ValidationError("Price", f"is more than {limit}; check the number")
    return cents


def _clean(data: ProductInput) -> ProductInput:
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("Name", "is required")
    return dataclasses.replace(
        data,
        name=name,
        category=" ".join(data.category.split()),
        price_cents=_check_price(data.price_cents),
        sku=data.sku.strip(),
        barcode=data.barcode.strip(),
        earns_points=bool(data.earns_points),
        active=bool(data.active),
    )


def _check_codes(data: ProductInput, exclude_id: int | None) -> None:
    """SKU and barcode unique, and not shared between the two columns, with a message naming the field."""
    for label, value in (("SKU", data.sku), ("Barcode", data.barcode)):
        if not value:
            continue
        for column, used_as in ((Product.sku, "SKU"), (Product.barcode, "barcode")):
            query = Product.select(Product.name, Product.active).where(column == value)
            if exclude_id is not None:
                query = query.where(Product.id != exclude_id)
            other = query.first()
            if other is not None:
                inactive = "" if other.active else " (inactive)"
                raise ValidationError(label, f"'{value}' is already the {used_as} of {other.name}{inactive}")


def _columns(data: ProductInput) -> dict[str, Any]:
    return {
        "name": data.name,
        "category": data.category,
        "price_cents": data.price_cents,
        "sku": data.sku or None,
        "barcode": data.barcode or None,
        "earns_points": data.earns_points,
        "active": data.active,
    }


def create(session: Session, data: ProductInput) -> ProductRecord:
    data = _clean(data)
    with database.atomic():
        _check_codes(data, None)
        product_id = Product.insert(**_columns(data)).execute()
        audit.record(session, "create", "product", product_id, None, _columns(data))
    return ProductRecord(id=product_id, **dataclasses.asdict(data))


def update(session: Session, product_id: int, data: ProductInput) -> ProductRecord:
    data = _clean(data)
    with database.atomic():
        row = Product.get_or_none(Product.id == product_id)
        if row is None:
            raise NotFoundError(f"Product {product_id} does not exist")
        _check_codes(data, product_id)
        before = _columns(_record(row))
        Product.update(**_columns(data)).where(Product.id == product_id).execute()
        audit.record(session, "update", "product", product_id, before, _columns(data))
    return ProductRecord(id=product_id, **dataclasses.asdict(data))
