"""Settings → Birthdays, driven like a user: the 29 February rule, the reward text, the templates (add,
rename, edit, remove), the live preview, and a refusal that names the template and the placeholder."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from crm_desktop.services import birthdays, loyalty
from crm_desktop.ui.views.birthdays_section import BirthdaysSection

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def view(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    settings_view = window.stack.currentWidget()
    settings_view.select_section_titled("Birthdays")
    return settings_view


@pytest.fixture
def section(view) -> BirthdaysSection:
    assert isinstance(view.current_section, BirthdaysSection)
    return view.current_section


def _replace_text(qtbot, widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def test_the_form_shows_the_defaults_and_a_live_preview(qtbot, section):
    assert section.feb29_buttons["feb28"].isChecked()
    editor = section.templates
    assert [editor.list.item(i).text() for i in range(editor.list.count())] == ["Short (SMS)", "Email"]
    assert "{first_name}" in editor.hint.text() and "{reward}" in editor.hint.text()
    assert section.preview_body.text().startswith("Happy birthday, Anna! All the best from My Shop.")
    assert "1,250 points" in section.preview_body.text()

    editor.list.setCurrentRow(1)
    assert section.preview_subject.text() == "Happy birthday from My Shop"
    qtbot.keyClicks(section.reward_edit, "a free coffee")
    assert "You have 1,250 points with us. Your birthday gift: a free coffee." in section.preview_body.text()

    editor.body_edit.setFocus()
    editor.body_edit.moveCursor(editor.body_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.body_edit, " P.S. {first_name}!")
    assert section.preview_body.text().endswith("P.S. Anna!")


def test_the_reward_hint_names_the_loyalty_bonus(qtbot, session, section):
    assert "says nothing" in section.reward_hint.text()
    rules = dataclasses.replace(loyalty.rules(), enabled=True, birthday_bonus_points=50)
    loyalty.save_rules(session, rules)
    section.reload()
    assert (
        section.reward_hint.text()
        == "Left empty, {reward} says “50 bonus points” (the loyalty birthday bonus)."
    )


def test_add_rename_edit_and_save_templates(qtbot, view, section):
    editor = section.templates
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    name_editor = QApplication.focusWidget()  # the new item's name is being edited
    assert isinstance(name_editor, QLineEdit) and name_editor.text() == "New template"
    name_editor.selectAll()
    qtbot.keyClicks(name_editor, "Voucher")
    qtbot.keyClick(name_editor, Qt.Key.Key_Return)
    _replace_text(qtbot, editor.subject_edit, "A gift for you, {first_name}")
    _replace_text(qtbot, editor.body_edit, "Show this at {shop_name} for {reward}.")
    qtbot.mouseClick(section.feb29_buttons["mar1"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(section.reward_edit, "10% off")
    qtbot.keyClick(section.reward_edit, Qt.Key.Key_S, CTRL)

    stored = birthdays.current()
    assert stored.feb29 == "mar1" and stored.reward == "10% off"
    assert [t.name for t in stored.templates] == ["Short (SMS)", "Email", "Voucher"]
    assert stored.templates[2] == birthdays.GreetingTemplate(
        "Voucher", "A gift for you, {first_name}", "Show this at {shop_name} for {reward}."
    )
    assert view.message.text() == "Birthday settings saved (3 templates)."
    assert view.message.property("error") is False


def test_remove_keeps_at_least_one_template(qtbot, view, section):
    editor = section.templates
    editor.list.setCurrentRow(0)
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert editor.list.count() == 1 and editor.list.currentItem().text() == "Email"
    assert not editor.remove_button.isEnabled()
    qtbot.keyClick(section.reward_edit, Qt.Key.Key_S, CTRL)
    assert [t.name for t in birthdays.current().templates] == ["Email"]


def test_an_unknown_placeholder_is_refused_with_the_template_named(qtbot, view, section):
    before = birthdays.current()
    editor = section.templates
    editor.list.setCurrentRow(1)
    editor.body_edit.setFocus()
    qtbot.keyClicks(editor.body_edit, " See you, {nickname}")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)

    assert birthdays.current() == before  # nothing saved
    assert view.message.property("error") is True
    assert view.message.text().startswith("Template 'Email': unknown placeholder {nickname} in the text")
    assert QApplication.focusWidget() is editor.body_edit and editor.list.currentRow() == 1

    _replace_text(qtbot, editor.subject_edit, "Hi {first_name")  # a lone brace, in the subject
    editor.list.setCurrentRow(0)  # the user looks elsewhere before saving
    qtbot.keyClick(editor.list, Qt.Key.Key_S, CTRL)
    assert "Template 'Email'" in view.message.text() and "subject" in view.message.text()
    assert editor.list.currentRow() == 1 and QApplication.focusWidget() is editor.subject_edit


def test_a_template_name_used_twice_is_refused(qtbot, view, section):
    editor = section.templates
    editor.list.setCurrentRow(1)
    editor.list.setFocus()
    qtbot.keyClick(editor.list, Qt.Key.Key_R, CTRL)
    name_editor = QApplication.focusWidget()
    name_editor.selectAll()
    qtbot.keyClicks(name_editor, "short (sms)")
    qtbot.keyClick(name_editor, Qt.Key.Key_S, CTRL)  # saved while still typing the name
    assert view.message.text() == "Template 'short (sms)': the name is already used by template 1."
    assert [t.name for t in birthdays.current().templates] == ["Short (SMS)", "Email"]
    assert isinstance(QApplication.focusWidget(), QLineEdit)  # renaming it again
    assert editor.list.currentRow() == 1
