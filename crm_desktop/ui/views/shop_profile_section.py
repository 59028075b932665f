"""Settings → Shop profile: the name, address and contact details printed on receipts and reports, the
currency and locale used for money, dates and phone numbers, the paper size, and the logo."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, Qt, Signal
from PySide6.QtGui import QImage, QPalette, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.money import CURRENCIES
from crm_desktop.services import settings
from crm_desktop.services.session import Session
from crm_desktop.ui import icons
from crm_desktop.ui.views.settings_view import SettingsSection

FIELD_MIN_WIDTH = 260  # fields fill the settings column (settings_view.CONTENT_WIDTH)
LOGO_MAX_SIDE = 512
PREVIEW_SIDE = 96

CURRENCY_NAMES = {
    "EUR": "Euro",
    "USD": "US dollar",
    "GBP": "Pound sterling",
    "CHF": "Swiss franc",
    "CAD": "Canadian dollar",
    "AUD": "Australian dollar",
    "NZD": "New Zealand dollar",
    "SEK": "Swedish krona",
    "NOK": "Norwegian krone",
    "DKK": "Danish krone",
    "PLN": "Polish złoty",
    "CZK": "Czech koruna",
    "HUF": "Hungarian forint",
    "JPY": "Japanese yen",
    "KRW": "South Korean won",
    "INR": "Indian rupee",
    "BRL": "Brazilian real",
    "MXN": "Mexican peso",
    "ZAR": "South African rand",
    "TRY": "Turkish lira",
}

LOCALES = (
    "en_GB", "en_US", "en_IE", "en_CA", "en_AU", "en_NZ", "en_IN", "en_ZA", "de_DE", "de_AT", "de_CH",
    "fr_FR", "fr_BE", "fr_CH", "fr_CA", "es_ES", "es_MX", "it_IT", "nl_NL", "nl_BE", "pl_PL", "pt_PT",
    "pt_BR", "sv_SE", "da_DK", "nb_NO", "fi_FI", "cs_CZ", "hu_HU", "tr_TR", "ja_JP", "ko_KR",
)  # fmt: skip


def locale_name(code: str) -> str:
    """'en_GB' -> 'English (United Kingdom)'."""
    loc = QLocale(code)
    return f"{QLocale.languageToString(loc.language())} ({QLocale.territoryToString(loc.territory())})"


def scaled_png(
    image: QImage, max_side: int = LOGO_MAX_SIDE, max_bytes: int = settings.MAX_LOGO_BYTES
) -> bytes:
    """The image as PNG, at most `max_side` pixels a side and `max_bytes` long (shrunk until it fits)."""
    side = max_side
    while True:
        if max(image.width(), image.height()) > side:
            image = image.scaled(
                side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        if data.size() <= max_bytes or side <= 64:
            return bytes(data.data())
        side = int(side * 0.75)


class ShopProfileSection(SettingsSection):
    title = "Shop profile"
    icon_name = "shop"
    description = "Printed on receipts, reports and loyalty cards. Currency and locale decide how money and dates are shown."

    profile_saved = Signal(object)  # ShopProfile

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.name_edit = QLineEdit(objectName="shop_name", maxLength=120)
        self.address_edit = QPlainTextEdit(objectName="shop_address", tabChangesFocus=True)
        self.address_edit.setFixedHeight(self.address_edit.fontMetrics().lineSpacing() * 4 + 12)
        self.phone_edit = QLineEdit(objectName="shop_phone", maxLength=40)
        self.email_edit = QLineEdit(objectName="shop_email", maxLength=120)
        self.currency_combo = QComboBox(objectName="shop_currency")
        for code, (symbol, _) in CURRENCIES.items():
            label = f"{code} — {CURRENCY_NAMES.get(code, code)}" + (f" ({symbol})" if symbol != code else "")
            self.currency_combo.addItem(label, code)
        self.locale_combo = QComboBox(objectName="shop_locale")
        for code in sorted(LOCALES, key=locale_name):
            self.locale_combo.addItem(locale_name(code), code)
            self.locale_combo.setItemData(self.locale_combo.count() - 1, code, Qt.ItemDataRole.ToolTipRole)
        self.paper_combo = QComboBox(objectName="shop_paper")
        for size in settings.PAPER_SIZES:
            self.paper_combo.addItem(size, size)
        for combo in (self.currency_combo, self.locale_combo, self.paper_combo):
            combo.setMinimumWidth(FIELD_MIN_WIDTH)
        self.name_edit.setPlaceholderText("e.g. Rosa's Flowers")
        self.phone_edit.setPlaceholderText("e.g. +44 20 7946 0000")
        self.email_edit.setPlaceholderText("e.g. hello@example.com")

        self.logo_preview = QLabel(objectName="logo_preview")
        self.logo_preview.setFixedSize(PREVIEW_SIDE + 8, PREVIEW_SIDE + 8)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.choose_logo_button = QPushButton(icons.icon("image"), "Choose image…", objectName="choose_logo")
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton("Remove", objectName="remove_logo")
        self.remove_logo_button.clicked.connect(self.remove_logo)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.choose_logo_button)
        buttons.addWidget(self.remove_logo_button)
        buttons.addStretch(1)
        logo_hint = QLabel(f"PNG or JPEG. Larger images are scaled down to {LOGO_MAX_SIDE} px.")
        logo_hint.setWordWrap(True)
        logo_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        logo_side = QVBoxLayout()
        logo_side.addLayout(buttons)
        logo_side.addWidget(logo_hint)
        logo_side.addStretch(1)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview, 0, Qt.AlignmentFlag.AlignTop)
        logo_row.addSpacing(8)
        logo_row.addLayout(logo_side, 1)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Shop &name:", self.name_edit)
        form.addRow("&Address:", self.address_edit)
        form.addRow("P&hone:", self.phone_edit)
        form.addRow("&Email:", self.email_edit)
        form.addRow("&Currency:", self.currency_combo)
        form.addRow("Country / &locale:", self.locale_combo)
        form.addRow("Paper si&ze:", self.paper_combo)
        form.addRow("Lo&go:", logo_row)
        form.labelForField(logo_row).setBuddy(self.choose_logo_button)
        self._fields: dict[str, QWidget] = {
            "Shop name": self.name_edit,
            "Address": self.address_edit,
            "Phone": self.phone_edit,
            "Email": self.email_edit,
            "Currency": self.currency_combo,
            "Country / locale": self.locale_combo,
            "Paper size": self.paper_combo,
            "Logo": self.choose_logo_button,
        }
        self._logo: bytes | None = None
        self._logo_changed = False
        self.reload()

    # --- loading and saving -------------------------------------------------------------------------
    def reload(self) -> None:
        profile = settings.shop_profile()
        self.name_edit.setText(profile.name)
        self.address_edit.setPlainText(profile.address)
        self.phone_edit.setText(profile.phone)
        self.email_edit.setText(profile.email)
        _select(self.currency_combo, profile.currency, profile.currency)
        _select(self.locale_combo, profile.locale, f"{profile.locale}")
        _select(self.paper_combo, profile.paper_size, profile.paper_size)
        self._logo, self._logo_changed = settings.shop_logo(), False
        self._show_logo()

    def profile(self) -> settings.ShopProfile:
        """The profile as the form shows it (not validated)."""
        return settings.ShopProfile(
            name=self.name_edit.text(),
            address=self.address_edit.toPlainText(),
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            currency=self.currency_combo.currentData(),
            locale=self.locale_combo.currentData(),
            paper_size=self.paper_combo.currentData(),
        )

    def save(self) -> str:
        saved = settings.save_shop_profile(self.session, self.profile())  # ValidationError: nothing saved
        if self._logo_changed:
            settings.save_shop_logo(self.session, self._logo)
        self.reload()
        self.profile_saved.emit(saved)
        return "Shop profile saved."

    def focus_field(self, field: str) -> None:
        widget = self._fields.get(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    # --- logo ---------------------------------------------------------------------------------------
    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a logo", "", "Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp *.svg)"
        )
        if not path:
            return
        image = QImage(path)
        if image.isNull():
            self.message_posted.emit(f"Logo: {path} could not be read as an image.", True)
            return
        self.set_logo_image(image)
        self.message_posted.emit("Logo chosen: press Save to keep it.", False)

    def set_logo_image(self, image: QImage) -> None:
        self._logo, self._logo_changed = scaled_png(image), True
        self._show_logo()

    def remove_logo(self) -> None:
        self._logo, self._logo_changed = None, True
        self._show_logo()
        self.message_posted.emit("Logo removed: press Save to keep the change.", False)

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self._logo and pixmap.loadFromData(self._logo):
            dpr = self.devicePixelRatioF()
            scaled = pixmap.scaled(
                round(PREVIEW_SIDE * dpr),
                round(PREVIEW_SIDE * dpr),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            scaled.setDevicePixelRatio(dpr)
            self.logo_preview.setPixmap(scaled)
            self.logo_preview.setToolTip(f"{pixmap.width()} × {pixmap.height()} px")
        else:
            self.logo_preview.clear()
            self.logo_preview.setText("No logo")
            self.logo_preview.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self.logo_preview.setToolTip("")
        self.remove_logo_button.setEnabled(self._logo is not None)

    @property
    def logo_bytes(self) -> bytes | None:
        return self._logo


def _select(combo: QComboBox, value: str, label: str) -> None:
    index = combo.findData(value)
    if index < 0:  # a value saved elsewhere (CLI, import) that the list does not offer: keep it
        combo.addItem(label, value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
