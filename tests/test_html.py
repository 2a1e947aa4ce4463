"""The interactive network: what the page is given (page_data), and the page itself in a real headless
Chromium with every network request blocked."""
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from browser import Browser, needs_browser
from conftest import run_cli

from litgraph.export.html import page_data, plural, select_nodes, timeline_layout, to_html
from litgraph.query import neighbour_groups

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from synthetic import synthetic_graph  # noqa: E402

MARKUP = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    "\"><svg onload=alert(3)>",
    "<!-- {{DATA}} -->",
    "\u2028line\u2029sep",
]


def _data_of(html_path) -> dict:
    text = Path(html_path).read_text("utf-8")
    return json.loads(re.search(r'id="litgraph-data">(.*?)</script>', text, re.S).group(1))


def _settled(p):
    """Wait for the camera to stop (animations take longer on a loaded machine)."""
    p.wait_for_function("() => !litgraph.renderer.getCamera().isAnimated()")
    p.wait_for_timeout(100)


def _degrees(data) -> Counter:
    deg = Counter()
    for e in data["edges"]:
        deg.update([e["from"], e["to"]])
    return deg


# --- what the page is given -------------------------------------------------------------------------

def test_page_data_handles_odd_nodes():
    g = nx.MultiDiGraph()
    g.add_node("work:x", kind="work")  # no label at all
    g.add_node("work:y", kind="work", label="T" * 5000, year=2020)
    g.add_node("org:z", kind="institution", label="An institution", year=True)  # a kind the page does not know
    g.add_edge("work:y", "work:x", kind="cites")
    g.add_edge("org:z", "work:y", kind="wrote")
    data = page_data(g)
    labels = {n["id"]: (n["label"], n["short"]) for n in data["nodes"]}
    assert labels["work:x"][0] == "x"
    assert len(labels["work:y"][1]) == 40 and labels["work:y"][0] == "T" * 5000
    assert data["meta"]["cut_note"] is None
    assert data["kinds"]["institution"]["count"] == 1
    assert [n["year"] for n in data["nodes"] if n["id"] == "org:z"] == [None]  # a boolean is no year


def test_every_node_kind_is_placed_on_the_timeline():
    """Issue 9.1: `--authors` over 1,500 nodes crashed the page's timeline layout (KeyError 'author')."""
    g = nx.MultiDiGraph()
    g.add_node("paper:p", kind="paper", label="P", year=2010)
    for i in range(1600):
        g.add_node(f"work:w{i}", kind="work", label=f"W{i}", year=2001)
        g.add_node(f"author:a{i}", kind="author", label=f"A{i}", year=2001)
        g.add_edge("paper:p", f"work:w{i}", kind="cites")
        g.add_edge(f"author:a{i}", f"work:w{i}", kind="wrote")
    g.add_node("x:1", kind="unheard-of", label="odd", year=2003)
    g.add_edge("x:1", "paper:p", kind="mentions")
    data = page_data(g)
    assert len(data["nodes"]) == 3202
    assert all(isinstance(n["tx"], float) and isinstance(n["ty"], float) for n in data["nodes"])
    lanes = [ln["key"] for ln in data["timeline"]["lanes"]]
    assert lanes == ["paper", "work", "author", "unheard-of"]


def test_authors_build_over_1500_nodes_writes_the_page(tmp_path):
    bib = tmp_path / "b.bib"
    # 1,600 distinct people and works (names one letter apart would be one person's spelling slips).
    def word(i, salt):
        h = hashlib.sha256(f"{salt}{i}".encode()).digest()
        return "".join(chr(97 + b % 26) for b in h[:9]).capitalize()

    bib.write_text("".join("@article{k%d, author={%s, B.}, title={%s %s}, journal={J}, year=2001}\n"
                           % (i, word(i, "a"), word(i, "t"), word(i, "u")) for i in range(1600)), "utf-8")
    out = run_cli("build", "-s", bib, "--authors", "-o", tmp_path / "o")
    assert out.returncode == 0, out.stderr
    data = _data_of(tmp_path / "o" / "litgraph.html")
    assert Counter(n["kind"] for n in data["nodes"])["author"] == 1600
    assert len(out.stdout.splitlines()) <= 4  # a summary, not the graph


