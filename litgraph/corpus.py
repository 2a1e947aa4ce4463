"""From sources to a linked corpus and its graph: the pipeline every graph command shares.

    from litgraph.corpus import load_corpus
    corpus = load_corpus(["bib"])          # documents, vocabulary, graph
    corpus.graph.number_of_nodes()

The vocabulary is the one given, else the first vocabulary.toml found in the
source folders (bib/vocabulary.toml for the demo corpus).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import networkx as nx

from .knowledge import Vocabulary, load_vocabulary
from .model import Document


@dataclass
class Corpus:
    docs: list[Document]
    vocabulary: Vocabulary | None
    graph: nx.MultiDiGraph
    warnings: list = field(default_factory=list)


def find_vocabulary(sources: list[str]) -> str | None:
    for src in sources:
        if os.path.isdir(src):
            path = os.path.join(src, "vocabulary.toml")
            if os.path.isfile(path):
                return path
        elif os.path.basename(src) == "vocabulary.toml":
            return src
    return None


def load_corpus(sources: list[str], vocabulary: str | None = None, on_error=None, authors: bool = False,
                as_format: str | None = None) -> Corpus:
    from .graph import build_graph
    from .readers import read_sources
    from .resolve import link_citations

    vocab_path = vocabulary or find_vocabulary(sources)
    vocab = None
    if vocab_path:
        try:
            vocab = load_vocabulary(vocab_path)
        except Exception as exc:  # noqa: BLE001 - a bad vocabulary costs its theories and cases, not the graph
            from .readers import as_input_error

            if on_error is None:
                raise
            on_error(as_input_error(vocab_path, exc))
    sources = [s for s in sources if os.path.basename(s) != "vocabulary.toml"]
    docs = read_sources(sources, vocab, on_error, as_format=as_format)
    for doc in docs:
        link_citations(doc)
    graph = build_graph(docs, vocab, authors=authors)
    return Corpus(docs, vocab, graph, [w for d in docs for w in d.warnings])
