"""Take docs/screenshot.png: the demo graph in headless Chromium, network cut, one work selected.

    python tools/screenshot.py
"""
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import Browser  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "litgraph", "build", "-o", tmp], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        browser = Browser()
        try:
            visit = browser.open(Path(tmp) / "litgraph.html", width=1440, height=900)
            page = visit.page
            page.fill("#search", "uppsala")
            page.wait_for_timeout(300)
            node = page.evaluate("() => litgraph.data.nodes.find(n => n.details && n.details.doi === '10.1057/jibs.2009.24').id")
            page.evaluate("(id) => litgraph.focus(id)", node)
            page.wait_for_timeout(800)
            page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
            assert not visit.requests and not visit.errors
        finally:
            browser.close()
    print("wrote docs/screenshot.png")


if __name__ == "__main__":
    main()