def test_cut_keeps_the_corpus_papers_and_no_node_without_edges(tmp_path):
    out = tmp_path / "cut.html"
    result = run_cli("html", "-o", out, "--max-nodes", "40")
    assert result.returncode == 0, result.stderr
    data = _data_of(out)
    kinds = Counter(n["kind"] for n in data["nodes"])
    assert len(data["nodes"]) == 40 and kinds["paper"] == 4
    assert kinds["work"] and kinds["theory"] and kinds["case"]  # kind by kind, not one kind crowding out the rest
    deg = _degrees(data)
    assert [n["id"] for n in data["nodes"] if not deg[n["id"]]] == []
    assert "40 of 201 nodes" in result.stdout  # 201: what check calls duplicates is one node


def test_big_cut_keeps_papers_edges_and_says_what_was_left_out():
    g = synthetic_graph(8000)
    data = page_data(g, max_nodes=3000)
    kinds = Counter(n["kind"] for n in data["nodes"])
    papers = sum(1 for _, d in g.nodes(data=True) if d["kind"] == "paper")
    assert len(data["nodes"]) == 3000 and kinds["paper"] == papers
    assert kinds["theory"] >= 10 and kinds["work"] >= 1500
    deg = _degrees(data)
    assert all(deg[n["id"]] for n in data["nodes"]) and len(data["edges"]) > 3000
    note = data["meta"]["cut_note"]
    assert note.startswith("Showing 3,000 of 8,000 nodes: every paper of the corpus") and "theories" in note
    assert "theorys" not in note


def test_cut_order_does_not_tie():
    """Nodes with equal scores are ordered by citations, degree and id: the same page every run."""
    g = nx.MultiDiGraph()
    g.add_node("paper:p", kind="paper", label="P")
    for i in range(30):
        g.add_node(f"work:{i:02d}", kind="work", label=str(i), cited_by=i % 3)
        g.add_edge("paper:p", f"work:{i:02d}", kind="cites")
    score = {n: 0.5 for n in g}
    keep = select_nodes(g, score, 11)
    assert keep == {"paper:p"} | {f"work:{i:02d}" for i in (2, 5, 8, 11, 14, 17, 20, 23, 26, 29)}


def test_cut_from_part_of_the_queue_is_the_cut_from_all_of_it():
    """select_nodes orders each kind only as deep as the page can reach (html._select, quick) and
    falls back to the whole order when that part does not fill the page: the same nodes as the
    whole order gives, with ties on score across the cut, high-scoring works no kept node links to
    (a second pass), NaN scores, and pages of every size."""
    import math
    import random

    from litgraph.export.html import _select

    rng = random.Random(7)
    g = nx.MultiDiGraph()
    for p in range(40):
        g.add_node(f"paper:{p}", kind="paper", cited_by=rng.randrange(3))
    for w in range(3000):
        g.add_node(f"work:{w}", kind="work", cited_by=rng.randrange(5))
        if w % 4:  # a quarter cite nothing of the corpus: linked only among themselves
            for p in rng.sample(range(40), rng.randrange(1, 4)):
                g.add_edge(f"paper:{p}", f"work:{w}", kind="cites")
        else:
            g.add_edge(f"work:{w}", f"work:{(w + 1) % 3000}", kind="related_to")
    for t in range(60):
        g.add_node(f"theory:{t}", kind="theory")
        g.add_edge(f"work:{rng.randrange(3000)}", f"theory:{t}", kind="uses_theory")
    ties = {n: round(rng.random(), 1) for n in g}  # ten distinct scores: ties across every cut
    unlinked_first = {n: (2.0 if n.startswith("work:") and int(n[5:]) % 4 == 0 else v) for n, v in ties.items()}
    with_nan = dict(ties, **{"work:5": math.nan})
    for score in (ties, unlinked_first, with_nan, {}):
        for max_nodes in (1, 41, 45, 300, 1000, 2900, 3099):
            assert _select(g, score, max_nodes, quick=True) == _select(g, score, max_nodes, quick=False), max_nodes


def test_plurals():
    assert plural(26, "theory") == "26 theories" and plural(1, "theory") == "1 theory"
    assert plural(2, "author") == "2 authors" and plural(3, "institution") == "3 institutions"


