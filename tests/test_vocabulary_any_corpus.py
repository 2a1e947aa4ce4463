"""A vocabulary that serves any corpus: the starter vocabulary by default, the demo one only with the demo
corpus, entries only where the corpus mentions or cites them, relations in time order, absent founders told."""
import json

import pytest

from conftest import BIB, run_cli
from litgraph.analysis.lineage import lineage
from litgraph.corpus import STARTER_VOCABULARY, choose_vocabulary, load_corpus
from litgraph.knowledge import founding_year, load_vocabulary
from litgraph.report import lineage_text

# A user's own paper (text written for this test): it names the Uppsala model and the born-global idea,
# cites Johanson & Vahlne (1977) and nothing of the demo corpus's cases.
PAPER = (
    "# Exporting software from a small town\n\n## Abstract\n\n"
    "We follow three software firms of a small town from their first foreign client onwards and ask\n"
    "how their owners chose where to sell and how much to commit there.\n\n## Introduction\n\n"
    "Firms expand abroad step by step, as the Uppsala model holds (Johanson & Vahlne, 1977).\n"
    "Some start abroad at once, the born global firms of later studies (Smith, 2015).\n"
    "Our three firms sold to nearby countries first and only later to distant ones, which the\n"
    "interviews explain by what the owners had learnt from their first clients.\n\n"
    "## Findings\n\n"
    "Each firm waited for a client to ask before it opened an office abroad, and none planned\n"
    "its markets in advance; the owners described learning by doing, one market at a time.\n\n"
    "## References\n\n"
    "Johanson, J., & Vahlne, J.-E. (1977). The internationalization process of the firm. "
    "Journal of International Business Studies, 8(1), 23-32.\n"
    "Smith, A. (2015). Software exporters. Journal of Examples, 2(1), 1-10.\n"
)


@pytest.fixture
def user_folder(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "paper.md").write_text(PAPER, "utf-8")
    return tmp_path / "mine"


def test_the_vocabulary_is_chosen_and_told(tmp_path, user_folder):
    assert choose_vocabulary([str(BIB)])[0] == str(BIB / "vocabulary.toml")  # the demo corpus's own
    assert choose_vocabulary([str(user_folder)])[0] == STARTER_VOCABULARY
    assert choose_vocabulary([str(user_folder)], "none")[0] is None
    assert choose_vocabulary([str(user_folder)], "x.toml") == ("x.toml", "as given")
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "vocabulary.toml").write_text('[theory.a]\naliases = ["a theory"]\n', "utf-8")
    assert choose_vocabulary([str(tmp_path / "own")])[0].endswith("vocabulary.toml")


def test_the_starter_vocabulary_is_neutral_and_in_time_order():
    v = load_vocabulary(STARTER_VOCABULARY)
    assert not v.cases and len(v.theories) >= 40
    assert v.warnings == []  # every derives_from / revises points back in time
    for t in v.theories.values():
        assert t.summary, t.id
        for other in (*t.derives_from, *t.revises):
            assert founding_year(v.theories[other]) is None or founding_year(t) is None \
                or founding_year(v.theories[other]) <= founding_year(t), (t.id, other)
    names = {t.id for t in v.theories.values()}
    for wanted in ("resource-based-view", "institutional-theory", "transaction-cost-economics", "agency-theory",
                   "uppsala-model", "diffusion-of-innovations", "technology-acceptance-model", "utaut",
                   "theory-of-planned-behavior", "social-capital", "dynamic-capabilities", "stakeholder-theory"):
        assert wanted in names
    assert [w.text for w in v.theories["born-global"].founded_by][0] == "Rennie 1993"


def test_the_starter_vocabulary_is_used_on_a_users_papers(user_folder):
    corpus = load_corpus([str(user_folder)])
    g = corpus.graph
    assert corpus.vocabulary_path == STARTER_VOCABULARY
    theories = {n for n, d in g.nodes(data=True) if d["kind"] == "theory"}
    assert theories == {"theory:uppsala-model", "theory:born-global"}
    assert not [n for n, d in g.nodes(data=True) if d["kind"] == "case"]


def test_the_demo_vocabulary_brings_no_demo_cases_or_uncited_works(user_folder):
    g = load_corpus([str(user_folder)], vocabulary=str(BIB / "vocabulary.toml")).graph
    kinds = {}
    for n, d in g.nodes(data=True):
        kinds.setdefault(d["kind"], set()).add(n)
    assert "case" not in kinds  # the demo corpus's Indonesian SMEs are not the user's
    # theories: the ones mentioned, and the ones whose founding works the user cites (Johanson & Vahlne 1977)
    assert kinds["theory"] == {"theory:uppsala-model", "theory:born-global"}
    assert len(kinds["work"]) == 2  # the two references, no work named only by the vocabulary
    assert not any("vocabulary" in (d.get("note") or "") for _, d in g.nodes(data=True))
    # the Uppsala model's demo relations reach only entries that are nodes: none of its roots is mentioned
    assert {d["kind"] for u, _, d in g.out_edges("theory:uppsala-model", data=True)} == {"originates_in"}


