import pytest

from crm_desktop.money import MoneyFormat, parse_amount


@pytest.mark.parametrize(
    ("text", "locale", "cents"),
    [
        ("12.50", "en_GB", 1250),
        ("12,50", "en_GB", 1250),
        ("12,50", "de_DE", 1250),
        ("12.5", "de_DE", 1250),
        ("1,250", "en_US", 125000),
        ("1.250", "de_DE", 125000),
        ("1.234,56", "de_DE", 123456),
        ("1,234.56", "en_US", 123456),
        ("€ 7", "fr_FR", 700),
        ("$1,000,000", "en_US", 100000000),
        ("0.01", "en_US", 1),
        ("-3.20", "en_US", -320),
    ],
)
def test_parse_follows_locale_where_ambiguous(text, locale, cents):
    assert MoneyFormat("EUR", locale).parse(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "12.3.4,5x", "1.005", "--5", "12,5,0,0a"])
def test_parse_refuses_non_amounts(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_yen_has_no_minor_units():
    yen = MoneyFormat("JPY", "ja_JP")
    assert yen.parse("1200") == 1200
    assert yen.format(1200) == "¥1,200"
    with pytest.raises(ValueError, match="decimal places"):
        yen.parse("12.5")


def test_format_uses_locale_separators():
    assert MoneyFormat("EUR", "de_DE").format(123456) == "1.234,56\u00a0€"
    assert MoneyFormat("GBP", "en_GB").format(-5) == "-£0.05"
    assert MoneyFormat("USD", "en_US").format(100, symbol=False) == "1.00"