def test_timeline_says_what_it_cannot_show():
    def nodes(years):
        return [{"id": f"w{i}", "kind": "work", "year": y, "rank": i} for i, y in enumerate(years)]

    ns = nodes([None, None])
    t = timeline_layout(ns, [], {})
    assert t["axis"] == [] and "No node drawn here has a year" in t["notes"][0]
    ns = nodes([2001])
    t = timeline_layout(ns, [], {})
    assert any("single year" in x for x in t["notes"]) and any("No citations" in x for x in t["notes"])
    ns = nodes([2001, 2005, None])
    t = timeline_layout(ns, [{"from": "w1", "to": "w0", "kind": "cites"}], {})
    assert t["arcs"] == 1 and t["notes"] == ["1 of 3 nodes have no year and are not on the timeline."]
    assert ns[1]["tx"] > ns[0]["tx"] and "tx" not in ns[2]


def _clustered_graph():
    g = synthetic_graph(600)
    for i, n in enumerate(sorted(g)):
        g.nodes[n]["cluster"] = i % 3
    g.graph["clusters"] = {0: {"label": "internationalisation <b>stages</b>", "size": 250},
                           1: {"label": "networks", "size": 200}, "2": {"label": "", "size": "many"}}
    g.nodes["work:w1"]["burst"] = {"start": 2005, "end": 2009, "strength": 3.2}
    g.nodes["work:w2"]["burst"] = {"start": "x"}  # malformed: ignored
    return g


def test_clusters_and_bursts_reach_the_page_as_data():
    data = page_data(_clustered_graph())
    clusters = data["clusters"]
    assert clusters["0"]["label"] == "internationalisation <b>stages</b>" and clusters["0"]["size"] == 200
    assert clusters["2"]["label"] == "cluster 2" and isinstance(clusters["2"]["size"], int)
    assert data["timeline"]["by"] == "cluster"
    bursts = {n["id"]: n["burst"] for n in data["nodes"] if "burst" in n}
    assert bursts == {"work:w1": {"start": 2005, "end": 2009, "strength": 3.2}}


def test_papers_take_the_cluster_of_what_they_cite():
    g = nx.MultiDiGraph()
    for i, c in enumerate([0, 0, 1, 1, 1]):
        g.add_node(f"work:w{i}", kind="work", label=f"W{i}", year=2000, cluster=c)
    g.add_node("paper:a", kind="paper", label="A", year=2010, coupling_cluster=0)
    g.add_node("paper:b", kind="paper", label="B", year=2011, coupling_cluster=0)
    g.add_node("paper:c", kind="paper", label="C", year=2012)  # cites nothing clustered
    g.add_node("theory:t", kind="theory", label="T")
    for w in ("w0", "w1", "w2"):
        g.add_edge("paper:a", f"work:{w}", kind="cites")
    for w in ("w0", "w2"):  # a tie: the larger cluster (1) wins
        g.add_edge("paper:b", f"work:{w}", kind="cites")
    g.add_edge("paper:c", "theory:t", kind="discusses")
    g.graph["clusters"] = {0: {"label": "stages"}, 1: {"label": "networks"}}
    g.graph["coupling_clusters"] = {0: {"label": "entry modes"}}
    nodes = {n["id"]: n for n in page_data(g)["nodes"]}
    assert nodes["paper:a"]["cluster"] == "0" and nodes["paper:a"]["cluster_via"] == "cites"
    assert nodes["paper:b"]["cluster"] == "1" and nodes["paper:a"]["coupling"] == "entry modes"
    assert "cluster" not in nodes["paper:c"] and "cluster" not in nodes["theory:t"]
    assert "cluster_via" not in nodes["work:w0"]
    clusters = page_data(g)["clusters"]
    assert clusters["1"]["shown"] == 4 and clusters["0"]["shown"] == 3  # works and the papers coloured so


def test_neighbours_are_listed_once_with_their_edge_kinds():
    rec = {"out": {"related_to": [{"id": "a", "label": "A"}], "derives_from": [{"id": "b", "label": "B"}]},
           "in": {"related_to": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
                  "discusses": [{"id": "p", "label": "P", "weight": 8}]}}
    groups = dict(neighbour_groups(rec))
    assert [i["id"] for i in groups["related to"]] == ["a"]
    assert [i["id"] for i in groups["derives from · related to"]] == ["b"]
    assert groups["discussed by"][0]["weight"] == 8


def test_show_lists_each_neighbour_once():
    out = run_cli("show", "uppsala model")
    assert out.returncode == 0, out.stderr
    lines = [ln.strip() for ln in out.stdout.splitlines()]
    related = [ln for ln in lines if ln.startswith("related to")]
    assert len(related) == 1
    names = [x.strip() for ln in lines if ln[:1].islower() and "  " in ln for x in ln.split("  ", 1)[1].split(",")]
    listed = [x for x in names if x in ("Psychic distance", "Establishment chain")]
    assert sorted(listed) == ["Establishment chain", "Psychic distance"]


