"""Co-authorship and keyword co-occurrence networks of a corpus's records.

    from litgraph.analysis.networks import network
    net = network(corpus.docs, "countries", min_occurrences=2, counting="fractional")
    net.nodes[:5], net.edges[:5], net.notes

What bibliometrix's biblioNetwork (collaboration by authors, universities and
countries; co-occurrence of keywords) and VOSviewer (co-authorship by authors,
organisations and countries; co-occurrence of keywords) compute, over the
records of database exports and libraries (Document kind "record"):

* nodes: authors, institutions, countries or keywords, each with the documents
  it occurs in, its fractional count (a document of n authors gives each 1/n),
  the citations those documents received where the database says
  (WoS TC, Scopus "Cited by", OpenAlex cited_by_count), its links and total
  link strength, and a cluster (Louvain on the kept network, weighted);
* edges: pairs that occur in one document, weighted by full counting (1 per
  document) or fractional counting (1/(n-1) per document of n items, so that
  every document weighs the same whatever its length: Perianes-Rodriguez, van
  Eck and Waltman 2016), with VOSviewer's association strength
  (c_ij * 2m / (s_i * s_j): observed over expected co-occurrence) beside them.

Identity. An author is bibliometrix's normalised "Family, initials" (accents,
case and punctuation ignored); where records give person ids (ORCID, OpenAlex
and Scopus author ids, WoS ResearcherID) or full given names, they split one key
that two people share and join the keys of one person written two ways (see
`_AuthorIds`). An institution is the database's id where given (OpenAlex, ROR),
else its name normalised; countries come normalised from the readers
(litgraph.affiliations). Keywords are compared in lower case, without accents,
with hyphens as spaces and the last word singular ("SMEs", "SME" and "sme" are
one keyword); author keywords (WoS DE, Scopus "Author Keywords") and indexing
terms (WoS Keywords Plus, Scopus "Index Keywords", MeSH) are taken apart or
together (`keywords="author" | "index" | "all"`).

A record exported twice (two files of one database, or WoS and Scopus) counts
once: records are one document when they share a DOI or a database id.

Linear in the records: pairs are formed only within a record, and a record
with more than `max_items` items (a 3,000-author physics paper) counts for
its items' documents but gives no links (VOSviewer ignores such documents
outright; we keep them as nodes and say how many there were).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..affiliations import fold
from ..model import Document, Reference

KINDS = ("authors", "institutions", "countries", "keywords")
NODE_KIND = {"authors": "author", "institutions": "institution", "countries": "country", "keywords": "keyword"}
EDGE_KIND = {"authors": "coauthor", "institutions": "co_institution", "countries": "co_country",
             "keywords": "co_occurs"}
COUNTING = ("full", "fractional")
KEYWORD_SETS = ("all", "author", "index")
# VOSviewer's default "maximum number of authors per document" is 25; keywords run longer
# (a MeSH-indexed record carries 15 to 30 terms).
MAX_ITEMS = {"authors": 25, "institutions": 25, "countries": 25, "keywords": 60}

# What each kind needs, for the message when no record has it.
_NEEDS = {
    "authors": "author names",
    "institutions": "affiliations: institutions need WoS C1, Scopus affiliations, OpenAlex authorships, "
                    "Dimensions affiliations or MEDLINE/RIS AD addresses",
    "countries": "affiliations: countries need WoS C1, Scopus affiliations, OpenAlex authorships, "
                 "Dimensions affiliations or MEDLINE/RIS AD addresses",
    "keywords": "keywords: WoS DE/ID, Scopus author or index keywords, OpenAlex keywords, MeSH, "
                "or a keywords field",
}


@dataclass
class Network:
    """A co-occurrence network and how it was made: plain data, for a notebook or the command line."""

    kind: str
    counting: str
    nodes: list[dict] = field(default_factory=list)  # best first: documents, citations, label
    edges: list[dict] = field(default_factory=list)  # strongest first
    records: int = 0  # records of the corpus (after merging duplicates)
    with_data: int = 0  # records that carry what this kind needs
    notes: list[str] = field(default_factory=list)
    settings: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"kind": self.kind, "counting": self.counting, "records": self.records,
                "records_with_data": self.with_data, "settings": self.settings, "notes": self.notes,
                "nodes": self.nodes, "edges": self.edges}


# ---- what a record gives ------------------------------------------------------------------------

def records_of(docs: list[Document]) -> tuple[list[Reference], int]:
    """The records' own metadata, one per document (duplicates merged), and how many were merged."""
    seen: dict[str, int] = {}
    out: list[Reference] = []
    merged = 0
    for d in docs:
        ref = d.meta
        if d.kind != "record" or ref is None:
            continue
        keys = ([f"doi:{ref.doi.lower()}"] if ref.doi else []) + [f"{k}:{v}" for k, v in sorted(ref.ids.items())
                                                                  if k not in ("issn", "eissn", "isbn")]
        hit = next((seen[k] for k in keys if k in seen), None)
        if hit is not None:
            merged += 1
            out[hit] = _fill(out[hit], ref)
            for k in keys:
                seen.setdefault(k, hit)
            continue
        for k in keys:
            seen[k] = len(out)
        out.append(ref)
    return out, merged


