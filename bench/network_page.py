"""The network page in headless Chromium: build time, time to first frame, frames/s while zooming,
milliseconds from a click on a node to its details.

    python bench/network_page.py                    # 200 (demo size), 1,000, 5,000 and 20,000 nodes
    python bench/network_page.py 5000 20000         # chosen sizes
    python bench/network_page.py --max-nodes 20000  # draw all of a 20,000-node graph (default cut: 5,000)
    python bench/network_page.py --screenshots docs # the README's screenshots (WoS export, 5,000 generated)

Every network request is blocked, as in the tests. "ready" is when the page has drawn (and its layout
has settled). "zoom fps" counts animation frames in two seconds during which a wheel event zooms the
view on every frame (a renderer that needs 100 ms a frame gets 10); "redraws/s" counts the real redraws
of the graph in those two seconds: sigma's full frames (its afterRender event) plus the page's motion
frames (every node drawn anew on the CPU for the camera of that frame, litgraph.motionFrames), so a page
that only moves an old picture scores 0 there however smooth it looks. "ms/motion" is the JavaScript
time of one motion frame (wall clock, so inflated on a loaded machine); "cpu ms/frame r+gpu" is the CPU
time of Chromium's renderer and GPU processes during the zoom divided by the frames (psutil; with
software WebGL, SwiftShader, the GPU process does the drawing of WebGL canvases). Each size is zoomed
`--repeat` times and the median run (by redraws) printed; "load" is the machine's load average then.
"click ms" is from the mouse-down on a drawn node to the details panel painted (the next animation frame
after it was filled). The measures use only the DOM, `litgraph.screenPosition(id)` and sigma's event,
so the page before this design (bench/network_page.py of an older checkout) is measured the same way.
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
  // Real redraws: sigma's full frames (its afterRender event) and the page's own motion frames.
  const api = window.litgraph;
  let full = 0;
  const count = () => { full++; };
  if (api.renderer) api.renderer.on('afterRender', count);
  const redraws = () => (api.motionFrames || 0) + full;
  const r0 = redraws(), m0 = api.motionMs || 0, mf0 = api.motionFrames || 0;
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
  const s = (performance.now() - t0) / 1000, mf = (api.motionFrames || 0) - mf0;
  if (api.renderer) api.renderer.removeListener('afterRender', count);
  return {fps: frames / s, redraws: (redraws() - r0) / s, frames: frames,
          motionMs: mf ? ((api.motionMs || 0) - m0) / mf : null};
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


def _chromium_cpu() -> dict:
    """CPU seconds so far of this run's Chromium processes, by type (renderer, gpu, browser, other)."""
    try:
        import psutil
    except ImportError:
        return {}
    out: dict = {}
    for c in psutil.Process().children(recursive=True):
        try:
            line = " ".join(c.cmdline())
            if "chrom" not in line:
                continue
            kind = ("gpu" if "--type=gpu" in line else "renderer" if "--type=renderer" in line
                    else "browser" if "--type=" not in line else "other")
            t = c.cpu_times()
            out[(kind, c.pid)] = t.user + t.system
        except psutil.Error:
            pass
    return out


def _cpu_per_frame(before: dict, after: dict, frames: int) -> dict:
    spent: dict = {}
    for (kind, pid), v in after.items():
        spent[kind] = spent.get(kind, 0.0) + v - before.get((kind, pid), 0.0)
    return {k: 1000 * v / max(frames, 1) for k, v in spent.items()}


def _zoom(p) -> dict:
    before = _chromium_cpu()
    z = p.evaluate(ZOOM)
    z["cpu"] = _cpu_per_frame(before, _chromium_cpu(), z["frames"])
    return z