# --- the page in Chromium -----------------------------------------------------------------------------

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


@needs_browser
def test_demo_page_draws_every_node_offline_with_labels_of_the_top(browser, demo):
    v = browser.open(demo)
    p = v.page
    total = p.evaluate("() => litgraph.data.nodes.length")
    assert total == len(json.loads((demo.parent / "litgraph.json").read_text("utf-8"))["nodes"])
    assert p.evaluate("() => litgraph.drawnCount()") == total
    assert p.inner_text("#counts") == f"{total} of {total} nodes shown"
    assert v.requests == [] and v.errors == [] and v.dialogs == []
    legend = p.inner_text("#legend")
    assert "Papers of the corpus" in legend and "Theories" in legend and "SME cases" in legend
    # The top nodes are labelled at the overview; zooming in labels more.
    labelled = set(p.evaluate("() => [...litgraph.renderer.getNodeDisplayedLabels()]"))
    top = set(p.evaluate("() => litgraph.forcedLabels"))
    best = p.evaluate("() => litgraph.data.nodes.find(n => n.rank === 0).id")
    assert best in top and len(top) >= 5 and top <= labelled and len(labelled) < total
    # The forced labels (text boxes right of their discs) do not overlap one another.
    boxes = p.evaluate("""() => { const c = document.createElement('canvas').getContext('2d');
        c.font = '12px system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
        return litgraph.forcedLabels.map(id => { const q = litgraph.screenPosition(id), n = litgraph.data.nodes.find(m => m.id === id);
          const r = litgraph.renderer.scaleSize(litgraph.renderer.getNodeDisplayData(id).size);
          return [q.x + r + 3, q.y - 6, q.x + r + 3 + c.measureText(n.short).width, q.y + 6]; }); }""")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    p.evaluate("() => { const c = litgraph.renderer.getCamera(); c.setState({ratio: c.ratio / 6}); }")
    p.wait_for_timeout(200)
    closer = set(p.evaluate("() => [...litgraph.renderer.getNodeDisplayedLabels()]"))
    assert closer - top
    # Pointing at a node shows its tooltip.
    node = p.evaluate("() => litgraph.data.nodes.find(n => n.rank === 30).id")
    p.evaluate("(id) => litgraph.focus(id)", node)
    _settled(p)
    pos = p.evaluate("(id) => litgraph.screenPosition(id)", node)
    p.mouse.move(pos["x"], pos["y"])
    p.wait_for_timeout(300)
    assert p.is_visible("#tooltip") and p.evaluate("() => litgraph.tooltipFor") == node


@needs_browser
def test_search_and_filters_change_what_is_shown_and_refit(browser, demo):
    v = browser.open(demo)
    p = v.page
    total = p.evaluate("() => litgraph.data.nodes.length")
    p.fill("#search", "uppsala")
    p.wait_for_selector("#results li")
    assert "Uppsala model" in p.inner_text("#results")
    assert 0 < p.evaluate("() => litgraph.matches.length") < total
    before = p.evaluate("() => litgraph.renderer.getCamera().getState()")
    p.click("#legend input[data-kind=work]")
    works = p.evaluate("() => litgraph.data.nodes.filter(n => n.kind === 'work').length")
    assert p.evaluate("() => litgraph.drawnCount()") == total - works
    p.fill("#year-min", "2020")
    p.dispatch_event("#year-min", "change")
    p.uncheck("#no-year")
    _settled(p)
    shown = p.evaluate("() => litgraph.drawnCount()")
    expected = p.evaluate("() => litgraph.data.nodes.filter(n => n.kind !== 'work' && n.year >= 2020).length")
    assert shown == expected > 0
    after = p.evaluate("() => litgraph.renderer.getCamera().getState()")
    assert after != before  # the view refits to what is left
    # Every node shown is inside the view after the refit.
    inside = p.evaluate("""() => { const box = document.getElementById('sigma').getBoundingClientRect();
        return litgraph.data.nodes.filter(n => litgraph.renderer.getNodeDisplayData(n.id) && !litgraph.renderer.getNodeDisplayData(n.id).hidden)
          .every(n => { const q = litgraph.screenPosition(n.id); return q.x >= box.left && q.x <= box.right && q.y >= box.top && q.y <= box.bottom; }); }""")
    assert inside
    p.click("#reset")
    assert p.evaluate("() => litgraph.drawnCount()") == total
    assert v.errors == []