def _fill(kept: Reference, other: Reference) -> Reference:
    """A second export of a record lends what the first lacks (Scopus affiliations to a WoS
    record without C1), without changing what it has. A copy: the readers' records are not
    touched (data flows one way)."""
    from dataclasses import replace

    if not kept.affiliations and other.affiliations:
        kept = replace(kept, affiliations=list(other.affiliations))
    if not kept.keywords and other.keywords:
        kept = replace(kept, keywords=list(other.keywords))
    return kept


def times_cited(ref: Reference) -> int | None:
    value = ref.extra.get("times_cited")
    if value is None:
        return None
    m = re.match(r"\s*(\d+)", str(value))
    return int(m.group(1)) if m else None


_MARKUP = re.compile(r"</?(?:inf|sup|sub|i|b|em)>", re.I)


def keyword_lists(ref: Reference) -> tuple[list[str], list[str]]:
    """(author keywords, indexing terms) of a record, as printed."""
    extra = ref.extra

    def split(value: str | None) -> list[str]:
        return [k.strip() for k in re.split(r";\s*", value or "") if k.strip()]

    if "author_keywords" in extra:  # Scopus BibTeX: `keywords` holds the index terms
        author, index = split(extra["author_keywords"]), list(ref.keywords)
    else:
        author = list(ref.keywords)
        index = []
        for key in ("keywords_plus", "index_keywords"):
            index += split(extra.get(key))
        # MeSH as MEDLINE prints it: "*Decision Making" (a major topic), "Databases, Protein/*methods"
        # (a subheading): the heading is the term.
        index += [m.replace("*", "").split("/")[0].strip() for m in split(extra.get("mesh"))]
        if author and author == split(extra.get("mesh")):
            author = []  # MEDLINE without author keywords (OT) keeps MeSH as its keywords: they are index terms
    return author, index


def keyword_key(word: str) -> str:
    """The form keywords are compared in: 'Small and Medium-sized Enterprises' ->
    'small and medium sized enterprise'; 'SMEs' -> 'sme'."""
    text = fold(_MARKUP.sub("", word).replace("-", " ").replace("&", " and "))
    words = text.split()
    if not words:
        return ""
    words[-1] = _singular(words[-1])
    return " ".join(words)


