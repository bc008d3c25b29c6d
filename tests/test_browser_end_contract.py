"""The "what happens if the contract ends?" form and /verified-answers/ in headless Chromium."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from conftest import CONTENT
from helpcenter import cli

AT = "2026-11-26T12:00:00Z"


@pytest.fixture
def utc_page(browser):
    # The form reads "When" in the browser's time zone: pin it, so the moment is the CLI's.
    context = browser.new_context(timezone_id="UTC")
    page = context.new_page()
    yield page
    context.close()


def cli_points(capsys, tmp_path, scenario: dict) -> list[tuple[str, str]]:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    assert cli.main(["rules", "explain", "--scenario", str(path), "--format", "json", "--content", str(CONTENT),
                     "--at", AT]) == 0
    explained = json.loads(capsys.readouterr().out)
    return explained["headline"], [(p["sentence"], p["link"]["url"]) for p in explained["points"]]


def page_points(page) -> list[tuple[str, str]]:
    items = page.locator(".hc-end-contract__points li")
    return [(item.inner_text().removesuffix("Verified answer").strip(),
             item.get_by_role("link", name="Verified answer").get_attribute("href"))
            for item in items.all()]


def test_the_form_gives_the_same_consequences_as_the_command_line(utc_page, live_server, capsys, tmp_path):
    page = utc_page
    page.goto(f"{live_server.url}/end-a-contract/")
    form = page.locator("#hc-end-contract")
    form.get_by_role("heading", name="What happens if the contract ends?").wait_for()
    form.get_by_label("Hours logged this week (not billed yet)").fill("12.5")
    form.get_by_label("Hourly rate").fill("35.50")
    form.get_by_label("The client").check()
    form.get_by_label("When (empty: now; your time zone)").fill("2026-11-25T10:00")
    form.get_by_role("button", name="Show what happens").click()
    form.locator(".hc-end-contract__points li").first.wait_for()

    headline, points = cli_points(capsys, tmp_path, {
        "contract": {"type": "hourly", "hourly_rate": "35.50", "logged_hours": [{"hours": 12.5}]},
        "ended_by": "client", "asked_by": "freelancer", "ended_at": "2026-11-25T10:00:00Z"})
    assert form.locator(".hc-end-contract__headline").inner_text() == headline
    assert page_points(page) == points
    assert any("available balance on Wednesday 2026-12-09 00:00 UTC" in sentence for sentence, _ in points)
    assert all(link.startswith("http://127.0.0.1:8000/end-a-contract/#") for _, link in points)

    # The shareable link pre-fills the form and answers at once, with the same points.
    share = form.get_by_role("link", name="Link to this answer").get_attribute("href")
    assert "hc-hours=12.5" in share and "hc-ended-by=client" in share
    assert "hc-escrow" not in share and "hc-released" not in share  # the hidden fixed-price fields
    assert share.startswith(f"{live_server.url}/end-a-contract/?") and share.endswith("#hc-end-contract")
    page.goto(share)
    page.locator("#hc-end-contract .hc-end-contract__points li").first.wait_for()
    # Opened at the form (it was hidden while the page loaded, so the page stayed at its top).
    assert page.evaluate("document.activeElement.id") == "hc-end-contract-title"
    assert page.evaluate("Math.abs(document.getElementById('hc-end-contract').getBoundingClientRect().top)") < 200
    assert page.get_by_label("Hourly rate, like 40.00").input_value() == "35.50"
    assert page_points(page) == points


def test_a_client_gets_a_fixed_price_answer_with_client_links(utc_page, live_server, capsys, tmp_path):
    page = utc_page
    page.goto(f"{live_server.url}/end-a-contract-as-a-client/?hc-type=fixed_price&hc-escrow=250.00"
              "&hc-released=300.00&hc-ended-by=provider&hc-ended-at=2026-11-26T10:00")
    page.locator("#hc-end-contract .hc-end-contract__points li").first.wait_for()
    assert page.get_by_label("Funds in escrow now").is_visible()
    assert not page.get_by_label("Hourly rate, like 40.00").is_visible()
    _, points = cli_points(capsys, tmp_path, {
        "contract": {"type": "fixed_price", "escrow_balance": "250.00",
                     "milestones": [{"name": "Released earlier", "amount": "300.00", "status": "released"}]},
        "ended_by": "freelancer", "asked_by": "client", "ended_at": "2026-11-26T10:00:00Z"})
    assert page_points(page) == points
    assert all("/end-a-contract-as-a-client/#" in link for _, link in points)


def test_an_error_is_announced_next_to_its_field_and_the_keyboard_works(utc_page, live_server):
    page = utc_page
    page.goto(f"{live_server.url}/end-a-contract/")
    form = page.locator("#hc-end-contract")
    form.get_by_label("Hourly rate").wait_for()
    form.get_by_label("When (empty: now; your time zone)").fill("2026-11-25T10:00")  # a Wednesday, whatever today is
    form.get_by_label("Hours logged this week (not billed yet)").fill("5")
    form.get_by_label("Hourly rate").fill("forty")
    form.get_by_label("Hourly rate").press("Enter")  # submits from the keyboard
    error = form.locator("#hc-ec-rate-error")
    # In the reader's words (it was the API's: "contract.hourly_rate: expected an amount ...").
    expect(error).to_have_text("Write the amount in figures, with at most two decimals and no thousands separator, "
                               "like 1000 or 40.50.")
    assert form.get_by_label("Hourly rate").get_attribute("aria-invalid") == "true"
    assert form.locator(".hc-end-contract__answer").get_attribute("aria-live") == "polite"
    assert page.evaluate("document.activeElement.id") == "hc-ec-rate"
    # No grey example that looks like a value: an empty rate is asked for.
    assert form.get_by_label("Hourly rate").get_attribute("placeholder") is None
    form.get_by_label("Hourly rate").fill("")
    form.get_by_label("Hourly rate").press("Enter")
    expect(error).to_have_text("Enter the hourly rate, like 40.00.")
    form.get_by_label("Hourly rate").fill("0")
    form.get_by_label("Hourly rate").press("Enter")
    expect(error).to_have_text("The hourly rate must be more than zero.")
    # What only the API knows is said in the reader's words too.
    form.get_by_label("Hourly rate").fill("1000000000000")
    form.get_by_label("Hourly rate").press("Enter")
    expect(error).to_have_text("That number is too large.")
    # More hours than have passed in the billing week: "500" for "5" was answered as 500 hours paid.
    form.get_by_label("Hourly rate").fill("40")
    form.get_by_label("When (empty: now; your time zone)").fill("2026-11-30T09:00")  # a Monday, 9 hours in
    form.get_by_label("Hours logged this week (not billed yet)").fill("10")
    form.get_by_label("Hourly rate").press("Enter")
    expect(form.locator("#hc-ec-hours-error")).to_have_text(
        "The billing week began 9 h before (on Monday at 00:00 UTC): a freelancer cannot have logged more hours "
        "than that.")
    form.get_by_label("An agency").check()  # an agency's members log side by side
    form.get_by_label("Hourly rate").press("Enter")
    expect(form.locator(".hc-end-contract__points li").first).to_be_visible()
    # The API's own refusal (a clock that disagrees with the page's) is said the same way.
    page.route("**/api/rules/end-contract*", lambda route: route.fulfill(status=400, content_type="application/json", body=(
        '{"error": "contract.logged_hours: expected at most 7.5 hours: a freelancer logs no more than ...", '
        '"field": "contract.logged_hours"}')))
    form.get_by_label("A freelancer").check()
    form.get_by_label("Hours logged this week (not billed yet)").fill("8")
    form.get_by_label("Hourly rate").press("Enter")
    expect(form.locator("#hc-ec-hours-error")).to_have_text(
        "The billing week began 7.5 h before (on Monday at 00:00 UTC): a freelancer cannot have logged more hours "
        "than that.")


def test_the_form_speaks_the_page_language_and_takes_a_decimal_comma(utc_page, live_server):
    page = utc_page
    page.goto(f"{live_server.url}/es/end-a-contract/")
    form = page.locator("#hc-end-contract")
    hours = form.get_by_label("Horas registradas esta semana (aún sin facturar)")
    hours.wait_for()
    form.get_by_label("Cuándo (vacío: ahora; tu zona horaria)").fill("2026-11-25T10:00")  # a Wednesday, whatever today is
    hours.fill("-3")
    form.get_by_label("Tarifa por hora, por ejemplo 40.00").fill("40,00")  # a comma is read as a point
    hours.press("Enter")
    expect(form.locator("#hc-ec-hours-error")).to_have_text("Escribe las horas como un número, cero o más, por ejemplo 12.5.")
    hours.fill("200")
    hours.press("Enter")
    expect(form.locator("#hc-ec-hours-error")).to_have_text("Una semana tiene 168 horas como mucho.")
    hours.fill("1,000")  # no thousand hours, nor one (it was read as 1.000): asked again
    hours.press("Enter")
    expect(form.locator("#hc-ec-hours-error")).to_have_text("Escribe las horas como un número, cero o más, por ejemplo 12.5.")
    hours.fill("12,5")
    hours.press("Enter")
    expect(form.locator(".hc-end-contract__points li").first).to_be_visible()
    expect(form.locator("#hc-ec-hours-error")).to_have_text("")


def test_without_an_api_the_form_stays_hidden(page, static_only_server):
    page.goto(f"{static_only_server}/end-a-contract/")
    page.wait_for_load_state("networkidle")
    section = page.locator("#hc-end-contract")
    assert section.count() == 1 and not section.is_visible()


def test_the_verified_answers_page_filters_and_copies(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800},
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{live_server.url}/verified-answers/")
    rows = page.locator("tbody tr")
    total = rows.count()
    page.get_by_label("Article").select_option("end-a-contract-as-a-client")
    page.get_by_label("Rule").select_option("hourly.diary-locks")
    visible = [r for r in rows.all() if r.is_visible()]
    assert [r.get_attribute("id") for r in visible] == ["answer-end-a-contract-as-a-client--diary-locks"]
    assert page.locator(".hc-answers__count").inner_text() == f"1 of {total} answers shown"
    # On a laptop an id is a word or two per line, never a column of single letters.
    code = visible[0].locator(".hc-answers__id")
    box = code.evaluate("e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; }")
    line = code.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert box[0] >= 120 and box[1] <= 3 * line, box
    # Its name starts with what it shows (a voice user says "Copy link"), and the copy is announced.
    visible[0].get_by_role("button", name="Copy link to end-a-contract-as-a-client/diary-locks").click()
    assert page.evaluate("navigator.clipboard.readText()") == (
        "http://127.0.0.1:8000/end-a-contract-as-a-client/#hourly-contracts")
    expect(page.locator("[data-hc-copied][role=status]")).to_have_text(
        "Copied the link to end-a-contract-as-a-client/diary-locks.")
    expect(visible[0].get_by_role("button", name="Copied link to end-a-contract-as-a-client/diary-locks")).to_have_text("Copied")
    page.keyboard.press("Tab")  # said until the focus moves on
    expect(visible[0].get_by_role("button", name="Copy link to end-a-contract-as-a-client/diary-locks")).to_have_text("Copy link")
    context.close()


def in_view_under_header(page, row_id: str) -> None:
    """The row is in view, its top under the fixed header and less than 60 px below it (not behind
    it), once the page has settled (the notices bar may still be coming in)."""
    page.wait_for_function("""id => { const top = document.getElementById(id).getBoundingClientRect().top;
                                      const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
                                      return header <= top && top < header + 60; }""", arg=row_id, timeout=5000)


def test_an_answer_id_in_the_address_goes_to_its_row(browser, live_server):
    """What support agents quote is the answer's id: /verified-answers/#end-a-contract/diary-locks."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}/verified-answers/#end-a-contract/diary-locks")
    row = page.locator("#answer-end-a-contract--diary-locks")
    expect(row).to_have_class("hc-answers__row--target")
    in_view_under_header(page, "answer-end-a-contract--diary-locks")
    assert page.locator(".hc-answers__row--target").count() == 1
    # a row the filters hide is shown again when a link asks for it
    page.get_by_label("Article").select_option("end-a-contract-as-a-client")
    assert not row.is_visible()
    page.evaluate("location.hash = 'end-a-contract/feedback-both-sides'")
    other = page.locator("#answer-end-a-contract--feedback-both-sides")
    expect(other).to_have_class("hc-answers__row--target")
    assert other.is_visible() and page.get_by_label("Article").input_value() == ""
    assert page.locator(".hc-answers__row--target").count() == 1
    # by its row's own id too: the browser did not scroll to it while the filters hid it
    page.get_by_label("Article").select_option("end-a-contract-as-a-client")
    page.evaluate("location.hash = 'answer-end-a-contract--eligible-time-paid'")
    third = page.locator("#answer-end-a-contract--eligible-time-paid")
    expect(third).to_have_class("hc-answers__row--target")
    assert third.is_visible()  # (where the page then scrolls to on a phone: the test below)
    # hidden by the filters, then a link to the same address: no hashchange, shown all the same
    page.get_by_label("Article").select_option("end-a-contract-as-a-client")
    assert not third.is_visible()
    page.evaluate("""() => { const a = document.createElement('a'); a.href = location.href; a.textContent = 'again';
                             document.querySelector('.md-content').prepend(a); a.click(); }""")
    expect(third).to_be_visible()
    # an address that names no answer marks none
    page.evaluate("location.hash = 'nothing-here'")
    expect(page.locator(".hc-answers__row--target")).to_have_count(0)
    page.close()


def test_a_row_hidden_by_the_filters_and_named_by_its_own_id_is_scrolled_to_on_a_phone(browser, live_server):
    # The first change of the hash makes Material fetch the page again and swap it in, where it left
    # the scroll 700 px below the row (the new page's table not yet laid out as it ends up).
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}/verified-answers/#end-a-contract/diary-locks")
    expect(page.locator("#answer-end-a-contract--diary-locks")).to_have_class("hc-answers__row--target")
    page.get_by_label("Article").select_option("end-a-contract-as-a-client")
    page.evaluate("location.hash = 'answer-end-a-contract--eligible-time-paid'")
    expect(page.locator("#answer-end-a-contract--eligible-time-paid")).to_have_class("hc-answers__row--target")
    try:
        in_view_under_header(page, "answer-end-a-contract--eligible-time-paid")
    finally:
        page.close()


def test_without_javascript_the_answers_page_is_the_full_table(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/verified-answers/")
    assert not page.locator(".hc-answers__filters").is_visible()
    assert all(r.is_visible() for r in page.locator("tbody tr").all())
    assert "end-a-contract/security-period" in page.locator("tbody").inner_text()
    context.close()
