"""The interactive network in a real headless Chromium, with every network request blocked."""
import json

import pytest

from browser import Browser, needs_browser
from conftest import run_cli

pytestmark = needs_browser

MARKUP = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    "\"><svg onload=alert(3)>",
    "<!-- {{DATA}} -->",
    "\u2028line\u2029sep",
]


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = run_cli("build", "-o", out)
    assert result.returncode == 0, result.stderr
    return out / "litgraph.html"


def test_demo_page_draws_every_node_offline(browser, demo):
    v = browser.open(demo)
    p = v.page
    total = p.evaluate("() => litgraph.data.nodes.length")
    assert total == json.loads((demo.parent / "litgraph.json").read_text("utf-8"))["nodes"].__len__()
    assert p.evaluate("() => litgraph.drawnCount()") == total
    assert p.inner_text("#counts") == f"{total} of {total} nodes shown"
    assert v.requests == [] and v.errors == [] and v.dialogs == []
    legend = p.inner_text("#legend")
    assert "Papers of the corpus" in legend and "Theories" in legend and "SME cases" in legend


def test_search_and_filters_change_what_is_shown(browser, demo):
    v = browser.open(demo)
    p = v.page
    total = p.evaluate("() => litgraph.data.nodes.length")
    p.fill("#search", "uppsala")
    p.wait_for_selector("#results li")
    assert "Uppsala model" in p.inner_text("#results")
    assert 0 < p.evaluate("() => litgraph.matches.length") < total
    p.click("#legend input[data-kind=work]")
    works = p.evaluate("() => litgraph.data.nodes.filter(n => n.kind === 'work').length")
    assert p.evaluate("() => litgraph.drawnCount()") == total - works
    p.fill("#year-min", "2020")
    p.dispatch_event("#year-min", "change")
    p.uncheck("#no-year")
    shown = p.evaluate("() => litgraph.drawnCount()")
    expected = p.evaluate("() => litgraph.data.nodes.filter(n => n.kind !== 'work' && n.year >= 2020).length")
    assert shown == expected > 0
    p.click("#reset")
    assert p.evaluate("() => litgraph.drawnCount()") == total
    assert v.errors == []


def test_details_panel_gives_the_full_reference_and_neighbours(browser, demo):
    v = browser.open(demo)
    p = v.page
    node = p.evaluate("() => litgraph.data.nodes.find(n => n.details && n.details.doi === '10.1057/jibs.2009.24').id")
    p.evaluate("(id) => litgraph.focus(id)", node)
    body = p.inner_text("#details-body")
    assert "Journal of International Business Studies" in body and "Johanson, J.; Vahlne, J. E." in body
    assert p.get_attribute("#details-body a", "href") == "https://doi.org/10.1057/jibs.2009.24"
    assert "cited by (2)" in body
    p.click("#details-body button.link >> nth=0")
    assert p.evaluate("() => litgraph.detailsFor") != node


def _markup_bib(tmp_path):
    entries = []
    for i, bad in enumerate(MARKUP):
        esc = bad.replace("{", "\\{").replace("}", "\\}")
        entries.append(f"""@article{{bad{i},
  author = {{{esc} and Smith, J.}},
  title = {{{esc} title {i}}},
  journal = {{{esc}}},
  year = {{2020}},
  url = {{javascript:alert({i})}},
  doi = {{10.1000/x{i}"><b>}}
}}""")
    entries.append("@article{long, author = {Long, A.}, title = {" + "very long title " * 400 + "}, year = {2021}}")
    path = tmp_path / "markup.bib"
    path.write_text("\n".join(entries), "utf-8")
    return path


def test_markup_in_inputs_stays_inert(browser, tmp_path):
    bib = _markup_bib(tmp_path)
    out = tmp_path / "markup.html"
    result = run_cli("html", "-s", bib, "-o", out, "--title", "<b>bold</b> title")
    assert result.returncode == 0, result.stderr
    v = browser.open(out)
    p = v.page
    # Nothing injected ran or loaded: no dialog, no request, no stray elements.
    assert v.dialogs == [] and v.requests == [] and v.errors == []
    assert p.evaluate("() => document.querySelectorAll('img, svg, b, script:not([type]):not([src])').length") == 2
    assert p.title() == "<b>bold</b> title"
    # Labels, search results, details and tooltips show the markup as text.
    p.fill("#search", "onerror")
    p.wait_for_selector("#results li button")
    assert "<img src=x onerror=alert(1)>" in p.inner_text("#results")
    node = p.evaluate("() => litgraph.data.nodes.find(n => n.details && (n.details.title || '').startsWith('<img')).id")
    p.evaluate("(id) => litgraph.focus(id)", node)
    body = p.inner_text("#details-body")
    assert "<img src=x onerror=alert(1)> title 0" in body
    assert p.evaluate("() => [...document.querySelectorAll('#details-body a')].every(a => a.href.startsWith('https://doi.org/'))")
    tooltip = p.evaluate("(id) => litgraph.nodes.get(id).title", node)
    assert "<img src=x onerror=alert(1)>" in tooltip
    pos = p.evaluate("(id) => litgraph.network.canvasToDOM(litgraph.network.getPositions([id])[id])", node)
    box = p.query_selector("#graph").bounding_box()
    p.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
    p.wait_for_timeout(400)
    shown = p.evaluate("() => { const t = document.querySelector('div.vis-tooltip'); return t ? t.innerText : ''; }")
    assert shown == "" or "<img src=x onerror=alert(1)>" in shown
    assert p.evaluate("() => document.querySelectorAll('img, svg').length") == 0
    assert v.dialogs == [] and v.requests == []


def test_empty_graph_page_says_so(browser, tmp_path):
    empty = tmp_path / "empty.bib"
    empty.write_text("@comment{nothing here}\n@article{x, title = {unclosed\n", "utf-8")
    out = tmp_path / "empty.html"
    from litgraph.export.html import to_html
    import networkx as nx

    out.write_text(to_html(nx.MultiDiGraph()), "utf-8")
    v = browser.open(out)
    assert v.page.is_visible("#empty") and "empty" in v.page.inner_text("#empty")
    assert v.errors == [] and v.requests == []


def test_cut_above_max_nodes_is_announced(browser, demo, tmp_path):
    out = tmp_path / "cut.html"
    result = run_cli("html", "-o", out, "--max-nodes", "50")
    assert result.returncode == 0
    v = browser.open(out)
    note = v.page.inner_text("#cut-note")
    assert note.startswith("Showing the 50 highest-scoring of") and "left out" in note
    assert v.page.evaluate("() => litgraph.drawnCount()") == 50


def test_large_graph_draws_every_node_with_a_precomputed_layout(browser, tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from synthetic import synthetic_graph

    from litgraph.export.html import to_html

    out = tmp_path / "large.html"
    out.write_text(to_html(synthetic_graph(3000)), "utf-8")
    v = browser.open(out)
    assert v.page.evaluate("() => litgraph.data.meta.layout") == "timeline"
    assert v.page.evaluate("() => litgraph.drawnCount()") == 3000
    assert v.errors == [] and v.requests == []