def _singular(word: str) -> str:
    """The last word's singular, by the regular English endings only (a rule that errs rarely:
    'networks', 'SMEs' and 'enterprises' lose their s, 'processes' its es, 'studies' becomes 'study';
    'analysis', 'business' and 'economics' stay)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]  # processes, businesses, approaches
    if word.endswith(("ss", "us", "is", "ics")):
        return word  # business, campus, analysis, economics
    if word.endswith("s"):
        return word[:-1]
    return word


def author_key(family: str, given: str | None) -> str:
    """bibliometrix's author: family name and initials, compared folded ('Owen-Smith, J.' and
    'OWEN-SMITH J' are 'owen smith j')."""
    initials = "".join(w[0] for w in fold(given or "").split())
    return f"{fold(family)} {initials}".strip()


def _first_name(given: str | None) -> str | None:
    """The first given name when it is written out ('Jason', 'Jean-Pierre'), not an initial."""
    words = fold((given or "").replace("-", "_")).split()
    first = words[0].replace("_", "-") if words else ""
    return first if len(first) > 1 else None


# ---- authors: who is who ------------------------------------------------------------------------

class _AuthorIds:
    """People behind "Family, initials" keys, by union-find over what the records say.

    Each occurrence of an author has a key; some also an id (ORCID, OpenAlex, Scopus,
    ResearcherID) or a first name written out. Ids and names found together on one
    occurrence are one person; one id under two keys ('Powell, W' and 'Powell, WW') joins
    them. A key whose occurrences fall into one person (or none with evidence) is one
    node, as bibliometrix counts; a key that two distinct people share (two ORCIDs, or
    'Wang, Jing' and 'Wang, Jun') becomes one node per person, and its occurrences without
    evidence stay on a node of their own, labelled as the key, since no one can say whose
    they are."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.touch: dict[str, set[str]] = defaultdict(set)  # key -> evidence elements
        self._keys_of: dict[str, set[str]] | None = None  # person (root) -> keys
        self.unresolved: set[str] = set()  # nodes of occurrences no evidence assigns

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def evidence(self, key: str, ids: dict | None, first: str | None) -> list[str]:
        elems = [f"id:{k}:{v}" for k, v in sorted((ids or {}).items())]
        if first:
            elems.append(f"name:{key}|{first}")
        for e in elems:
            self.touch[key].add(e)
            self.find(e)
        for e in elems[1:]:
            self.union(elems[0], e)
        return elems

    def person(self, key: str, elems: list[str]) -> str:
        """The node id of one occurrence (call once all evidence is in)."""
        if self._keys_of is None:
            self._keys_of = defaultdict(set)
            for k, es in self.touch.items():
                for e in es:
                    self._keys_of[self.find(e)].add(k)
        roots = {self.find(e) for e in self.touch.get(key, ())}
        if len(roots) <= 1:  # one person (or no evidence at all): the key, joined to the person's other keys
            root = next(iter(roots), None)
            return f"author:{min(self._keys_of[root]) if root else key}"
        if elems:  # a key two people share: this occurrence says whose it is
            root = self.find(elems[0])
            return f"author:{min(self._keys_of[root])}|{root.split(':', 1)[1]}"
        self.unresolved.add(f"author:{key}|?")
        return f"author:{key}|?"


def _author_items(refs: list[Reference]) -> tuple[list[list[tuple[str, str, dict | None]]], set[str]]:
    """Per record, its authors as (node id, printed name, ids); and the nodes of a shared key's
    occurrences that no evidence assigns to one person."""
    people = _AuthorIds()
    staged = []
    for ref in refs:
        row = []
        for a in ref.authors:
            if not a.family:
                continue
            key = author_key(a.family, a.given)
            row.append((key, a, people.evidence(key, a.ids, _first_name(a.given))))
        staged.append(row)
    out = []
    for row in staged:
        items = []
        for key, a, elems in row:
            items.append((people.person(key, elems), a.short(), a.ids))
        out.append(items)
    return out, people.unresolved


# ---- the network --------------------------------------------------------------------------------

