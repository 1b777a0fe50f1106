"""Anki packages, checked by importing them into a real collection with the official `anki` package."""

import html
import json
import os
import re
import sqlite3
import time
import zipfile
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import lxml.html
import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from click.testing import CliRunner

from quizgen.cli import main
from quizgen.errors import ArgumentError, QuizgenError
from quizgen.model.models import Bank, Deck, Question, Quote, Template
from quizgen.model.textnorm import quoted
from quizgen.outputs.anki import (
    MC5_FIELDS,
    MC5_MODEL_ID,
    MC_FIELDS,
    MC_MODEL_ID,
    RECALL_MODEL_ID,
    apkg_bytes,
    build_package,
    deck_id,
    deck_name,
    load_stamps,
    note_guid,
    recall_stem,
    save_stamps,
    tags_for,
    timestamp_from_env,
    write_apkg,
)

T0 = 1_767_225_600  # 2026-01-01 00:00:00 UTC
TITLE = "Tests & <Trials>"


def _q(qid, kind, stem, options, answer, explanation, tags=("aid",), quote="A quote.", text="test-2024"):
    fact, template = qid.split("/")
    source = Quote(text, f"{text}:p3", quote, "Ann Author, Test Times, 3 Mar 2024")
    return Question(qid, fact, template, kind, stem, options, answer, explanation, tags, source)


QUESTIONS = (
    _q(
        "aid/event-when",
        "event",
        'When did Examplia\'s "aid" <stop> & restart?',
        ("June 2018", "January 2018", "May 2019", "2020"),
        1,
        "It stopped in January 2018.",
        quote='aid <suspended> & "frozen" in January 2018',
    ),
    _q(
        "aid/event-first",
        "event",
        "Which of these took place first?",
        ("The aid cut", "The pact", "The summit", "The talks"),
        0,
        "The aid cut came first.",
    ),
    _q(
        "khan/figure-role",
        "figure",
        "Who is عمران خان?",
        ("A cricketer turned prime minister", "A general", "A banker", "A poet"),
        0,
        "عمران خان was prime minister of پاکستان.",
        tags=("politics", "pakistan"),
    ),
    _q(
        "jones/position-stance",
        "position",
        "Which view did Cy Jones express on the pact?",
        ("The pact was a mistake", "It was a triumph", "It came too late", "It was too small"),
        2,
        "Jones criticised the pact's timing.",
        tags=("trade",),
        text="other-2025",
    ),
    _q(
        "tariff/number-measures",
        "number",
        "Which of these was 19%?",
        ("The new tariff", "The old tariff", "The fall in reserves", "The inflation rate"),
        0,
        "The pact cut tariffs to 19%.",
        tags=("trade",),
    ),
)
TEMPLATES = (Template("event-first", "event", "Which of these took place first?", "what", order="first"),)


def _bank(questions=QUESTIONS):
    return Bank(Deck("test-deck", TITLE, "A deck for <tests> & checks.", TEMPLATES, ()), tuple(questions))


def _import(col: Collection, path: Path):
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log  # default options: what Anki's import dialog does


@pytest.fixture
def col(tmp_path):
    (tmp_path / "anki").mkdir()
    collection = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield collection
    collection.close()


def _write(tmp_path, name, bank=None, **kw) -> Path:
    path = tmp_path / name
    path.write_bytes(apkg_bytes(bank or _bank(), (bank or _bank()).questions, **kw))
    return path


def _notes(col):
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {note["Id"]: note for note in notes}


def _marked(back):
    """The options the back marks correct, and the others: its list's class key-<letter> picks the item of class
    opt-<letter>, which the note type's CSS marks (test_the_css_marks_the_option_the_list_s_key_names)."""
    (choices,) = back.xpath("//ol[contains(@class, 'revealed')]")
    (key,) = [name[4:] for name in choices.get("class").split() if name.startswith("key-")]
    items = choices.xpath("li")
    correct = [li for li in items if f"opt-{key}" in li.get("class").split()]
    return correct, [li for li in items if li not in correct]


def test_the_css_marks_the_option_the_list_s_key_names():
    from quizgen.outputs.anki import CSS

    rules = dict(re.findall(r"^(.+?) \{ (.*?) \}$", CSS, re.MULTILINE))
    assert "display: none" in rules[".revealed .mark"] and "opacity: 0.65" in rules[".revealed .choice"]
    assert rules[".revealed .mark::after"] == 'content: "\u2713";'  # shown only where the next rule shows .mark
    day = next(rule for selectors, rule in rules.items() if ".key-A .opt-A" in selectors.split(", "))
    night = next(rule for selectors, rule in rules.items() if ".nightMode .key-A .opt-A" in selectors.split(", "))
    assert "border: 2px solid" in day and "opacity: 1" in day and "background-color" in night
    for x in "ABCDE":
        for selector in (f".key-{x} .opt-{x}", f".key-{x} .opt-{x} .mark", f".night_mode .key-{x} .opt-{x}"):
            assert any(selector in selectors.split(", ") for selectors in rules), selector


def test_the_cards_show_the_option_fields_and_mark_the_answer_field_so_an_edit_shows(col, tmp_path):
    # Learner walk, defect 9: the cards showed the Choices and Revealed fields, so an edit to A-D or Answer in
    # Anki changed nothing on the card.
    _import(col, _write(tmp_path, "v1.apkg", timestamp=T0))
    note = _notes(col)["tariff/number-measures"]
    note["B"] = "The old tariff, <i>corrected</i>"
    note["Answer"] = "B"
    col.update_note(note)
    (card,) = note.cards()
    assert _lettered(card.question())[1] == "BThe old tariff, corrected"
    (correct,), others = _marked(lxml.html.fromstring(card.answer()))
    assert correct.xpath("string(span[@class='text'])") == "The old tariff, corrected" and len(others) == 3
    # The tick is the stylesheet's: as text (Anki's browser columns) the back marks no option, least of all a wrong one.
    back = lxml.html.fromstring(card.answer())
    for style in back.xpath("//style"):
        style.drop_tree()
    assert "\u2713" not in back.text_content()
    # A true/false note leaves C and D empty: the card lists A and B only.
    tf = replace(QUESTIONS[0], id="tf/number-tf", fact="tf", options=("True", "False"), answer=1)
    _import(col, _write(tmp_path, "tf.apkg", _bank([tf]), timestamp=T0))
    assert _lettered(_notes(col)["tf/number-tf"].cards()[0].question()) == ["ATrue", "BFalse"]


