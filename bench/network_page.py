"""The network page in headless Chromium: build time, time to first frame, frames/s while zooming,
milliseconds from a click on a node to its details.

    python bench/network_page.py                    # 200 (demo size), 1,000, 5,000 and 20,000 nodes
    python bench/network_page.py 5000 20000         # chosen sizes
    python bench/network_page.py --max-nodes 20000  # draw all of a 20,000-node graph (default cut: 5,000)
    python bench/network_page.py --screenshots docs # the README's screenshots (demo corpus, 5,000 nodes)

Every network request is blocked, as in the tests. "ready" is when the page has drawn (and its layout
has settled). "zoom fps" counts animation frames in two seconds during which a wheel event zooms the
view on every frame: a renderer that needs 100 ms a frame gets 10. "click ms" is from the mouse-down
on a drawn node to the details panel painted (the next animation frame after it was filled). The
measures use only the DOM and `litgraph.screenPosition(id)`, so any renderer is measured the same way
(for the vis-network page before sigma, positions come from vis's own API).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import CHROMIUM, Browser  # noqa: E402
from synthetic import synthetic_graph  # noqa: E402

from litgraph.export.html import to_html  # noqa: E402

ZOOM = """async () => {
  const box = document.getElementById('graph').getBoundingClientRect();
  const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
  const target = document.elementFromPoint(cx, cy);
  let frames = 0, i = 0;
  const t0 = performance.now();
  await new Promise(done => {
    function step() {
      frames++;
      i++;
      const dy = (Math.floor(i / 30) % 2 ? 1 : -1) * 40;  // in for half a second, out for half, ...
      target.dispatchEvent(new WheelEvent('wheel', {deltaY: dy, clientX: cx, clientY: cy, bubbles: true, cancelable: true}));
      if (performance.now() - t0 < 2000) requestAnimationFrame(step); else done();
    }
    requestAnimationFrame(step);
  });
  return frames / ((performance.now() - t0) / 1000);
}"""

POSITION = """(id) => {
  if (litgraph.screenPosition) return litgraph.screenPosition(id);
  const p = litgraph.network.canvasToDOM(litgraph.network.getPositions([id])[id]);
  const box = document.getElementById('graph').getBoundingClientRect();
  return {x: p.x + box.left, y: p.y + box.top};
}"""

ARM = """() => {
  window.__bench = {down: null, painted: null};
  window.addEventListener('mousedown', () => { window.__bench.down = performance.now(); }, {capture: true, once: true});
  const body = document.getElementById('details-body');
  const obs = new MutationObserver(() => {
    obs.disconnect();
    requestAnimationFrame(() => { window.__bench.painted = performance.now(); });
  });
  obs.observe(body, {childList: true, subtree: true, characterData: true});
}"""


def _measure(visit, tries: int = 5) -> tuple[float, float]:
    p = visit.page
    fps = p.evaluate(ZOOM)
    p.wait_for_timeout(600)  # let the last zoom's animation end
    p.evaluate("() => litgraph.fit ? litgraph.fit(0) : litgraph.network.fit()")
    p.wait_for_timeout(300)
    # Nodes to click: the biggest ones, which are drawn and not hidden under others.
    ids = p.evaluate("(k) => litgraph.data.nodes.slice().sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : 1))"
                     ".slice(0, k).map(n => n.id)", tries * 3)
    times = []
    for node in ids:
        pos = p.evaluate(POSITION, node)
        p.evaluate("() => { document.getElementById('details').hidden = true; }")
        p.evaluate(ARM)
        p.mouse.click(pos["x"], pos["y"])
        try:
            p.wait_for_function("() => window.__bench.painted !== null", timeout=10_000)
        except Exception:  # noqa: BLE001 - a click that hit no node (covered by another): try the next
            continue
        times.append(p.evaluate("() => window.__bench.painted - window.__bench.down"))
        if len(times) >= tries:
            break
    return fps, (statistics.median(times) if times else float("nan"))


def _with_clusters(g):
    """Louvain communities (networkx) as the `cluster` attribute, named after their top works, and
    Kleinberg-like bursts faked on a few works: what the page shows once the analyses provide them."""
    import networkx as nx

    from litgraph.analysis.centrality import metrics

    score = metrics(g)["score"]
    comms = nx.community.louvain_communities(nx.Graph(g.to_undirected()), seed=7, resolution=0.8)
    comms = sorted(comms, key=len, reverse=True)
    names = {}
    for i, members in enumerate(comms):
        best = sorted((m for m in members if g.nodes[m]["kind"] != "paper"), key=lambda m: -score.get(m, 0))[:2]
        names[i] = {"label": " / ".join(g.nodes[m]["label"] for m in best) or f"cluster {i}", "size": len(members)}
        for m in members:
            g.nodes[m]["cluster"] = i
    g.graph["clusters"] = names
    works = sorted((n for n, d in g.nodes(data=True) if d["kind"] == "work" and d.get("year")),
                   key=lambda n: -score.get(n, 0))
    for n in works[:6]:
        y = g.nodes[n]["year"]
        g.nodes[n]["burst"] = {"start": y + 2, "end": y + 6, "strength": round(2 + score[n], 2)}
    return g


def screenshots(folder: str) -> None:
    from litgraph.corpus import load_corpus

    os.makedirs(folder, exist_ok=True)
    browser = Browser()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            demo = load_corpus(["bib"]).graph
            shots = [("network.png", demo, "network", None), ("timeline.png", _with_clusters(demo.copy()), "timeline", None),
                     ("clusters-5000.png", _with_clusters(synthetic_graph(5000)), "network", None),
                     ("details.png", demo, "network", "Uppsala model")]
            for name, g, view, focus in shots:
                path = os.path.join(tmp, "page.html")
                Path(path).write_text(to_html(g, title="litgraph: " + ("demo corpus" if len(g) < 1000 else
                                                                       f"{len(g):,} nodes (synthetic)")), "utf-8")
                visit = browser.open(path)
                p = visit.page
                if view == "timeline":
                    p.click("#view-timeline")
                if focus:
                    p.evaluate("(l) => litgraph.focus(litgraph.data.nodes.find(n => n.label === l).id)", focus)
                p.wait_for_timeout(800)
                p.screenshot(path=os.path.join(folder, name))
                assert not visit.errors and not visit.requests, (visit.errors, visit.requests)
                p.close()
                print("wrote", os.path.join(folder, name))
    finally:
        browser.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[200, 1000, 5000, 20000])
    ap.add_argument("--max-nodes", type=int, default=None, help="the page's cut (default: the html default)")
    ap.add_argument("--screenshots", metavar="FOLDER", help="write the README's screenshots there instead")
    args = ap.parse_args()
    if not CHROMIUM:
        sys.exit("needs Debian's chromium (apt-get install chromium)")
    if args.screenshots:
        screenshots(args.screenshots)
        return
    browser = Browser()
    print(f"{'nodes':>7} {'edges':>7} {'drawn':>6} {'e.drawn':>7} {'html MB':>8} {'build s':>8} {'ready s':>8} "
          f"{'zoom fps':>9} {'click ms':>9}")
    try:
        for n in args.sizes:
            g = synthetic_graph(n)
            t0 = time.perf_counter()
            page = to_html(g) if args.max_nodes is None else to_html(g, max_nodes=args.max_nodes)
            build = time.perf_counter() - t0
            with tempfile.TemporaryDirectory() as tmp:
                path = os.path.join(tmp, "page.html")
                Path(path).write_text(page, "utf-8")
                t1 = time.perf_counter()
                visit = browser.open(path)
                ready = time.perf_counter() - t1
                drawn = visit.page.evaluate("() => litgraph.drawnCount()")
                edges = visit.page.evaluate("() => litgraph.data.edges.length")
                fps, click = _measure(visit)
                assert not visit.requests and not visit.errors, (visit.requests, visit.errors)
                visit.page.close()
            print(f"{n:>7} {g.number_of_edges():>7} {drawn:>6} {edges:>7} {len(page) / 1e6:>8.2f} {build:>8.2f} "
                  f"{ready:>8.2f} {fps:>9.1f} {click:>9.0f}", flush=True)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
