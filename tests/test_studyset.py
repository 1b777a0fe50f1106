"""The study set: what a quiz reads of the content (bank/studyset.py), answering as the content does, from an entry of
its own in the content cache (bank/studycache.py)."""

import shutil

import pytest

from quizgen.bank import cache
from quizgen.bank.content import load_content
from quizgen.bank.studycache import load_study_set
from quizgen.errors import ArgumentError, ContentError


def test_a_study_set_answers_a_quiz_as_its_content_does(content_dir):
    content = load_content(content_dir, cache=False)
    study = load_study_set(content_dir)
    deck = content.deck_questions()
    assert study.deck_questions() == deck == study.deck_questions("d")
    assert deck.slug == "d" and deck.questions == content.bank(arrange=False).questions
    assert {slug: (t.cite_as, t.authors) for slug, t in study.texts.items()} == {
        slug: (t.cite_as, t.authors) for slug, t in content.texts.items()
    }
    assert study.leak_check("d").common == content.leak_check("d").common and study.leak_check("d").common
    chosen = deck.questions[::4]
    for seed in (0, 3, 17):
        arranged = {q.id: q for q in content.bank(seed=seed).questions}
        assert study.arranged("d", chosen, seed) == [arranged[q.id] for q in chosen]


def test_a_study_set_is_kept_apart_from_the_content_and_read_back(content_dir, content_cache):
    first = load_study_set(content_dir)
    (content_cache / f"{cache.content_key(content_dir)}.pickle").unlink()  # the content's own entry
    hits, misses = cache.stats.hits, cache.stats.misses
    again = load_study_set(content_dir)
    assert (cache.stats.hits, cache.stats.misses) == (hits + 1, misses) and again == first


def test_a_study_set_names_the_deck_to_choose_as_the_content_does(content_dir):
    shutil.copytree(content_dir / "decks" / "d", content_dir / "decks" / "e")
    content, study = load_content(content_dir), load_study_set(content_dir)
    for deck in (None, "dd"):
        with pytest.raises(ArgumentError) as expected:
            content.deck_questions(deck)
        with pytest.raises(ArgumentError) as raised:
            study.deck_questions(deck)
        assert (raised.value.template, raised.value.data) == (expected.value.template, expected.value.data)
    assert study.deck_questions("e").slug == "e" and study.deck_questions("e").questions


def test_content_with_errors_stops_a_study_set_as_it_stops_the_content(content_dir):
    (content_dir / "decks" / "d" / "facts.yaml").write_text("facts: [\n", encoding="utf-8")
    content, study = load_content(content_dir), load_study_set(content_dir)
    with pytest.raises(ContentError) as expected:
        content.deck_questions()
    with pytest.raises(ContentError) as raised:
        study.deck_questions()
    assert str(raised.value) == str(expected.value) and raised.value.problems == expected.value.problems


def _edit_a_text_while_loading(content_dir, monkeypatch):
    """Append to the seed text just after the content folder's files were read, as a save during the load would."""
    from quizgen.bank import kept

    loading = kept.load_folder

    def load_folder(*args: object) -> object:
        found = loading(*args)  # type: ignore[arg-type]
        text = content_dir / "seeds" / "test-2024.txt"
        text.write_text(text.read_text(encoding="utf-8") + "\nA paragraph saved halfway through the load.\n")
        return found

    monkeypatch.setattr(kept, "load_folder", load_folder)


def test_a_study_set_made_from_a_file_edited_while_loading_is_not_kept(content_dir, content_cache, monkeypatch):
    _edit_a_text_while_loading(content_dir, monkeypatch)
    before = sorted(content_cache.glob("*.pickle"))
    load_study_set(content_dir)
    assert sorted(content_cache.glob("*.pickle")) == before  # neither the content's entry nor the study set's


def test_the_first_study_set_after_an_edit_hashes_the_content_twice(content_dir, content_cache, monkeypatch):
    """Once to find the entries, once more to check that no file changed while loading: no more."""
    load_study_set(content_dir)
    (content_dir / "decks" / "d" / "facts.yaml").write_text(
        (content_dir / "decks" / "d" / "facts.yaml").read_text(encoding="utf-8") + "# edited\n", encoding="utf-8"
    )
    hashed = []
    digests = cache._indexed_digests  # what finding the entries (with the stamp index) and checking both call
    monkeypatch.setattr(cache, "_indexed_digests", lambda *args: hashed.append(1) or digests(*args))
    stores = cache.stats.stores
    study = load_study_set(content_dir)
    assert len(hashed) == 2 and cache.stats.stores == stores + 2  # the content's entry and the study set's
    monkeypatch.undo()
    assert load_study_set(content_dir) == study


def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache's clock runs ten seconds ahead: every file written so far counts as changed long before (not racy)."""
    monkeypatch.setattr(cache, "_now_ns", lambda: cache.time.time_ns() + 10**10)


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The content files the cache reads from now on (to hash them)."""
    seen: list[str] = []
    read = cache._bytes_of
    monkeypatch.setattr(cache, "_bytes_of", lambda path: seen.append(path.rsplit("/", 1)[-1]) or read(path))
    return seen


def test_after_an_edit_the_check_before_keeping_reads_no_file_it_had_read(content_dir, content_cache, monkeypatch):
    later(monkeypatch)
    load_study_set(content_dir)
    path = content_dir / "decks" / "d" / "facts.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    seen, stores = reads(monkeypatch), cache.stats.stores
    study = load_study_set(content_dir)
    assert seen == ["facts.yaml"] and cache.stats.stores == stores + 2  # hashed once; both entries kept
    assert study == load_study_set(content_dir)


def test_a_file_edited_while_loading_is_read_again_and_nothing_kept(content_dir, content_cache, monkeypatch):
    """As test_a_study_set_made_from_a_file_edited_while_loading_is_not_kept, with stat data to trust."""
    later(monkeypatch)
    load_study_set(content_dir)
    (content_dir / "decks" / "d" / "facts.yaml").write_text(
        (content_dir / "decks" / "d" / "facts.yaml").read_text(encoding="utf-8") + "# edited\n", encoding="utf-8"
    )
    _edit_a_text_while_loading(content_dir, monkeypatch)
    seen, before = reads(monkeypatch), sorted(content_cache.glob("*.pickle"))
    load_study_set(content_dir)
    assert sorted(content_cache.glob("*.pickle")) == before and seen == ["facts.yaml", "test-2024.txt"]
