from quizgen.authoring.coverage import coverage
from quizgen.bank.content import load_content


def test_coverage_splits_citable_passages(content_dir):
    content = load_content(content_dir)
    (item,) = coverage(content.deck(), content.texts)
    # p1 and p2 and p10 are not citable; facts cite p3..p9 except p4 (Smith's passage is cited) -- compute:
    cited = {p.number for p in item.cited}
    uncited = {p.number for p in item.uncited}
    assert cited | uncited == {3, 4, 5, 6, 7, 8, 9}
    assert cited == {3, 4, 5, 6, 7, 8, 9}
    assert item.share == 1.0 and item.facts == 13


def test_uncited_passage_is_listed(content_dir):
    facts = content_dir / "decks" / "d" / "facts.yaml"
    text = facts.read_text()
    start = text.index("  - id: talks-call")
    end = text.index("  - id: jones-pact")
    text = text[:start] + text[end:]
    start, end = text.index("  - id: lee"), text.index("  - id: jones-pact")
    facts.write_text(text[:start] + text[end:])
    content = load_content(content_dir)
    (item,) = coverage(content.deck(), content.texts)
    assert [p.number for p in item.uncited] == [9]
    assert round(item.share, 3) == round(6 / 7, 3)
