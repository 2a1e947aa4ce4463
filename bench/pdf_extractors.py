"""PDF text extractors side by side: quality on the manuscripts whose source text we have, and speed.

    python bench/pdf_extractors.py [extra.pdf ...]

Quality, on tests/data/manuscripts/*.pdf (LibreOffice PDFs of our Word files, one in two columns,
one with superscript citations): the word sequence against the source text (difflib ratio, so
reading order counts), running heads left in, and the numbered citations litgraph then finds.
Speed: seconds per page on the same files, on a 510-page PDF made of them, and on any PDFs named.

Candidates (permissive licences only; PyMuPDF is AGPL and is not considered for shipping):
pypdfium2 (text as PDFium orders it), pypdfium2 + litgraph's own layout (readers/pdf.py),
pdfminer.six, pdfplumber, pypdf.
"""
from __future__ import annotations

import difflib
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data" / "manuscripts"
SOURCES = {"nature-word.pdf": "nature.txt", "vancouver-2col.pdf": "vancouver.txt"}


def pdfium_raw(path: str) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    return "\n".join(p.get_textpage().get_text_range() for p in pdf)


def pdfium_layout(path: str) -> str:
    from litgraph.readers.pdf import extract

    return "\n".join(extract(path).lines)


def pdfminer(path: str) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(path)


def pdfplumber(path: str) -> str:
    import pdfplumber as pp

    with pp.open(path) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages)


def pypdf(path: str) -> str:
    import pypdf as pp

    return "\n".join(p.extract_text() for p in pp.PdfReader(path).pages)


CANDIDATES = {"pypdfium2": pdfium_raw, "pypdfium2+layout": pdfium_layout, "pdfminer.six": pdfminer,
              "pdfplumber": pdfplumber, "pypdf": pypdf}


def words(text: str) -> list[str]:
    text = text.replace("-\n", "").translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789–"))
    return re.findall(r"[A-Za-z]+|\d+", text)


def numbered_found(text: str, path: str) -> int:
    from litgraph.readers.citations import find_citations
    from litgraph.readers.paper import read_paper

    doc = read_paper(text, path, "x")
    end = doc.reference_line - 1 if doc.reference_line else None
    return sum(1 for c in find_citations(text, path, doc, end) if c.number is not None)


def pages(path: str) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(path))


def main(extra: list[str]) -> None:
    import json

    import pypdfium2 as pdfium

    print("quality (word order vs source; running head kept; numbered citations found / true)")
    for pdf_name, txt_name in SOURCES.items():
        path = str(DATA / pdf_name)
        src = (DATA / txt_name).read_text("utf-8")
        true = len(json.loads((DATA / (txt_name[:-4] + ".gold.json")).read_text("utf-8"))["citations"])
        ref_words = words(src.replace("#", ""))
        for name, fn in CANDIDATES.items():
            text = fn(path)
            ratio = difflib.SequenceMatcher(None, ref_words, words(text), autojunk=False).ratio()
            head = "Manuscript under review" in text
            print(f"  {pdf_name:<20} {name:<17} order {ratio:.3f}  head kept {'yes' if head else 'no ':<3}  "
                  f"citations {numbered_found(text, path)}/{true}")
    with tempfile.TemporaryDirectory() as tmp:
        big = pdfium.PdfDocument.new()
        src = pdfium.PdfDocument(str(DATA / "nature-word.pdf"))
        while len(big) < 510:
            big.import_pages(src)
        big_path = str(Path(tmp) / "big.pdf")
        big.save(big_path)
        files = [str(DATA / n) for n in SOURCES] + [big_path] + extra
        print("\nspeed (ms per page)")
        for f in files:
            n = pages(f)
            row = []
            for name, fn in CANDIDATES.items():
                if n > 100 and name in ("pdfplumber",):
                    row.append(f"{name} —")
                    continue
                t = time.perf_counter()
                fn(f)
                row.append(f"{name} {1000 * (time.perf_counter() - t) / n:.1f}")
            print(f"  {Path(f).name:<28} {n:>4} pages: " + ", ".join(row))


if __name__ == "__main__":
    main(sys.argv[1:])