def items_of(refs: list[Reference], kind: str, keywords: str = "all") -> tuple[list[list[tuple]], set[str]]:
    """Per record, the distinct items of this kind as (node id, label as printed, ids); and the
    author nodes that stand for occurrences of a shared name no evidence assigns."""
    unresolved: set[str] = set()
    if kind == "authors":
        rows, unresolved = _author_items(refs)
    else:
        rows = []
        for ref in refs:
            row: list[tuple[str, str, dict | None]] = []
            if kind in ("institutions", "countries"):
                affs = [a for a in ref.affiliations if not a.reprint] or ref.affiliations
                for a in affs:
                    if kind == "countries" and a.country:
                        row.append((f"country:{fold(a.country)}", a.country, None))
                    elif kind == "institutions" and a.institution:
                        ident = a.ids.get("ror") and f"ror:{a.ids['ror']}" or \
                            a.ids.get("openalex") and f"openalex:{a.ids['openalex']}"
                        row.append((f"institution:{ident or fold(a.institution)}", a.institution, a.ids or None))
            else:
                author, index = keyword_lists(ref)
                words = (author if keywords in ("all", "author") else []) + \
                        (index if keywords in ("all", "index") else [])
                for w in words:
                    k = keyword_key(w)
                    if k:
                        row.append((f"keyword:{k}", _MARKUP.sub("", w).strip(), None))
            rows.append(row)
    out = []
    for row in rows:  # one item once per record (two addresses at one university are one)
        seen: dict[str, tuple] = {}
        for item in row:
            seen.setdefault(item[0], item)
        out.append(list(seen.values()))
    return out, unresolved


