"""The extradition dashboard in Debian's chromium: a request near its deadline, then a timeline."""

import re

import pytest

from vinculo.services.demo import DEMO_PASSWORD
from vinculo.store import Store


@pytest.mark.browser
def test_dashboard_shows_near_deadline_and_opens_timeline(
    demo_store: Store,
    live_server,
    page,  # type: ignore[no-untyped-def]
) -> None:
    server = live_server(demo_store)
    page.goto(f"{server.url}/login")
    page.fill("#username", "extradition.fgr")
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{server.url}/legal")
    rows = page.locator("#deadlines tr.deadline.urgent")
    assert rows.count() >= 1
    near = rows.first
    assert re.search(r"\d+ days left", near.locator("td.left").inner_text())
    title = near.locator("a.request-link").inner_text()
    assert title.startswith("Demo request")
    assert page.locator("#deadlines tr.deadline.lapsed").count() >= 1
    near.locator("a.timeline-link").click()
    page.wait_for_selector("#timeline-title")
    assert "Timeline" in page.locator("#timeline-title").inner_text()
    events = page.locator("#timeline li.event")
    assert events.count() >= 1
    assert title in page.locator("#timeline").inner_text()  # its extradition stages are there