def _measure(visit, tries: int = 5, repeat: int = 1) -> tuple[dict, float]:
    p = visit.page
    zooms = []
    for _ in range(repeat):
        zooms.append(_zoom(p))
        p.wait_for_timeout(600)  # let the last zoom's animation end
    zoom = sorted(zooms, key=lambda z: z["redraws"])[len(zooms) // 2]  # the median run, by real redraws
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
    return zoom, (statistics.median(times) if times else float("nan"))


WOS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "exports" / "wos_plaintext" / \
    "wosfile_wos_plaintext.txt"  # 50 real Web of Science records with their cited references (BSD-3-Clause)


def _small_png(path: str) -> None:
    """256 colours are plenty for a network drawing and shrink the file ~3x (Pillow, when installed)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as im:
        im.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def screenshots(folder: str) -> None:
    """The README's screenshots: the real WoS export at 200 and 1,000 nodes (network and timeline, its
    real clusters and bursts) and a generated 5,000-node graph with the same analyses run on it."""
    from litgraph.analysis.bursts import add_bursts
    from litgraph.analysis.clusters import add_clusters
    from litgraph.corpus import load_corpus

    if not WOS.exists():
        sys.exit(f"needs {WOS} (the shared datasets)")
    os.makedirs(folder, exist_ok=True)
    wos = load_corpus([str(WOS)]).graph
    big = synthetic_graph(5000)
    add_clusters(big)
    add_bursts(big)
    shots = [("page-200.png", wos, 200, "network", "a Web of Science export (50 records), 200 of its nodes"),
             ("page-1000.png", wos, 1000, "network", "a Web of Science export (50 records), 1,000 of its nodes"),
             ("timeline-1000.png", wos, 1000, "timeline", "the same export, timeline"),
             ("page-5000.png", big, 5000, "network", "5,000 nodes, generated (bench/synthetic.py)")]
    browser = Browser()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name, g, size, view, title in shots:
                path = os.path.join(tmp, "page.html")
                Path(path).write_text(to_html(g, max_nodes=size, title=title), "utf-8")
                visit = browser.open(path, width=1280, height=760)
                p = visit.page
                if view == "timeline":
                    p.click("#view-timeline")
                p.wait_for_timeout(800)
                out = os.path.join(folder, name)
                p.screenshot(path=out)
                _small_png(out)
                assert not visit.errors and not visit.requests, (visit.errors, visit.requests)
                p.close()
                print("wrote", out, os.path.getsize(out) // 1024, "KB")
    finally:
        browser.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[200, 1000, 5000, 20000])
    ap.add_argument("--max-nodes", type=int, default=None, help="the page's cut (default: the html default)")
    ap.add_argument("--screenshots", metavar="FOLDER", help="write the README's screenshots there instead")
    ap.add_argument("--repeat", type=int, default=3, help="zoom runs per size (the median run is printed)")
    args = ap.parse_args()
    if not CHROMIUM:
        sys.exit("needs Debian's chromium (apt-get install chromium)")
    if args.screenshots:
        screenshots(args.screenshots)
        return
    browser = Browser()
    print(f"{'nodes':>7} {'edges':>7} {'drawn':>6} {'e.drawn':>7} {'html MB':>8} {'build s':>8} {'ready s':>8} "
          f"{'zoom fps':>9} {'redraws/s':>10} {'ms/motion':>10} {'cpu ms/frame r+gpu':>19} {'click ms':>9} {'load':>5}")
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
                zoom, click = _measure(visit, repeat=args.repeat)
                assert not visit.requests and not visit.errors, (visit.requests, visit.errors)
                visit.page.close()
            cpu = zoom["cpu"]
            motion = f"{zoom['motionMs']:.1f}" if zoom.get("motionMs") is not None else "-"
            print(f"{n:>7} {g.number_of_edges():>7} {drawn:>6} {edges:>7} {len(page) / 1e6:>8.2f} {build:>8.2f} "
                  f"{ready:>8.2f} {zoom['fps']:>9.1f} {zoom['redraws']:>10.1f} {motion:>10} "
                  f"{cpu.get('renderer', 0):>9.1f}+{cpu.get('gpu', 0):<9.1f} {click:>9.0f} {os.getloadavg()[0]:>5.1f}",
                  flush=True)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