def network(docs: list[Document], kind: str = "authors", *, counting: str = "full", min_occurrences: int = 1,
            top: int | None = None, keywords: str = "all", max_items: int | None = None,
            clusters: bool = True) -> Network:
    """The co-authorship (authors, institutions, countries) or keyword co-occurrence network.

    counting: "full" (an edge gains 1 per document) or "fractional" (1/(n-1) for a document
    of n items); both weights are on every edge, `weight` is the chosen one.
    min_occurrences: items in fewer documents are left out (VOSviewer's threshold).
    top: then only the `top` items with most documents (ties: citations, label).
    keywords: "author", "index" or "all" (both, merged).
    max_items: records with more items give no links (default per kind: MAX_ITEMS)."""
    if kind not in KINDS:
        raise ValueError(f"no network of '{kind}' (choose from {', '.join(KINDS)})")
    if counting not in COUNTING:
        raise ValueError(f"no '{counting}' counting (choose full or fractional)")
    if keywords not in KEYWORD_SETS:
        raise ValueError(f"no '{keywords}' keywords (choose all, author or index)")
    cap = max_items if max_items is not None else MAX_ITEMS[kind]
    refs, merged = records_of(docs)
    net = Network(kind=kind, counting=counting, records=len(refs),
                  settings={"min_occurrences": min_occurrences, "top": top, "max_items": cap,
                            "keywords": keywords if kind == "keywords" else None})
    others = sum(1 for d in docs if d.kind != "record")
    if merged:
        net.notes.append(f"{merged} records exported twice (same DOI or database id) counted once.")
    if others:
        net.notes.append(f"{others} {'documents are' if others != 1 else 'document is'} not a database or library "
                         "record (papers, reference lists): networks are made of records only.")
    if not refs:
        net.notes.append("No records: co-authorship and keyword networks are made from database exports or "
                         "libraries (WoS, Scopus, OpenAlex, Dimensions, PubMed, RIS, BibTeX ...).")
        return net
    rows, unresolved = items_of(refs, kind, keywords)
    net.with_data = sum(1 for r in rows if r)
    if not net.with_data:
        net.notes.append(f"No record carries {_NEEDS[kind]}; nothing to draw.")
        return net
    if net.with_data < len(refs):
        net.notes.append(f"{len(refs) - net.with_data} of {len(refs)} records carry no {_NEEDS[kind].split(':')[0]}"
                         " and are left out.")

    labels: dict[str, Counter] = defaultdict(Counter)
    ids: dict[str, dict] = {}
    docs_of: Counter = Counter()
    frac: dict[str, float] = defaultdict(float)
    cites: Counter = Counter()
    cites_known = 0
    for ref, row in zip(refs, rows):
        tc = times_cited(ref)
        cites_known += tc is not None
        for node, label, extra_ids in row:
            labels[node][label] += 1
            docs_of[node] += 1
            frac[node] += 1 / len(row)
            if tc:
                cites[node] += tc
            if extra_ids:
                ids.setdefault(node, {}).update(extra_ids)

    kept = [n for n, c in docs_of.items() if c >= min_occurrences]

    def order(n):
        return (-docs_of[n], -cites[n], _label(labels[n]).lower(), n)

    kept.sort(key=order)
    dropped = len(docs_of) - len(kept)
    if top is not None and len(kept) > top:
        dropped += len(kept) - top
        kept = kept[:top]
    keep = set(kept)
    if dropped:
        why = " or ".join(w for w in (f"in fewer than {min_occurrences} documents" if min_occurrences > 1 else "",
                                      f"beyond the top {top}" if top is not None else "") if w)
        net.notes.append(f"{len(kept)} of {len(docs_of)} {kind} kept ({dropped} {why}).")

    full: Counter = Counter()
    fractional: dict[tuple[str, str], float] = defaultdict(float)
    too_many = 0
    for row in rows:
        members = sorted(n for n, *_ in row if n in keep)
        n_all = len(row)
        if n_all < 2:
            continue
        if n_all > cap:
            too_many += 1
            continue
        share = 1 / (n_all - 1)  # every item's links in this document add up to 1
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                full[(a, b)] += 1
                fractional[(a, b)] += share
    if too_many:
        net.notes.append(f"{too_many} records with more than {cap} {kind} count for their {kind}' documents but "
                         f"give no links (as VOSviewer ignores them; --max-items changes the cap).")

    weight = full if counting == "full" else fractional
    strength: dict[str, float] = defaultdict(float)
    links: Counter = Counter()
    for (a, b), w in weight.items():
        strength[a] += w
        strength[b] += w
        links[a] += 1
        links[b] += 1
    total = sum(weight.values())
    edges = []
    for (a, b), w in weight.items():
        expected = strength[a] * strength[b]
        edges.append({"source": a, "target": b, "weight": _num(w), "documents": full[(a, b)],
                      "fractional": _num(fractional[(a, b)]),
                      "association_strength": _num(2 * total * w / expected) if expected else 0.0})
    edges.sort(key=lambda e: (-e["weight"], e["source"], e["target"]))
    net.edges = edges

    cluster_of = _communities(kept, edges) if clusters and edges else {}
    for n in kept:
        node = {"id": n, "label": _label(labels[n]), "documents": docs_of[n], "fractional": _num(frac[n]),
                "citations": cites[n] if cites_known else None, "links": links[n],
                "link_strength": _num(strength[n])}
        if cluster_of:
            node["cluster"] = cluster_of.get(n)
        if n in ids:
            node["ids"] = dict(sorted(ids[n].items()))
        if n in unresolved:
            node["ambiguous"] = True  # "Wang, J." where two Wang, J.s are known: whose, no one can say
        net.nodes.append(node)
    if not edges:
        net.notes.append(f"No two {kind} kept share a record: the network has no links.")
    if not cites_known:
        net.notes.append("No record says how often it was cited: citations are not shown.")
    elif cites_known < len(refs):
        net.notes.append(f"Citations known for {cites_known} of {len(refs)} records (the database's times cited).")
    return net


