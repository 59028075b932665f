"""`run_gui`: the GUI's composition root. Display check, QApplication, error hook, database, session,
views and main window, first-launch offer, event loop. Everything is passed in from here; no globals.

Imports are deliberately lazy and the path to the first window does no slow checks: the benchmark times
process start → main window shown with its status-bar counts (`CRM_DESKTOP_QUIT_AFTER_SHOWN=1`).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from crm_desktop import APP_NAME, APP_TITLE, __version__, paths

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QApplication, QWidget

    from crm_desktop.services.session import Session
    from crm_desktop.ui.main_window import MainWindow
    from crm_desktop.ui.tasks import TaskRunner
    from crm_desktop.ui.ui_settings import UiSettings

log = logging.getLogger(__name__)

QUIT_AFTER_SHOWN_ENV = "CRM_DESKTOP_QUIT_AFTER_SHOWN"
STATUS_MESSAGE_MS = 6000
NO_DISPLAY_MESSAGE = (
    "crm-desktop: no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set). Start it from "
    "a desktop session, or headless with: xvfb-run crm-desktop\n"
)


def display_available(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """On X11/Wayland systems Qt aborts the process without a display; check first."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    return any(environ.get(var) for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def configure_application(app: QApplication) -> None:
    from crm_desktop.ui import icons, theme

    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    app.setWindowIcon(icons.app_icon())
    theme.apply_style(app)


def build_main_window(
    session: Session, db_path: Path, runner: TaskRunner, settings: UiSettings
) -> MainWindow:
    """The main window with every view, wired together. Tests build the window through this too."""
    from crm_desktop.services import settings as shop_settings
    from crm_desktop.ui import errors, ui_settings
    from crm_desktop.ui.context import EVERYTHING, UiContext
    from crm_desktop.ui.main_window import MainWindow
    from crm_desktop.ui.views import build_pages
    from crm_desktop.ui.widgets.search_suggestions import SearchSuggestions

    ctx = UiContext(session, runner, settings)
    window = MainWindow(
        build_pages(ctx), runner, settings, db_path, shop_settings.shop_profile(), errors.log_file()
    )
    window.context = ctx
    ctx.changes.changed.connect(
        lambda entities: window.refresh_data() if entities == EVERYTHING else window.refresh_counts()
    )

    def wire(key: str, widget: QWidget) -> None:  # views are built on first visit
        if key == "settings":
            for section in widget.sections:  # type: ignore[attr-defined]
                if hasattr(section, "profile_saved"):
                    section.profile_saved.connect(window.set_shop_profile)
            widget.select_section(settings.get(ui_settings.SETTINGS_SECTION))  # type: ignore[attr-defined]
            widget.section_changed.connect(  # type: ignore[attr-defined]
                lambda row: settings.set(ui_settings.SETTINGS_SECTION, row)
            )
        if key == "today":
            widget.customer_requested.connect(window.open_customer)  # type: ignore[attr-defined]
            widget.follow_ups_requested.connect(lambda: window.show_view("followups"))  # type: ignore[attr-defined]
            widget.message_posted.connect(  # type: ignore[attr-defined]
                lambda text: window.statusBar().showMessage(text, STATUS_MESSAGE_MS)
            )
        if key == "followups":
            widget.customer_requested.connect(window.open_customer)  # type: ignore[attr-defined]
        if key == "customers":
            window.search_requested.connect(widget.show_search)  # type: ignore[attr-defined]
            # The profile is built on the first customer opened; its "Log purchase" opens the walk-in panel.
            once(
                widget.customer_opened,  # type: ignore[attr-defined]
                lambda _id: widget.profile_view.log_purchase_requested.connect(window.open_walk_in),  # type: ignore[attr-defined]
            )

    window.page_created.connect(wire)
    suggestions = SearchSuggestions(window.search_box, runner, window)
    suggestions.customer_chosen.connect(window.open_customer)
    window.show_view(0)
    return window


def once(signal: SignalInstance, slot: Callable[..., object]) -> None:
    """Connect `slot` for the next emission only."""

    def fire(*args: object) -> None:
        signal.disconnect(fire)
        slot(*args)

    signal.connect(fire)


