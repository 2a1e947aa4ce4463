import json
from pathlib import Path

import pytest

from litgraph.readers.reflist import join_lines, split_entries

LISTS = Path(__file__).parent / "data" / "lists"
EXPECTED = json.loads((LISTS / "expected.json").read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_list_layouts_split_into_entries(name):
    entries = split_entries((LISTS / name).read_text("utf-8"))
    want = EXPECTED[name]
    assert len(entries) == want["count"]
    assert [" ".join(e.text.split()[:3]) for e in entries] == want["first_words"]


def test_numbered_list_ignores_a_wrapped_line_starting_with_a_number():
    text = ("1. Alpha, A. (2020). One. J, 2(4), 1073–\n\n1081. https://doi.org/10.1/x\n"
            "2. Beta, B. (2021). Two. J, 3, 4–5.\n3) Gamma, C. (2022). Three. J, 1, 1.")
    entries = split_entries(text)
    assert [e.text[:5] for e in entries] == ["Alpha", "Beta,", "Gamma"]
    assert "1073– 1081." in entries[0].text
    assert [e.line for e in entries] == [1, 4, 5]


def test_last_line_without_newline_and_bullets():
    entries = split_entries("- Alpha, A. (2020). One.\n- Beta, B. (2021). Two.")
    assert [e.text for e in entries] == ["Alpha, A. (2020). One.", "Beta, B. (2021). Two."]


@pytest.mark.parametrize("lines,joined", [
    (["The interna-", "tionalization of firms"], "The internationalization of firms"),
    (["Born-", "global firms"], "Born-global firms"),
    (["Johanson, J., & Wiedersheim-", "Paul, F. (1975)."], "Johanson, J., & Wiedersheim-Paul, F. (1975)."),
    (["https://doi.org/10.1108/", "JBIM-06-2021-0306"], "https://doi.org/10.1108/JBIM-06-2021-0306"),
])
def test_join_lines(lines, joined):
    assert join_lines(lines) == joined
