import pytest

from litgraph.doi import clean_doi, doi_problems, embedded_years, year_conflict


@pytest.mark.parametrize("text,doi", [
    ("<https://doi.org/10.1057/PALGRAVE.JIBS.8490676/METRICS>", "10.1057/palgrave.jibs.8490676"),
    ("https://doi.org/10.1108/JBIM-06-2021-0306/FULL/PDF", "10.1108/jbim-06-2021-0306"),
    ("[https://doi.org/10.1007/978-981-99-8616-3\\_4](https://doi.org/10.1007/978-981-99-8616-3_4)",
     "10.1007/978-981-99-8616-3_4"),
    ("[https://doi.org/10.1016/S0883-9026\\(99\\)00063-4](https://doi.org/10.1016/S0883-9026(99)00063-4)",
     "10.1016/s0883-9026(99)00063-4"),
    ("doi: 10.2207/jjws.91.328.", "10.2207/jjws.91.328"),
    ("https://dx.doi.org/10.1000/xyz123),", "10.1000/xyz123"),
    ("no doi here", None),
])
def test_clean_doi(text, doi):
    assert clean_doi(text) == doi


def test_example_prefixes_are_suspicious():
    for doi in ("10.1234/jpi.v15i2.774", "10.5678/jsbs.v35i1.4321", "10.7890/ijbe.v14i1.3962", "10.5555/abc"):
        assert [k for k, _ in doi_problems(doi)] == ["doi_suspicious_prefix"], doi
    for doi in ("10.1111/j.1467-6486.1975.tb00514.x", "10.33477/jmk.v12i3.2098", "10.1057/jibs.2009.24"):
        assert doi_problems(doi) == [], doi


def test_malformed():
    assert doi_problems("10.12/x")[0][0] == "doi_malformed"
    assert doi_problems("10.1108/")[0][0] == "doi_malformed"


def test_embedded_years_and_their_meaning():
    assert [(e.year, e.meaning) for e in embedded_years("10.1016/j.jik.2022.100248")] == [(2022, "registration")]
    assert [(e.year, e.meaning) for e in embedded_years("10.9734/ajeba/2020/v20i430333")] == [(2020, "publication")]
    assert [(e.year, e.meaning) for e in embedded_years("10.1108/jsbed-12-2019-0406")] == [(2019, "submission")]
    assert [(e.year, e.meaning) for e in embedded_years("10.1016/s0883-9026(99)00063-4")] == [(1999, "submission")]
    assert [(e.year, e.meaning) for e in embedded_years("10.1007/s10490-022-09814-z")] == [(2022, "registration")]


def test_year_conflicts_weigh_the_pattern():
    # A DOI registered after the stated year cannot be right.
    assert year_conflict("10.1016/j.jik.2022.100248", 2021)[0] == "warning"
    # An issue year in the DOI must equal the stated year.
    assert year_conflict("10.9734/ajeba/2020/v20i430333", 2021)[0] == "warning"
    # Emerald embeds the submission year: a year or two before publication is normal.
    assert year_conflict("10.1108/jsbed-12-2019-0406", 2020) is None
    assert year_conflict("10.1108/jbim-06-2021-0306", 2023) is None
    assert year_conflict("10.1016/s0883-9026(99)00063-4", 2001) is None
    assert year_conflict("10.1057/jibs.2009.24", 2009) is None


# --- DOIs kept whole (issue 8) -------------------------------------------------

from litgraph.doi import find_dois, find_malformed  # noqa: E402

SICI = "10.1002/(SICI)1097-0266(199708)18:7<509::AID-SMJ882>3.0.CO;2-Z"


@pytest.mark.parametrize("text,doi", [
    (f"Strategic Management Journal, 18(7), 509-533. https://doi.org/{SICI}", SICI.lower()),
    (f"<https://doi.org/{SICI}>.", SICI.lower()),
    (f"doi:{SICI}; accessed 2020", SICI.lower()),
    ("International Business Review, 6(6), 561-583. doi:10.1016/S0969-5931 (97)00010-3",
     "10.1016/s0969-5931(97)00010-3"),
    ("https://doi.org/10.1057/ palgrave.jibs.8490676", "10.1057/palgrave.jibs.8490676"),
    ("https://doi.org/10.1016/j. jbusres.2020.01.001", "10.1016/j.jbusres.2020.01.001"),
    ("https://doi.org/10.1007/978-3-030- 12345-6_7.", "10.1007/978-3-030-12345-6_7"),
])
def test_dois_kept_whole(text, doi):
    assert [d for d, _, _ in find_dois(text)] == [doi]


def test_a_space_after_a_whole_doi_is_not_joined():
    # The DOI ends a sentence; what follows is another field, not its continuation.
    assert [d for d, _, _ in find_dois("doi:10.1016/j.x.2019.01.001. 2019;12:1-9")] == ["10.1016/j.x.2019.01.001"]
    assert [d for d, _, _ in find_dois("doi:10.1057/jibs.2009.24 (2009)")] == ["10.1057/jibs.2009.24"]


@pytest.mark.parametrize("text,printed", [
    ("Management International Review, 55, 1-20. doi:10.1007s11575-015-0257-4", "doi:10.1007s11575-015-0257-4"),
    ("Journal of International Business Studies, 8. https://doi.org/10.1057/", "https://doi.org/10.1057/"),
    ("Review of Things, 3. DOI: 10.1108.", "DOI: 10.1108"),
])
def test_malformed_dois_are_kept_as_printed(text, printed):
    assert find_dois(text) == []
    assert find_malformed(text) == printed


def test_no_malformed_doi_where_a_good_one_is_printed():
    assert find_malformed("doi:10.1057/jibs.2009.24") is None
    assert find_malformed("see https://www.doi.org/the-identifier/") is None


def test_long_chains_cost_linear_time():
    # Each of these was once scanned from every position: must finish at once.
    find_dois("10." + "100." * 100_000)
    clean_doi("10.1000/x" + "/pdf" * 100_000)


def test_check_reports_a_malformed_doi_with_its_printed_text(tmp_path):
    import json

    from conftest import run_cli

    src = tmp_path / "list.txt"
    src.write_text(
        "Lee, K. (2015). Export learning in small firms. Management International Review, 55(2), 1-20. "
        "doi:10.1007s11575-015-0257-4\n"
        "Park, S. (2009). Entry modes revisited. Journal of International Business Studies, 40(2), 5-9. "
        "https://doi.org/10.1057/\n", "utf-8")
    proc = run_cli("check", src, "--format", "json")
    findings = json.loads(proc.stdout)
    if isinstance(findings, dict):
        findings = findings.get("findings", [])
    malformed = [f for f in findings if f["kind"] == "doi_malformed"]
    assert len(malformed) == 2, findings
    assert "doi:10.1007s11575-015-0257-4" in malformed[0]["message"]
    assert "https://doi.org/10.1057/" in malformed[1]["message"]
    refs = json.loads(run_cli("refs", src, "--format", "json").stdout)
    assert [r.get("doi_printed") for r in refs] == ["doi:10.1007s11575-015-0257-4", "https://doi.org/10.1057/"]
    assert [r["doi"] for r in refs] == [None, None]
