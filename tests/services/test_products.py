import json

import pytest

from crm_desktop.db.models import AuditEntry, Product
from crm_desktop.services import products, settings
from crm_desktop.services.errors import NotFoundError, ValidationError
from crm_desktop.services.products import ProductInput


def _audits(action: str) -> list[AuditEntry]:
    return list(AuditEntry.select().where((AuditEntry.entity == "product") & (AuditEntry.action == action)))


def test_create_cleans_stores_and_audits(session):
    record = products.create(
        session,
        ProductInput(name="  Earl   Grey ", category=" Tea ", price_cents=450, sku=" T-1 ", barcode=""),
    )
    assert (record.name, record.category, record.sku, record.barcode) == ("Earl Grey", "Tea", "T-1", "")
    row = Product.get_by_id(record.id)
    assert row.barcode is None and row.sku == "T-1" and row.price_cents == 450
    assert products.get(record.id) == record
    (entry,) = _audits("create")
    assert entry.entity_id == record.id and json.loads(entry.after)["name"] == "Earl Grey"


def test_update_changes_fields_and_audits_only_the_difference(session):
    tea = products.create(session, ProductInput(name="Tea", price_cents=300, sku="T-1", barcode="4000001"))
    updated = products.update(
        session, tea.id, ProductInput(name="Tea", price_cents=350, sku="T-1", barcode="4000001", active=False)
    )
    assert updated.price_cents == 350 and not updated.active and updated.id == tea.id
    (entry,) = _audits("update")
    assert json.loads(entry.before) == {"price_cents": 300, "active": True}
    assert json.loads(entry.after) == {"price_cents": 350, "active": False}
    with pytest.raises(NotFoundError):
        products.update(session, 999, ProductInput(name="Ghost"))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (ProductInput(name="   "), "Name"),
        (ProductInput(name="Tea", price_cents=-1), "Price"),
        (ProductInput(name="Tea", price_cents=products.MAX_PRICE_CENTS + 1), "Price"),
        (ProductInput(name="Tea", sku="USED"), "SKU"),
        (ProductInput(name="Tea", barcode="4000001"), "Barcode"),
        (ProductInput(name="Tea", sku="4000001"), "SKU"),  # another product's barcode
        (ProductInput(name="Tea", barcode="USED"), "Barcode"),  # another product's SKU
    ],
)
def test_refusals_name_the_field_and_change_nothing(session, data, field):
    products.create(session, ProductInput(name="Coffee", sku="USED", barcode="4000001"))
    count, audits = Product.select().count(), AuditEntry.select().count()
    with pytest.raises(ValidationError) as err:
        products.create(session, data)
    assert err.value.field == field
    assert (Product.select().count(), AuditEntry.select().count()) == (count, audits)


def test_uniqueness_message_names_the_other_product_even_when_inactive(session):
    products.create(session, ProductInput(name="Old mug", sku="MUG", active=False))
    with pytest.raises(ValidationError, match=r"already the SKU of Old mug \(inactive\)"):
        products.create(session, ProductInput(name="New mug", sku="MUG"))


def test_update_may_keep_its_own_codes_but_not_take_anothers(session):
    tea = products.create(session, ProductInput(name="Tea", sku="T-1", barcode="111"))
    products.create(session, ProductInput(name="Coffee", sku="C-1", barcode="222"))
    products.update(session, tea.id, ProductInput(name="Green tea", sku="T-1", barcode="111"))
    with pytest.raises(ValidationError) as err:
        products.update(session, tea.id, ProductInput(name="Tea", sku="T-1", barcode="222"))
    assert err.value.field == "Barcode" and "Coffee" in err.value.message


def test_find_by_code_matches_barcode_or_sku_of_active_products_only(session):
    tea = products.create(session, ProductInput(name="Tea", sku="T-1", barcode="4006381333931"))
    products.create(session, ProductInput(name="Retired", sku="R-1", barcode="999", active=False))
    assert products.find_by_code("4006381333931") == tea
    assert products.find_by_code(" T-1\n") == tea  # scanners often send a trailing Enter
    assert products.find_by_code("t-1") is None  # exact match only
    assert products.find_by_code("999") is None and products.find_by_code("R-1") is None
    assert products.find_by_code("") is None


def test_list_products_filters_by_text_and_activity(session):
    for name, category, sku, active in [
        ("Earl Grey", "Tea", "T-1", True),
        ("assam", "Tea", "T-2", True),
        ("Espresso beans", "Coffee", "C-1", True),
        ("Old 50% blend", "Tea", "T-9", False),
    ]:
        products.create(session, ProductInput(name=name, category=category, sku=sku, active=active))
    assert [p.name for p in products.list_products()] == ["assam", "Earl Grey", "Espresso beans"]
    assert [p.name for p in products.list_products(text="tea")] == ["assam", "Earl Grey"]
    assert [p.name for p in products.list_products(text="c-")] == ["Espresso beans"]
    assert [p.name for p in products.list_products(text="%")] == []  # wildcards are literal
    assert [p.name for p in products.list_products(include_inactive=True, text="%")] == ["Old 50% blend"]
    assert len(products.list_products(include_inactive=True)) == 4
    assert len(products.list_products(limit=2)) == 2


@pytest.mark.parametrize(("locale", "text", "cents"), [("en_GB", "1,250", 125000), ("de_DE", "1,25", 125)])
def test_parse_price_follows_the_shop_locale(session, locale, text, cents):
    import dataclasses

    settings.save_shop_profile(session, dataclasses.replace(settings.shop_profile(), locale=locale))
    assert products.parse_price(text) == cents
    assert products.parse_price("0") == 0
    for bad in ("-1", "abc"):
        with pytest.raises(ValidationError) as err:
            products.parse_price(bad)
        assert err.value.field == "Price"


def test_categories_in_use_are_distinct_sorted_and_skip_blanks(session):
    products.create(session, ProductInput(name="Tea", category="Tea"))
    products.create(session, ProductInput(name="Earl Grey", category="Tea"))
    products.create(session, ProductInput(name="Mug", category="gifts"))
    products.create(session, ProductInput(name="Bag"))
    products.create(session, ProductInput(name="Old card", category="Cards", active=False))
    assert products.categories() == ["Cards", "gifts", "Tea"]
    assert products.categories(include_inactive=False) == ["gifts", "Tea"]
