from pathlib import Path

from quizgen.errors import Problem
from quizgen.load.texts import build_text, load_texts, split_passages
from quizgen.model.dates import PartialDate

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "seeds"


def test_split_passages_numbers_blocks_and_lines():
    text = "Title\n\nFirst para\nstill first.\n\n  \n\nSecond para.\n"
    passages = split_passages("s", text, {1})
    assert [p.id for p in passages] == ["s:p1", "s:p2", "s:p3"]
    assert [p.line for p in passages] == [1, 3, 8]
    assert passages[1].text == "First para\nstill first."
    assert [p.citable for p in passages] == [False, True, True]


def _text(text, not_citable=frozenset()):
    return build_text(
        "s",
        text,
        title="T",
        authors=("A B",),
        cite_as="B",
        outlet=None,
        date=None,
        date_as_given=None,
        type="opinion column",
        not_citable=not_citable,
    )


def test_find_quote_ignores_whitespace_runs_and_quote_styles_only():
    text = _text("Intro.\n\nHe said “it  was\nfoolish” and left.\n")
    assert text.find_quote('said "it was foolish" and').id == "s:p2"
    assert text.find_quote("said “it was foolish”").id == "s:p2"
    assert text.find_quote("said 'it was foolish'") is None  # single vs double quotes still differ
    assert text.find_quote("said it was foolish") is None  # punctuation is not ignored
    assert text.find_quote("SAID") is None  # nor is case


def test_quote_cannot_span_two_passages():
    text = _text("One ends here.\n\nTwo starts here.\n")
    assert text.find_quote("here. Two") is None


def test_uncitable_passage_is_skipped_for_a_later_citable_one():
    text = _text("Pull quote words.\n\nBody: Pull quote words.\n", not_citable={1})
    assert text.find_quote("Pull quote words").id == "s:p2"
    only_hidden = _text("Hidden words.\n\nOther.\n", not_citable={1})
    assert only_hidden.find_quote("Hidden words") is None
    assert only_hidden.quote_in_uncitable("Hidden words").id == "s:p1"


def test_closest_passage_points_at_a_typo():
    text = _text("Alpha beta gamma.\n\nThe quick brown fox jumps over the lazy dog.\n")
    assert text.closest_passage("the quick brwn fox jumps").id == "s:p2"


def test_a_text_pickles_without_its_passages_and_splits_them_again_when_read():
    """The content cache keeps texts; their Passage objects are made again from the text, only when read."""
    import pickle

    text = _text("Intro.\n\nHe said “it  was\nfoolish” and left.\n\nThird.\n", not_citable={1, 3, 9})
    data = pickle.dumps(text, protocol=5)
    assert b"Passage" not in data
    back = pickle.loads(data)
    assert "passages" not in back.__dict__
    assert back.find_quote("it was foolish").id == "s:p2"  # reads the passages
    assert back == text and back.passages == text.passages
    assert [p.citable for p in back.passages] == [False, True, False]
    again = pickle.loads(pickle.dumps(pickle.loads(data), protocol=5))  # pickled again before its passages are read
    assert again.passages == text.passages and again.citation == text.citation
    try:
        back.no_such_attribute  # noqa: B018
    except AttributeError as exc:
        assert "no_such_attribute" in str(exc)
    else:
        raise AssertionError("an attribute Text lacks was found")


def test_citation_with_and_without_outlet_and_date():
    dated = build_text(
        "s",
        "x",
        title="T",
        authors=("Brahma Chellaney",),
        cite_as="Chellaney",
        outlet="Project Syndicate",
        date=PartialDate(2025, 11, 14),
        date_as_given=None,
        type="opinion column",
    )
    assert dated.citation == "Brahma Chellaney, Project Syndicate, 14 Nov 2025"
    undated = build_text(
        "s",
        "x",
        title="A Paper",
        authors=("A One", "B Two", "C Three"),
        cite_as="One",
        outlet=None,
        date=None,
        date_as_given=None,
        type="research paper",
    )
    assert undated.citation == "A One, B Two and C Three, \u201cA Paper\u201d (research paper, undated)"


def test_bundled_texts_are_the_shared_documents_byte_for_byte():
    problems: list[Problem] = []
    texts = load_texts(REPO, problems)
    assert problems == []
    assert sorted(texts) == ["chellaney-2025", "dominic-et-al", "haq-2025", "husain-2025", "mahapatra-2025"]
    if SHARED.is_dir():
        import yaml

        for slug in texts:
            meta = yaml.safe_load((REPO / "seeds" / f"{slug}.yaml").read_text(encoding="utf-8"))
            assert (REPO / "seeds" / f"{slug}.txt").read_bytes() == (SHARED / meta["origin"]).read_bytes()


def test_bundled_text_metadata_gives_citations():
    texts = load_texts(REPO, [])
    assert texts["chellaney-2025"].citation == "Brahma Chellaney, Project Syndicate, 14 Nov 2025"
    assert texts["husain-2025"].citation == "Javid Husain, Geo.tv, 20 Sep 2025"
    assert texts["haq-2025"].date == PartialDate(2025, 7, 28)
    assert not texts["husain-2025"].passages[21].citable  # "Next Story >>>"
    assert texts["husain-2025"].passages[21].text == "Next Story >>>"


def test_text_metadata_problems_are_located(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "seeds" / "a.yaml").write_text(
        "title: T\nauthor: [X]\noutlet: O\ndate: 2025-13\ntype: t\n", encoding="utf-8"
    )
    (tmp_path / "seeds" / "b.txt").write_text("x\n", encoding="utf-8")
    problems: list[Problem] = []
    assert load_texts(tmp_path, problems) == {}
    assert [p.format() for p in problems] == [
        "seeds/a.yaml:2:1: unknown key 'author' in seed metadata (did you mean 'authors'?)",
        "seeds/a.yaml:1:1: missing key 'authors' in seed metadata",
        "seeds/b.txt: missing metadata file seeds/b.yaml",
    ]


def test_each_quote_is_found_in_its_own_passage_first_to_last():
    """The passage holding a match is found by the offsets where passages start in the index: at each boundary."""
    text = _text("\n\n".join(f"Words of passage {n}." for n in range(1, 8)) + "\n", not_citable={3})
    for n in range(1, 8):
        found = text.find_quote(f"Words of passage {n}.")
        assert (found.id if found else None) == (None if n == 3 else f"s:p{n}")
    assert text.quote_in_uncitable("Words of passage 3.").id == "s:p3"
    assert text.find_quote("Words of passage").id == "s:p1"
