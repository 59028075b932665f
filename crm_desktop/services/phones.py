"""Phone numbers: normalised for display and search with `phonenumbers`, kept as typed when unreadable.

`phone_search` holds digit tokens for the search index: the digit groups as displayed, the groups of the
national format, the national digits and the E.164 digits without '+'. Typing `555 12`, `5551234`,
`0791 123` or `44791112` therefore prefix-matches. The demo generator writes the same kind of tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

_DIGIT_RUN = re.compile(r"\d+")


@dataclass(frozen=True)
class Phone:
    display: str  # what `customer.phone` stores: international format, or the text as typed
    e164: str | None  # None when the number could not be read
    search: str  # space-separated digit tokens for `customer.phone_search`
    note: str  # "" or why the number was kept as typed


def _tokens(*texts: str) -> str:
    tokens: list[str] = []
    for text in texts:
        groups = _DIGIT_RUN.findall(text)
        tokens += groups
        if len(groups) > 1:
            tokens.append("".join(groups))
    return " ".join(dict.fromkeys(tokens))


def _typed_tokens(typed: str) -> str:
    """Tokens of a number kept as typed; after a leading + or 00 the digits without the country code too."""
    groups = _DIGIT_RUN.findall(typed)
    extra = "".join(groups[1:]) if len(groups) > 2 and typed.startswith(("+", "00")) else ""
    return " ".join(dict.fromkeys([*_tokens(typed).split(), *([extra] if extra else [])]))


def normalise(text: str, country: str) -> Phone:
    """Read `text` as a phone number of `country` (ISO 3166 alpha-2) unless it starts with + or 00."""
    typed = " ".join(text.split())
    if not typed:
        return Phone("", None, "", "")
    try:
        number = phonenumbers.parse(typed, country.upper() or None)
    except NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return Phone(typed, None, _typed_tokens(typed), note_for(typed, None, country))
    display = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return Phone(display, e164, _tokens(display, national, e164), "")


def note_for(phone: str | None, e164: str | None, country: str) -> str:
    """The note shown next to a stored number: empty when it was read, else that it was kept as typed."""
    if not phone or e164:
        return ""
    return f"Could not read this as a phone number for {country.upper() or 'any country'}; kept as typed"


def query_digits(text: str) -> str | None:
    """The digits of a search text that looks like a phone number ('+1 (555) 123-45'), else None."""
    if not re.fullmatch(r"[\d\s()+\-./]+", text) or not any(c.isdigit() for c in text):
        return None
    return "".join(c for c in text if c.isdigit())
