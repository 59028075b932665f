"""The icon set follows the palette (dark mode included); ui.ini keys come back with their types."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette

from crm_desktop.resources import resource_path
from crm_desktop.ui import icons, ui_settings
from crm_desktop.ui.ui_settings import Key, UiSettings


def _opaque_colors(pixmap) -> set[str]:
    image = pixmap.toImage()
    return {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    }


@pytest.mark.parametrize("name", icons.NAMES)
def test_every_icon_is_a_24px_stroke_svg_that_renders(qapp, name):
    svg = resource_path("icons", f"{name}.svg").read_text()
    assert 'viewBox="0 0 24 24"' in svg and 'stroke-width="2"' in svg and 'stroke-linecap="round"' in svg
    assert "currentColor" in svg
    assert _opaque_colors(icons.icon(name).pixmap(48))  # something is drawn


def test_icons_take_the_palette_text_colour_so_dark_mode_works(qapp):
    original = QGuiApplication.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    dark.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    try:
        QGuiApplication.setPalette(dark)
        icon = icons.icon("search")
        assert _opaque_colors(icon.pixmap(QSize(24, 24), QIcon.Mode.Normal)) == {"#eeeeee"}
        assert _opaque_colors(icon.pixmap(QSize(24, 24), QIcon.Mode.Selected)) == {"#ffffff"}
    finally:
        QGuiApplication.setPalette(original)


def test_unknown_icon_names_fail_loudly(qapp):
    with pytest.raises(KeyError):
        icons.icon("nope")


def test_app_icon_has_its_own_colours(qapp):
    assert not icons.app_icon().isNull()
    assert "#2563eb" in _opaque_colors(icons.app_icon().pixmap(64))


def test_ui_settings_defaults_round_trip_and_types(tmp_path):
    settings = UiSettings(tmp_path / "ui.ini")
    assert settings.get(ui_settings.DEMO_OFFERED) is False
    assert settings.get(ui_settings.MAIN_WINDOW_VIEW) == "today"
    assert settings.get(ui_settings.MAIN_WINDOW_GEOMETRY) == b""

    settings.set(ui_settings.DEMO_OFFERED, True)
    settings.set(ui_settings.SETTINGS_SECTION, 2)
    settings.set(ui_settings.MAIN_WINDOW_GEOMETRY, b"\x01\x02\xff")
    settings.sync()

    again = UiSettings(tmp_path / "ui.ini")  # a new process reads the file
    assert again.get(ui_settings.DEMO_OFFERED) is True
    assert again.get(ui_settings.SETTINGS_SECTION) == 2
    assert again.get(ui_settings.MAIN_WINDOW_GEOMETRY) == b"\x01\x02\xff"


def test_a_hand_edited_bad_value_falls_back_to_the_default(tmp_path):
    path = tmp_path / "ui.ini"
    path.write_text("[settings_view]\nsection=lots\n")
    assert UiSettings(path).get(ui_settings.SETTINGS_SECTION) == 0
    assert UiSettings(path).get(Key("settings_view/section", "x")) == "lots"


def test_default_file_lives_in_the_config_folder(isolated_folders):
    assert UiSettings().path == isolated_folders / "config" / "crm-desktop" / "ui.ini"
