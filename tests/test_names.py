import pytest

from litgraph.names import fold, parse_names

CASES = [
    ("Johanson, J., & Vahlne, J. E.", [("Johanson", "J."), ("Vahlne", "J. E.")], False),
    ("Chen, C.-L., Ng, W.-K., & Huang, T.-F.", [("Chen", "C.-L."), ("Ng", "W.-K."), ("Huang", "T.-F.")], False),
    ("Popadić, D., Vlada Živanović, & Nada Živanovic.", [("Popadić", "D."), ("Živanović", "Vlada"), ("Živanovic", "Nada")], False),
    ("Anni Yudiastuti, F. Danardana Murwani, Sudarmiatin, & Agus Hermawan.",
     [("Yudiastuti", "Anni"), ("Murwani", "F. Danardana"), ("Sudarmiatin", None), ("Hermawan", "Agus")], False),
    ("Realita, T. N., Sudarmiatin, ., & Mukhlis, I.", [("Realita", "T. N."), ("Sudarmiatin", None), ("Mukhlis", "I.")], False),
    ("Kaukab, M. . E.", [("Kaukab", "M. E.")], False),
    ("Ismail J. Ismail.", [("Ismail", "Ismail J.")], False),
    ("Ratnawati.", [("Ratnawati", None)], False),
    ("Penrose, E.T.", [("Penrose", "E.T.")], False),
    ("Fakhriyyah, D. D., Sudarmiatin, S., & ...", [("Fakhriyyah", "D. D."), ("Sudarmiatin", "S.")], True),
    ("Kraus, S. et al.", [("Kraus", "S.")], True),
    ("Pérez-Higueras JJ, Arias A, de la Macorra JC, Peters OA.",
     [("Pérez-Higueras", "JJ"), ("Arias", "A"), ("de la Macorra", "JC"), ("Peters", "OA")], False),
    ("Lee, L. L., W. E. Howard, and R. E. Marsh.", [("Lee", "L. L."), ("Howard", "W. E."), ("Marsh", "R. E.")], False),
    ("S. E. Han, G. Chen,", [("Han", "S. E."), ("Chen", "G.")], False),
    ("Schnell, Irmtraud", [("Schnell", "Irmtraud")], False),
    ("Maerz U., Stöffler, D.,", [("Maerz", "U."), ("Stöffler", "D.")], False),
    ("Ludwig van Beethoven and J. van der Berg", [("van Beethoven", "Ludwig"), ("van der Berg", "J.")], False),
    ("World Health Organization", [("World Health Organization", None)], False),
    ("Frickel, Scott, Sahra Gibbon, and David Hess", [("Frickel", "Scott"), ("Gibbon", "Sahra"), ("Hess", "David")], False),
    ("Smith, J. (Ed.)", [("Smith", "J.")], False),
]


@pytest.mark.parametrize("text,expected,truncated", CASES)
def test_parse_names(text, expected, truncated):
    result = parse_names(text)
    assert [(a.family, a.given) for a in result.authors] == expected
    assert result.truncated is truncated


def test_fold_ignores_case_and_accents():
    assert fold("Živanović") == fold("zivanovic") == "zivanovic"
    assert fold("Cieślik") == "cieslik"


def test_initial_y_is_not_spanish_and():
    assert [(a.family, a.given) for a in parse_names("Lee, Y. Y., & Soesetio, Y.").authors] == [
        ("Lee", "Y. Y."), ("Soesetio", "Y.")]
    assert [a.family for a in parse_names("García, J. y López, M.").authors] == ["García", "López"]