@needs_browser
def test_details_panel_gives_the_full_reference_and_each_neighbour_once(browser, demo):
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
    theory = p.evaluate("() => litgraph.data.nodes.find(n => n.label === 'Uppsala model').id")
    p.evaluate("(id) => litgraph.focus(id)", theory)
    headings = p.eval_on_selector_all("#details-body h3", "hs => hs.map(h => h.textContent)")
    assert sum(1 for h in headings if h.startswith("related to")) == 1
    items = p.eval_on_selector_all("#details-body li button", "bs => bs.map(b => b.textContent)")
    assert len(items) == len(set(items)) and "Psychic distance" in items
    # A real click on a drawn node opens its details.
    p.evaluate("() => litgraph.fit(0)")
    _settled(p)
    big = p.evaluate("() => litgraph.data.nodes.slice().sort((a, b) => b.size - a.size)[0].id")
    pos = p.evaluate("(id) => litgraph.screenPosition(id)", big)
    p.mouse.click(pos["x"], pos["y"])
    p.wait_for_timeout(300)
    assert p.evaluate("() => litgraph.detailsFor") == big


def _markup_bib(tmp_path):
    entries = []
    for i, bad in enumerate(MARKUP):
        esc = bad.replace("{", "\\{").replace("}", "\\}")
        entries.append(f"""@article{{bad{i},
  author = {{{esc} and Smith, J.}},
  title = {{{esc} title {i}}},
  journal = {{{esc}}},
  year = {{{2018 + i}}},
  url = {{javascript:alert({i})}},
  doi = {{10.1000/x{i}"><b>}}
}}""")
    entries.append("@article{long, author = {Long, A.}, title = {" + "very long title " * 400 + "}, year = {2021}}")
    path = tmp_path / "markup.bib"
    path.write_text("\n".join(entries), "utf-8")
    return path


def _inert(v):
    p = v.page
    assert v.dialogs == [] and v.requests == [] and v.errors == []
    assert p.evaluate("() => document.querySelectorAll('img, svg, b, script:not([type]):not([src])').length") == 2


@needs_browser
def test_markup_in_inputs_stays_inert(browser, tmp_path):
    bib = _markup_bib(tmp_path)
    out = tmp_path / "markup.html"
    result = run_cli("html", "-s", bib, "-o", out, "--title", "<b>bold</b> title")
    assert result.returncode == 0, result.stderr
    v = browser.open(out)
    p = v.page
    # Nothing injected ran or loaded: no dialog, no request, no stray elements.
    _inert(v)
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
    _settled(p)
    pos = p.evaluate("(id) => litgraph.screenPosition(id)", node)
    p.mouse.move(pos["x"], pos["y"])
    p.wait_for_timeout(300)
    assert "<img src=x onerror=alert(1)>" in p.inner_text("#tooltip")
    # The timeline view and the exports carry the same text as text.
    p.click("#view-timeline")
    p.wait_for_timeout(300)
    p.evaluate("() => litgraph.exportView('svg')")
    svg = p.evaluate("() => litgraph.lastExport.text")
    assert "<img" not in svg and "<script" not in svg and "<svg onload" not in svg
    parsed = p.evaluate("""(s) => { const d = new DOMParser().parseFromString(s, 'image/svg+xml');
        return [d.querySelectorAll('*').length, [...d.querySelectorAll('*')].every(e => ['svg','rect','title','line','path','circle','text'].includes(e.localName))]; }""", svg)
    assert parsed[1] is True
    p.evaluate("() => litgraph.exportView('json')")
    exported = json.loads(p.evaluate("() => litgraph.lastExport.text"))
    assert any(n["label"].startswith("<img src=x onerror=alert(1)>") for n in exported["nodes"])
    _inert(v)


