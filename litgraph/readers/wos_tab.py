"""Web of Science tab-delimited exports ("savedrecs.txt"): a header row of tags, one record per row.

The reading is shared with the plain-text export (readers.wos): the same
record gives the same Reference either way."""
from __future__ import annotations

from .registry import Format
from .wos import read_tabbed, sniff_tabbed

FORMAT = Format("wos-tab", sniff_tabbed, read_tabbed,
                "Web of Science tab-delimited export (savedrecs.txt, UTF-8 or UTF-16): one record per row",
                (".txt", ".tsv", ".tab"))
