"""Settings → Shop profile, driven from the keyboard: what the database holds afterwards, and what the
screen says when a field is wrong."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QFileDialog

from crm_desktop.db.models import AuditEntry
from crm_desktop.services import settings
from crm_desktop.ui.views.settings_view import SettingsView, describe
from crm_desktop.ui.views.shop_profile_section import ShopProfileSection, locale_name, scaled_png

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def view(qtbot, window) -> SettingsView:
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    return window.stack.currentWidget()


@pytest.fixture
def section(view) -> ShopProfileSection:
    return view.current_section


def _pick(qtbot, combo, text_start: str) -> None:
    """Choose a combo entry by keyboard, as a user would."""
    combo.setFocus()
    target = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text_start))
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def test_form_shows_the_stored_profile(section):
    assert section.name_edit.text() == "My Shop"
    assert section.currency_combo.currentData() == "EUR"
    assert section.locale_combo.currentData() == "en_GB"
    assert section.locale_combo.currentText() == "English (United Kingdom)"
    assert section.paper_combo.currentData() == "A4"
    assert section.logo_preview.text() == "No logo"


def test_type_name_pick_currency_and_save_with_ctrl_s(qtbot, view, section):
    section.name_edit.setFocus()
    section.name_edit.selectAll()
    qtbot.keyClicks(section.name_edit, "Rosa & Bean")
    qtbot.keyClick(section.name_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(section.address_edit, "12 Gloucester Road")
    _pick(qtbot, section.currency_combo, "GBP")
    _pick(qtbot, section.locale_combo, "German (Germany)")
    _pick(qtbot, section.paper_combo, "Letter")
    qtbot.keyClick(section.paper_combo, Qt.Key.Key_S, CTRL)

    stored = settings.shop_profile()
    assert (stored.name, stored.address, stored.currency, stored.locale, stored.paper_size) == (
        "Rosa & Bean",
        "12 Gloucester Road",
        "GBP",
        "de_DE",
        "Letter",
    )
    assert view.message.text() == "Shop profile saved."
    assert view.message.property("error") is False


def test_clearing_the_name_shows_an_error_naming_the_field_and_saves_nothing(qtbot, view, section):
    audits = AuditEntry.select().count()
    section.name_edit.setFocus()
    section.name_edit.selectAll()
    qtbot.keyClick(section.name_edit, Qt.Key.Key_Delete)
    _pick(qtbot, section.currency_combo, "USD")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)

    assert view.message.text() == "Shop name is required."
    assert view.message.property("error") is True
    assert view.message.isVisible()
    assert QApplication.focusWidget() is section.name_edit
    assert settings.shop_profile() == settings.ShopProfile()  # nothing changed, not even the currency
    assert AuditEntry.select().count() == audits


def test_bad_email_message_names_the_field(qtbot, view, section):
    section.email_edit.setFocus()
    qtbot.keyClicks(section.email_edit, "not-an-email")
    qtbot.keyClick(section.email_edit, Qt.Key.Key_S, CTRL)
    assert view.message.text() == "Email: 'not-an-email' is not an email address."
    assert QApplication.focusWidget() is section.email_edit


def test_logo_is_scaled_stored_as_png_and_removable(qtbot, tmp_path, monkeypatch, view, section):
    big = QImage(1600, 800, QImage.Format.Format_RGB32)
    big.fill(QColor("#336699"))
    path = tmp_path / "logo.jpg"
    assert big.save(str(path))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "Images"))

    qtbot.mouseClick(section.choose_logo_button, Qt.MouseButton.LeftButton)
    assert settings.shop_logo() is None  # chosen, not yet saved
    assert not section.logo_preview.pixmap().isNull()
    qtbot.keyClick(section.name_edit, Qt.Key.Key_S, CTRL)

    stored = settings.shop_logo()
    assert stored is not None and stored.startswith(b"\x89PNG")
    image = QImage.fromData(stored)
    assert (image.width(), image.height()) == (512, 256)

    qtbot.mouseClick(section.remove_logo_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(section.name_edit, Qt.Key.Key_S, CTRL)
    assert settings.shop_logo() is None
    assert section.logo_preview.text() == "No logo"


def test_unreadable_logo_file_is_reported_inline(qtbot, tmp_path, monkeypatch, view, section):
    path = tmp_path / "notes.png"
    path.write_text("not an image")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "Images"))
    qtbot.mouseClick(section.choose_logo_button, Qt.MouseButton.LeftButton)
    assert "could not be read as an image" in view.message.text()
    assert view.message.property("error") is True


def test_scaled_png_shrinks_until_under_the_limit():
    # Random pixels compress badly. (QImage.setPixel in a loop crashes PySide6 6.12: build from bytes.)
    pixels = random.Random(1).randbytes(900 * 900 * 4)
    noisy = QImage(pixels, 900, 900, 900 * 4, QImage.Format.Format_RGB32).copy()
    data = scaled_png(noisy, max_bytes=200_000)
    assert len(data) <= 200_000
    assert max(QImage.fromData(data).width(), QImage.fromData(data).height()) < 512


def test_helpers_read_well():
    from crm_desktop.services.errors import ValidationError

    assert describe(ValidationError("Shop name", "is required")) == "Shop name is required."
    assert (
        describe(ValidationError("Paper size", "must be one of A4, Letter"))
        == "Paper size must be one of A4, Letter."
    )
    assert locale_name("de_DE") == "German (Germany)"


def test_stored_values_outside_the_lists_are_kept(qtbot, session, make_window):
    settings.save_shop_profile(session, settings.ShopProfile(currency="ISK", locale="is_IS"))
    window = make_window()
    window.show_view("settings")
    section = window.page_widget("settings").current_section
    assert section.currency_combo.currentData() == "ISK"
    assert section.locale_combo.currentData() == "is_IS"
    section.name_edit.setFocus()
    qtbot.keyClick(section.name_edit, Qt.Key.Key_S, CTRL)
    assert settings.shop_profile().currency == "ISK"