def run_gui(db_arg: str | None) -> int:
    """Start the desktop app on the database chosen by `--db`, $CRM_DESKTOP_DB or the data folder."""
    if not display_available():
        sys.stderr.write(NO_DISPLAY_MESSAGE)
        return 1
    from crm_desktop.db.database import DatabaseOpenError, open_database

    path = paths.resolve_db_path(db_arg)
    db, open_error, counts = None, None, None
    try:
        db = open_database(path)
        counts = prefetch_counts(db)
    except DatabaseOpenError as exc:
        open_error = exc

    from PySide6.QtWidgets import QApplication

    from crm_desktop.ui import errors

    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)  # type: ignore[arg-type]
    previous_hook = errors.install_excepthook()
    try:
        if db is None:
            log.error("cannot open database: %s", open_error)
            sys.stderr.write(f"crm-desktop: {open_error}\n")
            _cannot_open(str(open_error))
            return 1
        return _run_window(app, db, path, counts)  # type: ignore[arg-type]
    finally:
        sys.excepthook = previous_hook
        if db is not None:
            db.close()


def prefetch_counts(db) -> Future:  # db: peewee SqliteDatabase
    """Count customers and purchases on a thread of its own, started before Qt is even imported: SQLite
    releases the GIL, so the count (the slowest step to the first window on a big shop) overlaps the Qt
    import and the window build. A one-off read on its own connection, which WAL allows beside the UI's."""
    from crm_desktop.services import stats

    future: Future = Future()

    def work() -> None:
        try:
            future.set_result(stats.shop_counts())
        except BaseException as exc:
            future.set_exception(exc)
        finally:
            db.close()  # this thread's connection

    threading.Thread(target=work, name="crm-desktop-first-counts", daemon=True).start()
    return future


def _cannot_open(message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(
        None,
        f"{APP_TITLE} — cannot open the database",
        f"{message}\n\nThe file was not changed. Start {APP_TITLE} with another file "
        f"(crm-desktop --db PATH) or restore a backup.",
    )


def _run_window(app: QApplication, db, path: Path, counts: Future) -> int:  # db: peewee SqliteDatabase
    from crm_desktop.clock import SystemClock
    from crm_desktop.services.session import Session
    from crm_desktop.services.staff import owner_actor
    from crm_desktop.ui import errors
    from crm_desktop.ui.tasks import TaskRunner
    from crm_desktop.ui.ui_settings import UiSettings

    clock = SystemClock()
    runner = TaskRunner(after_job=db.close, default_error_handler=errors.show_error)
    session = Session(owner_actor(clock), clock)
    settings = UiSettings()
    window = build_main_window(session, path, runner, settings)
    # First on the worker (before the start page's reads): it waits for the counts prefetched since start.
    runner.run(counts.result, on_success=window.show_counts)
    window.restore_layout()
    if os.environ.get(QUIT_AFTER_SHOWN_ENV) == "1":
        once(window.counts_loaded, lambda _counts: _quit_when_painted(app, window))
    else:
        from crm_desktop.ui import first_launch

        once(
            window.counts_loaded,
            lambda counts: first_launch.after_first_counts(window, settings, session, counts),
        )
        start_daily_jobs(window)
        start_reminders(window)
    window.show()
    log.info("%s %s started on %s", APP_TITLE, __version__, path)
    try:
        return app.exec()
    finally:
        runner.shutdown()
        window.deleteLater()


def start_daily_jobs(window: MainWindow) -> None:
    """The once-a-day passes (loyalty expiry, birthday bonuses, tiers) run a little after the window is
    up, never on the way to it, then again whenever the shop's date changes."""
    from crm_desktop.ui.daily_jobs import DailyJobs

    window.daily_jobs = DailyJobs(window.context, parent=window)  # type: ignore[attr-defined]
    window.daily_jobs.start()  # type: ignore[attr-defined]


def start_reminders(window: MainWindow) -> None:
    """Sidebar badges now and then, and a tray message when something falls due (ui/reminders.py)."""
    from crm_desktop.ui import reminders

    window.reminders = reminders.start_reminders(window, window.context)  # type: ignore[attr-defined]


def _quit_when_painted(app: QApplication, window: MainWindow) -> None:
    """The benchmark's finish line: the window and its counts are on screen, then quit with 0."""
    window.repaint()
    app.exit(0)
