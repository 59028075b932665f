"""UI fixtures: a main window on the fresh `db`, with its own ui.ini and a synchronous task runner."""

from __future__ import annotations

import pytest

from crm_desktop.ui.application import build_main_window
from crm_desktop.ui.tasks import TaskRunner
from crm_desktop.ui.ui_settings import UiSettings


@pytest.fixture
def ui_settings(tmp_path):
    return UiSettings(tmp_path / "ui.ini")


@pytest.fixture
def runner(qapp):
    """Runs tasks inline, so results are on screen when the call returns."""
    task_runner = TaskRunner(synchronous=True)
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def threaded_runner(qapp):
    task_runner = TaskRunner()
    yield task_runner
    assert task_runner.shutdown(5000)


@pytest.fixture
def make_window(qtbot, session, db_path, runner, ui_settings):
    """Build, restore and show a main window as the app does; call again for a second window."""

    def make(settings: UiSettings | None = None):
        window = build_main_window(session, db_path, runner, settings or ui_settings)
        qtbot.addWidget(window)
        window.restore_layout()
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # shortcuts only reach the active window
        window.refresh_counts()
        return window

    return make


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def ctx(session, runner, ui_settings):
    """The context views get from the composition root, on the test's database and synchronous runner."""
    from crm_desktop.ui.context import UiContext

    return UiContext(session, runner, ui_settings)


@pytest.fixture
def beans(session):
    """A product with a SKU and an EAN-13 barcode, for scanning and autocomplete."""
    from crm_desktop.services import products
    from crm_desktop.services.products import ProductInput

    return products.create(
        session,
        ProductInput("House blend 250 g", "Coffee beans", 750, sku="COF-001", barcode="2032542570008"),
    )
