"""Corpus to graph: one networkx MultiDiGraph of papers, works, theories and cases.

Nodes carry `kind` (paper, work, theory, case) and `label`; papers and works
also `year`, `authors`, `title`, `container`, `doi` where known. Edges carry
`kind`:

    cites          paper -> work     weight = in-text citations (1 if only listed)
    discusses      paper -> theory   weight = mentions
    studies        paper -> case     weight = mentions (or 1 when only reported)
    originates_in  theory -> work    the works that founded it
    revised_in     theory -> work    works that revised it
    revises        theory -> theory
    derives_from   theory -> theory
    related_to     theory -> theory
    uses_theory    case -> theory    theories its reporting paper explains it with
    reported_in    case -> work      the study a paper relays it from
    wrote          author -> work    (with authors=True) one author node per person:
                                     surname and first initial, accents ignored

Works are merged across papers by resolve.identify_works; a work cited in a
paper's text without an entry in its list is still a node (flagged
`listed: false` on the edge), so a work listed by one paper and only cited by
another is one node with an edge from each.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import networkx as nx

from .knowledge import Vocabulary, WorkRef
from .model import Document, Reference
from .resolve import (Work, _fold, _folded_match, identify_works, link_citation, name_match,
                      reconstruct_references)

KINDS = ("paper", "work", "theory", "case", "author")


def paper_id(doc: Document) -> str:
    return f"paper:{doc.id}"


def _paper_label(doc: Document) -> str:
    meta = doc.meta
    if meta and meta.authors:
        year = meta.year_label
        return f"{meta.author_label()} ({year})"
    if meta and meta.extra.get("label"):
        return meta.extra["label"]
    if meta and meta.title:
        return meta.title if len(meta.title) <= 60 else meta.title[:57].rstrip() + "…"
    return doc.id


def _cited_entries(doc: Document) -> tuple[list[Reference], dict[int, Reference], dict[int, list[Reference]]]:
    """The works a paper cites: its list, plus works cited but not listed.

    Returns the references; for each linked citation (by position), the reference
    it means; and for each ambiguous one, the entries it could mean. A citation
    becomes a work of its own only when it links to no entry and could mean none:
    an ambiguous citation ("Dominguez (2018)" with 2018a and 2018b listed) is no
    new work, and one whose year is off links to its entry (resolve.link_citations)."""
    refs = list(doc.references)
    by_index = {r.index: r for r in refs}
    target: dict[int, Reference] = {}
    ambiguous: dict[int, list[Reference]] = {}
    unlinked = []
    for k, c in enumerate(doc.citations):
        if c.ref and c.ref in by_index:
            target[k] = by_index[c.ref]
        elif c.ref is None and (c.link or "").startswith("ambiguous"):
            ambiguous[k] = [by_index[i] for i in c.candidates if i in by_index]
        elif c.names:
            unlinked.append((k, c))
    if unlinked:
        extra = reconstruct_references([c for _, c in unlinked], doc.source)
        base = max((r.index for r in refs), default=0)
        for r in extra:
            r.index += base
            r.extra["cited_not_listed"] = "yes"
        for k, c in unlinked:
            probe = replace(c, ref=None, link=None, candidates=())  # link a copy: the paper's own links stay
            link_citation(probe, extra)
            if probe.ref is not None:
                target[k] = next(r for r in extra if r.index == probe.ref)
        refs += extra
    return refs, target, ambiguous


def build_graph(docs: list[Document], vocabulary: Vocabulary | None = None, authors: bool = False) -> nx.MultiDiGraph:
    """The graph of a corpus. Citations must already be linked (resolve.link_citations)."""
    from .gcpause import paused_gc

    with paused_gc():  # works, nodes and edges are all new and all kept: no garbage to look for
        return _build_graph(docs, vocabulary, authors)


def _build_graph(docs: list[Document], vocabulary: Vocabulary | None, authors: bool) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    entries: list[tuple[str, Reference]] = []
    per_doc: dict[str, tuple[list[Reference], dict[int, Reference], dict[int, list[Reference]]]] = {}
    for doc in sorted(docs, key=lambda d: d.id):
        refs, target, ambiguous = _cited_entries(doc)
        per_doc[doc.id] = (refs, target, ambiguous)
        entries += [(doc.id, r) for r in refs]
    # A corpus paper that another paper cites is one node: its metadata joins the pool.
    # A record or paper's metadata joins the pool too: a cited reference that is a
    # record of the corpus (a local citation) is that record's node, and records of
    # one work exported from two databases are one node.
    metas = [(d.id, d.meta) for d in sorted(docs, key=lambda d: d.id)
             if d.meta and (d.meta.title or d.meta.doi or d.meta.ids) and (d.meta.authors or d.meta.ids)]
    # Records of one export or library are different works unless they print one twice
    # (resolve.duplicate_entry): they count as entries of one list.
    kind_of = {d.id: d.kind for d in docs}
    source_of = {d.id: d.source for d in docs}
    for did, meta in metas:
        entries.append((f"self:{source_of[did]}" if kind_of[did] == "record" else f"self:{did}", meta))
    works = identify_works(entries)
    work_of: dict[int, Work] = {}
    for w in works:
        for r in w.refs:
            work_of[id(r)] = w
    node_of_doc: dict[str, str] = {}
    for did, meta in metas:
        w = work_of[id(meta)]
        if w.paper is None:
            w.paper = did
        node_of_doc[did] = f"paper:{w.paper}"

    for doc in sorted(docs, key=lambda d: d.id):
        pid = node_of_doc.get(doc.id) or paper_id(doc)
        meta = doc.meta
        if pid in g:  # the same work as a record read before (another database's export of it)
            node = g.nodes[pid]
            node.setdefault("records", [node["source"]]).append(doc.source)
            for name, value in ({**_bib_attrs(meta), **_record_attrs(meta)} if meta else {}).items():
                if name in ("ids", "fields"):
                    node[name] = dict(sorted({**value, **node.get(name, {})}.items()))
                elif node.get(name) in (None, "", []):
                    node[name] = value
            continue
        attrs = {"kind": "paper", "label": _paper_label(doc), "source": doc.source, "source_kind": doc.kind,
                 "has_reference_list": doc.has_reference_list}
        if meta:
            attrs.update(_bib_attrs(meta))
            attrs.update(_record_attrs(meta))
            if meta.extra.get("title_is_short"):
                attrs["title_is_short"] = True
        refs = per_doc[doc.id][0]
        if attrs.get("year") is None:
            years = [r.year for r in refs if r.year]
            if years:
                attrs["year_estimate"] = max(years)
                attrs["year_note"] = f"not printed; cites works up to {max(years)}"
        g.add_node(pid, **attrs)

    node_of_work: dict[str, str] = {}
    node_of: dict[int, str] = {}  # id(reference) -> its node: looked up once or more per reference
    work_nodes = []  # (node, attributes), added in one call: most works are one reference each
    for w in works:
        refs = w.refs
        if w.paper:
            node = f"paper:{w.paper}"
            if len(refs) > 1:
                g.nodes[node]["merges"] = list(w.merges)
        else:
            node = f"work:{w.key}"
            best = w.best
            attrs = {"kind": "work", "label": best.label(), "key": w.key, **_bib_attrs(best)}
            if len(refs) == 1:
                raw = best.raw
                attrs["reconstructed"] = reconstructed = best.reconstructed
                attrs["merges"] = list(w.merges)
                attrs["variants"] = [raw] if raw else []
            else:
                attrs["reconstructed"] = reconstructed = all(r.reconstructed for r in refs)
                attrs["merges"] = list(w.merges)
                attrs["variants"] = sorted({r.raw for r in refs if r.raw})[:6]
            if reconstructed:
                attrs["note"] = "known only from in-text citations: authors and year"
            work_nodes.append((node, attrs))
        node_of_work[w.key] = node
        for r in refs:
            node_of[id(r)] = node
    _add_nodes(g, work_nodes)

    citing: dict[str, int] = defaultdict(int)  # node -> papers citing it (one cites edge each)
    cited_from: dict[str, set[str]] = defaultdict(set)  # paper node -> the nodes it has a cites edge to
    succ, pred = g._succ, g._pred
    for doc in sorted(docs, key=lambda d: d.id):
        pid = node_of_doc.get(doc.id) or paper_id(doc)
        refs, target, ambiguous = per_doc[doc.id]
        counts: dict[str, list] = defaultdict(list)
        for k, c in enumerate(doc.citations):
            r = target.get(k)
            if r is not None:
                counts[node_of[id(r)]].append(c.line)
            elif ambiguous.get(k):
                # Entries a citation could mean that are one work (a work listed twice): it cites that work.
                nodes = {node_of[id(x)] for x in ambiguous[k]}
                if len(nodes) == 1:
                    counts[nodes.pop()].append(c.line)
        ref_nodes = [node_of[id(r)] for r in refs]
        listed: dict[str, list[Reference]] = {}
        for r, node in zip(refs, ref_nodes):
            if not r.extra.get("cited_not_listed"):
                listed.setdefault(node, []).append(r)
        done = cited_from[pid]
        has_list = doc.has_reference_list
        out = succ[pid]
        for r, node in zip(refs, ref_nodes):
            if node == pid or node in done:
                continue
            done.add(node)
            cited_at = counts.get(node, ())
            entries = listed.get(node, ())
            attrs = {"kind": "cites", "weight": max(1, len(cited_at)), "listed": bool(entries) and not r.reconstructed,
                     "lines": sorted(set(cited_at)) if cited_at else [],
                     "ref": entries[0].index if entries and has_list else None}
            if len(entries) > 1 and has_list:
                attrs["entries"] = [e.index for e in entries]  # the list prints this work more than once
            # g.add_edge(pid, node, key="cites", **attrs), written as networkx writes it: this
            # paper's first edge to the node (`done`), both ends nodes already; without add_edge's
            # copy of the attributes and cache clearing per edge (a third of this loop's time)
            keys = out.get(node)
            if keys is None:
                out[node] = pred[node][pid] = {"cites": attrs}
            else:
                keys["cites"] = attrs
            citing[node] += 1
        _mentions(g, doc, vocabulary, pid)
    nx._clear_cache(g)

    for node, d in g._node.items():  # (g.nodes(data=True) without its generator: once per node)
        if d["kind"] in ("work", "paper"):
            d["cited_by"] = citing.get(node, 0)
    if vocabulary is not None:
        _vocabulary(g, vocabulary, works, node_of_work)
    if authors:
        add_authors(g)
    return g


def _add_nodes(g: nx.MultiDiGraph, items: list[tuple[str, dict]]) -> None:
    """g.add_nodes_from(items) for nodes not yet in g, each taking its own fresh attribute
    dict as networkx's add_node would make it: without add_nodes_from's copy and two
    updates per node (0.3 s of CPU for the 74,000 works of a 2,000-record WoS export)."""
    succ, pred, node_attrs = g._succ, g._pred, g._node
    for node, attrs in items:
        if node in succ:
            node_attrs[node].update(attrs)
            continue
        succ[node] = g.adjlist_inner_dict_factory()
        pred[node] = g.adjlist_inner_dict_factory()
        node_attrs[node] = attrs
    nx._clear_cache(g)


def author_key(name: str) -> str:
    """'Johanson, J.' and 'Johanson, Jan' are one person; 'Johanson, K.' another."""
    from .names import fold

    family, _, given = name.partition(", ")
    initial = fold(given)[:1]
    return f"author:{fold(family)}" + (f"-{initial}" if initial else "")


def add_authors(g: nx.MultiDiGraph) -> None:
    """Author nodes and `wrote` edges for every work and paper with known authors.

    A surname printed without initials joins the one person of that surname
    when there is exactly one; with several, it stays apart (it cannot be told)."""
    keys = {author_key(name) for _, d in g.nodes(data=True) if d["kind"] in ("work", "paper")
            for name in d.get("authors", [])}
    initialled: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        if "-" in k[7:]:
            initialled[k.rsplit("-", 1)[0]].append(k)
    for n, d in sorted(g.nodes(data=True)):
        if d["kind"] not in ("work", "paper"):
            continue
        for name in d.get("authors", []):
            node = author_key(name)
            if node in initialled and len(initialled[node]) == 1:
                node = initialled[node][0]
            if node not in g:
                g.add_node(node, kind="author", label=name, names=[name])
            elif name not in g.nodes[node]["names"]:
                g.nodes[node]["names"].append(name)
                # Show the fullest form seen: "Johanson, Jan" over "Johanson, J."
                g.nodes[node]["label"] = max(g.nodes[node]["names"], key=len)
            if not g.has_edge(node, n, key="wrote"):
                g.add_edge(node, n, key="wrote", kind="wrote")
    for n, d in g.nodes(data=True):
        if d["kind"] == "author":
            d["works"] = g.out_degree(n)


def _bib_attrs(ref: Reference) -> dict:
    out = {"year": ref.year, "authors": [a.short() for a in ref.authors], "title": ref.title,
           "container": ref.container, "doi": ref.doi, "type": ref.type}
    # (attributes read one by one, not by name in a loop: this runs once per node of a large graph)
    if ref.volume:
        out["volume"] = ref.volume
    if ref.issue:
        out["issue"] = ref.issue
    if ref.pages:
        out["pages"] = ref.pages
    if ref.publisher:
        out["publisher"] = ref.publisher
    if ref.url:
        out["url"] = ref.url
    if ref.authors_truncated:
        out["authors_truncated"] = True
    # The rest of what a library holds, so that exports of the library lose nothing.
    if ref.editors:
        out["editors"] = [a.short() for a in ref.editors]
    if ref.year_suffix:
        out["year_suffix"] = ref.year_suffix
    if ref.location:
        out["location"] = ref.location
    if ref.edition:
        out["edition"] = ref.edition
    if ref.note:
        out["note"] = ref.note
    if ref.abstract:
        out["abstract"] = ref.abstract
    if ref.doi_printed:
        out["doi_printed"] = ref.doi_printed
    if ref.keywords:
        out["keywords"] = list(ref.keywords)
    if ref.ids:
        out["ids"] = dict(sorted(ref.ids.items()))
    if ref.key and ref.source and not ref.reconstructed:
        out["citekey"] = ref.key
    return out


# Markers litgraph itself leaves in Reference.extra: no field of the file.
_NOT_FIELDS = frozenset({"label", "title_is_short", "cited_not_listed", "litgraph-reconstructed"})


def _record_attrs(ref: Reference) -> dict:
    """What a record (a library entry, an export's record) holds beyond _bib_attrs, so that its
    library export loses nothing: `fields`, the fields its reader kept as read ({"series": ...,
    "langid": ..., "language": ...}: BibTeX's names as they are, RIS's and CSL's as the reader
    named them), and `whole_names`, its author and editor names that are one field holding a
    comma ("{Austin, Claire C}"), which the "family, given" form of `authors` would split.
    (For records only: a cited work has no such fields, and this stays off the path of the
    tens of thousands of works of a database export.)"""
    out = {}
    if ref.extra:
        fields = {k: v for k, v in ref.extra.items() if k not in _NOT_FIELDS and v not in (None, "")}
        if fields:
            out["fields"] = dict(sorted(fields.items()))
    whole = [a.family for a in (*ref.authors, *ref.editors) if not a.given and not a.suffix and "," in a.family]
    if whole:
        out["whole_names"] = whole
    return out


def _mentions(g: nx.MultiDiGraph, doc: Document, vocabulary: Vocabulary | None, pid: str) -> None:
    by_entity: dict[tuple[str, str], list] = defaultdict(list)
    for m in doc.mentions:
        by_entity[(m.kind, m.entity)].append(m)
    for (kind, entity), ms in sorted(by_entity.items()):
        if vocabulary is not None and vocabulary.entity(kind, entity) is None:
            continue
        node = f"{kind}:{entity}"
        _ensure_entity(g, vocabulary, kind, entity)
        edge_kind = "discusses" if kind == "theory" else "studies"
        g.add_edge(pid, node, key=edge_kind, kind=edge_kind, weight=len(ms),
                   lines=sorted({m.line for m in ms}), sections=sorted({m.section for m in ms if m.section}))


def _ensure_entity(g: nx.MultiDiGraph, vocabulary: Vocabulary | None, kind: str, ident: str) -> str:
    node = f"{kind}:{ident}"
    if node in g:
        return node
    ent = vocabulary.entity(kind, ident) if vocabulary else None
    attrs = {"kind": kind, "label": ent.label if ent else ident, "id_in_vocabulary": ident}
    if ent is not None:
        attrs["aliases"] = list(ent.aliases)
        if ent.summary:
            attrs["summary"] = ent.summary
        if kind == "case":
            for name in ("sector", "place"):
                if getattr(ent, name):
                    attrs[name] = getattr(ent, name)
            attrs["entry_modes"] = list(ent.entry_modes)
            attrs["markets"] = list(ent.markets)
    g.add_node(node, **attrs)
    return node


def find_work(g: nx.MultiDiGraph, ref: WorkRef, by_year: dict | None = None) -> str | None:
    """The work or paper node a vocabulary reference ("Johanson & Vahlne 1977") means.

    by_year: {year: [work and paper nodes]} (works_by_year), or a _WorkIndex, when many
    references are looked up."""
    best = None
    if isinstance(by_year, _WorkIndex):
        nodes = by_year.candidates(ref)
    else:
        nodes = by_year.get(ref.year, []) if by_year is not None else list(g)
    for node in nodes:
        d = g.nodes[node]
        if d["kind"] not in ("work", "paper") or d.get("year") != ref.year or not d.get("authors"):
            continue
        fams = [a.split(",")[0] for a in d["authors"]]
        if not all(i < len(fams) and name_match(n, fams[i]) for i, n in enumerate(ref.names)):
            continue
        exact = all(name_match(n, fams[i]) == 2 for i, n in enumerate(ref.names))
        score = (exact, -abs(len(fams) - len(ref.names)), not d.get("reconstructed", False), d.get("cited_by", 0))
        if best is None or score > best[0]:
            best = (score, node)
    return best[1] if best else None


class _WorkIndex:
    """The work and paper nodes of each year by their folded first author: a vocabulary
    reference is compared with the nodes its first name could name (find_work's rule
    needs that name to match), not with every node of its year."""

    def __init__(self, g: nx.MultiDiGraph):
        # A year's names are folded when a reference of that year is first looked up: a vocabulary
        # names works of a few dozen years, and folding the first author of every node of a
        # 74,000-node export took a quarter of building its graph.
        unfolded: dict[int, list[tuple[int, str, str]]] = {}  # {year: [(position, node, first author)]}
        for pos, (node, d) in enumerate(g._node.items()):  # g.nodes(data=True), at C speed
            if d["kind"] in ("work", "paper") and d.get("year") and d.get("authors"):
                unfolded.setdefault(d["year"], []).append((pos, node, d["authors"][0]))
        self._unfolded = unfolded
        self.by_year: dict[int, dict[str, list[tuple[int, str]]]] = {}

    def _firsts(self, year) -> dict[str, list[tuple[int, str]]]:
        """{folded first author: [(position, node)]} of one year's nodes, in graph order."""
        firsts = self.by_year.get(year)
        if firsts is None:
            firsts = {}
            for pos, node, author in self._unfolded.get(year, ()):
                firsts.setdefault(_fold(author.split(",")[0]), []).append((pos, node))
            self.by_year[year] = firsts
        return firsts

    def candidates(self, ref: WorkRef) -> list[str]:
        """The nodes of ref's year that find_work may choose, in graph order."""
        firsts = self._firsts(ref.year)
        if not firsts:
            return []
        if not ref.names:
            return [n for _, n in sorted(p for ps in firsts.values() for p in ps)]
        f = _fold(ref.names[0])
        return [n for _, n in sorted(p for name, ps in firsts.items() if _folded_match(f, name) for p in ps)]


def works_by_year(g: nx.MultiDiGraph) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for node, d in g.nodes(data=True):
        if d["kind"] in ("work", "paper") and d.get("year"):
            out[d["year"]].append(node)
    return out


def _vocabulary(g: nx.MultiDiGraph, vocab: Vocabulary, works: list[Work], node_of_work: dict[str, str]) -> None:
    """Theories and cases of the vocabulary that the corpus mentions or cites, with their relations.

    A vocabulary is a dictionary, not data about this corpus: an entry
    becomes a node only when a paper mentions it (already a node, from
    _mentions), a corpus paper reports it (a case's reported_by), or the
    corpus holds one of its works (founding, revising or source works, as a
    cited work or a paper). Its works that the corpus does not hold make no
    node; they are kept on the entry (`founders_not_in_corpus`...) so that
    lineage can say so. Relations link only entries that are nodes."""
    by_year = _WorkIndex(g)
    found: dict[str, str | None] = {}

    def work(ref: WorkRef) -> str | None:
        if ref.text not in found:
            found[ref.text] = find_work(g, ref, by_year)
        return found[ref.text]

    for t in sorted(vocab.theories.values(), key=lambda t: t.id):
        cited = [r.text for r in (*t.founded_by, *t.revised_by) if work(r)]
        if f"theory:{t.id}" not in g and cited:
            # Known by author and year alone, a cited work can be another work of that author and year:
            # say that this theory is here on that evidence only.
            node = _ensure_entity(g, vocab, "theory", t.id)
            g.nodes[node]["evidence"] = ("not mentioned; its work " + ", ".join(cited)
                                         + " is cited (matched by author and year)")
    for c in sorted(vocab.cases.values(), key=lambda c: c.id):
        if f"case:{c.id}" not in g and (any(f"paper:{p}" in g for p in c.reported_by)
                                        or any(work(r) for r in c.source_works)):
            _ensure_entity(g, vocab, "case", c.id)

    def link_works(node: str, refs, edge: str, absent_attr: str) -> None:
        absent = []
        for ref in refs:
            target = work(ref)
            if target:
                g.add_edge(node, target, key=edge, kind=edge, cited_as=ref.text)
            else:
                absent.append(ref.text)
        if absent:
            g.nodes[node][absent_attr] = absent

    for t in sorted(vocab.theories.values(), key=lambda t: t.id):
        tnode = f"theory:{t.id}"
        if tnode not in g:
            continue
        link_works(tnode, t.founded_by, "originates_in", "founders_not_in_corpus")
        link_works(tnode, t.revised_by, "revised_in", "revisers_not_in_corpus")
        for kind in ("revises", "derives_from", "related"):
            edge = "related_to" if kind == "related" else kind
            for other in getattr(t, kind):
                if f"theory:{other}" in g:
                    g.add_edge(tnode, f"theory:{other}", key=edge, kind=edge)
    for c in sorted(vocab.cases.values(), key=lambda c: c.id):
        cnode = f"case:{c.id}"
        if cnode not in g:
            continue
        for th in c.theories:
            if f"theory:{th}" in g:
                g.add_edge(cnode, f"theory:{th}", key="uses_theory", kind="uses_theory")
        link_works(cnode, c.source_works, "reported_in", "source_works_not_in_corpus")
        for pid in c.reported_by:
            pnode = f"paper:{pid}"
            if pnode in g and not g.has_edge(pnode, cnode, key="studies"):
                g.add_edge(pnode, cnode, key="studies", kind="studies", weight=1, lines=[], sections=[],
                           reported=True)
