"""run_gui end to end: refusals that leave files alone, no display, the benchmark hook, first launch."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from crm_desktop.db.database import open_database
from crm_desktop.db.models import Customer
from crm_desktop.services.stats import ShopCounts
from crm_desktop.ui import application, first_launch
from crm_desktop.ui import ui_settings as ui_settings_module
from crm_desktop.ui.application import run_gui
from crm_desktop.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def keep_excepthook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


@pytest.fixture
def criticals(monkeypatch, qapp):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append((title, text)))
    return shown


def test_a_non_sqlite_file_is_refused_and_left_untouched(tmp_path, criticals, capsys):
    path = tmp_path / "notes.db"
    original = b"shopping list: milk, eggs\n" * 40
    path.write_bytes(original)

    assert run_gui(str(path)) == 1

    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]  # no -wal/-shm left behind
    ((title, text),) = criticals
    assert "cannot open" in title and "not an SQLite file" in text and "--db" in text
    assert str(path) in capsys.readouterr().err


def test_no_display_is_one_clear_line(monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "linux")
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    assert run_gui(None) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "xvfb-run" in err and "desktop session" in err


def test_display_check_only_applies_to_x11_and_wayland_systems():
    assert application.display_available({}) is (not sys.platform.startswith("linux"))
    assert application.display_available({"WAYLAND_DISPLAY": "wayland-0"})


def _add_customer(path):
    db = open_database(path)
    now = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    Customer.create(first_name="Ann", created_at=now, updated_at=now)
    db.close()


def test_bench_hook_quits_with_0_once_counts_are_painted(tmp_path, monkeypatch):
    path = tmp_path / "shop.db"
    _add_customer(path)
    shown = []
    real = MainWindow.show_counts

    def spy(self, counts):
        real(self, counts)
        shown.append((self.isVisible(), self.counts_label.text()))

    monkeypatch.setattr(MainWindow, "show_counts", spy)
    monkeypatch.setenv(application.QUIT_AFTER_SHOWN_ENV, "1")

    assert run_gui(str(path)) == 0
    assert shown == [(True, "1 customer · 0 purchases")]


def test_first_launch_offers_the_demo_once_and_remembers_the_answer(
    qtbot, window, ui_settings, session, monkeypatch
):
    asked = []
    monkeypatch.setattr(first_launch.DemoOfferDialog, "ask", lambda self: asked.append(self) or False)
    empty = ShopCounts(0, 0, 0)
    assert first_launch.should_offer(empty, ui_settings)

    assert first_launch.offer_demo(window, ui_settings, session) is None
    assert len(asked) == 1
    assert ui_settings.get(ui_settings_module.DEMO_OFFERED) is True
    assert not first_launch.should_offer(empty, ui_settings)
    assert "empty shop" in window.statusBar().currentMessage()


def test_first_launch_is_not_offered_when_there_are_customers(ui_settings):
    assert not first_launch.should_offer(ShopCounts(0, 1, 0), ui_settings)  # archived ones count too


def test_loading_the_demo_runs_in_the_background_and_refreshes_the_counts(
    qtbot, window, ui_settings, session, monkeypatch
):
    def fake_build(customers, purchases, clock):
        now = clock.now()
        for n in range(customers):
            Customer.create(first_name=f"Demo{n}", created_at=now, updated_at=now)
            yield n + 1, customers, "Customers"

    monkeypatch.setattr(first_launch, "_build", fake_build)
    monkeypatch.setattr(first_launch.DemoOfferDialog, "ask", lambda self: True)
    task = first_launch.offer_demo(window, ui_settings, session)
    qtbot.waitUntil(lambda: task.done)
    assert window.counts_label.text() == f"{first_launch.DEMO_CUSTOMERS} customers · 0 purchases"
    assert "Demo shop loaded" in window.statusBar().currentMessage()


def test_the_real_demo_builder_fills_the_shop(qtbot, window, session, threaded_runner):
    window.runner = threaded_runner  # as in the app: the demo runs on the worker, beside the UI's connection
    task = first_launch.load_demo(window, session.clock, customers=30, purchases=120)
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.error is None
    qtbot.waitUntil(lambda: window.counts is not None and window.counts.all_customers == 30)
