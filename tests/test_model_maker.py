"""model.reference_maker: Reference made by position, every other field its default."""
import pytest

from litgraph.model import Author, Reference, reference_maker


def test_given_fields_land_where_they_belong_and_the_rest_are_defaults():
    make = reference_maker(("source", "index", "raw", "doi", "line", "extra"))
    ref = make("a.txt", 3, "Smith J, 2001", "10.1/x", 7, {"k": "v"})
    assert ref == Reference(source="a.txt", index=3, raw="Smith J, 2001", doi="10.1/x", line=7, extra={"k": "v"})
    other = make("a.txt", 4, "x", None, None, {})
    assert other.authors is not ref.authors and other.ids is not ref.ids  # new lists and dicts for each


def test_fields_read_from_an_object():
    class Shape:
        title, year, authors = "A title", 1999, "not used: given wins"

    make = reference_maker(("source", "index", "raw", "authors"), from_obj=("title", "year", "authors"))
    ref = make(Shape(), "b.bib", 1, "raw", [Author("Smith", "J")])
    assert (ref.title, ref.year, ref.authors) == ("A title", 1999, [Author("Smith", "J")])


def test_a_name_that_is_not_a_field_fails_at_once():
    with pytest.raises(TypeError, match="no field"):
        reference_maker(("source", "index", "raw", "jounral"))


def test_a_made_reference_is_the_one_the_class_makes_slot_for_slot():
    """The maker sets the slots itself (object.__new__): every one of them, as the dataclass's
    __init__ would, so that equality, repr and pickling cannot tell the two apart."""
    import pickle
    from dataclasses import fields

    make = reference_maker(("source", "index", "raw", "type", "authors", "year", "extra"))
    made = make("a.txt", 2, "Smith J, 2001", "article", [Author("Smith", "J.")], 2001, {"k": "v"})
    built = Reference(source="a.txt", index=2, raw="Smith J, 2001", type="article", authors=[Author("Smith", "J.")],
                      year=2001, extra={"k": "v"})
    for f in fields(Reference):
        assert getattr(made, f.name) == getattr(built, f.name), f.name  # an unset slot raises here
    assert made == built and repr(made) == repr(built)
    assert pickle.dumps(made) == pickle.dumps(built)
    again = make("a.txt", 3, "x", "other", [], None, {})
    assert again.editors is not made.editors and again.keywords is not made.keywords
    assert again.affiliations is not made.affiliations and again.ids is not made.ids