@needs_browser
def test_cluster_names_and_burst_markers_stay_text(browser, tmp_path):
    g = _clustered_graph()
    g.graph["clusters"][1]["label"] = "<img src=x onerror=alert(7)>"
    g.nodes["work:w1"]["label"] = "</script><b>burst</b>"
    out = tmp_path / "clusters.html"
    out.write_text(to_html(g), "utf-8")
    v = browser.open(out)
    p = v.page
    legend = p.inner_text("#cluster-legend")
    assert "internationalisation <b>stages</b>" in legend and "<img src=x onerror=alert(7)>" in legend
    assert p.is_checked("#colour-by input[value=cluster]")
    colours = p.evaluate("() => new Set(litgraph.data.nodes.map(n => litgraph.graph.getNodeAttribute(n.id, 'color'))).size")
    assert colours == 3
    p.click("#cluster-legend input[data-cluster='1']")
    p.wait_for_timeout(100)
    assert p.evaluate("() => litgraph.drawnCount()") == p.evaluate("() => litgraph.data.nodes.filter(n => n.cluster !== '1').length")
    p.click("#reset")
    p.click("#view-timeline")
    p.wait_for_timeout(300)
    assert "lanes by cluster" in p.inner_text("#timeline-help") and "citation bursts (1)" in p.inner_text("#timeline-help")
    p.evaluate("(id) => litgraph.focus(id)", "work:w1")
    assert "citation burst 2005–2009, strength 3.2" in p.inner_text("#details-body")
    assert "</script><b>burst</b>" in p.inner_text("#details-body")  # "cited as"
    _inert(v)


@needs_browser
@pytest.mark.parametrize("case", ["no years", "one paper", "no citations"])
def test_views_say_what_they_cannot_show(browser, tmp_path, case):
    g = nx.MultiDiGraph()
    if case == "one paper":
        g.add_node("paper:p", kind="paper", label="Alone", year=2020)
    else:
        g.add_node("theory:t", kind="theory", label="A theory")
        for i in range(5):
            g.add_node(f"work:{i}", kind="work", label=f"W{i}", year=None if case == "no years" else 2000 + i)
            g.add_edge(f"work:{i}", "theory:t", kind="discusses")
    out = tmp_path / "odd.html"
    out.write_text(to_html(g), "utf-8")
    v = browser.open(out)
    p = v.page
    p.click("#view-timeline")
    p.wait_for_timeout(200)
    notes = p.inner_text("#timeline-notes")
    expect = {"no years": "No node drawn here has a year", "one paper": "single year",
              "no citations": "No citations link the dated nodes"}[case]
    assert expect in notes and "no burst attribute" in notes
    assert "No clusters to colour by" in p.inner_text("#cluster-note")
    for fmt in ("png", "svg", "json"):
        p.evaluate("(f) => litgraph.exportView(f)", fmt)
        p.wait_for_function("(f) => litgraph.lastExport && litgraph.lastExport.format === f", arg=fmt)
    assert v.errors == [] and v.requests == []


@needs_browser
def test_export_this_view_downloads_png_svg_and_json(browser, demo):
    v = browser.open(demo)
    p = v.page
    for fmt, name in (("png", "litgraph-network.png"), ("svg", "litgraph-network.svg"), ("json", "litgraph-network.json")):
        p.click("#export-button")
        with p.expect_download() as dl:
            p.click(f"#export-menu button[data-format={fmt}]")
        download = dl.value
        assert download.suggested_filename == name
        data = Path(download.path()).read_bytes()
        if fmt == "png":
            assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
        elif fmt == "svg":
            assert data.startswith(b"<svg") and b"<circle" in data and b"Uppsala model" in data
        else:
            sub = json.loads(data)
            assert len(sub["nodes"]) == p.evaluate("() => litgraph.data.nodes.length") and sub["edges"]
    p.click("#legend input[data-kind=work]")
    p.evaluate("() => litgraph.exportView('json')")
    sub = json.loads(p.evaluate("() => litgraph.lastExport.text"))
    assert sub["nodes"] and all(n["kind"] != "work" for n in sub["nodes"]) and sub["filters"]["kinds"]
    assert v.errors == [] and v.requests == []


@needs_browser
def test_empty_graph_page_says_so(browser, tmp_path):
    out = tmp_path / "empty.html"
    out.write_text(to_html(nx.MultiDiGraph()), "utf-8")
    v = browser.open(out)
    assert v.page.is_visible("#empty") and "empty" in v.page.inner_text("#empty")
    assert v.errors == [] and v.requests == []


@needs_browser
def test_cut_above_max_nodes_is_announced(browser, tmp_path):
    out = tmp_path / "cut.html"
    result = run_cli("html", "-o", out, "--max-nodes", "50")
    assert result.returncode == 0
    v = browser.open(out)
    note = v.page.inner_text("#cut-note")
    assert note.startswith("Showing 50 of 201 nodes: every paper of the corpus") and "left out" in note
    assert v.page.evaluate("() => litgraph.drawnCount()") == 50


