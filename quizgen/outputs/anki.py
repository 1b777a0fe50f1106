"""Anki packages: questions -> an .apkg that imports cleanly and, re-imported later, updates its notes in place.

What keeps a re-import from making duplicates or losing reviews: note type and deck ids are constants and each note's
GUID comes from its question id. Anki updates a note it already has only when the package's copy is newer, and then
replaces its fields and tags whole (the learner's edits and tags, Anki's own `leech` and `marked` among them); so
each note carries, as its modification time, the time its own content last changed (see `Stamps`), not the build
time: a rebuild updates only the notes whose content changed. Option order is the bank's at seed 0, fixed per
question id.

>>> data = apkg_bytes(bank, bank.questions, timestamp=1_767_225_600)    # bank from Content.bank(seed=0)
"""

from __future__ import annotations

import bisect
import errno
import hashlib
import html
import io
import itertools
import os
import re
import shutil
import sqlite3
import tempfile
import time
import zipfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, BinaryIO

import genanki

from ..bank.leaks import LeakCheck
from ..bank.spacing import spaced
from ..errors import ArgumentError, QuizgenError
from ..model.models import KINDS, LETTERS, Bank, Question
from ..model.textnorm import quoted

STYLES = ("mc", "recall")

# Note type ids, picked once at random in genanki's recommended range [2**30, 2**31). Never change them: Anki knows
# a note type by its id, and a new id would make every re-imported note a duplicate of the old one. A change to a
# note type's fields needs a new id (and a new name); changes to templates or CSS do not.
MC_MODEL_ID = 1_609_536_271
RECALL_MODEL_ID = 1_609_536_272
MC5_MODEL_ID = 1_609_536_273
"""Five options need a fifth field, so a note type of their own: fields added to MC_MODEL would change it under
every note a learner already has. Two to four options (true/false too) use MC_MODEL, its last fields empty."""

SUBDECKS = {"event": "Events", "figure": "Figures", "position": "Positions", "number": "Numbers"}

# Stems that point at the options ("Which of these took place in 2019?") read as open questions with "What".
_SPACES = re.compile(r"\s+")
_WHICH_OF = re.compile(r"\b([Ww])hich of (?:these|the following)\b")


def deck_id(slug: str, subdeck: str | None = None, style: str = "mc") -> int:
    """The Anki deck id of a quizgen deck (or one of its subdecks): from the deck slug alone, never from content.

    It is the first 4 bytes of sha256("quizgen-deck\\x1f<slug>\\x1f<subdeck>"), folded into [2**30, 2**31); the
    recall style's decks (a deck of their own, see `deck_title`) have "\\x1frecall" at the end.
    """
    key = f"quizgen-deck\x1f{slug}\x1f{subdeck or ''}" + ("" if style == "mc" else f"\x1f{style}")
    digest = hashlib.sha256(key.encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(style: str, slug: str, question_id: str) -> str:
    """A note's GUID: its question id in a namespace of quizgen, card style and deck, so both styles can coexist.

    It is genanki.guid_for("quizgen", style, slug, question_id) (tests check that), worked out in fewer steps: the
    first 8 bytes of sha256("quizgen__<style>__<slug>__<id>") as base-91 digits, most significant first."""
    value = int.from_bytes(hashlib.sha256(f"quizgen__{style}__{slug}__{question_id}".encode()).digest()[:8], "big")
    digits = []
    while value:
        value, digit = divmod(value, 91)
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


_BASE91 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
"""The digits of Anki's GUIDs (genanki.util.BASE91_TABLE)."""


LATEST = 253_402_300_799
"""The last second of 9999, the latest time Python's datetime (and so a note's modification time) can hold."""
ZIP_LATEST = datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)
"""Zip entry dates run from 1980 to 2107."""


