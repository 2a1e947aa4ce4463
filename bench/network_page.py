"""HTML network benchmark: page size, build time and time to the first drawn frame in headless Chromium.

    python bench/network_page.py                 # 200 (demo size), 1,000, 5,000 and 20,000 nodes
    python bench/network_page.py 5000 12000      # chosen sizes

Every network request is blocked, as in the tests. "ready" is when the page
has drawn (for small graphs: after the forces settled and stopped).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import CHROMIUM, Browser  # noqa: E402
from synthetic import synthetic_graph  # noqa: E402

from litgraph.export.html import to_html  # noqa: E402


def main(sizes: list[int]) -> None:
    if not CHROMIUM:
        sys.exit("needs Debian's chromium (apt-get install chromium)")
    browser = Browser()
    print(f"{'nodes':>7} {'edges':>7} {'drawn':>6} {'layout':>9} {'html MB':>8} {'build s':>8} {'ready s':>8}")
    try:
        for n in sizes:
            g = synthetic_graph(n)
            t0 = time.perf_counter()
            page = to_html(g)
            build = time.perf_counter() - t0
            with tempfile.TemporaryDirectory() as tmp:
                path = os.path.join(tmp, "page.html")
                Path(path).write_text(page, "utf-8")
                t1 = time.perf_counter()
                visit = browser.open(path)
                ready = time.perf_counter() - t1
                drawn = visit.page.evaluate("() => litgraph.drawnCount()")
                layout = visit.page.evaluate("() => litgraph.data.meta.layout")
                assert not visit.requests and not visit.errors, (visit.requests, visit.errors)
                visit.page.close()
            print(f"{n:>7} {g.number_of_edges():>7} {drawn:>6} {layout:>9} {len(page) / 1e6:>8.2f} {build:>8.2f} {ready:>8.2f}")
    finally:
        browser.close()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [200, 1000, 5000, 20000])
