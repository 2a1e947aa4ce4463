"""The editor's report: one self-contained, printable HTML page per manuscript.

Findings grouped by severity, each with the line (and page or paragraph) it stands on, the
text around it with the citation marked, the rule it breaks and what to do; then the
reference list with each entry's citations counted. No script, no network: one file that
prints as it shows. Every piece of input text is escaped (html.escape): a manuscript never
becomes markup.
"""
from __future__ import annotations

import html
from collections import defaultdict
from datetime import date

from ..model import Document, Finding

# kind -> (the rule, in an editor's words; the usual fix)
RULES: dict[str, tuple[str, str]] = {
    "cited_not_listed": ("Every cited work has an entry in the reference list.", "Add the entry, or correct the citation."),
    "listed_not_cited": ("Every entry of the list is cited in the text.", "Cite the work, or remove the entry."),
    "year_mismatch": ("A citation gives the year of its entry.", "Correct the year in the text or in the list."),
    "name_variant": ("An author's name is spelt the same everywhere.", "Use the spelling of the source."),
    "ambiguous_citation": ("A citation points to one entry only.", "Add the year suffix (2019a, 2019b) or more names."),
    "missing_reference_list": ("A paper that cites prints a reference list.", "Add the list."),
    "duplicate_entry": ("A work is listed once.", "Keep one entry."),
    "duplicate_author": ("An author appears once per entry.", "Remove the repeat."),
    "truncated_authors": ("Author-date lists give the authors in full (APA: up to 20).", "List every author."),
    "missing_fields": ("An entry carries what a reader needs to find the work.", "Complete the entry."),
    "ordering": ("Author-date lists run alphabetically; numbered lists (Vancouver, IEEE) in order of first "
                 "citation.", "Move or renumber the entries."),
    "mixed_citation_styles": ("One citation style throughout.", "Convert the minority style."),
    "et_al": ("APA 7: 'et al.' from three authors; Harvard (Cite Them Right): from four; never for one or two.",
              "Write the names as the rule says."),
    "doi_malformed": ("A DOI is 10.NNNN/suffix, printed bare or as https://doi.org/….", "Copy the DOI again."),
    "doi_suspicious_prefix": ("A DOI's prefix belongs to a real registrant.", "Check the DOI against the publisher."),
    "doi_year_mismatch": ("A DOI's embedded year agrees with the entry.", "Check the year and the DOI."),
    "container_mismatch": ("A journal's field fits the work.", "Check the journal and the DOI."),
}

