"""The main window: a thin frame. Sidebar + stacked views, a header with the global search box, menus,
and a status bar with the database file and shop counts. Views are built elsewhere and passed in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from crm_desktop import APP_TITLE
from crm_desktop.services import stats
from crm_desktop.services.settings import ShopProfile
from crm_desktop.ui import icons, ui_settings
from crm_desktop.ui.context import UiContext
from crm_desktop.ui.tasks import TaskRunner
from crm_desktop.ui.views import Page
from crm_desktop.ui.widgets.elided_label import ElidedLabel
from crm_desktop.ui.widgets.search_box import SearchBox
from crm_desktop.ui.widgets.sidebar import WIDTH as SIDEBAR_WIDTH
from crm_desktop.ui.widgets.sidebar import Sidebar

DEFAULT_SIZE = (1280, 800)


class MainWindow(QMainWindow):
    search_requested = Signal(str)  # Enter in the search box; the Customers view runs the search
    view_changed = Signal(str)  # page key
    page_created = Signal(str, QWidget)  # key, widget: a view was built on its first visit
    counts_loaded = Signal(object)  # ShopCounts, once the status bar shows them

    def __init__(
        self,
        pages: list[Page],
        runner: TaskRunner,
        settings: ui_settings.UiSettings,
        db_path: Path,
        profile: ShopProfile,
        log_file: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.pages = pages
        self.runner = runner
        self.settings = settings
        self.db_path = db_path
        self.log_file = log_file
        self.profile = profile
        self.counts: stats.ShopCounts | None = None
        self.context: UiContext | None = None  # set by application.build_main_window
        self.about_dialog = None
        self.walk_in_panel = None  # ui.walk_in.panel.WalkInPanel, built on the first F2
        self._tinted: list[tuple[QAction, str]] = []

        self.search_box = SearchBox()
        self.search_box.submitted.connect(self._search_submitted)
        self.sidebar = Sidebar()
        self.stack = QStackedWidget()
        self.stack.setObjectName("views")
        self.stack.setBackgroundRole(QPalette.ColorRole.Base)  # content on the base colour, sidebar on window
        self.stack.setAutoFillBackground(True)
        self._built: dict[str, QWidget] = {}
        for number, page in enumerate(pages, start=1):
            self.sidebar.add_page(page.title, page.icon, f"Ctrl+{number}", page.key)
            self.stack.addWidget(QWidget())  # placeholder until the view's first visit
        self.sidebar.currentRowChanged.connect(self._row_changed)

        self._build_header()
        self._build_menus()
        self._build_status_bar()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(divider)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.setTabOrder(self.search_box, self.sidebar)
        self.set_shop_profile(profile)  # no view is selected yet: call show_view() once wired

    # --- building ---------------------------------------------------------------------------------------
    def _build_header(self) -> None:
        bar = QToolBar("Header")
        bar.setObjectName("header")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.toggleViewAction().setVisible(False)
        brand = QWidget()
        brand.setFixedWidth(SIDEBAR_WIDTH - 8)
        row = QHBoxLayout(brand)
        row.setContentsMargins(8, 4, 8, 4)
        logo = QLabel()
        logo.setPixmap(icons.app_icon().pixmap(24, 24))
        self.shop_label = ElidedLabel()
        self.shop_label.setObjectName("shop_name_label")
        font = self.shop_label.font()
        font.setBold(True)
        self.shop_label.setFont(font)
        row.addWidget(logo)
        row.addSpacing(4)
        row.addWidget(self.shop_label, 1)
        bar.addWidget(brand)
        bar.addWidget(self.search_box)
        # F2 from anywhere in the app, the counter's one shortcut: find or add the customer, log the sale.
        self.walk_in_action = self._action("&Walk-in…", "walk_in", ["F2"])
        self.walk_in_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.walk_in_action.triggered.connect(lambda: self.open_walk_in())
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addAction(self.walk_in_action)
        bar.widgetForAction(self.walk_in_action).setObjectName("walk_in_button")
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.header = bar

    def _action(self, text: str, icon_name: str | None = None, shortcuts: list[str] | None = None) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icons.icon(icon_name))
            self._tinted.append((action, icon_name))
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            tip = text.replace("&", "").rstrip("…")
            action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        return action

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu("&File")
        self.quit_action = self._action("&Quit", shortcuts=["Ctrl+Q"])
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        view_menu = menu_bar.addMenu("&View")
        group = QActionGroup(self)
        self.view_actions: list[QAction] = []
        for number, page in enumerate(self.pages, start=1):
            action = self._action(page.title, page.icon, [f"Ctrl+{number}"])
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, key=page.key: self.show_view(key))
            group.addAction(action)
            view_menu.addAction(action)
            self.view_actions.append(action)
        view_menu.addSeparator()
        self.search_action = self._action("&Search customers", "search", ["Ctrl+K", "Ctrl+F"])
        self.search_action.triggered.connect(self.focus_search)
        view_menu.addAction(self.search_action)

        sales_menu = menu_bar.addMenu("&Sales")
        sales_menu.addAction(self.walk_in_action)
        self.products_action = self._action("&Products…", "products")
        self.products_action.triggered.connect(self.show_products)
        sales_menu.addAction(self.products_action)
        self.expiring_action = self._action("Points &expiring soon…", "loyalty")
        self.expiring_action.triggered.connect(self.show_expiring_points)
        sales_menu.addAction(self.expiring_action)

        help_menu = menu_bar.addMenu("&Help")
        self.about_action = self._action(f"&About {APP_TITLE}", "about")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("status_bar")
        self.db_label = ElidedLabel(str(self.db_path))
        self.db_label.setObjectName("db_path_label")
        self.db_label.setContentsMargins(8, 0, 0, 0)
        self.counts_label = QLabel("Counting…")
        self.counts_label.setObjectName("counts_label")
        self.counts_label.setContentsMargins(12, 0, 8, 0)
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(self.counts_label)

    def createPopupMenu(self) -> QMenu | None:
        return None  # no "hide the header" menu on right-click

    # --- navigation and search --------------------------------------------------------------------------
    @property
    def current_key(self) -> str:
        return self.pages[max(self.sidebar.currentRow(), 0)].key

    def show_view(self, key_or_index: str | int) -> None:
        if isinstance(key_or_index, str):
            keys = [page.key for page in self.pages]
            if key_or_index not in keys:
                return
            key_or_index = keys.index(key_or_index)
        self.sidebar.setCurrentRow(key_or_index)

    def page_widget(self, key: str) -> QWidget:
        """The view for `key`, built now if it was never shown."""
        if key not in self._built:
            row = [page.key for page in self.pages].index(key)
            widget = self.pages[row].factory()
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, widget)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[key] = widget
            self.page_created.emit(key, widget)
        return self._built[key]

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        self.page_widget(self.pages[row].key)
        self.stack.setCurrentIndex(row)
        self.view_actions[row].setChecked(True)
        self.view_changed.emit(self.pages[row].key)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _search_submitted(self, text: str) -> None:
        self.show_view("customers")
        self.search_requested.emit(text)

    def open_customer(self, customer_id: int) -> None:
        """Show the Customers view with this customer's profile open (walk-ins, Today and search use it)."""
        self.show_view("customers")
        self.page_widget("customers").open_customer(customer_id)  # type: ignore[attr-defined]

    def show_about(self) -> None:
        from crm_desktop.ui.about_dialog import AboutDialog

        self.about_dialog = AboutDialog(self.db_path, self.log_file, self.settings.path, self)
        self.about_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.about_dialog.open()

    def open_walk_in(self, customer_id: int | None = None) -> None:
        """The walk-in panel (F2); with `customer_id`, straight to logging a sale for that customer."""
        if self.walk_in_panel is None:
            from crm_desktop.ui.walk_in.panel import WalkInPanel

            self.walk_in_panel = WalkInPanel(self.context, self)
            self.walk_in_panel.profile_requested.connect(self.open_customer)
        if customer_id is None:
            self.walk_in_panel.start()
        else:
            self.walk_in_panel.open_for_customer(customer_id)

    def show_expiring_points(self) -> None:
        """Customers whose points expire soon unless used, to remind them; one opens in Customers."""
        from crm_desktop.ui.dialogs.expiring_points_dialog import ExpiringPointsDialog

        dialog = ExpiringPointsDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.customer_chosen.connect(self.open_customer)
        dialog.open()

    def show_products(self) -> None:
        """Settings → Products, where the product list is kept."""
        self.show_view("settings")
        self.page_widget("settings").select_section_titled("Products")  # type: ignore[attr-defined]

    # --- data -------------------------------------------------------------------------------------------
    def set_shop_profile(self, profile: ShopProfile) -> None:
        self.profile = profile
        self.setWindowTitle(f"{profile.name} — {APP_TITLE}")
        self.shop_label.setText(profile.name)
        if self.counts is not None:
            self.show_counts(self.counts)

    def refresh_counts(self) -> None:
        self.runner.run(stats.shop_counts, on_success=self.show_counts)

    def refresh_data(self) -> None:
        """After a write that may touch anything (demo load, import): counts and every view reload."""
        self.refresh_counts()
        for widget in self._built.values():
            refresh = getattr(widget, "refresh", None)
            if callable(refresh):
                refresh()

    def show_counts(self, counts: stats.ShopCounts) -> None:
        self.counts = counts
        locale = QLocale(self.profile.locale)
        customers = f"{locale.toString(counts.customers)} customer{'' if counts.customers == 1 else 's'}"
        purchases = f"{locale.toString(counts.purchases)} purchase{'' if counts.purchases == 1 else 's'}"
        self.counts_label.setText(f"{customers} · {purchases}")
        archived = (
            f"; {locale.toString(counts.archived_customers)} archived" if counts.archived_customers else ""
        )
        self.counts_label.setToolTip(f"Active customers{archived}. Purchases exclude voided ones.")
        self.counts_loaded.emit(counts)

    # --- window state -----------------------------------------------------------------------------------
    def restore_layout(self) -> None:
        geometry = self.settings.get(ui_settings.MAIN_WINDOW_GEOMETRY)
        if not geometry or not self.restoreGeometry(QByteArray(geometry)):
            self._default_geometry()
        state = self.settings.get(ui_settings.MAIN_WINDOW_STATE)
        if state:
            self.restoreState(QByteArray(state))
        self.show_view(self.settings.get(ui_settings.MAIN_WINDOW_VIEW))

    def _default_geometry(self) -> None:
        width, height = DEFAULT_SIZE
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and screen.width() > 0:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 40)
            self.resize(width, height)
            self.move(screen.center() - self.rect().center())
        else:
            self.resize(width, height)

    def save_layout(self) -> None:
        self.settings.set(ui_settings.MAIN_WINDOW_GEOMETRY, bytes(self.saveGeometry().data()))
        self.settings.set(ui_settings.MAIN_WINDOW_STATE, bytes(self.saveState().data()))
        self.settings.set(ui_settings.MAIN_WINDOW_VIEW, self.current_key)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            for action, name in self._tinted:
                action.setIcon(icons.icon(name))
            self.search_box.retint()
        super().changeEvent(event)
