"""Settings → Birthdays: the 29 February rule, the reward text and the greeting templates, stored as JSON in
`setting` "birthdays.settings"; checking and filling the templates.

A template is text with placeholders in braces, `{first_name}`, `{points}`, `{shop_name}` and `{reward}`;
a literal brace is written twice (`{{`, `}}`). Saving refuses an unknown placeholder or a lone brace and
names the template and the part (subject or text) it is in. `birthdays.py` re-exports all of this.
"""

from __future__ import annotations

import dataclasses
import string
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from crm_desktop.services import loyalty_rules
from crm_desktop.services import settings as shop_settings
from crm_desktop.services.birthday_dates import FEB29_RULES
from crm_desktop.services.errors import PermissionDenied, ValidationError
from crm_desktop.services.session import Session

if TYPE_CHECKING:
    from crm_desktop.services.birthdays import BirthdayRow

SETTINGS_KEY = "birthdays.settings"
PLACEHOLDERS = ("first_name", "points", "shop_name", "reward")
MAX_TEMPLATES = 20
MAX_NAME = 60
MAX_SUBJECT = 200
MAX_BODY = 5_000
MAX_REWARD = 200


@dataclass(frozen=True)
class GreetingTemplate:
    name: str
    subject: str  # used as the email subject; may be empty (an SMS has none)
    body: str


DEFAULT_TEMPLATES = (
    GreetingTemplate(
        "Short (SMS)",
        "",
        "Happy birthday, {first_name}! All the best from {shop_name}. You have {points} points with us.",
    ),
    GreetingTemplate(
        "Email",
        "Happy birthday from {shop_name}",
        "Dear {first_name},\n\n"
        "happy birthday from all of us at {shop_name}!\n"
        "You have {points} points with us. Your birthday gift: {reward}.\n\n"
        "We look forward to seeing you soon.\n"
        "{shop_name}",
    ),
)


@dataclass(frozen=True)
class BirthdaySettings:
    feb29: str = "feb28"  # "feb28" | "mar1": when 29 February is celebrated outside leap years
    reward: str = ""  # text for {reward}; "" → "<N> bonus points" when the loyalty birthday bonus is on
    templates: tuple[GreetingTemplate, ...] = DEFAULT_TEMPLATES


def _from_json(data: dict[str, Any]) -> BirthdaySettings:
    names = {f.name for f in dataclasses.fields(BirthdaySettings)}
    values = {k: v for k, v in data.items() if k in names}
    if "templates" in values:
        values["templates"] = tuple(GreetingTemplate(**t) for t in values["templates"])
    return BirthdaySettings(**values)


def _to_json(s: BirthdaySettings) -> dict[str, Any]:
    return {"feb29": s.feb29, "reward": s.reward, "templates": [dataclasses.asdict(t) for t in s.templates]}


def current() -> BirthdaySettings:
    """The shop's birthday settings (the defaults until some are saved)."""
    stored = shop_settings.get_value(SETTINGS_KEY)
    return _from_json(stored) if stored else BirthdaySettings()


def feb29_rule() -> str:
    return current().feb29


def _check_text(text: str, field: str, part: str) -> None:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise ValidationError(
            field,
            f"the {part} has a lone {{ or }}: write {{{{ or }}}} for a brace, {{first_name}} for a placeholder",
        ) from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
            raise ValidationError(field, f"unknown placeholder {shown} in the {part}; use {known}")


