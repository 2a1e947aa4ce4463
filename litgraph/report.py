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
