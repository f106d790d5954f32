"""The opportunities screen and meeting mode, offscreen, as a salesperson uses them:
open a demo deal, edit and save, hit a conflict, run the meeting and capture answers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from valuekit.db.store import Store
from valuekit.demo.library import load_demo
from valuekit.sales import spin
from valuekit.sales.context import opportunity_context
from valuekit.sales.opportunity import get_opportunity, list_opportunities, update_opportunity
from valuekit_gui.common.i18n import set_language
from valuekit_gui.sales.meeting_mode import MeetingMode
from valuekit_gui.sales.opportunities_view import OpportunitiesView


@pytest.fixture
def view(qtbot, store: Store, release) -> Iterator[OpportunitiesView]:  # type: ignore[no-untyped-def]
    set_language("en")
    load_demo(store)
    widget = OpportunitiesView(store)
    qtbot.addWidget(widget)
    yield widget
    set_language("en")
    release(widget)

def brightline(store: Store) -> dict:  # type: ignore[type-arg]
    return next(o for o in list_opportunities(store) if o["customer"].startswith("Shenzhen Brightline"))


def test_demo_opportunity_shows_bant_chain_and_warning(view: OpportunitiesView, store: Store) -> None:
    opp = brightline(store)
    view.select(opp["id"])
    form = view.form
    assert form.edits["customer"].text() == opp["customer"]
    assert form.bant_checks["authority"].isChecked() and not form.bant_checks["budget"].isChecked()
    assert "CEO wants to see the numbers" in form.bant_notes["budget"].text()
    assert form.chain.item(0, 0).text() == "Kevin Liu"
    assert form.chain.cellWidget(0, 2).currentData() == "decision_maker"
    assert not form.warnings.isHidden() and "SQL standard needs at least 3" in form.warnings.text()
    # 8,800 CNY a year: the seed's 黑客式 (hacker) model, 0–72 hours; its next steps are ours
    assert "hacker growth" in form.growth.text() and "0–72 hours" in form.growth.text()
    assert form.cognition.currentData() == "Act"
    assert "Product demo" in form.steps.text() and "our practice" in form.steps.text()


def test_cognition_and_coach_are_saved_from_the_form(view: OpportunitiesView, store: Store,
                                                     shown_errors: list[str]) -> None:
    opp = brightline(store)
    view.select(opp["id"])
    view.form.cognition.setCurrentIndex(view.form.cognition.findData("Ask"))
    view.form.chain.item(1, 5).setCheckState(Qt.CheckState.Checked)  # Grace Wu, the champion
    assert view.save(), shown_errors
    saved = get_opportunity(store, opp["id"])
    assert saved["cognition"] == "Ask" and saved["decision_chain"][1]["coach"] is True
    # SQL needs Act (RL ↔ Aware/Appeal, MQL ↔ Ask, SQL/Rev ↔ Act): the form warns after the save
    assert "ahead of the customer's cognition" in view.form.warnings.text()


def test_edit_and_save(view: OpportunitiesView, store: Store, shown_errors: list[str]) -> None:
    opp = brightline(store)
    view.select(opp["id"])
    view.form.bant_checks["budget"].setChecked(True)
    view.form.bant_notes["budget"].setText("200k CNY approved for Q1")
    view.form.checklist_edits["future_state"].setText("Renewals forecast a quarter ahead")
    view.form.add_person.click()
    row = view.form.chain.rowCount() - 1
    view.form.chain.item(row, 0).setText("刘洋")
    view.form.chain.cellWidget(row, 2).setCurrentIndex(2)  # gatekeeper
    assert view.save(), shown_errors
    saved = get_opportunity(store, opp["id"])
    assert saved["bant"]["budget"] == {"known": True, "note": "200k CNY approved for Q1"}
    assert saved["checklist"]["future_state"] == "Renewals forecast a quarter ahead"
    assert saved["decision_chain"][-1]["name"] == "刘洋"
    assert saved["decision_chain"][-1]["persona"] == "gatekeeper"
    assert saved["revision"] == opp["revision"] + 1
    assert view.form.warnings.isHidden()  # 3 of 4 BANT known now: the SQL warning is gone


def test_bad_value_is_marked_and_nothing_saved(view: OpportunitiesView, store: Store,
                                               shown_errors: list[str]) -> None:
    opp = brightline(store)
    view.select(opp["id"])
    view.form.edits["close_date"].setText("next spring")
    assert not view.save()
    assert "close_date" in shown_errors[0]
    assert view.form.edits["close_date"].property("invalid") is True
    assert get_opportunity(store, opp["id"])["revision"] == opp["revision"]


def test_conflict_is_shown_and_nothing_overwritten(view: OpportunitiesView, store: Store,
                                                   shown_errors: list[str]) -> None:
    opp = brightline(store)
    view.select(opp["id"])
    other = Store.open(store.path)  # a colleague's window on the same library
    try:
        update_opportunity(other, opp["id"], {"owner": "Colleague"}, expected_revision=opp["revision"])
    finally:
        other.close()
    view.form.edits["owner"].setText("Me")
    assert not view.save()
    assert "changed by someone else" in shown_errors[0] and "reload" in shown_errors[0]
    assert not view.conflict.isHidden()
    assert get_opportunity(store, opp["id"])["owner"] == "Colleague"
    view.reload_button.click()
    assert view.form.edits["owner"].text() == "Colleague" and view.conflict.isHidden()
    view.form.edits["owner"].setText("Me")
    assert view.save()


def test_new_and_archive(view: OpportunitiesView, store: Store, shown_errors: list[str]) -> None:
    count = view.list.topLevelItemCount()
    view.new_item()
    assert view.list.topLevelItemCount() == count + 1
    new_id = view.opp_id
    view.form.edits["customer"].setText("常州新材料有限公司")
    assert view.save(), shown_errors
    view.toggle_archive()
    assert view.list.topLevelItemCount() == count
    assert get_opportunity(store, str(new_id))["archived"]
    view.show_archived.setChecked(True)
    assert view.list.topLevelItemCount() == count + 1


def test_context_tab_lists_pains_and_fabs(view: OpportunitiesView, store: Store) -> None:
    view.select(brightline(store)["id"])
    view.tabs.setCurrentIndex(1)
    html = view.context.toPlainText()
    assert "Pains by layer" in html and "ROI inputs proposed" in html
    assert "→" in html  # F → A → B lines


def test_meeting_mode_records_answer_pain_and_number(view: OpportunitiesView, store: Store,
                                                     shown_errors: list[str]) -> None:
    opp = brightline(store)
    view.select(opp["id"])
    meeting = view.meeting_dialog()
    assert meeting.question.font().pointSize() >= 20
    meeting.show_question(1)
    question_id = meeting.items[1]["question_id"]
    meeting.answer.setPlainText("续费提醒全靠人工，去年流失了 40 家")
    meeting.mark_pain.setChecked(True)
    meeting.layer.setCurrentIndex(meeting.layer.findData("organization"))
    meeting.pain_text.setText("Renewals slip through")
    meeting.driver_kind.setCurrentIndex(meeting.driver_kind.findData("time_saved"))
    meeting.driver_input.setCurrentIndex(meeting.driver_input.findData("people"))
    meeting.numbers = []
    meeting.value.setText("12")
    meeting.save_and_next()
    assert not shown_errors
    assert meeting.index == 2
    plan = spin.get_plan(store, opp["id"])
    answer = next(i["answer"] for i in plan["items"] if i["question_id"] == question_id)
    assert answer["text"] == "续费提醒全靠人工，去年流失了 40 家"
    assert answer["pain_layer"] == "organization"
    assert answer["numbers"] == [{"driver_kind": "time_saved", "input": "people", "value": 12}]
    pains = opportunity_context(store, opp["id"])["pains"]["organization"]
    assert any(p["text"] == "Renewals slip through" for p in pains)
    meeting.close()


def test_meeting_mode_refuses_pain_without_layer(view: OpportunitiesView, store: Store,
                                                 shown_errors: list[str]) -> None:
    opp = brightline(store)
    meeting = MeetingMode(store, opp["id"])
    before = spin.get_plan(store, opp["id"])["items"][0]["answer"]
    meeting.answer.setPlainText("Our churn is hidden")
    meeting.mark_pain.setChecked(True)
    meeting.save_and_next()
    assert meeting.index == 0  # stays on the question
    assert "a pain needs its layer" in shown_errors[0]
    assert meeting.layer.property("invalid") is True
    assert spin.get_plan(store, opp["id"])["items"][0]["answer"] == before
    meeting.close()


def test_language_switch_relabels(view: OpportunitiesView) -> None:
    assert view.actions()[0].text() == "New"
    set_language("zh")
    assert view.actions()[0].text() == "新建商机"
    assert view.form.bant_checks["budget"].text() == "预算 Budget"
    assert view.tabs.tabText(1) == "痛点与 FAB"


def test_team_settings_change_the_warning_without_touching_unsaved_edits(view: OpportunitiesView,
                                                                          store: Store) -> None:
    # seed 001: the SQL standard is usually 3 of BANT, and the team may agree its own
    opp = brightline(store)  # SQL with 2 of 4 known
    view.select(opp["id"])
    view.form.edits["region"].setText("typed, not saved")
    dialog = view.edit_team_settings(show=False)  # the toolbar's "Team settings…"
    dialog.sql_min.setValue(2)
    assert dialog.save()
    assert "BANT" not in view.form.warnings.text()
    assert view.form.edits["region"].text() == "typed, not saved"


def test_nine_moves_tab_shows_what_fulfils_each_move_and_links_a_note(view: OpportunitiesView,
                                                                       store: Store) -> None:
    """九招制胜 for a missile deal: the coach marked in the chain fulfils the coach file;
    a note fulfils relationship care; what is missing is named."""
    hengrui = next(o for o in list_opportunities(store) if o["customer"].startswith("苏州恒锐"))
    view.select(hengrui["id"])
    view.tabs.setCurrentIndex(2)
    tab = view.moves
    assert tab.result is not None and tab.result.applies
    before = tab.result.done
    assert "沈悦" in tab.view.toPlainText()  # the demo's coach
    tab.move_choice.setCurrentIndex(tab.move_choice.findData("relationship_care"))
    tab.ref.setText("monthly breakfast with the GM")
    assert tab.link(asset=False)
    assert tab.result.done == before + 1 and "monthly breakfast" in tab.view.toPlainText()
    tab.move_choice.setCurrentIndex(tab.move_choice.findData("competitor_analysis"))
    tab.ref.setText("not-an-asset")
    assert not tab.link(asset=True) and tab.ref.property("invalid")


def test_a_retention_deal_shows_its_renewal_date(view: OpportunitiesView, store: Store) -> None:
    helix = next(o for o in list_opportunities(store) if o["stage"] == "Retention")
    view.select(helix["id"])
    assert view.form.labels["close_date"].text() == "Renewal date"
    assert "renewal on 2027-06-30" in view.form.growth.text()
    view.form.stage.setCurrentIndex(view.form.stage.findData("SQL"))
    assert view.form.labels["close_date"].text() == "Expected close date"


def test_pains_tab_shows_what_the_customer_must_invest_for_the_roi_costs(view: OpportunitiesView,
                                                                         store: Store) -> None:
    # docs/methods.md §4: "what must the customer invest (money, people, time)?" feeds the ROI's costs
    xinchuan = next(o for o in list_opportunities(store) if o["customer"].startswith("常州新川"))
    view.select(xinchuan["id"])
    view.tabs.setCurrentIndex(1)
    text = view.context.toPlainText()
    assert "price it in the ROI costs" in text and "135" in text


def test_meeting_mode_reads_numbers_as_people_say_them(view: OpportunitiesView, store: Store,
                                                       shown_errors: list[str]) -> None:
    opp = brightline(store)
    meeting = MeetingMode(store, opp["id"])
    meeting.answer.setPlainText("去年营收 1.2 亿，希望提升 10%")
    question_id = meeting.items[0]["question_id"]
    meeting.driver_kind.setCurrentIndex(meeting.driver_kind.findData("revenue_uplift"))
    meeting.driver_input.setCurrentIndex(meeting.driver_input.findData("baseline_revenue"))
    meeting.numbers = []
    meeting.value.setText("1.2亿")
    meeting.add_typed_number()
    meeting.driver_input.setCurrentIndex(meeting.driver_input.findData("uplift_pct"))
    meeting.value.setText("10")  # ambiguous in a share field: 10 % or 1000 %?
    assert not meeting.save()
    assert "ambiguous" in shown_errors[-1] and meeting.value.property("invalid") is True
    meeting.value.setText("10%")
    assert meeting.save()
    answer = next(i["answer"] for i in spin.get_plan(store, opp["id"])["items"]
                  if i["question_id"] == question_id)
    assert [n["value"] for n in answer["numbers"]] == [120_000_000, 0.1]
    meeting.close()


def test_deal_size_reads_as_people_write_it(view: OpportunitiesView, store: Store,
                                            shown_errors: list[str]) -> None:
    opp = brightline(store)
    view.select(opp["id"])
    view.form.edits["deal_size"].setText("45万")
    assert view.save()
    assert get_opportunity(store, opp["id"])["deal_size"] == 450_000
    view.form.edits["deal_size"].setText("1,00")
    assert not view.save()
    assert "ambiguous" in shown_errors[-1]
    assert get_opportunity(store, opp["id"])["deal_size"] == 450_000  # nothing stored
