"""The demo shop itself: its staff, its tags and a product list (a coffee, tea and gift shop)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

from crm_desktop.clock import Clock
from crm_desktop.db.models import Staff, Tag
from crm_desktop.services.demo.batch import Batch

STAFF = (("Maja Kowalczyk", "manager"), ("Tom Becker", "staff"), ("Inès Laurent", "staff"))

# tag name -> colour
TAGS = {
    "VIP": "#c9a227",
    "regular": "#3a7d44",
    "newsletter": "#2f6db5",
    "wholesale": "#7a4fa3",
    "student": "#d9822b",
    "gift buyer": "#c2410c",
    "allergy": "#b91c1c",
    "local business": "#0f766e",
}

# category, SKU prefix, products as "name:price in cents:popularity"
PRODUCTS = (
    (
        "Coffee beans",
        "COF",
        "House blend 250 g:750:9,Espresso roast 250 g:850:7,Ethiopia Yirgacheffe 250 g:1150:4,"
        "Colombia Huila 250 g:1050:4,Decaf Swiss water 250 g:950:2,House blend 1 kg:2600:3,Guatemala Antigua 250 g:"
        "1100:2,Sumatra Mandheling 250 g:1090:2,Cold brew pack:1290:2,Single-origin sampler:2400:1",
    ),
    (
        "Tea",
        "TEA",
        "English breakfast 100 g:550:6,Earl Grey 100 g:590:5,Sencha 100 g:790:3,Chamomile 50 g:490:3,"
        "Masala chai 100 g:650:3,Rooibos 100 g:520:2,Jasmine pearls 50 g:1250:1,Peppermint 50 g:450:3,"
        "Oolong 50 g:990:1,Matcha 30 g:1690:2",
    ),
    (
        "Café",
        "CAF",
        "Flat white:340:20,Cappuccino:330:18,Latte:340:16,Espresso:220:8,Hot chocolate:350:8,"
        "Chai latte:360:6,Iced latte:380:5,Americano:280:10",
    ),
    (
        "Bakery",
        "BAK",
        "Butter croissant:260:14,Pain au chocolat:290:10,Cinnamon bun:320:9,Sourdough loaf:450:6,"
        "Banana bread slice:310:7,Almond tart:380:4,Lemon drizzle slice:300:5,Mince pie:240:2",
    ),
    (
        "Chocolate",
        "CHO",
        "Dark 70% bar:420:5,Milk sea-salt bar:390:5,Hazelnut pralines box:1450:2,"
        "Hot chocolate flakes:890:2,Orange dark bar:420:3,Truffle selection:2200:1",
    ),
    (
        "Brewing gear",
        "GEA",
        "Pour-over dripper:1900:1,Paper filters x100:450:3,French press 8 cup:3200:1,"
        "Hand grinder:4500:1,Milk frother:2400:1,Scale with timer:3900:1,Moka pot 3 cup:2900:1,"
        "Glass teapot:2750:1",
    ),
    (
        "Gifts",
        "GIF",
        "Gift box small:2500:2,Gift box large:4500:1,Ceramic mug:1200:3,Travel cup:1600:2,"
        "Tea tin set:1800:1,Tasting notebook:900:1,Coffee subscription month:2800:1,Advent calendar:3400:1",
    ),
    ("Cards", "CRD", "Greeting card:350:3,Wrapping service:200:2"),
)
# No longer sold: only in old purchases (never the first of a category, whose neighbour replaces it).
RETIRED = {"Mince pie", "Coffee subscription month"}


@dataclass
class Catalog:
    ids: list[int]
    names: list[str]
    prices: list[int]
    cum_all: list[float]  # popularity over every product
    active: list[bool]


def skus() -> list[str]:
    return [f"{prefix}-{n:03d}" for _, prefix, spec in PRODUCTS for n in range(1, len(spec.split(",")) + 1)]


def _ean13(body: str) -> str:
    digits = [int(c) for c in body]
    total = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return body + str((10 - total % 10) % 10)


def create_staff(clock: Clock) -> list[int]:
    """The demo's staff members besides the owner; returns their ids, manager first."""
    now = clock.now()
    return [Staff.create(name=name, role=role, created_at=now).id for name, role in STAFF]


def create_tags() -> dict[str, int]:
    ids = {}
    for name, colour in TAGS.items():
        tag = Tag.get_or_none(Tag.name == name) or Tag.create(name=name, color=colour)
        ids[name] = tag.id
    return ids


def products(rng: random.Random, base: int) -> tuple[Catalog, Batch]:
    """About 60 products (ids from `base`) with SKUs and in-store EAN-13 barcodes (prefix 2)."""
    rows, names, prices, popularity_of = [], [], [], []
    barcode_start = rng.randrange(10**6, 10**7)
    for category, prefix, spec in PRODUCTS:
        for n, item in enumerate(spec.split(","), start=1):
            name, price, popularity = item.split(":")
            pid = base + len(rows)
            active = name not in RETIRED
            barcode = _ean13(f"20{barcode_start + len(rows) * 13:07d}{len(rows):03d}")
            rows.append((pid, name, category, int(price), f"{prefix}-{n:03d}", barcode, 1, int(active)))
            names.append(name)
            prices.append(int(price))
            popularity_of.append(float(popularity))
    columns = ("id", "name", "category", "price_cents", "sku", "barcode", "earns_points", "active")
    catalog = Catalog(
        [r[0] for r in rows], names, prices, list(accumulate(popularity_of)), [bool(r[-1]) for r in rows]
    )
    return catalog, Batch("product", columns, rows)