@needs_browser
def test_large_graph_draws_every_node_and_settles(browser, tmp_path):
    out = tmp_path / "large.html"
    out.write_text(to_html(synthetic_graph(3000)), "utf-8")
    v = browser.open(out)
    assert v.page.evaluate("() => litgraph.drawnCount()") == 3000
    assert v.page.evaluate("() => litgraph.layoutIterations") > 0 and v.page.is_hidden("#layout-status")
    # Zooming draws motion frames (every node redrawn on the CPU for each camera step, sigma's WebGL
    # layers hidden); when the camera stops sigma draws the graph anew where it is, and a click hits
    # the node under the pointer.
    p = v.page
    box = p.evaluate("() => { const b = document.getElementById('sigma').getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; }")
    p.mouse.move(*box)
    for _ in range(6):
        p.mouse.wheel(0, -120)
        p.wait_for_timeout(30)
    assert p.evaluate("() => litgraph.motionFrames") > 0
    p.wait_for_function("() => !litgraph.sliding && document.getElementById('motion').hidden"
                        " && litgraph.renderer.elements.nodes.style.visibility === ''", timeout=10_000)
    _settled(p)
    target = p.evaluate("""() => { const box = document.getElementById('sigma').getBoundingClientRect();
        return litgraph.data.nodes.slice().sort((a, b) => b.size - a.size).map(n => n.id).find(id => {
          const q = litgraph.screenPosition(id); return q.x > box.left + 40 && q.x < box.right - 40 && q.y > box.top + 40 && q.y < box.bottom - 40; }); }""")
    pos = p.evaluate("(id) => litgraph.screenPosition(id)", target)
    before = p.evaluate("() => Object.fromEntries(litgraph.data.nodes.map(n => [n.id, litgraph.screenPosition(n.id)]))")
    p.mouse.click(pos["x"], pos["y"])  # (the details panel then narrows the drawing: positions move)
    p.wait_for_function("() => litgraph.detailsFor !== undefined", timeout=10_000)
    hit = before[p.evaluate("() => litgraph.detailsFor")]
    assert abs(hit["x"] - pos["x"]) < 25 and abs(hit["y"] - pos["y"]) < 25  # the node clicked, or one drawn over it
    assert v.errors == [] and v.requests == []


def test_cluster_legend_orders_tied_clusters_by_number():
    """Clusters of equal size are listed 4 before 10, not as text sorts them."""
    from litgraph.export.html import _clusters

    own = {"a": "10", "b": "4", "c": "4", "d": "10", "e": "2"}
    out = _clusters(nx.MultiDiGraph(), set(own), own)
    assert list(out) == ["4", "10", "2"]


# Each node's colour at its centre in a motion frame drawn for a camera sigma has not drawn yet, for
# the nodes no other disc covers there (sigma's own positions and sizes, computed independently of the
# page's motion renderer).
_MOTION_CHECK = """(k) => {
  const r = litgraph.renderer, cam = r.getCamera();
  const state = Object.assign(cam.getState(), {ratio: cam.ratio * k});
  cam.setState(state);  // the camera moves; sigma's own picture is of the old place
  const captor = r.getMouseCaptor();
  captor.currentWheelDirection = 1;  // as during a wheel zoom
  const labels = r.displayedNodeLabels;
  r.displayedNodeLabels = new Set();  // no label text over the discs for this check
  r.render();
  r.displayedNodeLabels = labels;
  captor.currentWheelDirection = 0;
  const canvas = document.getElementById('motion');
  const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const nodes = litgraph.data.nodes.map(n => {
    const p = r.graphToViewport(litgraph.graph.getNodeAttributes(n.id), {cameraState: state});
    return {id: n.id, x: p.x, y: p.y, r: r.scaleSize(r.getNodeDisplayData(n.id).size, state.ratio),
            color: r.getNodeDisplayData(n.id).color};
  });
  const alone = nodes.filter(a => a.x > 2 && a.y > 2 && a.x < canvas.width - 2 && a.y < canvas.height - 2 &&
    !nodes.some(b => b !== a && (b.x - a.x) ** 2 + (b.y - a.y) ** 2 <= (b.r + 1.5) ** 2));
  const hex = (i) => '#' + [0, 1, 2].map(c => px[i + c].toString(16).padStart(2, '0')).join('');
  return {hidden: canvas.hidden, sigmaHidden: r.elements.nodes.style.visibility,
          checked: alone.length, wrong: alone.filter(a => hex(4 * (Math.floor(a.y) * canvas.width + Math.floor(a.x))) !== a.color.toLowerCase())
            .map(a => [a.id, a.color, hex(4 * (Math.floor(a.y) * canvas.width + Math.floor(a.x)))])};
}"""