def _label(forms: Counter) -> str:
    """The form printed most often, a form in ordinary case before capitals ('Collaboration'
    of the author keywords before Keywords Plus's 'COLLABORATION'); among equals the longest
    (a full name before initials)."""
    return max(forms.items(), key=lambda kv: (not kv[0].isupper(), kv[1], len(kv[0]), kv[0]))[0]


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 4)


# Above this many links the Louvain of networkit (C++, MIT; the optional `fast` extra) runs when it is
# installed: on 172,000 co-authorship links (bench/networks.py, 8,000 records) it takes 0.5 s of CPU
# where networkx's takes 15 s, at the same modularity (0.374 and 0.374).
FAST_LINKS = 20000


def _communities(nodes: list[str], edges: list[dict]) -> dict[str, int]:
    """Louvain communities (weighted, seeded: the same input gives the same clusters), numbered
    1, 2, ... from the largest, as VOSviewer's map files number them. networkx's Louvain, or
    networkit's on big networks when it is installed: the same shape whichever ran."""
    parts = _networkit_louvain(nodes, edges) if len(edges) > FAST_LINKS else None
    if parts is None:
        import networkx as nx

        h = nx.Graph()
        h.add_nodes_from(nodes)
        h.add_weighted_edges_from((e["source"], e["target"], e["weight"]) for e in edges)
        parts = nx.community.louvain_communities(h, weight="weight", seed=1)
    parts = sorted(parts, key=lambda p: (-len(p), min(p)))
    return {n: i for i, part in enumerate(parts, 1) for n in part}


def _networkit_louvain(nodes: list[str], edges: list[dict]) -> list[set[str]] | None:
    try:
        import networkit as nk
    except ImportError:
        return None
    nk.setSeed(1, False)
    nk.engineering.setNumberOfThreads(1)  # one thread: the same clusters every run
    index = {n: i for i, n in enumerate(nodes)}
    g = nk.Graph(len(nodes), weighted=True)
    for e in edges:
        g.addEdge(index[e["source"]], index[e["target"]], float(e["weight"]))
    plm = nk.community.PLM(g, refine=False, gamma=1.0)
    plm.run()
    partition = plm.getPartition()
    groups: dict[int, set[str]] = defaultdict(set)
    for n, i in index.items():
        groups[partition[i]].add(n)
    return list(groups.values())


# ---- the network as a graph, for the writers ------------------------------------------------------

def to_graph(net: Network):
    """The network as a networkx MultiDiGraph in litgraph's shape (node `kind` and `label`, edge
    `kind` and `weight`), one edge per pair: what the GraphML, GEXF and page writers take."""
    import networkx as nx

    # Weights that may be fractional are floats throughout: GraphML and GEXF type a column by its
    # first value, and a 0.5 after a 1 in a column typed long would not read back.
    real = ("fractional", "link_strength", "weight", "association_strength")

    def typed(d: dict) -> dict:
        return {k: float(v) if k in real else v for k, v in d.items()}

    g = nx.MultiDiGraph()
    for n in net.nodes:
        attrs = typed({k: v for k, v in n.items() if k not in ("id", "ids") and v is not None})
        for k, v in (n.get("ids") or {}).items():
            attrs[f"ids_{k}"] = v
        g.add_node(n["id"], kind=NODE_KIND[net.kind], **attrs)
    for e in net.edges:
        g.add_edge(e["source"], e["target"], kind=EDGE_KIND[net.kind],
                   **typed({k: v for k, v in e.items() if k not in ("source", "target")}))
    if any(n.get("cluster") for n in net.nodes):
        sizes = Counter(n["cluster"] for n in net.nodes if n.get("cluster"))
        tops: dict[int, list[str]] = defaultdict(list)
        for n in net.nodes:  # best first already
            if n.get("cluster") and len(tops[n["cluster"]]) < 3:
                tops[n["cluster"]].append(n["label"])
        g.graph["clusters"] = {str(c): {"label": f"{c}: " + "; ".join(tops[c]), "size": s}
                               for c, s in sizes.items()}
    return g
