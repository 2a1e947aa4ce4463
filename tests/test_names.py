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
