"""The app's SVG icon set, tinted to the current palette so the same files work in light and dark mode.

Icons under `resources/icons/` draw with `stroke="currentColor"`; an `SvgIconEngine` renders them at any
size, replacing `currentColor` with the palette colour for the icon's mode (normal, disabled, selected).
`app.svg` carries its own colours and is used as is.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from crm_desktop.resources import resource_path

NAMES = (
    "today",
    "customers",
    "followups",
    "segments",
    "reports",
    "settings",
    "search",
    "walk_in",
    "about",
    "image",
    "check",
    "alert",
    "database",
    "shop",
    "barcode",
    "products",
    "add",
    "loyalty",
)


@cache
def _svg_text(name: str) -> str:
    return resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")


def _palette() -> QPalette:
    return QGuiApplication.palette()


def _mode_color(mode: QIcon.Mode, palette: QPalette, accent: bool) -> QColor:
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if mode == QIcon.Mode.Selected:
        return palette.color(QPalette.ColorRole.HighlightedText)
    return palette.color(QPalette.ColorRole.Highlight if accent else QPalette.ColorRole.WindowText)


def _renderer(name: str, color: QColor) -> QSvgRenderer:
    svg = _svg_text(name).replace("currentColor", color.name())
    if color.alpha() < 255:
        svg = svg.replace("<svg ", f'<svg opacity="{color.alphaF():.2f}" ', 1)
    return QSvgRenderer(QByteArray(svg.encode("utf-8")))


class SvgIconEngine(QIconEngine):
    """Renders one SVG icon crisply at any size, coloured per mode from the palette at creation."""

    def __init__(self, name: str, accent: bool = False) -> None:
        super().__init__()
        self._name = name
        self._accent = accent
        palette = _palette()
        self._colors = {m: _mode_color(m, palette, accent) for m in QIcon.Mode}
        self._cache: dict[tuple[int, int, QIcon.Mode], QPixmap] = {}

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        _renderer(self._name, self._colors[mode]).render(painter, rect)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        key = (size.width(), size.height(), mode)
        if key not in self._cache:
            pixmap = QPixmap(size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
            painter.end()
            self._cache[key] = pixmap
        return self._cache[key]

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._name, self._accent)

    def key(self) -> str:
        return "crm-desktop-svg"


def icon(name: str, *, accent: bool = False) -> QIcon:
    """A palette-tinted icon (text colour, or the highlight colour with `accent`); re-create it after a
    palette change so it follows light/dark mode."""
    if name not in NAMES:
        raise KeyError(f"no icon named {name!r}")
    return QIcon(SvgIconEngine(name, accent))


def pixmap(name: str, size: int, color: QColor, device_pixel_ratio: float = 1.0) -> QPixmap:
    """One icon drawn in `color` at `size` logical pixels (e.g. for a large empty-state picture)."""
    physical = round(size * device_pixel_ratio)
    result = QPixmap(physical, physical)
    result.fill(Qt.GlobalColor.transparent)
    painter = QPainter(result)
    _renderer(name, color).render(painter, QRect(0, 0, physical, physical))
    painter.end()
    result.setDevicePixelRatio(device_pixel_ratio)
    return result


def app_icon() -> QIcon:
    """The application icon, in its own colours."""
    return QIcon(str(resource_path("icons", "app.svg")))
