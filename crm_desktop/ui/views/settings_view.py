"""The Settings view: a list of sections on the left, the chosen section's form on the right with its own
message line and Save button (Ctrl+S saves the section on screen).

Later issues add sections (loyalty rules, templates, backups, staff) by subclassing `SettingsSection` and
adding an instance in `views/__init__.py`; nothing here changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.services.errors import ServiceError, ValidationError
from crm_desktop.ui import icons, theme

SECTION_LIST_WIDTH = 180
CONTENT_WIDTH = 600
SECTION_ROW_HEIGHT = 34
CONFIRMATION_MS = 4000


class SettingsSection(QWidget):
    """One page of settings. `save()` writes through a service and returns a confirmation sentence, or
    raises `ValidationError` (nothing saved); `focus_field()` puts the cursor on the field it names."""

    message_posted = Signal(str, bool)  # text, is_error: shown on the view's message line

    title = "Section"
    icon_name = "settings"
    description = ""
    has_save = True  # False: the section saves as it goes (e.g. in its own dialogs); no Save button
    fills_page = False  # True: as wide and tall as the page (a section holding a table)

    def reload(self) -> None:
        """Show what the database holds now."""

    def save(self) -> str:
        raise NotImplementedError

    def focus_field(self, field: str) -> None:
        """Move the focus to the widget for a `ValidationError.field`."""


def describe(error: ValidationError) -> str:
    """'Shop name is required.' / 'Email: 'x' is not an email address.'"""
    message = error.message.rstrip(".")
    if message.split(" ", 1)[0] in ("is", "are", "must", "should", "cannot", "has"):
        return f"{error.field} {message}."
    return f"{error.field}: {message}."


_LIST_STYLE = """
QListWidget#settings_sections { background: palette(base); border: 1px solid palette(mid); border-radius: 8px;
                                outline: 0; padding: 4px; }
QListWidget#settings_sections::item { padding: 6px 8px; margin: 1px 0; border-radius: 6px; }
QListWidget#settings_sections::item:hover:!selected { background: palette(alternate-base); }
QListWidget#settings_sections::item:selected { background: palette(highlight); color: palette(highlighted-text); }
"""


class _SectionPage(QScrollArea):
    """One section with its title, description, and its own message line and Save button right under
    the form, so an error appears next to the fields it is about."""

    def __init__(self, section: SettingsSection) -> None:
        super().__init__()
        self.section = section
        header = QLabel(section.title)
        font = header.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        header.setFont(font)
        about = QLabel(section.description)
        about.setWordWrap(True)
        about.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.message = QLabel(objectName="settings_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(icons.icon("check"), "Save", objectName="settings_save")
        self.save_button.setToolTip(f"Save {section.title.lower()} (Ctrl+S)")
        self.save_button.setMinimumWidth(110)
        bar = QHBoxLayout()
        bar.addWidget(self.message, 1)
        bar.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        content = QWidget()
        content.setMaximumWidth(CONTENT_WIDTH)
        box = QVBoxLayout(content)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(header)
        box.addWidget(about)
        box.addSpacing(14)
        box.addWidget(section, 1 if section.fills_page else 0)
        box.addSpacing(14)
        box.addLayout(bar)
        self.save_button.setVisible(section.has_save)
        inner = QWidget()
        outer = QHBoxLayout(inner)
        outer.setContentsMargins(4, 0, 12, 12)
        if section.fills_page:
            content.setMaximumWidth(16777215)
            outer.addWidget(content, 1)
        else:
            outer.addWidget(content, 1, Qt.AlignmentFlag.AlignTop)
        outer.addStretch(0)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(inner)


class SettingsView(QWidget):
    saved = Signal(str)  # the confirmation sentence
    section_changed = Signal(int)

    def __init__(self, sections: list[SettingsSection], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sections = sections
        self.section_list = QListWidget(objectName="settings_sections")
        self.section_list.setAccessibleName("Settings sections")
        self.section_list.setFixedWidth(SECTION_LIST_WIDTH)
        self.section_list.setIconSize(QSize(18, 18))
        self.section_list.setFrameShape(QFrame.Shape.NoFrame)
        self.section_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.section_list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.section_list.setStyleSheet(_LIST_STYLE)
        self.pages = QStackedWidget()
        self._pages: list[_SectionPage] = []
        for section in sections:
            item = QListWidgetItem(icons.icon(section.icon_name), section.title)
            item.setSizeHint(QSize(SECTION_LIST_WIDTH - 24, SECTION_ROW_HEIGHT))
            self.section_list.addItem(item)
            page = _SectionPage(section)
            page.save_button.clicked.connect(self.save_current)
            section.message_posted.connect(self._say)
            self._pages.append(page)
            self.pages.addWidget(page)
        self.section_list.currentRowChanged.connect(self._show_section)
        # A card as tall as its rows: item height + 1px margins, plus the card's 4px padding and 1px border.
        self.section_list.setFixedHeight(len(sections) * (SECTION_ROW_HEIGHT + 2) + 10)

        self.save_action = QAction("Save settings", self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # only while visible
        self.save_action.triggered.connect(self.save_current)
        self.addAction(self.save_action)
        self._hide_timer = QTimer(self, singleShot=True, interval=CONFIRMATION_MS)
        self._hide_timer.timeout.connect(lambda: self.message.clear())

        # Forms sit on the window colour so their fields (base colour) stand out in light and dark mode.
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(24)
        layout.addWidget(self.section_list, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.pages, 1)
        self.section_list.setCurrentRow(0)

    @property
    def current_section(self) -> SettingsSection:
        return self.sections[max(self.section_list.currentRow(), 0)]

    @property
    def message(self) -> QLabel:
        """The current section's message line (errors and confirmations)."""
        return self._pages[max(self.section_list.currentRow(), 0)].message

    @property
    def save_button(self) -> QPushButton:
        return self._pages[max(self.section_list.currentRow(), 0)].save_button

    def select_section(self, row: int) -> None:
        if 0 <= row < len(self.sections):
            self.section_list.setCurrentRow(row)

    def select_section_titled(self, title: str) -> None:
        for row, section in enumerate(self.sections):
            if section.title == title:
                self.select_section(row)
                section.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_section(self, row: int) -> None:
        if row < 0:
            return
        self.pages.setCurrentIndex(row)
        self.message.clear()
        self.section_changed.emit(row)

    def refresh(self) -> None:
        for section in self.sections:
            section.reload()

    def save_current(self) -> bool:
        section = self.current_section
        if not section.has_save:
            return False
        try:
            confirmation = section.save()
        except ValidationError as exc:
            self._say(describe(exc), True)
            section.focus_field(exc.field)
            return False
        except ServiceError as exc:  # e.g. PermissionDenied: only the owner may change these
            self._say(str(exc), True)
            return False
        self._say(confirmation, False)
        self.saved.emit(confirmation)
        return True

    def _say(self, text: str, error: bool) -> None:
        self._hide_timer.stop()
        palette = self.palette()
        color = theme.error_color(palette) if error else theme.success_color(palette)
        self.message.setProperty("error", error)
        self.message.setStyleSheet(f"color: {color.name()}; font-weight: 600;")
        self.message.setText(text)
        if not error:
            self._hide_timer.start()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            for row, section in enumerate(self.sections):
                self.section_list.item(row).setIcon(icons.icon(section.icon_name))
        super().changeEvent(event)