def test_a_newer_build_brings_the_new_template_to_old_notes_and_keeps_their_reviews(col, tmp_path):
    # The template changed (defect 9); a note type's fields did not, so its id stays and Anki's import updates the
    # note type a learner has when the package's is newer. v1 here is a build with the template of before.
    old = tmp_path / "old.apkg"
    with zipfile.ZipFile(BytesIO(apkg_bytes(_bank(), QUESTIONS, timestamp=T0))) as archive:
        (tmp_path / "old.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "old.anki2")
    models = _col_json(db, "models")
    (template,) = models[str(MC_MODEL_ID)]["tmpls"]
    template["qfmt"] = '<div class="quizgen"><div class="stem" dir="auto">{{Stem}}</div>{{Choices}}</div>'
    template["afmt"] = '<div class="quizgen"><div class="stem" dir="auto">{{Stem}}</div>{{Revealed}}</div>'
    db.execute("update col set models = ?", (json.dumps(models),))
    db.commit()
    db.close()
    with zipfile.ZipFile(old, "w") as archive:
        archive.write(tmp_path / "old.anki2", "collection.anki2")
        archive.writestr("media", "{}")
    _import(col, old)
    card = _notes(col)["khan/figure-role"].cards()[0]
    back = lxml.html.fromstring(card.answer())  # the old template showed the Revealed field
    assert not back.xpath("//ol[contains(@class, 'revealed')]") and back.xpath("//li[contains(@class, 'correct')]")
    card.start_timer()
    col.sched.answerCard(card, 3)

    log = _import(col, _write(tmp_path, "v2.apkg", timestamp=T0 + 86_400))
    assert not log.new and not log.conflicting
    note = _notes(col)["khan/figure-role"]
    assert note.mid == MC_MODEL_ID and note.cards()[0].id == card.id
    (correct,), _ = _marked(lxml.html.fromstring(note.cards()[0].answer()))  # rendered with the new template
    assert correct.xpath("string(span[@class='text'])") == QUESTIONS[2].correct
    assert col.db.scalar("select count() from revlog where cid = ?", card.id) == 1


def test_import_into_fresh_collection_gives_deck_tree_fields_tags_and_cards(col, tmp_path):
    log = _import(col, _write(tmp_path, "deck.apkg", timestamp=T0))
    assert len(log.new) == len(QUESTIONS) and not log.updated and not log.duplicate
    names = {d.name for d in col.decks.all_names_and_ids()}
    assert names == {"Default", TITLE, *(f"{TITLE}::{sub}" for sub in ("Events", "Figures", "Positions", "Numbers"))}

    notes = _notes(col)
    assert set(notes) == {q.id for q in QUESTIONS}
    for q in QUESTIONS:
        note = notes[q.id]
        assert note.note_type()["id"] == MC_MODEL_ID and note.guid == note_guid("mc", "test-deck", q.id)
        assert [f["name"] for f in note.note_type()["flds"]] == list(MC_FIELDS)
        # Fields hold escaped HTML; unescaped, every character survives: < & " ' and Urdu script.
        plain = {name: html.unescape(note[name]) for name in ("Stem", "A", "B", "C", "D", "Explanation", "Quote")}
        assert plain == {
            "Stem": q.stem,
            **dict(zip("ABCD", q.options, strict=True)),
            "Explanation": q.explanation,
            "Quote": quoted(q.source.quote),
        }
        assert note["Answer"] == "ABCD"[q.answer]
        assert lxml.html.fromstring(note["Citation"]).xpath("string(.)") == q.source.citation
        assert sorted(note.tags) == sorted(
            [f"quizgen::{q.kind}", f"source::{q.source_text}", f"level::{q.level}", *(f"topic::{t}" for t in q.tags)]
        )
        (card,) = note.cards()
        sub = {"event": "Events", "figure": "Figures", "position": "Positions", "number": "Numbers"}[q.kind]
        assert col.decks.name(card.did) == f"{TITLE}::{sub}"

        front = lxml.html.fromstring(card.question())
        assert front.xpath("string(//div[@class='stem'])") == q.stem
        assert [li.xpath("string(.)") for li in front.xpath("//li")] == [
            f"{a}{o}" for a, o in zip("ABCD", q.options, strict=True)
        ]
        assert not front.xpath("//li[contains(@class, 'correct')]")  # the front gives nothing away

        back = lxml.html.fromstring(card.answer())
        (correct,), others = _marked(back)
        assert correct.xpath("string(span[@class='text'])") == q.correct
        assert len(others) == 3
        assert back.xpath("string(//div[@class='explanation'])") == q.explanation
        assert back.xpath("string(//blockquote)") == quoted(q.source.quote)
    assert "<script" not in card.question() + card.answer()
    css = note.note_type()["css"]
    assert ".nightMode .key-A .opt-A" in css and ".night_mode .key-D .opt-D" in css


def test_reimport_of_an_edited_newer_build_updates_in_place_and_keeps_reviews(col, tmp_path):
    _import(col, _write(tmp_path, "v1.apkg", timestamp=T0))
    edited = _notes(col)["khan/figure-role"]
    card = edited.cards()[0]
    card.start_timer()
    col.sched.answerCard(card, 4)  # Easy: the card graduates to review
    before = (card.type, card.queue, card.ivl, card.due, card.did)
    assert card.ivl > 0 and col.db.scalar("select count() from revlog where cid = ?", card.id) == 1

    changed = [
        replace(q, explanation="Corrected: <b>not</b> & more.") if q.id == edited["Id"] else q for q in QUESTIONS
    ]
    # The same build time as the first import: Anki keeps what it has, which is why the timestamp must move on.
    log = _import(col, _write(tmp_path, "same-time.apkg", _bank(changed), timestamp=T0))
    assert not log.new and not log.updated
    assert _notes(col)[edited["Id"]]["Explanation"] == html.escape(QUESTIONS[2].explanation)

    log = _import(col, _write(tmp_path, "v2.apkg", _bank(changed), timestamp=T0 + 86_400))
    assert not log.new and len(log.updated) == len(QUESTIONS)
    assert col.note_count() == len(QUESTIONS) and col.card_count() == len(QUESTIONS)
    note = _notes(col)[edited["Id"]]
    assert html.unescape(note["Explanation"]) == "Corrected: <b>not</b> & more."
    card = note.cards()[0]
    assert (card.type, card.queue, card.ivl, card.due, card.did) == before
    assert col.db.scalar("select count() from revlog where cid = ?", card.id) == 1


def _stamps_of(data: bytes, tmp_path: Path) -> dict[str, int]:
    """Question id -> the note's modification time, read from an .apkg's collection."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        (tmp_path / "read.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "read.anki2")
    stamps = {flds.split("\x1f")[0]: mod for flds, mod in db.execute("select flds, mod from notes")}
    db.close()
    return stamps


def test_a_rebuild_updates_only_the_changed_notes_and_the_others_keep_the_learner_s_tags_and_edits(col, tmp_path):
    # Learner walk, defect 6: every build stamped every note with the build time, so Anki's default "update if
    # newer" replaced all of them, and with them the learner's edits, own tags and Anki's `leech` and `marked`.
    v1, stamps = _build(tmp_path, QUESTIONS, T0, "v1.apkg")
    assert set(stamps.values()) == {T0}
    _import(col, v1)
    notes = _notes(col)
    leech, edited, changed = notes["aid/event-when"], notes["khan/figure-role"], notes["jones/position-stance"]
    leech.tags += ["leech", "marked"]
    edited["Explanation"] += " MY MNEMONIC"
    edited.tags.append("my::exam")
    changed.tags.append("leech")  # lost: a changed note is replaced whole, tags too (README says so)
    col.update_notes([leech, edited, changed])
    studied = edited.cards()[0]
    studied.start_timer()
    col.sched.answerCard(studied, 3)

    facts = [replace(q, explanation="Jones faulted the timing.") if q.fact == "jones" else q for q in QUESTIONS]
    later = int(time.time()) + 60  # v2 is built after the learner's edits, as in life
    v2, stamps = _build(tmp_path, facts, later, "v2.apkg")
    assert stamps == {q.id: later if q.fact == "jones" else T0 for q in QUESTIONS}
    log = _import(col, v2)
    assert [html.unescape(n.fields[0]) for n in log.updated] == ["jones/position-stance"] and not log.new
    notes = _notes(col)
    assert {"leech", "marked"} <= set(notes["aid/event-when"].tags)
    assert notes["khan/figure-role"]["Explanation"].endswith(" MY MNEMONIC")
    assert "my::exam" in notes["khan/figure-role"].tags
    assert html.unescape(notes["jones/position-stance"]["Explanation"]) == "Jones faulted the timing."
    assert "leech" not in notes["jones/position-stance"].tags
    assert col.db.scalar("select count() from revlog where cid = ?", studied.id) == 1


def _build(tmp_path, questions, timestamp, name="v.apkg", stamps_file="stamps.json"):
    """A build as `quizgen anki` makes it with a stamps file: the saved stamps read, the package written, the stamps
    saved. The package's path, and each question's note stamp in it."""
    stamps_file = tmp_path / stamps_file
    known = load_stamps(stamps_file)
    with (tmp_path / name).open("wb") as stream:
        summary = write_apkg(stream, _bank(questions), questions, timestamp=timestamp, stamps=known)
    save_stamps(stamps_file, summary.stamps)
    return tmp_path / name, _stamps_of((tmp_path / name).read_bytes(), tmp_path)


def test_a_note_keeps_its_stamp_while_its_content_stays_and_a_change_always_moves_it_on(tmp_path):
    _, first = _build(tmp_path, QUESTIONS, T0)
    assert first == {q.id: T0 for q in QUESTIONS}
    saved = (tmp_path / "stamps.json").read_bytes()
    assert _build(tmp_path, QUESTIONS, T0 + 500)[1] == first  # unchanged: the stamps it had, and the same file
    assert (tmp_path / "stamps.json").read_bytes() == saved
    tagged = [replace(q, tags=(*q.tags, "new")) if q.fact == "khan" else q for q in QUESTIONS]
    assert _build(tmp_path, tagged, T0 + 500)[1] == {**first, "khan/figure-role": T0 + 500}
    # A build time set back (SOURCE_DATE_EPOCH) still gives a changed note a later stamp than it had.
    assert _build(tmp_path, QUESTIONS, T0 - 86_400)[1] == {**first, "khan/figure-role": T0 + 501}
    # A build of some questions only keeps the others' stamps for the next build.
    assert _build(tmp_path, QUESTIONS[:1], T0 + 900)[1] == {QUESTIONS[0].id: T0}
    assert _build(tmp_path, QUESTIONS, T0 + 1000)[1] == {**first, "khan/figure-role": T0 + 501}
    # Another stamps file knows none of them.
    assert _build(tmp_path, QUESTIONS, T0 + 7, stamps_file="other.json")[1] == {q.id: T0 + 7 for q in QUESTIONS}


def test_a_question_a_rebuild_no_longer_has_keeps_its_note_cards_and_reviews(col, tmp_path):
    # What README.md says happens to a withdrawn question (a fact deleted, a template skipped, a question dropped for
    # want of wrong answers): Anki's import only adds and updates, so the old note stays, still scheduled, and the
    # search README.md gives finds it by its Id field.
    _import(col, _write(tmp_path, "v1.apkg", timestamp=T0))
    withdrawn = _notes(col)["khan/figure-role"]
    card = withdrawn.cards()[0]
    card.start_timer()
    col.sched.answerCard(card, 3)
    kept = [q for q in QUESTIONS if q.id != "khan/figure-role"]
    log = _import(col, _write(tmp_path, "v2.apkg", _bank(kept), timestamp=T0 + 86_400))
    assert not log.new and len(log.updated) == len(kept)
    assert col.note_count() == len(QUESTIONS)
    card = col.get_card(card.id)
    assert card.queue != -1 and col.db.scalar("select count() from revlog where cid = ?", card.id) == 1  # not suspended
    assert col.find_notes('"Id:khan/*"') == [withdrawn.id]
    col.remove_notes([withdrawn.id])  # what README.md tells the teacher to do
    assert col.note_count() == len(kept)


def test_same_timestamp_gives_byte_identical_packages(tmp_path):
    first = apkg_bytes(_bank(), QUESTIONS, timestamp=T0)
    assert apkg_bytes(_bank(), QUESTIONS, timestamp=T0) == first
    later = apkg_bytes(_bank(), QUESTIONS, timestamp=T0 + 1)
    assert later != first
    with zipfile.ZipFile(BytesIO(first)) as archive:
        assert [(i.filename, i.date_time) for i in archive.infolist()] == [
            ("collection.anki2", (2026, 1, 1, 0, 0, 0)),
            ("media", (2026, 1, 1, 0, 0, 0)),
        ]
        assert archive.read("media") == b"{}"
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "c.anki2")
    assert db.execute("select distinct mod from notes").fetchall() == [(T0,)]
    assert db.execute("select distinct mod from cards").fetchall() == [(T0,)]
    assert {str(deck_id("test-deck")), str(deck_id("test-deck", "Events"))} <= set(_col_json(db, "decks"))
    models = _col_json(db, "models")
    assert {m["mod"] for m in models.values()} == {T0}
    db.close()


def test_the_collection_is_the_same_bytes_as_an_in_memory_database_on_any_sqlite(tmp_path):
    # The collection is built in a temporary file and streamed into the zip (issue 16: memory). Its header must
    # not record the file's change count or the SQLite version, or builds would differ between machines.
    import itertools

    package, _ = build_package(_bank(), QUESTIONS, timestamp=T0)
    db = sqlite3.connect(":memory:")
    package.write_to_db(db.cursor(), T0, itertools.count(int(T0 * 1000)))
    db.commit()
    expected = db.serialize()
    db.close()
    with zipfile.ZipFile(BytesIO(apkg_bytes(_bank(), QUESTIONS, timestamp=T0))) as archive:
        assert archive.read("collection.anki2") == expected


def _col_json(db, column):
    return json.loads(db.execute(f"select {column} from col").fetchone()[0])


def test_ids_are_constants_from_the_slug_not_the_content():
    assert deck_id("test-deck") == deck_id("test-deck") != deck_id("other-deck")
    assert deck_id("test-deck", "Events") != deck_id("test-deck", "Figures")
    assert all((1 << 30) <= deck_id("d", s) < (1 << 31) for s in (None, "Events", "Numbers"))
    assert note_guid("mc", "test-deck", "a/b") != note_guid("recall", "test-deck", "a/b")
    assert MC_MODEL_ID != RECALL_MODEL_ID


def test_tags_are_hierarchical_and_space_free():
    q = replace(QUESTIONS[0], tags=("aid", "two words"), level="cause")
    assert tags_for(q) == ["quizgen::event", "source::test-2024", "level::cause", "topic::aid", "topic::two_words"]


def test_timestamp_comes_from_source_date_epoch_or_now():
    assert timestamp_from_env({"SOURCE_DATE_EPOCH": "1700000000"}) == 1_700_000_000
    assert timestamp_from_env({}, now=12.5) == 12.5
    assert timestamp_from_env({"SOURCE_DATE_EPOCH": ""}, now=12.5) == 12.5
    with pytest.raises(QuizgenError, match="SOURCE_DATE_EPOCH: expected whole seconds since 1970, not 'soon'"):
        timestamp_from_env({"SOURCE_DATE_EPOCH": "soon"})


def test_recall_style_asks_open_questions_in_a_deck_of_its_own_beside_multiple_choice(col, tmp_path):
    assert recall_stem("According to Di Park, which of these was 40%?") == "According to Di Park, what was 40%?"
    _import(col, _write(tmp_path, "mc.apkg", timestamp=T0))
    log = _import(col, _write(tmp_path, "recall.apkg", timestamp=T0, style="recall"))
    assert len(log.new) == len(QUESTIONS) - 1  # the chronology question needs its options
    # Learner walk, defect 7: the recall cards went into the multiple-choice subdecks and gave their twins' answers
    # away. Now each style has a deck tree of its own, so a learner studies one or the other.
    recall_deck = f"{TITLE} (recall)"
    decks = {note.note_type()["id"]: set() for note in _notes_of(col)}
    for note in _notes_of(col):
        decks[note.note_type()["id"]].add(col.decks.name(note.cards()[0].did))
    subdecks = ("Events", "Figures", "Positions", "Numbers")
    assert decks == {
        MC_MODEL_ID: {f"{TITLE}::{sub}" for sub in subdecks},
        RECALL_MODEL_ID: {f"{recall_deck}::{sub}" for sub in subdecks},
    }
    assert deck_id("test-deck", None, "recall") not in {deck_id("test-deck", sub) for sub in (None, *subdecks)}
    recall = [col.get_note(n) for n in col.find_notes(f"mid:{RECALL_MODEL_ID}")]
    assert {n["Id"] for n in recall} == {q.id for q in QUESTIONS} - {"aid/event-first"}
    note = next(n for n in recall if n["Id"] == "tariff/number-measures")
    assert note["Question"] == "What was 19%?" and note["Answer"] == "The new tariff"
    card = note.cards()[0]
    assert "The new tariff" not in card.question()
    back = lxml.html.fromstring(card.answer())
    assert back.xpath("string(//div[@class='answer'])") == "The new tariff"
    assert back.xpath("string(//div[@class='citation'])") == "Ann Author, Test Times, 3 Mar 2024"
    assert col.note_count() == 2 * len(QUESTIONS) - 1


def test_unknown_style_is_a_user_error():
    with pytest.raises(ArgumentError, match="^style: unknown style 'cloze'; choose from mc, recall$") as error:
        apkg_bytes(_bank(), QUESTIONS, timestamp=T0, style="cloze")
    assert error.value.choices == ("mc", "recall")


# --- the command ---------------------------------------------------------------------------------------------------


def test_cli_writes_default_path_reports_subdecks_and_is_reproducible(content_dir, tmp_path, monkeypatch, col):
    from quizgen.bank.content import load_content

    monkeypatch.chdir(tmp_path)
    env = {"SOURCE_DATE_EPOCH": str(T0)}
    result = CliRunner().invoke(main, ["--content", str(content_dir), "anki"], env=env)
    assert result.exit_code == 0, result.output
    bank = load_content(content_dir).bank(seed=0)
    counts = {
        sub: sum(q.kind == kind for q in bank.questions)
        for kind, sub in (("event", "Events"), ("figure", "Figures"), ("position", "Positions"), ("number", "Numbers"))
    }
    lines = [f"Test deck::{sub}: {n} note{'s' * (n != 1)}" for sub, n in counts.items() if n]
    assert result.output.splitlines() == [*lines, f"wrote {len(bank.questions)} notes to build/d.apkg"]
    first = (tmp_path / "build" / "d.apkg").read_bytes()
    assert CliRunner().invoke(main, ["--content", str(content_dir), "anki"], env=env).exit_code == 0
    assert (tmp_path / "build" / "d.apkg").read_bytes() == first

    # Whatever --seed other commands use, the cards carry the seed-0 order, fixed per question id.
    log = _import(col, tmp_path / "build" / "d.apkg")
    assert len(log.new) == len(bank.questions)
    for q in bank.questions:
        note = _notes(col)[q.id]
        options = [*q.options, *[""] * (4 - len(q.options))]  # a true/false note leaves C and D empty
        assert [html.unescape(note[x]) for x in "ABCD"] == options and note["Answer"] == "ABCD"[q.answer]


def test_cli_keeps_note_stamps_in_the_data_folder_or_stamps_file(content_dir, tmp_path, data_folder):
    out = tmp_path / "d.apkg"
    args = ["--content", str(content_dir), "anki", "-o", str(out)]
    assert CliRunner().invoke(main, args, env={"SOURCE_DATE_EPOCH": str(T0)}).exit_code == 0
    first = _stamps_of(out.read_bytes(), tmp_path)
    assert set(first.values()) == {T0}
    saved = json.loads((data_folder / "anki-stamps.json").read_text(encoding="utf-8"))
    assert saved["version"] == 1 and len(saved["notes"]) == len(first)

    # A day later, one fact's explanation changed: only its notes get the new build time; the others keep theirs.
    facts = content_dir / "decks" / "d" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("Di Park is the central bank governor.", "Di Park heads the bank."), encoding="utf-8")
    assert CliRunner().invoke(main, args, env={"SOURCE_DATE_EPOCH": str(T0 + 86_400)}).exit_code == 0
    second = _stamps_of(out.read_bytes(), tmp_path)
    assert {qid for qid, stamp in second.items() if stamp != T0} == {qid for qid in first if qid.startswith("park/")}
    assert set(second.values()) == {T0, T0 + 86_400}
    # Another stamps file knows none of them: each note gets the build time.
    other = tmp_path / "elsewhere" / "stamps.json"
    result = CliRunner().invoke(main, [*args, "--stamps", str(other)], env={"SOURCE_DATE_EPOCH": str(T0 + 7)})
    assert result.exit_code == 0, result.output
    assert set(_stamps_of(out.read_bytes(), tmp_path).values()) == {T0 + 7} and other.exists()


@pytest.mark.parametrize("folder", ["~/notes/../data", "rel/./data/", None])
def test_the_stamps_file_is_in_the_data_folder_of_the_answer_history(folder, monkeypatch):
    from quizgen.outputs.anki import default_stamps_file
    from quizgen.study.history import data_dir

    if folder is None:
        monkeypatch.delenv("QUIZGEN_DATA_DIR")
    else:
        monkeypatch.setenv("QUIZGEN_DATA_DIR", folder)
    assert default_stamps_file(os.environ) == str(data_dir() / "anki-stamps.json")


def test_cli_unreadable_stamps_file_is_a_one_line_error_and_writes_nothing(content_dir, tmp_path):
    out, stamps = tmp_path / "d.apkg", tmp_path / "stamps.json"
    stamps.write_text('{"version": 1, "notes": {"x": ["d", "soon"]}}', encoding="utf-8")
    result = CliRunner().invoke(main, ["--content", str(content_dir), "anki", "-o", str(out), "--stamps", str(stamps)])
    assert (result.exit_code, result.output) == (
        1,
        f"error: {stamps} is not a file of quizgen's Anki note stamps; move it aside (the next build then stamps "
        "every note with the build time, and a re-import updates them all)\n",
    )
    assert not out.exists()


def test_cli_filters_style_and_output_option(content_dir, tmp_path):
    out = tmp_path / "events.apkg"
    result = CliRunner().invoke(
        main, ["--content", str(content_dir), "anki", "--kind", "event", "--style", "recall", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        lines[0].startswith("Test deck (recall)::Events: ") and lines[-1].startswith("wrote ") and str(out) in lines[-1]
    )
    assert any(line.startswith("skipped ") and "chronology" in line for line in lines)
    assert zipfile.ZipFile(out).namelist() == ["collection.anki2", "media"]


def test_cli_bad_source_date_epoch_is_a_one_line_error_and_writes_nothing(content_dir, tmp_path):
    out = tmp_path / "x.apkg"
    result = CliRunner().invoke(
        main, ["--content", str(content_dir), "anki", "-o", str(out)], env={"SOURCE_DATE_EPOCH": "yesterday"}
    )
    assert result.exit_code == 1
    assert result.output == "error: SOURCE_DATE_EPOCH: expected whole seconds since 1970, not 'yesterday'\n"
    assert not out.exists()


@pytest.mark.parametrize("epoch", ["253402300800", "10000000000000", "99999999999999999999", "9" * 5000])
def test_cli_source_date_epoch_after_9999_is_a_one_line_error(content_dir, tmp_path, epoch):
    """Probe K18: year 10000 and beyond ended in ValueError or OverflowError tracebacks."""
    out = tmp_path / "x.apkg"
    result = CliRunner().invoke(
        main, ["--content", str(content_dir), "anki", "-o", str(out)], env={"SOURCE_DATE_EPOCH": epoch}
    )
    assert (result.exit_code, result.output) == (
        1,
        f"error: SOURCE_DATE_EPOCH: {epoch} is after the year 9999; the latest is 253402300799\n",
    )
    assert not out.exists()


def test_the_latest_source_date_epoch_builds_a_package_dated_2107_inside(col, content_dir, tmp_path):
    out = tmp_path / "x.apkg"
    result = CliRunner().invoke(
        main, ["--content", str(content_dir), "anki", "-o", str(out)], env={"SOURCE_DATE_EPOCH": "253402300799"}
    )
    assert result.exit_code == 0, result.output
    assert {i.date_time[0] for i in zipfile.ZipFile(out).infolist()} == {2107}  # zip dates end there
    _import(col, out)
    assert col.note_count() > 0


def _import_bundled(col, tmp_path):
    """The bundled deck's bank, after importing its .apkg into `col`; and the import's log."""
    from quizgen.bank.content import load_content
    from quizgen.errors import ContentError

    try:
        bank = load_content(None).bank(seed=0)
    except ContentError:
        pytest.skip("bundled content does not validate right now")
    path = tmp_path / "bundled.apkg"
    path.write_bytes(apkg_bytes(bank, bank.questions, timestamp=T0))
    return bank, _import(col, path)


def test_bundled_content_imports(col, tmp_path):
    bank, log = _import_bundled(col, tmp_path)
    assert len(log.new) == len(bank.questions) == col.note_count()
    # Learner walk, defect 9: the levels `--level` picks are tags, for Anki's search and filtered decks.
    levels = {q.level for q in bank.questions}
    assert len(levels) > 1
    for level in levels:
        found = {col.get_note(n)["Id"] for n in col.find_notes(f"tag:level::{level}")}
        assert found == {html.escape(q.id) for q in bank.questions if q.level == level}
    # Re-importing a new build updates the notes a user already has only while these never change.
    before = json.loads((Path(__file__).parent / "data" / "anki_ids_main.json").read_text(encoding="utf-8"))
    assert before["deck"] == bank.deck.slug
    assert before["model_ids"] == {"mc": MC_MODEL_ID, "recall": RECALL_MODEL_ID}
    subdecks = ("Events", "Figures", "Positions", "Numbers")
    assert before["deck_ids"] == {"": deck_id(bank.deck.slug), **{s: deck_id(bank.deck.slug, s) for s in subdecks}}
    guids = {note["Id"]: note.guid for note in _notes(col).values()}
    kept = [qid for qid in before["guids"] if qid in guids]
    assert kept  # content edits may retire questions; those that stay keep their notes
    assert {qid: guids[qid] for qid in kept} == {qid: before["guids"][qid]["mc"] for qid in kept}
    assert {qid: note_guid("recall", bank.deck.slug, qid) for qid in kept} == {
        qid: before["guids"][qid]["recall"] for qid in kept
    }


def test_bundled_new_cards_come_with_no_two_of_one_fact_or_leaking_close_together(col, tmp_path):
    from quizgen.bank.leaks import LeakCheck
    from quizgen.bank.spacing import GAP

    bank, _ = _import_bundled(col, tmp_path)
    # Only the daily limits raised, so that one queue holds every new card; the order options stay Anki's defaults.
    parent = col.decks.id_for_name(deck_name(bank.deck.title))
    config = col.decks.config_dict_for_deck_id(parent)
    config["new"]["perDay"] = config["rev"]["perDay"] = 9999  # the most Anki allows
    col.decks.save(config)
    col.decks.select(parent)
    assert col.v3_scheduler()
    cards = [col.get_card(queued.card.id) for queued in col.sched.get_queued_cards(fetch_limit=10_000).cards]
    assert len(cards) == len(bank.questions) and {card.type for card in cards} == {0}  # all new

    by_id = {q.id: q for q in bank.questions}
    order = [by_id[card.note()["Id"]] for card in cards]
    check = LeakCheck(bank.questions)
    close = [
        (a.id, b.id, j - i)
        for i, a in enumerate(order)
        for j, b in enumerate(order[i + 1 : i + GAP], i + 1)
        if a.fact == b.fact or check.why(a, b)
    ]
    assert close == []
    # Each fact's questions spread over its subdeck, not merely kept apart.
    runs: dict[str, list[int]] = {}
    for i, q in enumerate(order):
        runs.setdefault(q.fact, []).append(i)
    spans = [places[-1] - places[0] for places in runs.values() if len(places) > 1]
    assert min(spans) >= 2 * GAP and sorted(spans)[len(spans) // 2] >= 50
    # Subdeck by subdeck in name order, each by position, and the positions follow that order: gathering new cards
    # by position instead gives the same order.
    subdecks = [col.decks.name(card.did).rsplit("::", 1)[1] for card in cards]
    assert list(dict.fromkeys(subdecks)) == ["Events", "Figures", "Numbers", "Positions"]
    assert [card.due for card in cards] == list(range(len(cards)))


# --- shown literally ------------------------------------------------------------------------------------------------

# Markup Anki, its MathJax or its templates would act on, and HTML; every card must show it as typed.
MARKUP = (
    "[sound:evil.mp3]",
    "[latex]\\input{/etc/passwd}[/latex]",
    "[$]x^2[/$]",
    "[$$]y_1[/$$]",
    "\\(a+b\\)",
    "\\[c^2\\]",
    "{{c1::hidden}}",
    "{{Stem}}",
    "[anki:play:q:0]",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "&amp; \\\\ done",
)


def _literal_bank():
    stem = "Which " + " ".join(MARKUP) + "?"
    options = tuple(f"{m} option {i}" for i, m in enumerate(MARKUP[:4]))
    q = _q("lit/event-what", "event", stem, options, 1, "Explained: " + " ".join(MARKUP[4:]), quote=MARKUP[0] + " said")
    q = replace(q, source=replace(q.source, citation="Cite " + MARKUP[6] + " " + MARKUP[5]))
    return _bank([q]), q


@pytest.mark.parametrize("style", ["mc", "recall"])
def test_every_field_shows_literally_on_both_sides(col, tmp_path, style):
    bank, q = _literal_bank()
    _import(col, _write(tmp_path, f"{style}.apkg", bank, timestamp=T0, style=style))
    (note,) = _notes(col).values()
    (card,) = note.cards()
    rendered = card.render_output()
    assert rendered.question_av_tags == [] and rendered.answer_av_tags == []
    for side in (card.question(), card.answer()):
        assert "[anki:" not in side and "<img" not in side and "<script" not in side
        # MathJax looks for its delimiters within one run of text: none may appear there.
        assert not {"\\(", "\\)", "\\[", "\\]", "[sound:", "[latex]", "[$]", "{{"} & set(_substrings(side))
    back = lxml.html.fromstring(card.answer())
    assert back.xpath("string(//div[@class='stem'])") == (q.stem if style == "mc" else recall_stem(q.stem))
    assert back.xpath("string(//div[@class='explanation'])") == q.explanation
    assert back.xpath("string(//blockquote)") == quoted(q.source.quote)
    assert back.xpath("string(//div[@class='citation'])") == q.source.citation
    if style == "mc":
        assert [li.xpath("string(span[@class='text'])") for li in back.xpath("//li")] == list(q.options)
    else:
        assert back.xpath("string(//div[@class='answer'])") == q.correct


@pytest.mark.parametrize("style", ["mc", "recall"])
def test_the_only_tags_in_the_fields_are_quizgen_s_own(style):
    # genanki's own scan of the fields for stray tags is left out (anki._Note): every text is escaped instead.
    from html.parser import HTMLParser

    from quizgen.outputs.anki import mc_fields, recall_fields

    _, q = _literal_bank()
    q = replace(q, see_also=(q.source,))  # a second quote, in the citation field
    tags: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append(tag)

    for field in mc_fields(q) if style == "mc" else recall_fields(q):
        Tags().feed(field)
    assert set(tags) == ({"ol", "li", "span", "blockquote", "div"} if style == "mc" else {"blockquote", "span", "div"})


def _substrings(html_text: str) -> list[str]:
    """Every substring of up to 7 characters within the text runs of the HTML (between tags)."""
    runs = [run for part in html_text.split("<") for run in [part.split(">", 1)[-1]]]
    return [run[i : i + n] for run in runs for n in range(2, 8) for i in range(len(run))]


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        ("Trump feared it", "“Trump feared it”"),
        ("“Trump feared it…”", "“Trump feared it…”"),
        ("“It will push India,” said Grossman", "“‘It will push India,’ said Grossman”"),
        ("officials called it a “much better deal”", "“officials called it a ‘much better deal’”"),
        ('"Straight quotes"', '"Straight quotes"'),
        ("the farmers’ view", "“the farmers’ view”"),
    ],
)
def test_quotes_are_never_doubled_and_marks_inside_them_are_single(col, tmp_path, quote, shown):
    q = replace(QUESTIONS[0], source=replace(QUESTIONS[0].source, quote=quote))
    _import(col, _write(tmp_path, "q.apkg", _bank([q]), timestamp=T0))
    (note,) = _notes(col).values()
    assert lxml.html.fromstring(note.cards()[0].answer()).xpath("string(//blockquote)") == shown


def test_each_quote_and_its_citation_are_siblings_on_the_back(col, tmp_path):
    # Learner walk, defect 8: the see-also quotes sat inside the first citation's element, small and grey.
    other = Quote("other-2025", "other-2025:p7", "Tariffs “rose” again.", "Cy Jones, Other Post, 7 May 2025, para. 7")
    third = Quote("test-2024", "test-2024:p9", "A third quote.", "Ann Author, Test Times, 3 Mar 2024, para. 9")
    q = replace(QUESTIONS[4], see_also=(other, third))
    for style in ("mc", "recall"):
        _import(col, _write(tmp_path, f"{style}.apkg", _bank([q]), timestamp=T0, style=style))
    assert col.note_count() == 2
    for note in _notes_of(col):
        back = lxml.html.fromstring(note.cards()[0].answer())
        (quiz,) = back.xpath("//div[@class='quizgen']")
        after = list(quiz)[[child.get("id") for child in quiz].index("answer") + 1 :]
        shown = [(child.tag, child.get("class"), child.xpath("string(.)")) for child in after]
        assert shown[-6:] == [
            ("blockquote", "quote", f"“{q.source.quote}”"),
            ("div", "citation", q.source.citation),
            ("blockquote", "quote", "“Tariffs ‘rose’ again.”"),
            ("div", "citation", other.citation),
            ("blockquote", "quote", "“A third quote.”"),
            ("div", "citation", third.citation),
        ]


def _notes_of(col):
    return [col.get_note(nid) for nid in col.find_notes("")]


@pytest.mark.parametrize("title", ["a:::b -- --> x", "Unit 4:: Part 2", "::lead", "trail::", "a::::b", "plain"])
def test_any_deck_title_is_one_deck(col, tmp_path, title):
    bank = Bank(Deck("test-deck", title, "d", TEMPLATES, ()), QUESTIONS)
    _import(col, _write(tmp_path, "t.apkg", bank, timestamp=T0))
    names = {d.name for d in col.decks.all_names_and_ids()} - {"Default"}
    parents = {name.split("::")[0] for name in names}
    assert len(parents) == 1, names
    assert all(len(name.split("::")) <= 2 for name in names)
    (parent,) = parents
    assert parent.replace("\u200b", "") == title.strip()


# --- option counts and true/false ------------------------------------------------------------------------------------

COUNTED = (
    _q("two/figure-name", "figure", "Who is the envoy?", ("Ann Envoy", "Bo Envoy"), 1, "Bo Envoy is the envoy."),
    _q("five/number-value", "number", "What was the tariff?", ("5%", "10%", "19%", "25%", "50%"), 2, "It was 19%."),
    replace(
        _q(
            "tf/number-tf",
            "number",
            "According to Ann Author, the tariff was 50%.",
            ("True", "False"),
            1,
            "False: 19%.",
        ),
        ordered=True,
        format="true-false",
    ),
)


def _lettered(side: str) -> list[str]:
    return [li.xpath("string(.)") for li in lxml.html.fromstring(side).xpath("//li")]


def test_a_newer_build_with_other_option_counts_updates_old_notes_in_place_and_adds_the_new(col, tmp_path):
    # v1: four-option questions only, which this code writes byte for byte as main's did (see the report's cmp),
    # so this is the package a learner imported before option counts existed.
    _import(col, _write(tmp_path, "v1.apkg", timestamp=T0))
    old = {qid: (note.id, note.guid, note.note_type()["id"]) for qid, note in _notes(col).items()}
    log = _import(col, _write(tmp_path, "v2.apkg", _bank(QUESTIONS + COUNTED), timestamp=T0 + 86_400))
    assert len(log.updated) == len(QUESTIONS) and len(log.new) == len(COUNTED) and not log.duplicate
    assert col.note_count() == len(QUESTIONS) + len(COUNTED) == col.card_count()
    notes = _notes(col)
    assert {qid: (notes[qid].id, notes[qid].guid, notes[qid].note_type()["id"]) for qid in old} == old
    assert {m["id"] for m in col.models.all()} >= {MC_MODEL_ID, MC5_MODEL_ID}
    assert [f["name"] for f in notes["five/number-value"].note_type()["flds"]] == list(MC5_FIELDS)
    for q in COUNTED:
        note = notes[q.id]
        assert note.note_type()["id"] == (MC5_MODEL_ID if len(q.options) == 5 else MC_MODEL_ID)
        letters = "ABCDE"[: len(q.options)]
        assert [html.unescape(note[c]) for c in letters] == list(q.options)
        assert all(note[c] == "" for c in (MC5_FIELDS if len(q.options) == 5 else MC_FIELDS)[2 + len(q.options) : 6])
        assert note["Answer"] == letters[q.answer]
        (card,) = note.cards()
        assert _lettered(card.question()) == [f"{a}{o}" for a, o in zip(letters, q.options, strict=True)]
        back = lxml.html.fromstring(card.answer())
        (correct,), others = _marked(back)
        assert correct.xpath("string(span[@class='text'])") == q.correct
        assert len(others) == len(q.options) - 1
    assert _lettered(notes["tf/number-tf"].cards()[0].question()) == ["ATrue", "BFalse"]


def test_recall_cards_of_true_false_statements_ask_the_statement(col, tmp_path):
    _import(col, _write(tmp_path, "recall.apkg", _bank(COUNTED), timestamp=T0, style="recall"))
    note = _notes(col)["tf/number-tf"]
    assert note.note_type()["id"] == RECALL_MODEL_ID
    assert html.unescape(note["Question"]) == COUNTED[2].stem and note["Answer"] == "False"


def test_note_guid_is_genanki_s_guid_for():
    import genanki

    ids = [q.id for q in (*QUESTIONS, *COUNTED)] + ["", "a/b", "é/ü x", "x" * 200]
    for style in ("mc", "recall"):
        assert [note_guid(style, "test-deck", qid) for qid in ids] == [
            genanki.guid_for("quizgen", style, "test-deck", qid) for qid in ids
        ]


@pytest.mark.parametrize("style", ["mc", "recall"])
def test_notes_are_written_as_genanki_writes_them(style):
    # anki._Note writes the notes and cards itself: the rows must be genanki.Note's for the same note.
    import genanki
    from genanki.apkg_schema import APKG_SCHEMA

    bank = _bank((*QUESTIONS, *COUNTED))
    package, _ = build_package(bank, bank.questions, timestamp=T0, style=style)
    tables = []
    for genanki_notes in (False, True):
        db = sqlite3.connect(":memory:")
        db.executescript(APKG_SCHEMA)
        ids = iter(range(1000, 10**6))
        for deck in package.decks[1:]:
            for note in deck._make(deck._chosen):
                if genanki_notes:
                    args = dict(model=note.model, fields=note.fields, tags=note.tags, guid=note.guid, due=note.due)
                    genanki.Note(**args).write_to_db(db.cursor(), note.mod, deck.deck_id, ids)
                else:
                    note.write_to_db(db.cursor(), deck.deck_id, ids)
        tables.append([db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in ("notes", "cards")])
    notes, cards = tables[0]
    assert tables[0] == tables[1] and len(notes) == len(cards) >= len(bank.questions) - 1