@pytest.mark.parametrize("text,expected", [
    # Suffixes stay suffixes, wherever the style prints them.
    ("King, M. L., Jr.", [("King", "M. L.", "Jr.")]),
    ("M. L. King Jr. and J. Lewis", [("King", "M. L.", "Jr."), ("Lewis", "J.", None)]),
    ("King ML Jr, Abernathy RD", [("King", "ML", "Jr"), ("Abernathy", "RD", None)]),
    ("Knuth, D. E., Morris, J. H., Jr., and Pratt, V. R.",
     [("Knuth", "D. E.", None), ("Morris", "J. H.", "Jr."), ("Pratt", "V. R.", None)]),
    ("Martin Luther King III", [("King", "Martin Luther", "III")]),
    ("Petrov IV, Sidorov AA", [("Petrov", "IV", None), ("Sidorov", "AA", None)]),  # initials, not "the fourth"
    # All-caps surnames.
    ("SMITH JA, LEE J", [("SMITH", "JA", None), ("LEE", "J", None)]),
    ("SMITH, J. A.; JONES, B.", [("SMITH", "J. A.", None), ("JONES", "B.", None)]),
    ("ZHANG Wei, LI Na", [("ZHANG", "Wei", None), ("LI", "Na", None)]),
    # CJK, Korean and Cyrillic names.
    ("王小明，李华、张伟", [("王", "小明", None), ("李", "华", None), ("张", "伟", None)]),
    ("김철수, 이영희", [("김", "철수", None), ("이", "영희", None)]),
    ("山田 太郎, 佐藤花子", [("山田", "太郎", None), ("佐藤", "花子", None)]),
    ("欧阳明, 陈思", [("欧阳", "明", None), ("陈", "思", None)]),
    ("Иванов И. И., Петров П. П.", [("Иванов", "И. И.", None), ("Петров", "П. П.", None)]),
    ("И. И. Иванов и П. П. Петров", [("Иванов", "И. И.", None), ("Петров", "П. П.", None)]),
    # "et" as "and".
    ("Bourdieu, P. et Passeron, J.-C.", [("Bourdieu", "P.", None), ("Passeron", "J.-C.", None)]),
])
def test_suffixes_caps_and_non_latin_names(text, expected):
    assert [(a.family, a.given, a.suffix) for a in parse_names(text).authors] == expected


@pytest.mark.parametrize("text", ["王伟, 李娜, 等", "Иванов И. И. и др.", "김철수 외", "山田太郎, 他"])
def test_cjk_and_russian_et_al(text):
    result = parse_names(text)
    assert result.truncated and result.authors


def test_each_call_gets_its_own_authors():
    # Parses are cached; the Author objects handed out must not be: a reader that
    # sets one reference's author (an ORCID, a corrected name) changes no other.
    first = parse_names("Smith, J., & Jones, B.")
    first.authors[0].family = "Changed"
    first.authors[0].ids = {"orcid": "0000-0001-8584-1041"}
    first.authors.append(first.authors[0])
    again = parse_names("Smith, J., & Jones, B.")
    assert [(a.family, a.given, a.ids) for a in again.authors] == [("Smith", "J.", None), ("Jones", "B.", None)]
    assert again.authors[0] is not first.authors[0]


@pytest.mark.parametrize("text, expected", [
    # The quick letter tests before _ET_AL and _AND must let every form through.
    ("Smith, J., ET AL.", True), ("Smith, J., u. a.", True),
    ("Smith J, Jones B ...", True), ("Smith J, Jones B …", True), ("Smith J, Jones B, & …", True),
])
def test_lists_cut_short_whatever_the_case(text, expected):
    assert parse_names(text).truncated is expected


@pytest.mark.parametrize("text, n", [
    ("Smith, J. AND Jones, B.", 2), ("García, J. y López, M.", 2), ("Smith, J. und Jones, B.", 2),
    ("Smith, J., y, Jones, B.", 2), ("Kennedy, J., Murray, B.", 2), ("Smith, J. (y) Jones", 2),
])
def test_and_words_split_authors(text, n):
    assert len(parse_names(text).authors) == n


def test_and_split_is_the_and_regex():
    # names._and_to_semicolons finds _AND's matches from the word outward: the same
    # substitution as _AND.sub(";", ...), checked on random mixtures of its pieces.
    import random

    from litgraph import names

    rng = random.Random(3)
    pieces = [" ", ",", "&", "and", "And", "AND", "und", "y", "et", "et al", "и", "a", "Smith", "J.", "  ", "\t", ", "]
    for _ in range(20000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert names._and_to_semicolons(s) == names._AND.sub(";", s), s


def test_editor_mark_short_cut_never_skips_a_match():
    from litgraph.names import _EDITOR_MARK, _may_mark_editors

    for s in ["Smith, J. (Ed.)", "Smith J, Jones K, editors", "Müller, H. (Hrsg.)", "A. Smith (coord.)",
              "B. Jones (dir.)", "C. Lee (comps.)", "D. Wu (hg.)", "Smith, J., & Jones, K.", "Smith J, Jones K",
              "Reed, A. (EDS)", "Smith, J. (ſ)", "Smith, J. (eds.)"]:
        if not _may_mark_editors(s):
            assert not _EDITOR_MARK.search(s), s
    assert not _may_mark_editors("Smith, J., & Jones, K.")
    assert _may_mark_editors("Smith, J. (Ed.)")
