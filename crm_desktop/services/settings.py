"""Shop-level settings, stored in the database so they travel with backups.

Each section is a frozen dataclass declared once with its defaults; the rows hold JSON. Later sections
(loyalty rules, templates, backups) add their own dataclass and key here.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from typing import Any, TypeVar

from crm_desktop.db.models import Setting, database
from crm_desktop.money import CURRENCIES, MoneyFormat
from crm_desktop.services import audit
from crm_desktop.services.errors import ValidationError
from crm_desktop.services.session import Session

PAPER_SIZES = ("A4", "Letter")
MAX_LOGO_BYTES = 512 * 1024
_LOCALE_RE = re.compile(r"^[a-z]{2,3}_[A-Z]{2}$")


@dataclasses.dataclass(frozen=True)
class ShopProfile:
    name: str = "My Shop"
    address: str = ""
    phone: str = ""
    email: str = ""
    currency: str = "EUR"
    locale: str = "en_GB"  # language_COUNTRY: number and date formats, default phone country
    paper_size: str = "A4"

    @property
    def country(self) -> str:
        return self.locale.split("_")[1]

    @property
    def money(self) -> MoneyFormat:
        return MoneyFormat(self.currency, self.locale)


T = TypeVar("T")

SHOP_KEY = "shop.profile"
LOGO_KEY = "shop.logo"


def get_value(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    return default if row is None else json.loads(row.value)


def _put(key: str, value: Any) -> None:
    Setting.insert(key=key, value=json.dumps(value, ensure_ascii=False)).on_conflict_replace().execute()


def set_value(session: Session, key: str, value: Any) -> None:
    with database.atomic():
        before = get_value(key)
        _put(key, value)
        audit.record(session, "update", "setting", None, {key: before}, {key: value})


def _load(cls: type[T], key: str) -> T:
    stored = get_value(key, {}) or {}
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in stored.items() if k in names})


def shop_profile() -> ShopProfile:
    return _load(ShopProfile, SHOP_KEY)


def validate_shop_profile(profile: ShopProfile) -> ShopProfile:
    name = profile.name.strip()
    if not name:
        raise ValidationError("Shop name", "is required")
    if profile.currency not in CURRENCIES and not re.fullmatch(r"[A-Z]{3}", profile.currency):
        raise ValidationError("Currency", f"'{profile.currency}' is not an ISO 4217 code such as EUR")
    if not _LOCALE_RE.match(profile.locale):
        raise ValidationError("Country / locale", f"'{profile.locale}' is not of the form en_GB")
    if profile.paper_size not in PAPER_SIZES:
        raise ValidationError("Paper size", f"must be one of {', '.join(PAPER_SIZES)}")
    if profile.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", profile.email.strip()):
        raise ValidationError("Email", f"'{profile.email}' is not an email address")
    return dataclasses.replace(
        profile,
        name=name,
        address=profile.address.strip(),
        phone=profile.phone.strip(),
        email=profile.email.strip(),
    )


def save_shop_profile(session: Session, profile: ShopProfile) -> ShopProfile:
    profile = validate_shop_profile(profile)
    with database.atomic():
        before = get_value(SHOP_KEY, {}) or {}
        after = dataclasses.asdict(profile)
        _put(SHOP_KEY, after)
        audit.record(session, "update", "setting", None, before, after)
    return profile


def parse_money(text: str, field: str) -> int:
    """An amount typed in the shop's locale (`12,50` or `12.50` where unambiguous) as minor units; a
    `ValidationError` naming `field` when it is empty or not an amount. Callers check the range."""
    if not (text or "").strip():
        raise ValidationError(field, "is required")
    try:
        return shop_profile().money.parse(text)
    except ValueError as exc:
        raise ValidationError(field, str(exc)) from None


def shop_logo() -> bytes | None:
    data = get_value(LOGO_KEY)
    return base64.b64decode(data) if data else None


def save_shop_logo(session: Session, image: bytes | None) -> None:
    """Store the logo (PNG/JPEG bytes, already scaled by the caller) or remove it with None."""
    if image is not None and len(image) > MAX_LOGO_BYTES:
        raise ValidationError(
            "Logo", f"is {len(image) // 1024} KiB; the limit is {MAX_LOGO_BYTES // 1024} KiB"
        )
    with database.atomic():
        had = get_value(LOGO_KEY) is not None
        _put(LOGO_KEY, base64.b64encode(image).decode("ascii") if image else None)
        audit.record(session, "update", "setting", None, {"logo": had}, {"logo": image is not None})
