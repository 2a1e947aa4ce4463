"""Make the test PDFs of this folder from refs.json (references invented for litgraph's tests).

    python tests/data/pdf/make.py [NAME ...]     # needs pdflatex (see bench/pdf_refs.py)

Each PDF is a short paper typeset as journals print them (bench/pdf_refs.py's layouts):
prose before the list, running heads and page numbers, two columns, a list that runs on
from one page to the next, legends or an appendix after it. The seed is chosen so that the
list does cross a page; the PDFs are committed, so the tests need no TeX.
"""
import json
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import pdf_refs  # noqa: E402

from litgraph.readers.pdf import extract  # noqa: E402


def truth(text: str) -> pdf_refs.Truth:
    year = re.search(r"\b(?:19|20)\d\d\b", text)
    return pdf_refs.Truth(text, {"authors": [{"family": re.split(r"[ ,]", text)[0]}],
                                 "year": int(year.group()) if year else None})


def make(name: str, layout: pdf_refs.Layout, texts: list[str]) -> None:
    refs = [truth(t) for t in texts]
    for seed in range(200):
        work = Path(tempfile.mkdtemp())
        pdf = pdf_refs.typeset(pdf_refs.document(layout, refs, random.Random(seed)), work, name)
        text = extract(str(pdf))
        pages = {text.places.get(i + 1) for i, line in enumerate(text.lines)
                 if any(t[:25] in line for t in (texts[0], texts[-1]))}
        if len(pages) == 2:  # the first and the last entry on different pages
            shutil.copy(pdf, HERE / f"{name}.pdf")
            shutil.copy(work / f"{name}.tex", HERE / f"{name}.tex")
            print(f"{name}.pdf: seed {seed}, {(HERE / f'{name}.pdf').stat().st_size:,} bytes")
            return
    raise SystemExit(f"{name}: no seed puts the list across two pages")


# name: (bench/pdf_refs.py's layout, the key of refs.json)
PDFS = {"author-year-2col": ("hang-2col", "author-year"), "numbered-2col": ("dot-2col-tiny", "numbered"),
        "author-year-1col": ("hang-1col", "author-year-1col")}


def main() -> None:
    refs = json.loads((HERE / "refs.json").read_text("utf-8"))
    for name in sys.argv[1:] or PDFS:
        layout, key = PDFS[name]
        make(name, pdf_refs.LAYOUTS[layout], refs[key])


if __name__ == "__main__":
    main()
