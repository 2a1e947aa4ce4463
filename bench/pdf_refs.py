"""PDF reference sections with exact ground truth: typeset, then read back as a user would.

    python bench/pdf_refs.py [--papers N] [--entries N] [--layout NAME]... [--show N] [--keep DIR]

Real papers are PDFs whose reference lists have their own line breaks: two
columns, small fonts, justified lines hyphenated by TeX, running heads and page
numbers, a list that runs on across columns and pages, prose before it and an
appendix or figure captions after it. This benchmark makes such PDFs with
pdflatex from labelled references (the AnyStyle training files, only the share
the field parser was not trained on, litgraph.refparse.render.held_out_key), one
\\bibitem per reference, its raw text with LaTeX's specials escaped, so the truth
is exact: which entries the list holds and every field of each.

Then `python -m litgraph refs PAPER.pdf --format json` runs on each PDF (the
whole process, as a user runs it) and for each layout the table says: entries
found / true; the share of true entries split right (an entry whose text,
punctuation, spaces and label aside, is exactly one found entry); end-to-end
field accuracy (authors, year, title, container, volume, pages, DOI; a true
entry not found counts every one of its fields wrong; a found entry is paired
with the true entry it shares most words with); beside it the parser alone on
the same references as one clean line each, so what the PDF path loses shows as
the difference; and files with no entry at all.

Needs pdflatex with the LaTeX packages of TeX Live's latex-base, -recommended,
-extra and fonts-recommended (Debian: texlive-latex-extra texlive-fonts-recommended);
it is a benchmark, not a test, and CI does not run it. References with
characters pdflatex's T1 fonts cannot print (Cyrillic, CJK, ...) are left out
and counted.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from litgraph.refparse.evaluate import norm  # noqa: E402

DATA = ROOT.parent / "shared" / "datasets" / "anystyle"
XMLS = ("core-train.xml", "good-train.xml")  # never gold.xml: it is kept aside to measure the parser
FIELDS = ("authors", "year", "title", "container", "volume", "pages", "doi")


# ----------------------------------------------------------------------------------------------
# The references and their truth

@dataclass
class Truth:
    text: str  # the reference as printed, one line, without its citation number
    gold: dict  # its fields, as litgraph JSON


def load_refs() -> tuple[list[Truth], int]:
    """The held-out references of the AnyStyle training files, in file order (a
    run of consecutive ones mostly comes from one real list, in one style), and
    how many were left out as unprintable."""
    from litgraph.refparse.fields import assemble
    from litgraph.refparse.tokens import split_word, tokenize
    from litgraph.refparse.train import LABEL_MAP, _is_held_out

    out: list[Truth] = []
    unprintable = 0
    for name in XMLS:
        for seq in ET.parse(DATA / name).getroot().iter("sequence"):
            if not _is_held_out(seq):
                continue
            els = [el for el in seq if el.tag != "citation-number"]  # the list's own label is typeset instead
            text = " ".join(w for el in els for w in (el.text or "").split())
            if not text:
                continue
            if not printable(text):
                unprintable += 1
                continue
            words, labels = [], []
            for el in els:
                for w in (el.text or "").split():
                    for sub in split_word(w):
                        words.append(sub)
                        labels.append(LABEL_MAP.get(el.tag, el.tag))
            raw = " ".join(words)
            toks = tokenize(raw)
            if len(toks.words) != len(words):
                continue  # as evaluate.gold_from_xml: the labels would not line up
            out.append(Truth(text, assemble(toks, labels, name, len(out) + 1, raw).to_json()))
    return out, unprintable


_PRINTABLE_EXTRA = set("–—‘’“”…•°«»§±×‐‑")


def printable(text: str) -> bool:
    """Can pdflatex (utf8 input, T1 fonts) print every character, and give it back?"""
    for ch in text:
        o = ord(ch)
        if o < 127 or 0xC0 <= o <= 0x17F and o not in (0xD7, 0xF7) or ch in _PRINTABLE_EXTRA:
            continue
        return False
    return True


# ----------------------------------------------------------------------------------------------
# LaTeX

_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
             "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
             "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", '"': r"\textquotedbl{}",
             "°": r"\textdegree{}", "•": r"\textbullet{}", "±": r"\textpm{}", "×": r"\texttimes{}",
             "§": r"\S{}", "‐": "-", "‑": "-"}
# (and "--", "``", "''", ",,", "!`", "?`": ligatures that would print other characters)
_SPECIAL = re.compile(r"[\\&%$#_{}~^<>|\"°•±×§‐‑]|-(?=-)|`(?=`)|'(?=')|,(?=,)|[!?](?=`)")
_LINK = re.compile(r"^(?:https?://|www\.|doi:|10\.\d{4,9}/)\S+$", re.I)


def tex(text: str) -> str:
    """Text as LaTeX prints it back: specials escaped, no ligature that changes characters
    ("--" stays two hyphens, `` and '' two quotes); links set with \\url, so they break as in real papers."""
    out = []
    for tok in text.split(" "):
        core = tok.rstrip(".,;)")
        if _LINK.match(core) and core.isascii() and not re.search(r"[%#{}\\^~]", core):  # (\url reads bytes)
            out.append(r"\url{" + core + "}" + tex_plain(tok[len(core):]))
        else:
            out.append(tex_plain(tok))
    return " ".join(out)


def tex_plain(text: str) -> str:
    return _SPECIAL.sub(lambda m: _SPECIALS.get(m.group(), m.group() + "{}"), text)


# Prose of our own: a small grammar, so the body reads as prose (function words,
# long sentences) without borrowing anyone's sentences.
_SUBJ = ("the model", "this approach", "the sample", "our estimate", "the effect", "each firm", "the network",
         "the second stage", "the measured response", "the population", "a simple baseline", "the survey",
         "the proposed method", "the control group", "the observed variance", "the regional market")
_VERB = ("depends on", "is related to", "differs from", "accounts for", "is consistent with", "builds on",
         "remains close to", "was compared with", "cannot explain", "is robust to", "extends", "replicates")
_OBJ = ("the earlier results", "the size of the effect", "the choice of parameters", "the boundary conditions",
        "the distribution of outcomes", "the structure of the data", "the theory of the firm",
        "the conditions of the experiment", "the measurement error", "the rate of adoption",
        "the spatial pattern", "the long-run equilibrium", "the internationalization process",
        "the heterogeneity of the respondents", "the thermodynamic constraints")
_TAIL = ("in most of the cases we examined", "when the sample is restricted to larger units",
         "although the difference is small", "as the literature suggests", "under the usual assumptions",
         "for all but the smallest groups", "after controlling for the covariates", "in the second period",
         "which we discuss in the next section", "and this holds across the specifications")


def sentence(rng: random.Random, cite: str = "") -> str:
    s = f"{rng.choice(_SUBJ)} {rng.choice(_VERB)} {rng.choice(_OBJ)} {rng.choice(_TAIL)}"
    if rng.random() < 0.3:
        s += f", and {rng.choice(_SUBJ)} {rng.choice(_VERB)} {rng.choice(_OBJ)}"
    return s[0].upper() + s[1:] + (f" {cite}" if cite else "") + "."


def paragraph(rng: random.Random, n: int, cites=None) -> str:
    return " ".join(sentence(rng, cites(rng) if cites and rng.random() < 0.35 else "") for _ in range(n))


# ----------------------------------------------------------------------------------------------
# Layouts: the ways real papers set their reference lists

@dataclass
class Layout:
    name: str
    columns: int = 1
    label: str = "bracket"  # "bracket" [n], "dot" n., "none" (author-year, hanging indent)
    hang: str = "1em"  # author-year: the hanging indent
    size: str = r"\small"  # the list's font size
    font: str = "times"  # "times" or "lmodern"
    itemsep: str = "0pt"
    heading: str = "References"
    after: str = "appendix"  # "appendix", "captions", "both", "none"
    header: str = "journal"  # the running head: "journal", "twoside", "plain" (page number only)
    paper_size: str = "a4paper"
    margins: str = "margin=2cm"


LAYOUTS = {
    # IEEE-like: two columns, [n] labels, footnote-size list.
    "bracket-2col": Layout("bracket-2col", columns=2, label="bracket", size=r"\footnotesize", font="times",
                           header="twoside", after="captions", margins="margin=1.7cm"),
    # Vancouver/biomedical: one column, "n." labels.
    "dot-1col": Layout("dot-1col", label="dot", size=r"\small", font="lmodern", heading="REFERENCES",
                       after="appendix", header="journal"),
    # Two columns, "n." labels, a tiny font and no space between entries (Nature-like).
    "dot-2col-tiny": Layout("dot-2col-tiny", columns=2, label="dot", size=r"\scriptsize", font="times",
                            header="journal", after="both", margins="margin=1.5cm"),
    # Author-year with a hanging indent (natbib/apalike), one column.
    "hang-1col": Layout("hang-1col", label="none", hang="1.5em", size=r"\small", font="lmodern",
                        itemsep="2pt", header="twoside", after="appendix", paper_size="letterpaper",
                        margins="margin=1in"),
    # Author-year, hanging indent, two columns (economics and management journals).
    "hang-2col": Layout("hang-2col", columns=2, label="none", hang="1em", size=r"\footnotesize", font="times",
                        header="journal", after="captions", heading="Literature Cited"),
    # Numbered [n] in one column with a wide label, letter paper, plain page numbers.
    "bracket-1col": Layout("bracket-1col", label="bracket", size=r"\normalsize", font="lmodern", header="plain",
                           after="both", heading="Bibliography", paper_size="letterpaper", margins="margin=1.2in"),
}

_JOURNALS = ("Journal of Applied Studies", "Int. J. Comp. Res.", "Annals of Regional Science",
             "Proceedings of the Society for Measurement", "Review of Field Methods")
_SURNAMES = ("Okafor", "Lindqvist", "Tanaka", "Moreau", "Castillo", "Novak", "Haddad", "Brennan", "Ivers")


def _cites(layout: Layout, refs: list[Truth]):
    def cite(rng: random.Random) -> str:
        if layout.label == "none":
            r = rng.choice(refs)
            fam = (r.gold.get("authors") or [{"family": "Anon"}])[0]["family"] or "Anon"
            return f"({tex_plain(fam)}, {r.gold.get('year') or 'n.d.'})"
        k = sorted(rng.sample(range(1, len(refs) + 1), min(len(refs), rng.randint(1, 3))))
        return "[" + ", ".join(map(str, k)) + "]" if layout.label == "bracket" else "(" + ", ".join(map(str, k)) + ")"
    return cite


def document(layout: Layout, refs: list[Truth], rng: random.Random) -> str:
    """A whole paper: title, abstract, sections of prose, a figure, the list, then an appendix or captions."""
    L = layout
    opts = [L.paper_size, "10pt"] + (["twocolumn"] if L.columns == 2 else []) + (["twoside"] if L.header == "twoside" else [])
    journal = rng.choice(_JOURNALS)
    vol, year, first = rng.randint(3, 90), rng.randint(1998, 2024), rng.randint(1, 900)
    authors = rng.sample(_SURNAMES, 3)
    title = "On " + rng.choice(_OBJ) + " and " + rng.choice(_OBJ)
    pre = [r"\documentclass[%s]{article}" % ",".join(opts),
           r"\usepackage[T1]{fontenc}", r"\usepackage[utf8]{inputenc}", r"\usepackage{textcomp}",
           r"\usepackage{mathptmx}" if L.font == "times" else r"\usepackage{lmodern}",
           r"\usepackage[%s]{geometry}" % L.margins, r"\usepackage{url}", r"\urlstyle{same}",
           r"\usepackage{fancyhdr}", r"\pagestyle{fancy}", r"\fancyhf{}"]
    if L.label == "none":
        pre.append(r"\usepackage[authoryear,round]{natbib}")
        pre.append(r"\setlength{\bibhang}{%s}" % L.hang)
        pre.append(r"\setlength{\bibsep}{%s}" % L.itemsep)
    running = tex_plain(f"{journal} {vol} ({year}) {first}–{first + rng.randint(10, 40)}")
    short = tex_plain(f"{authors[0]} et al.")
    if L.header == "journal":
        pre += [r"\fancyhead[L]{\footnotesize %s}" % running, r"\fancyhead[R]{\footnotesize %s}" % short,
                r"\fancyfoot[C]{\thepage}"]
    elif L.header == "twoside":
        pre += [r"\fancyhead[LE,RO]{\thepage}", r"\fancyhead[RE]{\footnotesize %s}" % short,
                r"\fancyhead[LO]{\footnotesize %s}" % tex_plain(title.upper()[:60])]
    else:
        pre += [r"\renewcommand{\headrulewidth}{0pt}", r"\fancyfoot[C]{\thepage}"]
    pre.append(r"\makeatletter")
    if L.label == "dot":
        pre.append(r"\renewcommand\@biblabel[1]{#1.}")
    pre.append(r"\renewcommand\refname{%s}" % L.heading)
    pre.append(r"\makeatother")
    cite = _cites(L, refs)
    body = [r"\begin{document}", r"\title{%s}" % tex_plain(title),
            r"\author{%s}" % r" \and ".join(tex_plain(a) for a in authors), r"\date{}", r"\maketitle",
            r"\thispagestyle{fancy}",
            r"\begin{abstract}" + paragraph(rng, 5) + r"\end{abstract}"]
    for s, name in enumerate(("Introduction", "Background", "Data and methods", "Results", "Discussion"), 1):
        body.append(r"\section{%s}" % name)
        for _ in range(rng.randint(2, 4)):
            body.append(paragraph(rng, rng.randint(4, 8), cite) + "\n")
        if s == 4:
            body.append(r"\begin{figure}[h]\centering\fbox{\rule{0pt}{2.5cm}\rule{0.6\linewidth}{0pt}}"
                        r"\caption{%s}\end{figure}" % tex_plain(sentence(rng)))
    body.append(r"\section*{Acknowledgements}" + paragraph(rng, 2))
    body.append(r"{%s" % L.size)
    if L.label == "none":
        body.append(r"\begin{thebibliography}{}")
    else:
        body.append(r"\begin{thebibliography}{%d}" % (10 ** len(str(len(refs))) - 1))
    if L.label != "none":
        body.append(r"\setlength{\itemsep}{%s}\setlength{\parsep}{0pt}" % L.itemsep)
    for k, r in enumerate(refs, 1):
        fam = (r.gold.get("authors") or [{"family": "Anon"}])[0]["family"] or "Anon"
        label = f"[{tex_plain(fam)}({r.gold.get('year') or 'n.d.'})]" if L.label == "none" else ""
        body.append(r"\bibitem%s{r%d} %s" % (label, k, tex(r.text)))
    body.append(r"\end{thebibliography}}")
    if L.after in ("appendix", "both"):
        body.append(r"\appendix\section{Supplementary analysis}")
        body.append(paragraph(rng, 6) + "\n")
        body.append(paragraph(rng, 5) + "\n")
    if L.after in ("captions", "both"):
        body.append(r"\section*{Figure legends}")
        for k in range(1, rng.randint(3, 5)):
            body.append(r"\noindent\textbf{Figure %d.} %s\par\smallskip" % (k, tex_plain(" ".join(
                sentence(rng) for _ in range(rng.randint(1, 3))))))
    body.append(r"\end{document}")
    return "\n".join(pre + body) + "\n"


def typeset(source: str, workdir: Path, name: str) -> Path:
    texfile = workdir / f"{name}.tex"
    texfile.write_text(source, "utf-8")
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", texfile.name],
                          cwd=workdir, capture_output=True, text=True, errors="replace")
    pdf = workdir / f"{name}.pdf"
    if proc.returncode or not pdf.exists():
        tail = "\n".join(l for l in proc.stdout.splitlines() if l.startswith("!"))[:500]
        raise RuntimeError(f"pdflatex failed on {texfile}: {tail}")
    return pdf


# ----------------------------------------------------------------------------------------------
# Reading back and scoring

_KEY_LABEL = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+[.)]?)\s*")


def key(text: str) -> str:
    return re.sub(r"\W+", "", _KEY_LABEL.sub("", text)).lower()


def words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


LITGRAPH = ROOT  # the checkout whose `litgraph refs` is measured (--litgraph)


def run_litgraph(pdf: Path) -> tuple[list[dict], str, float]:
    env = dict(os.environ, PYTHONPATH=str(LITGRAPH))
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "litgraph", "refs", str(pdf.resolve()), "--format", "json"],
                          cwd=LITGRAPH, capture_output=True, text=True, env=env)
    dt = time.perf_counter() - t0
    try:
        data = json.loads(proc.stdout) if proc.stdout.strip() else []
    except json.JSONDecodeError:
        data = []
    if isinstance(data, dict):  # (an object with the references under a key, should the contract grow one)
        data = data.get("references", [])
    return data, proc.stderr, dt


def pair(true: list[Truth], found: list[dict]) -> list[dict | None]:
    """For each true entry, the found entry that is it: the same text, else the one
    sharing most of its words (at least half), each found entry used once."""
    got = [key(f.get("raw") or "") for f in found]
    by_key: dict[str, list[int]] = {}
    for j, k in enumerate(got):
        by_key.setdefault(k, []).append(j)
    used = set()
    out: list[dict | None] = [None] * len(true)
    for i, t in enumerate(true):
        js = by_key.get(key(t.text))
        if js:
            j = js.pop(0)
            used.add(j)
            out[i] = found[j]
    bags = [words(f.get("raw") or "") for f in found]
    for i, t in enumerate(true):
        if out[i] is not None:
            continue
        want = words(t.text)
        size = sum(want.values())
        best, best_j = 0.0, None
        for j in range(max(0, i - 8), min(len(found), i + 9)):  # near its place in the list
            if j in used:
                continue
            common = sum((want & bags[j]).values())
            overlap = common / max(size, sum(bags[j].values()))
            if overlap > best:
                best, best_j = overlap, j
        if best_j is not None and best >= 0.5:
            used.add(best_j)
            out[i] = found[best_j]
    return out


@dataclass
class Row:
    files: int = 0
    empty: int = 0
    true: int = 0
    found: int = 0
    right: int = 0
    field_right: Counter = field(default_factory=Counter)
    field_total: Counter = field(default_factory=Counter)
    parser_right: Counter = field(default_factory=Counter)
    parser_total: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "Row") -> None:
        for name in ("files", "empty", "true", "found", "right", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("field_right", "field_total", "parser_right", "parser_total"):
            getattr(self, name).update(getattr(other, name))


def score_fields(gold: dict, pred: dict | None, right: Counter, total: Counter) -> list[str]:
    bad = []
    for f in FIELDS:
        g = norm(gold.get(f))
        p = norm(pred.get(f)) if pred else None
        if g is None and p is None:
            continue
        total[f] += 1
        if pred is not None and g == p:
            right[f] += 1
        else:
            bad.append(f"{f}: true={gold.get(f)!r} got={pred.get(f) if pred else '(entry not found)'!r}")
    return bad


def measure_paper(pdf: Path, refs: list[Truth], parsed_alone: list[dict]) -> Row:
    row = Row(files=1, true=len(refs))
    found, stderr, dt = run_litgraph(pdf)
    row.seconds = dt
    row.found = len(found)
    row.empty = not found
    row.right = sum((Counter(key(t.text) for t in refs) & Counter(key(f.get("raw") or "") for f in found)).values())
    if not found:
        row.errors.append(f"{pdf.name}: no entries; stderr: {stderr.strip()[:300]}")
    got_keys = Counter(key(f.get("raw") or "") for f in found)
    for t, p, alone in zip(refs, pair(refs, found), parsed_alone):
        bad = score_fields(t.gold, p, row.field_right, row.field_total)
        score_fields(t.gold, alone, row.parser_right, row.parser_total)
        if not got_keys.get(key(t.text)):
            row.errors.append(f"{pdf.name}: not split right: {t.text[:110]!r}\n      got: "
                              f"{(p or {}).get('raw', '(nothing)')[:160]!r}")
        elif bad:
            row.errors.append(f"{pdf.name}: {t.text[:90]!r}\n      " + "\n      ".join(bad))
    true_keys = Counter(key(t.text) for t in refs)
    for f in found:
        if not true_keys.get(key(f.get("raw") or "")):
            row.errors.append(f"{pdf.name}: found, not a true entry: {(f.get('raw') or '')[:160]!r}")
    return row


def choose(refs: list[Truth], rng: random.Random, n: int) -> list[Truth]:
    """A run of consecutive references (one real list's style, mostly)."""
    start = rng.randrange(0, max(1, len(refs) - n))
    return refs[start:start + n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--papers", type=int, default=4, help="papers per layout")
    ap.add_argument("--entries", type=int, default=40, help="about this many references per paper")
    ap.add_argument("--layout", action="append", choices=sorted(LAYOUTS), help="only these layouts")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--show", type=int, default=0, help="print this many errors per layout")
    ap.add_argument("--keep", help="write the .tex and .pdf files here (default: a temporary directory)")
    ap.add_argument("--litgraph", help="measure the litgraph of this checkout (default: this one), to compare versions")
    args = ap.parse_args()
    global LITGRAPH
    LITGRAPH = Path(args.litgraph).resolve() if args.litgraph else ROOT
    if not shutil.which("pdflatex"):
        sys.exit("bench/pdf_refs.py needs pdflatex (Debian: apt-get install texlive-latex-extra texlive-fonts-recommended)")
    if not DATA.is_dir():
        sys.exit(f"bench/pdf_refs.py needs the AnyStyle training files in {DATA}")
    from litgraph.refparse import parse_reference

    refs, unprintable = load_refs()
    print(f"{len(refs)} held-out references from {', '.join(XMLS)} ({unprintable} left out: characters "
          f"pdflatex's T1 fonts cannot print); {args.papers} papers per layout of about {args.entries} entries")
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="pdf_refs_"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows: dict[str, Row] = {}
    for name in args.layout or list(LAYOUTS):
        layout = LAYOUTS[name]
        rng = random.Random(f"{args.seed}:{name}")
        row = Row()
        for p in range(args.papers):
            chosen = choose(refs, rng, rng.randint(int(args.entries * 0.6), int(args.entries * 1.4)))
            pdf = typeset(document(layout, chosen, rng), workdir, f"{name}-{p + 1}")
            alone = [parse_reference(t.text, "alone", i).to_json() for i, t in enumerate(chosen, 1)]
            row.add(paper := measure_paper(pdf, chosen, alone))
            row.errors += paper.errors
        rows[name] = row
        print(f"  {name}: done ({row.files} PDFs, {row.seconds:.1f} s in litgraph)", file=sys.stderr)
    report(rows, args.show)
    if args.keep:
        print(f"PDFs and their LaTeX sources in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)


def report(rows: dict[str, Row], show: int) -> None:
    def acc(r: Counter, t: Counter) -> float:
        return sum(r.values()) / max(1, sum(t.values()))

    print()
    print(f"{'layout':15s} {'files':>5s} {'true':>5s} {'found':>5s} {'found/true':>10s} {'split right':>11s} "
          f"{'fields e2e':>10s} {'parser alone':>12s}  files without entries")
    total = Row()
    for name, r in rows.items():
        total.add(r)
        print(f"{name:15s} {r.files:5d} {r.true:5d} {r.found:5d} {r.found / max(1, r.true):10.3f} "
              f"{r.right / max(1, r.true):11.3f} {acc(r.field_right, r.field_total):10.3f} "
              f"{acc(r.parser_right, r.parser_total):12.3f}  {r.empty}/{r.files}")
    r = total
    print(f"{'all layouts':15s} {r.files:5d} {r.true:5d} {r.found:5d} {r.found / max(1, r.true):10.3f} "
          f"{r.right / max(1, r.true):11.3f} {acc(r.field_right, r.field_total):10.3f} "
          f"{acc(r.parser_right, r.parser_total):12.3f}  {r.empty}/{r.files}")
    print("\nfield accuracy end to end (parser alone):")
    for f in FIELDS:
        print(f"  {f:10s} {r.field_right[f] / max(1, r.field_total[f]):.3f} "
              f"({r.parser_right[f] / max(1, r.parser_total[f]):.3f})")
    if show:
        for name, row in rows.items():
            if row.errors:
                print(f"\n{name}: {len(row.errors)} errors, the first {min(show, len(row.errors))}:")
                for e in row.errors[:show]:
                    print("  " + e)


if __name__ == "__main__":
    main()
