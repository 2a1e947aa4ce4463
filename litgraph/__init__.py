"""litgraph: a literature citation graph explorer.

Reads BibTeX, reference lists and papers' text; builds one graph of works,
theories and cases; ranks core sources, traces theory lineage and flags
citation errors. The command line (litgraph.cli) is a thin layer over these
modules, which a notebook can use directly:

    from litgraph.refparse import parse_reference
    from litgraph.readers import read_sources
"""
__version__ = "0.1.0"
