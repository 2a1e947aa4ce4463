import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = ROOT / "tests" / "data" / "gold"
BIB = ROOT / "bib"

# The four seed papers of the demo corpus and their slugs in bib/.
SEED_FILES = {
    "ornamental-plant-batu": "000_2cbfcb06d9294e39.txt",
    "entry-modes-east-java": "001_e9380e30dac1f59a.txt",
    "footwear-mojokerto": "002_29f12184740bca3e.txt",
    "co-innovation-smis": "003_71dd89347508b38e.txt",
}

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")


def seed(slug: str) -> Path:
    return SEEDS / SEED_FILES[slug]


def gold(name: str):
    return json.loads((GOLD / name).read_text("utf-8"))


def run_cli(*args, input=None, cwd=None):
    """Run `python -m litgraph ARGS` as a user would; returns CompletedProcess."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("LITGRAPH_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "litgraph", *map(str, args)], capture_output=True,
                          text=True, input=input, cwd=cwd or ROOT, env=env)


# Corpus stores note where they are in the user's cache (litgraph.store): keep the tests' notes apart.
os.environ["XDG_CACHE_HOME"] = str(Path(os.environ.get("PYTEST_TMPDIR", "/tmp")) / f"litgraph-test-cache-{os.getpid()}")
