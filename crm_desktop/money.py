"""Money as integer minor units (cents). `Decimal` is used only at the edges: parsing and formatting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# ISO 4217 code -> (symbol, minor digits). Shops outside this list still work: the code is shown as symbol.
CURRENCIES: dict[str, tuple[str, int]] = {
    "EUR": ("€", 2),
    "USD": ("$", 2),
    "GBP": ("£", 2),
    "CHF": ("CHF", 2),
    "CAD": ("$", 2),
    "AUD": ("$", 2),
    "NZD": ("$", 2),
    "SEK": ("kr", 2),
    "NOK": ("kr", 2),
    "DKK": ("kr", 2),
    "PLN": ("zł", 2),
    "CZK": ("Kč", 2),
    "HUF": ("Ft", 2),
    "JPY": ("¥", 0),
    "KRW": ("₩", 0),
    "INR": ("₹", 2),
    "BRL": ("R$", 2),
    "MXN": ("$", 2),
    "ZAR": ("R", 2),
    "TRY": ("₺", 2),
}

# Languages whose locales write 12,50 rather than 12.50.
_DECIMAL_COMMA_LANGS = {
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "pl",
    "cs",
    "sk",
    "sv",
    "nb",
    "da",
    "fi",
    "tr",
    "ru",
    "uk",
    "hu",
    "ro",
    "el",
    "bg",
    "hr",
    "sl",
    "et",
    "lv",
    "lt",
    "id",
}


@dataclass(frozen=True)
class MoneyFormat:
    currency: str = "EUR"
    locale: str = "en_US"

    @property
    def symbol(self) -> str:
        return CURRENCIES.get(self.currency, (self.currency, 2))[0]

    @property
    def digits(self) -> int:
        return CURRENCIES.get(self.currency, (self.currency, 2))[1]

    @property
    def decimal_comma(self) -> bool:
        return self.locale.split("_")[0].lower() in _DECIMAL_COMMA_LANGS

    def format(self, cents: int, *, symbol: bool = True) -> str:
        """Format minor units for display: 123456 -> '€1,234.56' (en) or '1.234,56 €' (de)."""
        sign = "-" if cents < 0 else ""
        units, minor = divmod(abs(cents), 10**self.digits)
        group, dec = (".", ",") if self.decimal_comma else (",", ".")
        text = f"{units:,}".replace(",", group)
        if self.digits:
            text += f"{dec}{minor:0{self.digits}d}"
        if not symbol:
            return sign + text
        if self.decimal_comma:
            return f"{sign}{text}\u00a0{self.symbol}"
        return f"{sign}{self.symbol}{text}"

    def parse(self, text: str) -> int:
        """Parse what a person typed into minor units; raises ValueError with a readable message.

        Both `12.50` and `12,50` are accepted where unambiguous; a lone separator followed by three digits
        (`1,250`) is read with the locale's convention.
        """
        return parse_amount(text, digits=self.digits, decimal_comma=self.decimal_comma)


_AMOUNT_RE = re.compile(r"^[+-]?[\d.,'\u00a0 ]+$")


def parse_amount(text: str, *, digits: int = 2, decimal_comma: bool = False) -> int:
    raw = (text or "").strip()
    for sym in {s for s, _ in CURRENCIES.values()} | set(CURRENCIES):
        raw = raw.replace(sym, "")
    raw = raw.strip()
    if not raw or not _AMOUNT_RE.match(raw) or not any(c.isdigit() for c in raw):
        raise ValueError(f"'{text}' is not an amount")
    sign = -1 if raw.startswith("-") else 1
    raw = raw.lstrip("+-").replace("'", "").replace("\u00a0", "").replace(" ", "")
    last_dot, last_comma = raw.rfind("."), raw.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        dec_sep = "." if last_dot > last_comma else ","
    elif last_dot >= 0 or last_comma >= 0:
        sep = "." if last_dot >= 0 else ","
        tail = raw.rsplit(sep, 1)[1]
        if raw.count(sep) > 1:
            dec_sep = None  # 1.234.567 -> grouping only
        elif len(tail) == 3:
            dec_sep = "," if decimal_comma else "."  # ambiguous: follow the locale
            dec_sep = sep if sep == dec_sep else None
        else:
            dec_sep = sep
    else:
        dec_sep = None
    if dec_sep:
        whole, _, frac = raw.rpartition(dec_sep)
        whole = whole.replace(".", "").replace(",", "")
        number = f"{whole or '0'}.{frac}"
    else:
        number = raw.replace(".", "").replace(",", "")
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise ValueError(f"'{text}' is not an amount") from None
    if value.as_tuple().exponent < -digits:  # type: ignore[operator]
        raise ValueError(f"'{text}' has more than {digits} decimal places")
    return sign * int((value * 10**digits).quantize(Decimal(1), rounding=ROUND_HALF_UP))
