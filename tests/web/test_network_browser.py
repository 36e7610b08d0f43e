"""The link chart in Debian's chromium on the demo: it renders, a click opens the entity, and
the disruption plot appears."""

from __future__ import annotations

from typing import Any

import pytest

from vinculo.services.demo import DEMO_PASSWORD
from vinculo.store import Store


@pytest.mark.browser
def test_chart_renders_opens_entity_and_plots(
    demo_store: Store, live_server: Any, page: Any
) -> None:
    server = live_server(demo_store)
    page.set_default_timeout(120_000)  # the machine may be shared with heavy jobs
    page.set_viewport_size({"width": 1400, "height": 1200})
    page.goto(f"{server.url}/login")
    page.fill("#username", "analyst.dea")
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{server.url}/network")
    page.wait_for_selector("#cy[data-ready='1']", timeout=60_000)
    count = page.evaluate("window.vinculoCy.nodes().length")
    assert count >= 10
    assert page.locator("#cy canvas").count() >= 1
    # Click the most central person on the canvas, where Cytoscape drew it.
    page.locator("#cy").scroll_into_view_if_needed()
    point = page.evaluate(
        """() => {
          const cy = window.vinculoCy;
          const people = cy.nodes().filter(n => n.data('schema') === 'Person');
          const n = people.max(x => x.data('betweenness')).ele;
          cy.center(n);
          const box = document.getElementById('cy').getBoundingClientRect();
          const p = n.renderedPosition();
          return {x: box.left + p.x, y: box.top + p.y, label: n.data('label')};
        }"""
    )
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#node-panel:not([hidden])")
    assert page.locator("#node-title").inner_text() == point["label"]
    page.click("#node-open")
    page.wait_for_url("**/entity/**")
    assert page.locator("h1").first.inner_text().strip()
    page.goto(f"{server.url}/network/disrupt?steps=5")
    plot = page.locator("#disruption-plot svg")
    plot.wait_for()
    assert plot.bounding_box()["width"] > 300
    assert page.locator("#disruption-table tbody tr").count() == 4