def validate(s: BirthdaySettings) -> BirthdaySettings:
    """Check every field; a refusal names it ("29 February", "Reward", "Templates" or "Template 'Email'"
    / "Template 2" for one without a name). Returns the settings tidied (names and texts stripped)."""
    if s.feb29 not in FEB29_RULES:
        raise ValidationError("29 February", "celebrate it on 28 February (feb28) or 1 March (mar1)")
    reward = " ".join((s.reward or "").split())
    if len(reward) > MAX_REWARD:
        raise ValidationError("Reward", f"is too long (at most {MAX_REWARD} characters)")
    if not s.templates:
        raise ValidationError("Templates", "keep at least one template")
    if len(s.templates) > MAX_TEMPLATES:
        raise ValidationError("Templates", f"at most {MAX_TEMPLATES} templates")
    seen: dict[str, int] = {}
    tidy: list[GreetingTemplate] = []
    for row, t in enumerate(s.templates, start=1):
        name = " ".join((t.name or "").split())
        if not name:
            raise ValidationError(f"Template {row}", "needs a name")
        field = f"Template '{name}'"
        if name.casefold() in seen:
            raise ValidationError(field, f"the name is already used by template {seen[name.casefold()]}")
        seen[name.casefold()] = row
        if len(name) > MAX_NAME:
            raise ValidationError(field, f"the name is too long (at most {MAX_NAME} characters)")
        subject = " ".join((t.subject or "").split())
        body = (t.body or "").strip().replace("\r\n", "\n")
        if len(subject) > MAX_SUBJECT:
            raise ValidationError(field, f"the subject is too long (at most {MAX_SUBJECT} characters)")
        if not body:
            raise ValidationError(field, "the text is empty")
        if len(body) > MAX_BODY:
            raise ValidationError(field, f"the text is too long (at most {MAX_BODY:,} characters)")
        _check_text(subject, field, "subject")
        _check_text(body, field, "text")
        tidy.append(GreetingTemplate(name, subject, body))
    return BirthdaySettings(s.feb29, reward, tuple(tidy))


def save(session: Session, s: BirthdaySettings) -> BirthdaySettings:
    """Validate and store the settings with an audit entry; nothing is stored on a refusal."""
    if not session.actor.can("manager"):
        raise PermissionDenied("Only a manager or the owner can change the birthday settings and greetings.")
    s = validate(s)
    shop_settings.set_value(session, SETTINGS_KEY, _to_json(s))  # one transaction with its audit entry
    return s


def reward_text(s: BirthdaySettings | None = None) -> str:
    """What {reward} says: the shop's text, else "<N> bonus points" while the loyalty birthday bonus is on."""
    s = s or current()
    if s.reward:
        return s.reward
    rules = loyalty_rules.current()
    if rules.enabled and rules.birthday_bonus_points > 0:
        return f"{_grouped(rules.birthday_bonus_points)} bonus points"
    return ""


def _grouped(value: int) -> str:
    """An integer with the shop locale's thousands separator (1,250 or 1.250)."""
    return f"{value:,}".replace(",", "." if shop_settings.shop_profile().money.decimal_comma else ",")


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with its placeholders replaced; anything unreadable (a template stored before it was checked)
    is left as written rather than failing."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return text
    out: list[str] = []
    for literal, name, spec, conversion in parsed:
        out.append(literal)
        if name is None:
            continue
        if name in values and not spec and not conversion:
            out.append(values[name])
        else:
            out.append(
                "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            )
    return "".join(out)


# --- texts -----------------------------------------------------------------------------------------------


def render(
    template: GreetingTemplate, row: BirthdayRow, settings: BirthdaySettings | None = None
) -> tuple[str, str]:
    """(subject, body) of `template` for `row`: {first_name} (the full name when there is no first name),
    {points} with the shop locale's grouping, {shop_name}, {reward} (see `reward_text`)."""
    values = {
        "first_name": row.first_name.strip() or row.name,
        "points": _grouped(row.points),
        "shop_name": shop_settings.shop_profile().name,
        "reward": reward_text(settings),
    }
    body = "\n".join(line.rstrip() for line in fill(template.body, values).splitlines())
    return " ".join(fill(template.subject, values).split()), body


def mailto_url(row: BirthdayRow, subject: str, body: str) -> str | None:
    """A `mailto:` link (RFC 6068, every reserved character percent-encoded, line breaks as %0D%0A), or None
    unless the customer has an email address and agreed to email."""
    if not row.email or not row.email_consent:
        return None
    fields = [("subject", subject), ("body", "\r\n".join(body.splitlines()))]
    query = "&".join(f"{key}={quote(value, safe='')}" for key, value in fields if value)
    return f"mailto:{quote(row.email, safe='@')}" + (f"?{query}" if query else "")