_CSS = """
:root { --err:#b3261e; --warn:#8a5a00; --info:#1f5b99; --ink:#1b1b1b; --muted:#5f6368; --line:#d9d9d9; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink);
       max-width: 60rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem;
       border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.counts { display: flex; gap: .75rem; flex-wrap: wrap; margin: 1rem 0; padding: 0; list-style: none; }
.counts li { border: 1px solid var(--line); border-radius: .4rem; padding: .35rem .8rem; }
.counts b { font-size: 1.2rem; }
.sev-error b, h2.sev-error { color: var(--err); } .sev-warning b, h2.sev-warning { color: var(--warn); }
.sev-info b, h2.sev-info { color: var(--info); }
.finding { border-left: 4px solid var(--line); padding: .4rem .8rem; margin: .6rem 0; break-inside: avoid; }
.finding.error { border-color: var(--err); } .finding.warning { border-color: var(--warn); }
.finding.info { border-color: var(--info); }
.where { color: var(--muted); font-size: .9rem; } .kind { font-family: ui-monospace, monospace; font-size: .85rem;
       background: #f1f3f4; padding: 0 .3rem; border-radius: .2rem; }
.context { background: #fafafa; border: 1px solid #eee; padding: .3rem .5rem; margin: .3rem 0;
       font-family: Georgia, "DejaVu Serif", serif; white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: #ffe58f; padding: 0 .1rem; }
.rule { font-size: .9rem; } .rule b { font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .4rem; text-align: left; vertical-align: top; }
th { background: #f1f3f4; } td.n { text-align: right; white-space: nowrap; }
tr.uncited td { background: #fff4f2; } .none { color: var(--muted); }
footer { color: var(--muted); font-size: .8rem; margin-top: 2rem; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } .finding, tr { break-inside: avoid; }
  h2 { break-after: avoid; } a { color: inherit; text-decoration: none; } }
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _context(line: str, markers: list[str]) -> str:
    """The line, escaped, with the citation markers it holds marked."""
    spans = []
    for m in sorted(set(markers), key=len, reverse=True):
        if not m:
            continue
        start = line.find(m)
        while start >= 0:
            if not any(a < start + len(m) and start < b for a, b in spans):
                spans.append((start, start + len(m)))
            start = line.find(m, start + 1)
    # A long paragraph (Word) is cut to the sentence or so around the first mark.
    lo, hi = 0, len(line)
    if len(line) > _WINDOW * 2:
        first = min(spans)[0] if spans else 0
        lo = max(0, first - _WINDOW)
        hi = min(len(line), (min(spans)[1] if spans else 0) + _WINDOW)
        spans = [(a, b) for a, b in spans if a >= lo and b <= hi]
    out, pos = ["…" if lo else ""], lo
    for a, b in sorted(spans):
        out.append(_e(line[pos:a]) + "<mark>" + _e(line[a:b]) + "</mark>")
        pos = b
    out.append(_e(line[pos:hi]) + ("…" if hi < len(line) else ""))
    return "".join(out)


_WINDOW = 160


def report_page(doc: Document, findings: list[Finding], lines: list[str] | None = None,
                skipped: list[str] | None = None) -> str:
    """The whole HTML page for one manuscript. `lines` are its text lines (for context)."""
    lines = lines or []
    refs = {r.index: r for r in doc.references}
    cites_by_line: dict[int, list] = defaultdict(list)
    for c in doc.citations:
        cites_by_line[c.line].append(c)
    title = doc.meta.title if doc.meta and doc.meta.title else doc.id
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    linked = sum(1 for c in doc.citations if c.ref is not None)
    style = {"numbered": "numbered (Vancouver, IEEE, Nature)", "author-year": "author-year (APA, Harvard)"}.get(
        doc.style or "", "none found")
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Citation report: {_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Citation report: {_e(title)}</h1>",
        f'<p class="meta">{_e(doc.source)} · citation style: {_e(style)} · {len(doc.references)} references · '
        f"{len(doc.citations)} citations, {linked} linked to an entry</p>",
        '<ul class="counts">' + "".join(
            f'<li class="sev-{s}"><b>{counts[s]}</b> {s}{"s" if counts[s] != 1 else ""}</li>'
            for s in ("error", "warning", "info")) + "</ul>",
    ]
    if not findings:
        parts.append("<p>No problems found.</p>")
    for sev in ("error", "warning", "info"):
        group = [f for f in findings if f.severity == sev]
        if not group:
            continue
        parts.append(f'<h2 class="sev-{sev}">{sev.capitalize()}s ({len(group)})</h2>')
        for f in group:
            parts.append(_finding(f, doc, refs, lines, cites_by_line))
    if skipped:
        parts.append(f"<p class=\"meta\">Checks left out (no paper text): {_e(', '.join(skipped))}</p>")
    parts.append(_reference_table(doc))
    parts.append(f"<footer>Written by litgraph on {date.today().isoformat()}. Line numbers are those of the "
                 "text as read; p. = PDF page, ¶ = Word paragraph.</footer>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _finding(f: Finding, doc: Document, refs: dict, lines: list[str], cites_by_line: dict) -> str:
    where = f"line {f.line}" if f.line else "the whole paper"
    if f.place:
        where += f" ({f.place})"
    if f.source != doc.source:
        where = f"{f.source.rsplit('/', 1)[-1]}, {where}"
    rule, fix = RULES.get(f.kind, ("", ""))
    context = ""
    ref = refs.get(f.ref) if f.ref is not None else None
    if ref is not None and f.line == ref.line:
        context = _e(ref.raw)  # a finding on an entry: the entry as printed
    elif f.line and 0 < f.line <= len(lines):
        cits = cites_by_line.get(f.line, [])
        markers = [c.marker for c in cits if c.ref == f.ref or (f.ref is None and c.ref is None)] or \
            [c.marker for c in cits]
        context = _context(lines[f.line - 1], markers)
    elif ref is not None:
        context = _e(ref.raw)
    message, _, own_fix = f.message.rpartition(": ")
    if not message:
        message, own_fix = f.message, ""
    out = [f'<div class="finding {f.severity}">',
           f'<div class="where">{_e(where)} · <span class="kind">{_e(f.kind)}</span></div>',
           f"<div>{_e(message)}</div>"]
    if context:
        out.append(f'<div class="context">{context}</div>')
    if rule or own_fix or fix:
        out.append(f'<div class="rule"><b>Rule:</b> {_e(rule) or "—"} <b>Fix:</b> {_e(own_fix or fix)}</div>')
    out.append("</div>")
    return "\n".join(out)


def _reference_table(doc: Document) -> str:
    if not doc.references:
        return "<h2>Reference list</h2><p class=\"none\">The paper prints no reference list.</p>"
    counts: dict[int, list[int]] = defaultdict(list)
    for c in doc.citations:
        if c.ref is not None:
            counts[c.ref].append(c.line)
    rows = []
    for r in doc.references:
        n = len(counts.get(r.index, []))
        lines = sorted(set(counts.get(r.index, [])))
        shown = ", ".join(f"{ln}" + (f" ({doc.places[ln]})" if ln in doc.places else "") for ln in lines[:6])
        if len(lines) > 6:
            shown += ", …"
        label = r.extra.get("number", str(r.index))
        rows.append(f'<tr class="{"uncited" if not n and doc.has_text else ""}"><td class="n">{_e(label)}</td>'
                    f"<td>{_e(r.raw)}</td><td class=\"n\">{n}</td><td>{_e(shown) or '<span class=none>never</span>'}</td></tr>")
    return ("<h2>Reference list</h2><table><thead><tr><th>#</th><th>Entry as printed</th><th>Cited</th>"
            "<th>Lines</th></tr></thead><tbody>" + "\n".join(rows) + "</tbody></table>")


def manuscript_lines(doc: Document) -> list[str]:
    """The text lines of a document's source, as its reader saw them (for context in the report)."""
    from ..errors import InputError

    path = doc.source
    try:
        if path.lower().endswith(".pdf"):
            from ..readers.pdf import extract

            return extract(path).lines
        if path.lower().endswith((".docx", ".docm")):
            from ..readers.docx import extract

            return extract(path).lines
        from ..textio import read_text

        return read_text(path).text.split("\n")
    except (InputError, OSError):
        return []