@needs_browser
def test_motion_frames_redraw_every_node_where_the_camera_is(browser, tmp_path):
    out = tmp_path / "large.html"
    out.write_text(to_html(synthetic_graph(1200)), "utf-8")
    v = browser.open(out)
    p = v.page
    for k in (1.0, 0.4, 2.5):  # where it is, zoomed in, zoomed out
        got = p.evaluate(_MOTION_CHECK, k)
        assert got["hidden"] is False and got["sigmaHidden"] == "hidden"
        assert got["checked"] >= 20 and got["wrong"] == [], got
    # With the labels sigma showed last, drawn where their nodes now are.
    p.evaluate("() => { const r = litgraph.renderer, c = r.getMouseCaptor(); c.currentWheelDirection = 1; r.render(); c.currentWheelDirection = 0; }")
    assert p.evaluate("() => litgraph.motionView.labels") > 0
    # When the camera rests, sigma draws again and the motion frame goes.
    p.evaluate("() => litgraph.renderer.refresh()")
    assert p.evaluate("() => document.getElementById('motion').hidden && !litgraph.sliding")
    assert v.errors == [] and v.requests == []


@needs_browser
def test_node_under_the_pointer_is_found_without_the_gpu(browser, tmp_path):
    """Hover and click find the topmost disc under the pointer on the CPU, as sigma's picking would."""
    out = tmp_path / "pick.html"
    out.write_text(to_html(synthetic_graph(800)), "utf-8")
    v = browser.open(out)
    p = v.page
    got = p.evaluate("""() => {
      const r = litgraph.renderer, hits = [], misses = [];
      litgraph.data.nodes.forEach(n => {
        const q = r.graphToViewport(litgraph.graph.getNodeAttributes(n.id));
        const at = r.getNodeAtPosition(q);
        // The node found is one whose disc holds the point (the node itself, or one drawn over it).
        const d = r.getNodeDisplayData(at), c = at && r.graphToViewport(litgraph.graph.getNodeAttributes(at));
        if (at && (c.x - q.x) ** 2 + (c.y - q.y) ** 2 <= r.scaleSize(d.size) ** 2 + 1e-6) hits.push(n.id); else misses.push(n.id);
      });
      const empty = r.getNodeAtPosition({x: -50, y: -50});
      return {hits: hits.length, misses: misses, empty: empty, pickingPasses: Object.values(r.nodePrograms).filter(g => g.pickProgram).length};
    }""")
    assert got["misses"] == [] and got["hits"] == 800 and got["empty"] is None
    assert got["pickingPasses"] == 0  # sigma's GPU picking frame is no longer drawn
    assert v.errors == [] and v.requests == []


def test_page_edges_are_sorted_with_parallel_edges_in_their_order():
    """The page's edges among kept nodes are sorted by their ends and kind; parallel edges of one
    kind keep the order they were added in, however the kept nodes are read."""
    g = nx.MultiDiGraph()
    g.add_node("paper:p", kind="paper", label="P")
    for i in range(12):
        g.add_node(f"work:{i:02d}", kind="work", label=str(i), cited_by=1)
    for i in reversed(range(12)):
        g.add_edge("paper:p", f"work:{i:02d}", kind="cites", weight=3)
        g.add_edge("paper:p", f"work:{i:02d}", kind="cites", weight=1)
    g.add_edge("work:03", "work:01", kind="related_to", weight=2)
    g.add_edge("work:03", "work:01", kind="cites", weight=5)
    for max_nodes in (6, 100):
        data = page_data(g, max_nodes=max_nodes)
        kept = {n["id"] for n in data["nodes"]}
        got = [(e["from"], e["to"], e["kind"], e["weight"]) for e in data["edges"]]
        want = [(u, v, d["kind"], d["weight"]) for u, v, d in g.edges(data=True) if u in kept and v in kept]
        assert got == sorted(want, key=lambda e: e[:3])  # sorted is stable: ties in insertion order
        assert [w for u, v, k, w in got if v == "work:03"][:2] in ([3, 1], [])