def timestamp_from_env(environ: Mapping[str, str], now: float | None = None) -> float:
    """SOURCE_DATE_EPOCH (whole seconds since 1970) when set, for reproducible builds; otherwise the current time."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return time.time() if now is None else now
    if not value.isdigit():
        raise QuizgenError(f"SOURCE_DATE_EPOCH: expected whole seconds since 1970, not {value!r}")
    if len(value) > len(str(LATEST)) or int(value) > LATEST:
        raise QuizgenError(f"SOURCE_DATE_EPOCH: {value} is after the year 9999; the latest is {LATEST}")
    return float(value)


def tags_for(question: Question) -> list[str]:
    """Hierarchical, space-free tags: `quizgen::<kind>`, `source::<seed>`, `level::<level>` (what `--level` picks,
    for Anki's search and filtered decks) and `topic::<tag>` per topic tag."""
    tags = [f"quizgen::{question.kind}", f"source::{question.source.text}", f"level::{question.level}"]
    tags += [f"topic::{t}" for t in question.tags]
    return [_SPACES.sub("_", t.strip()) for t in tags]


STAMPS_FILE = "anki-stamps.json"
"""The file of note stamps in the data folder (see `Stamps`)."""


def default_stamps_file(environ: Mapping[str, str]) -> str:
    """STAMPS_FILE in the data folder: QUIZGEN_DATA_DIR, else the user data folder, found as the answer history's
    (study/history.py data_dir, which tests/test_anki.py checks this against; importing the history module took
    50 ms of `quizgen anki`)."""
    from ..util.pathnames import expanded, joined, spelled

    folder = environ.get("QUIZGEN_DATA_DIR")
    if folder:
        return joined(expanded(folder), STAMPS_FILE)
    import platformdirs

    return joined(spelled(platformdirs.user_data_dir("quizgen", appauthor=False)), STAMPS_FILE)


class KnownStamps:
    """The stamps earlier builds saved (`load_stamps`): for each note, by a 64-bit key of its GUID, the 64-bit digest
    of its note type, fields and tags and the stamp it got with them.

    Held in sorted arrays, 24 bytes a note: a dict of GUID strings and tuples took about 230 (1.2 MiB at x10, more
    than `quizgen anki` may add to its peak memory)."""

    def __init__(self, rows: Iterable[tuple[int, int, int]] = ()) -> None:
        ordered = sorted(rows)
        self.keys = array("Q", (row[0] for row in ordered))
        self.digests = array("Q", (row[1] for row in ordered))
        self.stamps = array("q", (row[2] for row in ordered))

    def get(self, key: int) -> tuple[int, int] | None:
        """The digest and stamp saved for a note's key, if any."""
        at = bisect.bisect_left(self.keys, key)
        if at < len(self.keys) and self.keys[at] == key:
            return self.digests[at], self.stamps[at]
        return None

    def rows(self) -> Iterator[tuple[int, int, int]]:
        return zip(self.keys, self.digests, self.stamps, strict=True)


def _key(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


class Stamps:
    """Each note's modification time: the time it was first built with its current content (learner walk, defect 6).

    A note whose digest (note type, fields and tags) is the one `known` has keeps the stamp it had, so Anki skips it
    on re-import and it keeps the learner's edits and tags; a new or changed note gets the build time, and always a
    later stamp than the one it had, so Anki updates it even when the build time is earlier (SOURCE_DATE_EPOCH set
    back). Same content, known stamps and build time give the same stamps. `changed` holds the new and changed
    notes' keys, digests and stamps, for `save_stamps`. A 64-bit digest misses a change once in 2**64.
    """

    def __init__(self, known: KnownStamps | None, timestamp: float) -> None:
        self.known, self.timestamp = known or KnownStamps(), int(timestamp)
        self.changed: tuple[array[int], array[int], array[int]] = (array("Q"), array("Q"), array("q"))

    def __call__(self, guid: str, model_id: int, fields: Sequence[str], tags: Sequence[str]) -> int:
        key, digest = _key(guid), _key("\x1e".join((str(model_id), "\x1f".join(fields), " ".join(tags))))
        old = self.known.get(key)
        if old is not None and old[0] == digest:
            return old[1]
        stamp = self.timestamp if old is None else min(max(self.timestamp, old[1] + 1), LATEST)
        for column, value in zip(self.changed, (key, digest, stamp), strict=True):
            column.append(value)
        return stamp


_STAMP_FILE_ERROR = (
    "{path} is not a file of quizgen's Anki note stamps; move it aside (the next build then stamps every note with "
    "the build time, and a re-import updates them all)"
)


def load_stamps(path: str | os.PathLike[str]) -> KnownStamps:
    """The note stamps saved in `path` by earlier builds; none when there is no such file."""
    import json

    try:
        with open(path, encoding="utf-8") as stream:
            data = json.load(stream)
    except FileNotFoundError:
        return KnownStamps()
    except (OSError, ValueError) as exc:
        raise QuizgenError(f"cannot read the Anki note stamps in {path}: {_why(exc)}") from None
    notes = data.get("notes") if isinstance(data, dict) and data.get("version") == 1 else None
    if not isinstance(notes, dict) or not all(_is_stamp(key, value) for key, value in notes.items()):
        raise QuizgenError(_STAMP_FILE_ERROR.format(path=path))
    return KnownStamps((int(key, 16), int(digest, 16), stamp) for key, (digest, stamp) in notes.items())


def _why(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


_HEX64 = re.compile("[0-9a-f]{16}")


def _is_stamp(key: object, value: object) -> bool:
    return (
        isinstance(key, str)
        and _HEX64.fullmatch(key) is not None
        and isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and _HEX64.fullmatch(value[0]) is not None
        and type(value[1]) is int
        and 0 <= value[1] <= LATEST
    )


def save_stamps(path: str | os.PathLike[str], stamps: Stamps) -> None:
    """Save the known stamps with the build's new and changed ones in `path`; notes left out of the build keep theirs.

    Written only when something changed, atomically, in key order: the same stamps give the same file.
    """
    from ..util.atomic import atomic_open

    if not stamps.changed[0] and os.path.exists(path):
        return
    merged = {key: (digest, stamp) for key, digest, stamp in stamps.known.rows()}
    merged.update((key, (digest, stamp)) for key, digest, stamp in zip(*stamps.changed, strict=True))
    with atomic_open(path) as stream:  # entry by entry: a dict of lists for json.dumps held them all twice more
        stream.write(b'{"version":1,"notes":{')
        for index, key in enumerate(sorted(merged)):
            digest, stamp = merged[key]
            stream.write(f'{"," if index else ""}"{key:016x}":["{digest:016x}",{stamp}]'.encode())
        stream.write(b"}}\n")


@dataclass(frozen=True)
class Summary:
    """What went into a package."""

    decks: dict[str, int]
    """Full Anki deck name -> number of notes, in Events, Figures, Positions, Numbers order; empty subdecks left out."""
    skipped: tuple[str, ...] = ()
    """Ids of questions a recall card cannot ask (chronology: "Which of these took place first?" needs the options)."""
    stamps: Stamps | None = None
    """The notes' stamps: what `save_stamps` keeps for the next build, once the package is written."""

    @property
    def notes(self) -> int:
        return sum(self.decks.values())


def write_apkg(
    stream: BinaryIO,
    bank: Bank,
    questions: Sequence[Question],
    *,
    timestamp: float,
    style: str = "mc",
    workdir: str | os.PathLike[str] | None = None,
    stamps: KnownStamps | None = None,
) -> Summary:
    """Write the questions as an .apkg to `stream`; the same inputs, timestamp and stamps give the same bytes.

    `stamps`: the notes' known stamps (`load_stamps`; see `Stamps`); without them every note is stamped `timestamp`.

    The collection is built in a temporary file in `workdir` (give the output's folder: a disk too full for the
    collection is then too full for the .apkg as well), else in the system's temporary folder.
    """
    package, summary = build_package(bank, questions, timestamp=timestamp, style=style, stamps=stamps)
    # genanki's write_to_file stamps the zip entries with the current time, so fill the database with its writer
    # and zip that with the build time instead. The database goes to a temporary file and is streamed into the zip:
    # an in-memory one, serialised, held the whole collection in memory three times (issue 16: at x100, 1.14 GiB
    # against 485 MiB for genanki's own writer).
    stamp = min(max(datetime.fromtimestamp(int(timestamp), UTC), datetime(1980, 1, 1, tzinfo=UTC)), ZIP_LATEST)
    with tempfile.TemporaryDirectory(prefix=".quizgen-anki-", dir=workdir) as folder:
        path = os.path.join(folder, "collection.anki2")
        db = sqlite3.connect(path)
        try:
            package.write_to_db(db.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            db.commit()
        except sqlite3.Error as exc:
            # SQLite says only "database or disk is full" when the disk or a file-size limit stops it: the same
            # failure as writing the .apkg itself would meet, so report it as that write's error.
            raise OSError(errno.ENOSPC, f"{os.strerror(errno.ENOSPC)} (building the Anki collection: {exc})") from None
        finally:
            db.close()
        _zero_machine_fields(path)
        if stream.seekable():
            _zip_collection(stream, path, stamp)
        else:  # a FIFO or a terminal (-o): zipfile would add data descriptors there, other bytes than a file gets
            with open(os.path.join(folder, "package.apkg"), "w+b") as spool:
                _zip_collection(spool, path, stamp)
                spool.seek(0)
                shutil.copyfileobj(spool, stream)
    return summary


def _zero_machine_fields(path: str) -> None:
    with open(path, "r+b") as header:
        # A file's header records how often it changed and which SQLite wrote it; zero them, as an in-memory
        # database has them, so the same notes give the same bytes on any machine.
        header.seek(24)
        header.write(bytes(4))  # file change counter
        header.seek(92)
        header.write(bytes(8))  # version-valid-for number, SQLite version number


def _zip_collection(stream: BinaryIO, path: str, stamp: datetime) -> None:
    with zipfile.ZipFile(stream, "w") as archive:
        for name, source in (("collection.anki2", path), ("media", None)):
            info = zipfile.ZipInfo(name, stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # the host system is recorded in each entry; fix it so builds match across OSes
            info.external_attr = 0o644 << 16
            if source is None:
                archive.writestr(info, b"{}")
                continue
            with open(source, "rb") as data, archive.open(info, "w") as entry:
                shutil.copyfileobj(data, entry, 1 << 20)


def apkg_bytes(
    bank: Bank,
    questions: Sequence[Question],
    *,
    timestamp: float,
    style: str = "mc",
    stamps: KnownStamps | None = None,
) -> bytes:
    """The .apkg as bytes; see write_apkg."""
    buffer = io.BytesIO()
    write_apkg(buffer, bank, questions, timestamp=timestamp, style=style, stamps=stamps)
    return buffer.getvalue()


def build_package(
    bank: Bank,
    questions: Sequence[Question],
    *,
    timestamp: float,
    style: str = "mc",
    stamps: KnownStamps | None = None,
) -> tuple[genanki.Package, Summary]:
    """The genanki package: a parent deck named after the deck title with one subdeck per kind that has notes."""
    if style not in STYLES:
        raise ArgumentError.unknown("style", "style", style, STYLES)
    slug, title = bank.deck.slug, deck_title(bank.deck.title, style)
    chronology = {t.id for t in bank.deck.templates if t.order}
    parent = genanki.Deck(deck_id(slug, None, style), title, _deck_description(bank, questions))
    by_kind: dict[str, list[Question]] = {kind: [] for kind in KINDS}
    skipped = []
    for question in questions:
        if style == "recall" and question.template in chronology:
            skipped.append(question.id)
            continue
        by_kind[question.kind].append(question)
    due = new_card_positions(by_kind, questions)
    stamped = Stamps(stamps, timestamp)

    def notes(chosen: list[Question]) -> Iterator[_Note]:
        for question in chosen:
            model, guid, tags = model_for(question, style), note_guid(style, slug, question.id), tags_for(question)
            fields = mc_fields(question) if style == "mc" else recall_fields(question)
            yield _Note(model, fields, tags, guid, due[question.id], stamped(guid, model.model_id, fields, tags))

    used = [
        _StreamedDeck(deck_id(slug, SUBDECKS[kind], style), f"{title}::{SUBDECKS[kind]}", style, chosen, notes)
        for kind, chosen in by_kind.items()
        if chosen
    ]
    if not used:
        raise QuizgenError("no questions to put in the Anki deck (recall cards cannot ask chronology questions)")
    summary = Summary({deck.name: deck.count for deck in used}, tuple(skipped), stamped)
    return genanki.Package([parent, *used]), summary


def new_card_positions(by_kind: Mapping[str, Sequence[Question]], questions: Sequence[Question]) -> dict[str, int]:
    """Each question's new-card position (a card's `due` while it is new), 0 up, in the order Anki shows new cards.

    Anki (the v3 scheduler, default deck options) gathers new cards subdeck by subdeck in name order (Events,
    Figures, Numbers, Positions), each by position; so the positions run through the subdecks in that order, each
    subdeck's questions spaced (bank/spacing.py): one fact's spread over the subdeck, no two of one fact or that
    give each other away (bank/leaks.py) within a few cards. Gathering by position alone gives the same order.
    """
    order = spaced((by_kind[kind] for kind in sorted(by_kind, key=SUBDECKS.__getitem__)), LeakCheck(questions))
    return {question.id: position for position, question in enumerate(order)}


_NOTE_ROW = "INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?);"
_CARD_ROW = "INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);"


class _Note:
    """A note as genanki.Note writes it, the same rows in the same order, without what quizgen needs none of:
    genanki's scan of every field for stray tags (quizgen escaped them itself, `_e`: the only tags are its option
    lists' and quotes'; tests check the fields' tags instead), its tag-list object checking each tag for spaces
    (`tags_for` has none) and a Card object per card. Together about a tenth of writing the notes.

    `mod` is its modification time (see `Stamps`), written in place of the build time."""

    __slots__ = ("due", "fields", "guid", "mod", "model", "tags")

    def __init__(self, model: genanki.Model, fields: list[str], tags: list[str], guid: str, due: int, mod: int) -> None:
        self.model, self.fields, self.tags, self.guid, self.due, self.mod = model, fields, tags, guid, due, mod

    def write_to_db(self, cursor: Any, deck_id: int, id_gen: Iterator[int]) -> None:
        """genanki.Note.write_to_db's rows (genanki 0.13: note, then each card the note type's `_req` asks for)."""
        model, fields, mod = self.model, self.fields, self.mod
        flds, tags, sort = "\x1f".join(fields), f" {' '.join(self.tags)} ", fields[model.sort_field_index]
        cursor.execute(_NOTE_ROW, (next(id_gen), self.guid, model.model_id, mod, -1, tags, flds, sort, 0, 0, ""))
        note_id = cursor.lastrowid
        for card_ord, any_or_all, required in model._req:
            if (any if any_or_all == "any" else all)(fields[i] for i in required):
                row = (next(id_gen), note_id, deck_id, card_ord, mod, -1, 0, 0, self.due, 0, 0, 0, 0, 0, 0, 0, 0, "")
                cursor.execute(_CARD_ROW, row)


class _StreamedDeck(genanki.Deck):
    """A deck whose notes are made one by one as they are written, never all held at once (issue 16: at x100 the
    notes' fields alone took hundreds of MiB)."""

    def __init__(
        self,
        deck_id: int,
        name: str,
        style: str,
        chosen: list[Question],
        make: Callable[[list[Question]], Iterator[_Note]],
    ) -> None:
        super().__init__(deck_id, name)
        for model in dict.fromkeys(model_for(question, style) for question in chosen):
            self.add_model(model)  # the note types of its notes, known before the notes are made
        self.count = len(chosen)
        self._chosen, self._make = chosen, make

    def write_to_db(self, cursor: Any, timestamp: float, id_gen: Iterator[int]) -> None:
        super().write_to_db(cursor, timestamp, id_gen)  # the deck and its model; it holds no notes itself
        for note in self._make(self._chosen):
            note.write_to_db(cursor, self.deck_id, id_gen)


def deck_title(title: str, style: str) -> str:
    """The Anki deck of a style: the deck title (`deck_name`) for multiple choice, "<title> (recall)" for recall.

    Recall notes have decks of their own: in the multiple-choice subdecks a recall card gave its multiple-choice twin's
    answer away (learner walk, defect 7). GUIDs shared with the multiple-choice notes, so that one style replaced the
    other, would not do: Anki's import skips a note whose GUID it has under another note type ("conflicting").
    """
    return deck_name(title) + ("" if style == "mc" else f" ({style})")


def deck_name(title: str) -> str:
    """The deck title as one Anki deck: Anki nests a deck at every `::`, so a zero-width space goes between colons.

    `Unit 4:: Part 2` and `a:::b` then show as typed but stay one deck (the old `::` -> `:` made `a:::b` two).
    Anki also drops colons at either end of a name; a zero-width space outside them keeps them.
    """
    name = re.sub(r":(?=:)", ":\u200b", title.strip())
    return ("\u200b" if name.startswith(":") else "") + name + ("\u200b" if name.endswith(":") else "")


# Anki reads `[sound:...]`, `[latex]`, `[$]`, `[$$]` and `[anki:...]` in rendered card text, and its MathJax
# typesets `\(...\)` and `\[...\]` in what the card shows; `{{...}}` is template and cloze markup.
_MARKUP = {"[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;"}
_BACKSLASH = '<span class="lit">\\</span>'
"""A backslash in an element of its own: MathJax finds delimiters within one run of text, so `\\(` never starts math."""
_MARKUP_TABLE = str.maketrans({**_MARKUP, "\\": _BACKSLASH})


def _e(text: str) -> str:
    """Text as card HTML that shows exactly that text: HTML escaped, Anki's media, LaTeX, MathJax and cloze markup
    taken apart (brackets and braces as character references, each backslash in a span of its own)."""
    escaped = html.escape(text, quote=True)
    # Most text has none of them: five substring tests are far cheaper than translating every character.
    if "[" in escaped or "]" in escaped or "{" in escaped or "}" in escaped or "\\" in escaped:
        return escaped.translate(_MARKUP_TABLE)
    return escaped


def _deck_description(bank: Bank, questions: Sequence[Question]) -> str:
    citations = []
    for slug in sorted({q.source.text for q in questions}):
        text = bank.texts.get(slug)
        citations.append(f"<li>{_e(text.citation if text is not None else slug)}</li>")
    return f"<p>{_e(bank.deck.description)}</p><p>Sources:</p><ul>{''.join(citations)}</ul><p>Made with quizgen.</p>"


def model_for(question: Question, style: str) -> genanki.Model:
    """The note type of a question's note: recall, multiple choice, or multiple choice with five options."""
    if style == "recall":
        return RECALL_MODEL
    return MC5_MODEL if len(question.options) == len(MC5_LETTERS) else MC_MODEL


def _choices(question: Question, options: Sequence[str], *, reveal: bool) -> str:
    """The lettered options (`options`: the question's, escaped) as an HTML list; with reveal, the correct one
    marked (class, tick and bold letter)."""
    items = []
    for index, (letter, text) in enumerate(zip(question.letters, options, strict=True)):
        state = ("correct" if index == question.answer else "other") if reveal else "open"
        mark = '<span class="mark" aria-label="correct answer">✓</span>' if state == "correct" else ""
        items.append(
            f'<li class="choice {state}"><span class="letter">{letter}</span>'
            f'<span class="text" dir="auto">{text}</span>{mark}</li>'
        )
    return f'<ol class="choices">{"".join(items)}</ol>'


def mc_fields(question: Question) -> list[str]:
    """Field values of a multiple-choice note, in the order of its note type's fields (MC_FIELDS, or MC5_FIELDS for
    five options), all HTML-escaped; option fields past the question's own options are empty."""
    width = len(MC5_LETTERS) if len(question.options) == len(MC5_LETTERS) else len(MC_LETTERS)
    options = [_e(text) for text in question.options]  # escaped once for the option fields and both lists
    return [
        _e(question.id),
        _e(question.stem),
        *options,
        *[""] * (width - len(options)),
        LETTERS[question.answer],
        _e(question.explanation),
        _e(quoted(question.source.quote)),
        citation_field(question),
        _choices(question, options, reveal=False),
        _choices(question, options, reveal=True),
    ]


def citation_field(question: Question) -> str:
    """The Citation field: the question's citation, then each other quote it rests on (see_also) with its own, each
    quote and each citation an element of its own, siblings on the card (a quote inside the first citation's element
    was shown small and grey, as part of it: learner walk, defect 8).

    The other quotes go into this field rather than a new one, so the note types keep their fields and an import
    still updates the notes a learner already has.
    """
    parts = [f'<div class="citation" dir="auto">{_e(question.source.citation)}</div>']
    for source in question.see_also:
        parts.append(
            f'<blockquote class="quote" dir="auto">{_e(quoted(source.quote))}</blockquote>'
            f'<div class="citation" dir="auto">{_e(source.citation)}</div>'
        )
    return "".join(parts)


def recall_stem(stem: str) -> str:
    """The stem as an open question: "Which of these took place in 2019?" -> "What took place in 2019?"."""
    return _WHICH_OF.sub(lambda m: "What" if m.group(1) == "W" else "what", stem)


def recall_fields(question: Question) -> list[str]:
    """Field values of a recall note, in RECALL_FIELDS order, all HTML-escaped."""
    return [
        _e(question.id),
        _e(recall_stem(question.stem)),
        _e(question.correct),
        _e(question.explanation),
        _e(quoted(question.source.quote)),
        citation_field(question),
    ]


CSS = """\
.card { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Naskh Arabic", sans-serif;
  font-size: 20px; line-height: 1.5; text-align: left; color: #1f2328; background-color: #ffffff; }
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card { color: #e6edf3; background-color: #22272e; }
.quizgen { max-width: 40em; margin: 0 auto; }
.stem { font-weight: 600; margin-bottom: 0.8em; }
.choices { list-style: none; padding: 0; margin: 0; }
.choice { display: flex; gap: 0.6em; align-items: baseline; padding: 0.35em 0.6em; margin: 0.3em 0;
  border: 1px solid #d0d7de; border-radius: 6px; }
.letter { font-weight: 700; min-width: 1.2em; }
.mark { margin-left: auto; font-weight: 700; }
.revealed .choice { opacity: 0.65; }
.revealed .mark { display: none; }
.revealed .mark::after { content: "✓"; }
@CORRECT@ { border: 2px solid #1a7f37; background-color: #dafbe1; color: #0a3d1a; opacity: 1; }
@CORRECT_MARK@ { display: inline; }
.nightMode .choice, .night_mode .choice { border-color: #444c56; }
@NIGHT_CORRECT@ { border-color: #3fb950; background-color: #12361f; color: #aff5b4; }
.answer { font-weight: 600; color: #1a7f37; }
.nightMode .answer, .night_mode .answer { color: #57d364; }
.explanation { margin-top: 0.9em; }
.quote { margin: 0.8em 0 0.3em; padding-left: 0.8em; border-left: 3px solid #8c959f; }
.citation { font-size: 0.85em; color: #59636e; }
.nightMode .citation, .night_mode .citation { color: #9da7b3; }
"""
# The back's list has the class key-<Answer>, each option opt-<letter>: the option whose letter is the Answer field
# is the one marked, by these rules alone (no card JavaScript).
for _name, _rule in (
    ("@CORRECT@", ", ".join(f".key-{x} .opt-{x}" for x in LETTERS[:5])),
    ("@CORRECT_MARK@", ", ".join(f".key-{x} .opt-{x} .mark" for x in LETTERS[:5])),
    (
        "@NIGHT_CORRECT@",
        ", ".join(f"{n} .key-{x} .opt-{x}" for n in (".nightMode", ".night_mode") for x in LETTERS[:5]),
    ),
):
    CSS = CSS.replace(_name, _rule)

_SOURCE = """
<div class="explanation" dir="auto">{{Explanation}}</div>
<blockquote class="quote" dir="auto">{{Quote}}</blockquote>
{{Citation}}"""

MC_LETTERS, MC5_LETTERS = LETTERS[:4], LETTERS[:5]
"""The option fields of each multiple-choice note type."""
_AFTER = ("Answer", "Explanation", "Quote", "Citation", "Choices", "Revealed")
MC_FIELDS = ("Id", "Stem", *MC_LETTERS, *_AFTER)
"""The cards show A–D and Answer (a letter): an edit to them in Anki shows on the card (learner walk, defect 9).
Choices and Revealed hold the same options as HTML lists, which the cards showed before; the cards no longer use
them, but they stay filled, so that an Anki that keeps the old note type (its import told never to update note
types) still shows the options. Removing them would change the note type's fields: a new note type, every note a
learner has left behind."""
MC5_FIELDS = ("Id", "Stem", *MC5_LETTERS, *_AFTER)


def _option_list(letters: str, *, reveal: bool) -> str:
    """The options as the card template lists them from the fields A–D (or A–E): each only when its field is not
    empty; on the back, the one the Answer field names marked (CSS: key-<Answer> and opt-<letter>)."""
    items = []
    for x in letters:
        # The tick is the stylesheet's (.mark::after), shown only on the key's item: a ✓ written into every item
        # and hidden by CSS would show on every option wherever Anki shows a card as text (the browser's columns).
        mark = '<span class="mark" role="img" aria-label="correct answer"></span>' if reveal else ""
        items.append(
            f'{{{{#{x}}}}}<li class="choice {f"opt-{x}" if reveal else "open"}"><span class="letter">{x}</span>'
            f'<span class="text" dir="auto">{{{{{x}}}}}</span>{mark}</li>{{{{/{x}}}}}'
        )
    return f'<ol class="{"choices revealed key-{{Answer}}" if reveal else "choices"}">{"".join(items)}</ol>'


def _mc_model(model_id: int, name: str, fields: tuple[str, ...]) -> genanki.Model:
    letters = "".join(field for field in fields if field in LETTERS)
    return genanki.Model(
        model_id,
        name,
        fields=[{"name": field} for field in fields],
        templates=[
            {
                "name": "Multiple choice",
                "qfmt": '<div class="quizgen"><div class="stem" dir="auto">{{Stem}}</div>'
                + _option_list(letters, reveal=False)
                + "</div>",
                "afmt": '<div class="quizgen"><div class="stem" dir="auto">{{Stem}}</div>'
                + _option_list(letters, reveal=True)
                + '\n<hr id="answer">'
                + _SOURCE
                + "</div>",
            }
        ],
        css=CSS,
        sort_field_index=1,  # the browser lists notes by stem; the first field (Id) stays unique for duplicate checks
    )


MC_MODEL = _mc_model(MC_MODEL_ID, "quizgen multiple choice", MC_FIELDS)
MC5_MODEL = _mc_model(MC5_MODEL_ID, "quizgen multiple choice, 5 options", MC5_FIELDS)

RECALL_FIELDS = ("Id", "Question", "Answer", "Explanation", "Quote", "Citation")

RECALL_MODEL = genanki.Model(
    RECALL_MODEL_ID,
    "quizgen recall",
    fields=[{"name": name} for name in RECALL_FIELDS],
    templates=[
        {
            "name": "Recall",
            "qfmt": '<div class="quizgen"><div class="stem" dir="auto">{{Question}}</div></div>',
            "afmt": '<div class="quizgen"><div class="stem" dir="auto">{{Question}}</div>\n<hr id="answer">'
            '<div class="answer" dir="auto">{{Answer}}</div>' + _SOURCE + "</div>",
        }
    ],
    css=CSS,
    sort_field_index=1,
)