def test_a_relation_backwards_in_time_is_told_and_left_out(tmp_path, user_folder):
    path = tmp_path / "v.toml"
    path.write_text('[theory.old]\naliases = ["old theory"]\nfounded_by = ["Adams 1970"]\n'
                    'derives_from = ["new"]\n\n'
                    '[theory.new]\naliases = ["new theory"]\nfounded_by = ["Baker 1990", "Clark 1995"]\n'
                    'revised_by = ["Dunn 1980"]\n', "utf-8")
    v = load_vocabulary(str(path))
    messages = [w.message for w in v.warnings]
    assert len(messages) == 2
    assert "[theory.old] derives_from 'new'" in messages[0] and "1990 (Baker 1990)" in messages[0] \
        and "(1970, Adams 1970)" in messages[0]
    assert "Dunn 1980" in messages[1] and "before" in messages[1]
    assert v.warnings[0].line == 4 and v.theories["old"].derives_from == []
    # told on stderr by any command, naming the file and line
    (user_folder / "more.md").write_text("# A\n\n## Body\n\nThe old theory and the new theory.\n", "utf-8")
    p = run_cli("rank", "-s", user_folder, "--vocabulary", path, "--top", "1")
    assert f"{path}:4: [theory.old] derives_from 'new'" in p.stderr and "Traceback" not in p.stderr


def test_the_demo_uppsala_model_derives_from_nothing_later():
    v = load_vocabulary(str(BIB / "vocabulary.toml"))
    assert v.warnings == []
    up = v.theories["uppsala-model"]
    assert "resource-based-view" not in up.derives_from and "resource-based-view" in up.related
    p = run_cli("show", "uppsala model", "--format", "json")
    rec = json.loads(p.stdout)[0]
    assert "theory:resource-based-view" not in {x["id"] for x in rec["out"].get("derives_from", [])}
    assert {x["id"] for x in rec["out"]["derives_from"]} == {"theory:behavioral-theory-of-the-firm",
                                                            "theory:growth-theory-of-the-firm"}


def test_the_vocabulary_used_is_told(tmp_path, user_folder):
    p = run_cli("build", "-o", tmp_path / "out")
    assert p.returncode == 0, p.stderr
    assert "vocabulary: bib/vocabulary.toml (found in a source folder): 40 of its 40 theories and 13 of its 13 " \
           "cases" in p.stdout
    p = run_cli("rank", "-s", user_folder, "--top", "1")
    assert "starter vocabulary" in p.stderr
    p = run_cli("build", "-s", user_folder, "-o", tmp_path / "mine-out", "--vocabulary", "none")
    assert "vocabulary: none" in p.stdout and "starter" not in p.stderr


def test_lineage_names_founders_not_in_the_corpus(user_folder):
    g = load_corpus([str(user_folder)]).graph
    lin = lineage(g, "theory:born-global")  # mentioned; Rennie 1993 and Knight & Cavusgil 1996 not cited
    assert [(o["label"], o["in_corpus"]) for o in lin["origins"]] == [("Rennie 1993", False),
                                                                     ("Knight & Cavusgil 1996", False)]
    assert "(founded by Rennie 1993, Knight & Cavusgil 1996, not in the corpus)" in lineage_text(lin)
    lin = lineage(g, "theory:uppsala-model")  # Johanson & Vahlne 1977 cited, the 1975 founder not
    assert [(o["year"], o["in_corpus"]) for o in lin["origins"]] == [(1975, False), (1977, True)]
    assert "note" not in lin  # it is mentioned


def test_a_theory_present_only_through_a_cited_work_says_so(tmp_path):
    (tmp_path / "refs.txt").write_text(
        "Granovetter, M. (1973). The strength of weak ties. American Journal of Sociology, 78(6), 1360-1380.\n"
        "Smith, A. (2015). Software exporters. Journal of Examples, 2(1), 1-10.\n", "utf-8")
    g = load_corpus([str(tmp_path / "refs.txt")]).graph
    assert g.nodes["theory:weak-ties"]["evidence"].startswith("not mentioned; its work Granovetter 1973 is cited")
    assert "matched by author and year" in lineage(g, "theory:weak-ties")["note"]


def test_lineage_of_a_theory_the_corpus_does_not_hold(user_folder):
    p = run_cli("lineage", "-s", user_folder, "agency theory")
    assert p.returncode == 0, p.stderr
    assert "Jensen & Meckling 1976  (not in the corpus)" in p.stdout and "no paper of the corpus mentions it" in p.stdout
    p = run_cli("lineage", "-s", user_folder, "--vocabulary", "none", "agency theory")
    assert p.returncode == 2 and "no vocabulary is in use" in p.stderr
