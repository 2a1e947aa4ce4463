"""`python -m litgraph`: the command line (litgraph.cli), as a process of its own."""
from .cli import run

run()
