"""The count pill at the right of a sidebar row ("Follow-ups  4"): a delegate that paints the row as usual,
then a rounded pill in the palette's highlight colours (inverted on the selected row, so it reads on both)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

BADGE_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # int count; 0 or None: no pill
RIGHT_MARGIN = 10
PADDING = 6
MAX_SHOWN = 99  # larger counts show "99+"


def badge_text(count: int) -> str:
    return f"{MAX_SHOWN}+" if count > MAX_SHOWN else str(count)


class BadgeDelegate(QStyledItemDelegate):
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().paint(painter, option, index)
        count = index.data(BADGE_ROLE)
        if not count:
            return
        text = badge_text(int(count))
        font = option.font  # type: ignore[attr-defined]
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        fm = QFontMetricsF(font)
        height = fm.height() + 4
        width = max(height, fm.horizontalAdvance(text) + 2 * PADDING)
        rect = option.rect  # type: ignore[attr-defined]
        pill = QRectF(
            rect.right() - RIGHT_MARGIN - width, rect.center().y() - height / 2 + 0.5, width, height
        )
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        fill = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight)
        ink = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.HighlightedText)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setFont(font)
        painter.setPen(ink)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
