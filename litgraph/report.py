"""Human-readable text for records and results: what the CLI prints by default."""
from __future__ import annotations

from collections import Counter

from .model import Document, Reference


def format_reference(ref: Reference) -> str:
    """One reference in a compact author-date form."""
    names = "; ".join(a.short() for a in ref.authors[:6])
    if len(ref.authors) > 6 or ref.authors_truncated:
        names += (" " if names else "") + "et al."
    parts = [names or "[no author]", f"({ref.year_label})."]
    if ref.title:
        parts.append(ref.title.rstrip(".") + ".")
    venue = ref.container or ""
    if ref.volume:
        venue += f" {ref.volume}" + (f"({ref.issue})" if ref.issue else "")
    elif ref.issue:
        venue += f" ({ref.issue})"
    if ref.pages:
        venue += f", {ref.pages}"
    if venue.strip():
        parts.append(venue.strip() + ".")
    if ref.publisher:
        parts.append(ref.publisher.rstrip(".") + ".")
    if ref.doi:
        parts.append(f"doi:{ref.doi}")
    elif ref.url:
        parts.append(ref.url)
    return " ".join(parts)


def references_text(refs: list[Reference]) -> str:
    if not refs:
        return "no references found\n"
    out = []
    source = None
    for ref in refs:
        if ref.source != source:
            source = ref.source
            n = sum(1 for r in refs if r.source == source)
            out.append(f"{source}: {n} reference{'s' if n != 1 else ''}")
        out.append(f"  [{ref.index}] {format_reference(ref)}  <{ref.type}>")
    return "\n".join(out) + "\n"


def corpus_summary(docs: list[Document]) -> str:
    kinds = Counter(d.kind for d in docs)
    refs = sum(len(d.references) for d in docs)
    cites = sum(len(d.citations) for d in docs)
    lines = [f"read {len(docs)} source{'s' if len(docs) != 1 else ''} "
             f"({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}): "
             f"{refs} references, {cites} in-text citations"]
    for d in docs:
        title = d.meta.title if d.meta and d.meta.title else d.id
        lines.append(f"  {d.id}: {len(d.references)} references, {len(d.citations)} citations  ({title[:70]})")
    return "\n".join(lines) + "\n"


def _style(text: str, color: bool, **kw) -> str:
    if not color:
        return text
    import click

    return click.style(text, **kw)


_SEV_STYLE = {"error": {"fg": "red", "bold": True}, "warning": {"fg": "yellow", "bold": True},
              "info": {"fg": "cyan"}}


def citations_text(docs: list[Document], color: bool = False) -> str:
    out = []
    for doc in docs:
        refs = {r.index: r for r in doc.references}
        cits = doc.citations
        works = {(c.names, c.year) for c in cits}
        unlisted = {(c.names, c.year) for c in cits if c.ref is None}
        head = f"{doc.source}: {len(cits)} citation{'s' if len(cits) != 1 else ''} of {len(works)} works"
        if doc.has_reference_list:
            head += f", {len(unlisted)} without an entry"
        else:
            head += " (no reference list)"
        out.append(_style(head, color, bold=True))
        width = max((len(c.marker) for c in cits), default=10)
        width = min(width, 48)
        for c in cits:
            marker = c.marker if len(c.marker) <= width else c.marker[: width - 1] + "…"
            if c.ref:
                target = f"[{c.ref}] {refs[c.ref].label()}" if c.ref in refs else f"[{c.ref}]"
                if c.link and c.link not in ("exact", "curated"):
                    target += f"  ({c.link})"
            elif doc.has_reference_list:
                target = _style(f"— {c.link or 'no entry'}", color, fg="red")
            else:
                target = "—"
            kind = "narr" if c.narrative else "par "
            out.append(f"  {c.line:>5}  {kind}  {marker:<{width}}  {target}")
        out.append("")
    return "\n".join(out)


def findings_text(results, color: bool = False) -> str:
    """Findings grouped by severity, with counts, per source."""
    out = []
    total = Counter()
    for doc, findings, skipped in results:
        counts = Counter(f.severity for f in findings)
        total.update(counts)
        label = doc.meta.title if doc.meta and doc.meta.title else doc.id
        summary = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info")
                            if counts[s]) or "no problems found"
        out.append(_style(f"{doc.source}", color, bold=True) + f"  ({label[:60]})")
        out.append(f"  {summary}")
        for sev in ("error", "warning", "info"):
            group = [f for f in findings if f.severity == sev]
            if not group:
                continue
            out.append("")
            out.append("  " + _style(f"{sev.upper()}S ({len(group)})", color, **_SEV_STYLE[sev]))
            for f in group:
                where = f"line {f.line}" if f.line else "—"
                if f.source != doc.source:
                    where = f"{f.source.rsplit('/', 1)[-1]}:{f.line}" if f.line else f.source.rsplit("/", 1)[-1]
                out.append(f"    {where:<12} {f.kind:<22} {f.message}")
        if skipped:
            out.append("")
            out.append(f"  skipped (no paper text): {', '.join(skipped)}")
        out.append("")
    if len(results) > 1:
        out.append("total: " + (", ".join(f"{total[s]} {s}{'s' if total[s] != 1 else ''}"
                                          for s in ("error", "warning", "info") if total[s]) or "no problems"))
    return "\n".join(out) + "\n"
