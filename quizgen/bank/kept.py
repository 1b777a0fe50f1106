"""What the content cache keeps of a content folder, and how the first run after an edit reuses it.

`bank/cache.py` stores; this module decides what. A folder's entry (`Kept`) holds each deck's settings and names
the parts it is made of, each kept once under a name saying what it was made from:

- the texts: named by every byte under `seeds/`;
- each facts file as loaded (its problems and entries): named by the file's bytes, the texts and the deck's
  template names, all a facts file's loading reads (load/facts.py); the same bytes are never parsed twice;
- each deck's questions of one kind of fact, fact by fact, with the problems generating each fact reported.

After an edit only the edited files are parsed, and a fact's questions are generated again only when what they
are drawn from changed (generate.QuestionMaker): the facts of its kind (compared without their line numbers, so a
comment or a moved line changes nothing), the templates of its kind, the entity registry, the deck's latest date,
the texts' accounts, and for its hand-written questions the facts they name. A reused fact's problems move to its
new line. Every question draws its randomness from its own id and the values weighed (generate.py), never from
the order questions are made in, so what is reused is byte for byte what generating again would give.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Location, Problem
from ..model.models import CustomQuestion, Deck, Fact
from ..model.questions import Question, unchecked
from ..util.memory import paused_gc
from ..util.records import Record
from .cache import pickled

if TYPE_CHECKING:
    from ..load.facts import Entry
    from ..load.texts import Text
    from .cache import Session
    from .generate import QuestionMaker

_Row = tuple[Any, Location, "Fact | None", bool, tuple[Problem, ...]]
"""A facts file's entry as kept: (id as written, location, fact or None, draft, problems); plain, so that reading it
imports no loader."""
_File = tuple[tuple[Problem, ...], tuple[_Row, ...]]
"""A facts file as kept: the problems of the file as a whole, and its entries."""
_Texts = tuple[dict[str, "Text"], tuple[Problem, ...]]


@dataclass(frozen=True, repr=False)
class Generated(Record):
    """A deck's questions with the correct option first (shuffled per seed by `Content.bank`)."""

    questions: tuple[Question, ...]
    problems: tuple[Problem, ...]
    """What generating reported: facts that get too few distinct wrong options."""
    common: frozenset[str] = frozenset()
    """The leak check's common words of these questions (leaks.common_words), counted once and cached with them."""


_QuestionRow = tuple[Any, ...]
"""A question without what its fact gives (see _row): its template, stem, options, answer, explanation, level, see_also,
ordered, format and truth."""


@dataclass(frozen=True, repr=False)
class Made(Record):
    """The questions of a deck's facts of one kind, fact by fact in deck order, with each fact's problems."""

    questions: tuple[_QuestionRow | Question, ...]
    """Each question as `_row` keeps it: without what its fact gives."""
    counts: tuple[int, ...]
    problems: tuple[tuple[Problem, ...], ...]


def _row(fact: Fact, q: Question, by_id: dict[str, Fact], options: dict[str, str]) -> _QuestionRow | Question:
    """The question as its kind's part keeps it: without its id, fact, kind, tags, source and same_point, which are its
    fact's (`_question` takes them from the fact again), or whole where they are not.

    A third of the bytes and a half of the time to write and read a kind's part: every question otherwise pickles its
    fact's quote again, apart from the facts' parts, and 16 named fields. Likewise an explanation that is its fact's
    is kept as None, and a hand-written question's see_also as the ids of the facts whose quotes they are (`by_id`:
    the deck's facts by id, as generating looked them up): two fifths of a part's bytes were these copies. And an
    option is the first string of its text in the part (`options`): a value is offered in many questions, each time
    as a string of its own, but is pickled once (written, then referred to), and unpickled as one string."""
    if _FROM_FACT(q) != _OF_FACT(fact) or q.id != f"{fact.id}/{q.template}":
        return q
    template, stem, choices, answer, explanation, level, see_also, ordered, format_, truth = _KEPT(q)
    if explanation == fact.explanation:  # a question's explanation is never None: None can mean "the fact's"
        explanation = None
    if see_also:
        see_also = _see_also_ids(fact, q, by_id)
    choices = tuple(map(options.setdefault, choices, choices))
    return template, stem, choices, answer, explanation, level, see_also, ordered, format_, truth


def _see_also_ids(fact: Fact, q: Question, by_id: dict[str, Fact]) -> tuple[Any, ...]:
    """The ids whose facts' quotes are `q.see_also`, as `_question` looks them up again; else the quotes themselves."""
    name = q.template[2:] if q.template.startswith("q/") else None  # "q/<id>": a hand-written question's
    for custom in fact.questions:
        if custom.id == name:
            ids = tuple([i for i in custom.see_also if i in by_id])
            if ids and tuple([by_id[i].source for i in ids]) == q.see_also:
                return ids
    return q.see_also


_FROM_FACT = attrgetter("fact", "kind", "tags", "source", "same_point")
_OF_FACT = attrgetter("id", "kind", "tags", "source", "same_point")
"""What a question takes from its fact, and where the fact has it: compared in one C call each, per question."""
_KEPT = attrgetter(
    "template", "stem", "options", "answer", "explanation", "level", "see_also", "ordered", "format", "truth"
)
"""A _QuestionRow of a question."""


def _question(fact: Fact, row: _QuestionRow | Question, by_id: _ById) -> Question:
    """The question `_row` kept, its fact's fields from `fact` (and see_also's from `by_id`)."""
    if isinstance(row, Question):
        return row
    template, stem, options, answer, explanation, level, see_also, ordered, format_, truth = row
    if explanation is None:
        explanation = fact.explanation
    if see_also and see_also[0].__class__ is str:
        facts = by_id()
        see_also = tuple([facts[i].source for i in see_also])
    # Made without __init__ (questions.unchecked): these questions were checked when they were generated.
    return unchecked(
        fact,
        f"{fact.id}/{template}",
        template,
        stem,
        options,
        answer,
        explanation,
        level,
        see_also,
        ordered=ordered,
        format=format_,
        truth=truth,
    )


class _ById:
    """The deck's facts by id, as generating looks them up (the last of an id given twice), made when first asked."""

    def __init__(self, facts: tuple[Fact, ...]):
        self.facts = facts
        self.found: dict[str, Fact] | None = None

    def __call__(self) -> dict[str, Fact]:
        if self.found is None:
            self.found = {f.id: f for f in self.facts}
        return self.found


@dataclass(frozen=True, repr=False)
class KeptDeck(Record):
    """A deck in its folder's entry: the deck without its facts, and the parts its facts and questions are kept in."""

    deck: Deck
    """The deck without its facts (they are in the files' parts)."""
    files: tuple[tuple[str, str], ...]
    """(relative path, part name) of each facts file, in loading order."""
    facts: tuple[tuple[int, int], ...]
    """(file, entry) of each of the deck's facts."""
    made: tuple[tuple[str, str], ...]
    """(kind, part name) of each kind's questions."""
    horizon: tuple | None
    template_problems: tuple[Problem, ...]
    common: frozenset[str]


@dataclass(frozen=True, repr=False)
class Kept(Record):
    """A content folder's entry."""

    texts: str
    problems: tuple[Problem, ...]
    decks: tuple[KeptDeck, ...]


Loaded = tuple[dict[str, "Text"], dict[str, Deck], list[Problem], dict[str, Generated]]
"""What load_content builds a Content from: texts, decks, problems, every deck's questions."""


# --- a hit ----------------------------------------------------------------------------------------------------------


def restore(session: Session) -> Loaded | None:
    """The content from its entry and parts; None when any of them is missing or damaged (rebuilt then)."""
    kept = session.read(Kept)
    if kept is None:
        return None
    texts = session.part(kept.texts, tuple)
    if texts is None:
        return None
    decks: dict[str, Deck] = {}
    generated: dict[str, Generated] = {}
    for record in kept.decks:
        found = _restore_deck(session, record)
        if found is None:
            return None
        decks[record.deck.slug], generated[record.deck.slug] = found
    return texts[0], decks, list(kept.problems), generated


def _restore_deck(session: Session, record: KeptDeck) -> tuple[Deck, Generated] | None:
    files = [session.part(name, tuple) for _, name in record.files]
    made = {kind: session.part(name, Made) for kind, name in record.made}
    if any(f is None for f in files) or any(m is None for m in made.values()):
        return None
    facts = tuple(files[f][1][e][2] for f, e in record.facts)  # type: ignore[index]
    deck = dataclasses.replace(record.deck, facts=facts)
    per_fact = _per_fact(facts, made)  # type: ignore[arg-type]
    questions = tuple(q for qs, _ in per_fact for q in qs)
    problems = record.template_problems + tuple(p for _, ps in per_fact for p in ps)
    return deck, Generated(questions, problems, record.common)


def _per_fact(facts: tuple[Fact, ...], made: dict[str, Made]) -> list[tuple[tuple[Question, ...], tuple[Problem, ...]]]:
    """Each fact's questions and problems, taken in deck order from its kind's part."""
    at = {kind: [0, 0] for kind in made}  # kind -> (next fact, next question)
    by_id = _ById(facts)
    out = []
    for fact in facts:
        part, where = made[fact.kind], at[fact.kind]
        count = part.counts[where[0]]
        rows = part.questions[where[1] : where[1] + count]
        out.append((tuple([_question(fact, row, by_id) for row in rows]), part.problems[where[0]]))
        where[0] += 1
        where[1] += count
    return out


# --- a miss: load what changed, generate what may have changed --------------------------------------------------


class _Files:
    """The per-file loader load_deck calls (load/decks.py): a facts file from its part, else loaded and kept."""

    def __init__(self, session: Session, seeds: str):
        self.session, self.seeds = session, seeds
        self.loaded: list[tuple[str, str, _File]] = []
        """(relative path, part name, what it holds) of each file loaded for the current deck, in order."""

    def __call__(self, path: Path, root: Path, context: dict[str, Any]) -> tuple[list[Problem], list[Entry]]:
        from ..load.facts import Entry, load_facts_file
        from ..load.paths import relative

        rel = relative(path, root)
        name = self.session.name("facts", rel, self.session.files.get(rel, ""), self.seeds, *context["templates"])
        found = self.session.part(name, tuple)
        if found is None:
            from .cache import stats

            problems, entries = load_facts_file(path, root, context)
            found = (tuple(problems), tuple((e.id, e.loc, e.fact, e.draft, tuple(e.problems)) for e in entries))
            self.session.keep_part(name, found)
            stats.parsed += 1
            self.loaded.append((rel, name, found))
            return problems, entries  # as loaded: the deck only reads them
        self.loaded.append((rel, name, found))
        return list(found[0]), [
            Entry(i, loc, fact, draft, list(problems)) for i, loc, fact, draft, problems in found[1]
        ]


def build(session: Session) -> Loaded:
    """Load and generate the content, reusing what the folder's previous entry and the parts allow; keep it."""

    previous = session.previous(Kept)
    texts_name = session.name("texts", *(f"{rel}\0{d}" for rel, d in session.files.items() if rel.startswith("seeds")))
    kept_texts = session.part(texts_name, tuple)
    files = _Files(session, texts_name)
    texts, decks, problems, records = load_folder(session.root, files, kept_texts)
    if kept_texts is None:
        session.keep_part(texts_name, (texts, tuple(problems[: records.pop("", 0)])))
    records.pop("", None)
    old_decks = {d.deck.slug: d for d in previous.decks} if previous is not None else {}
    generated: dict[str, Generated] = {}
    kept_decks = []
    for slug, deck in decks.items():
        loaded = records[slug]
        generated[slug], record = _generate(session, deck, loaded, old_decks.get(slug))
        kept_decks.append(record)
    session.keep(Kept(texts_name, tuple(problems), tuple(kept_decks)))
    return texts, decks, problems, generated


def load_folder(
    path: Path, files: Any = None, texts: _Texts | None = None
) -> tuple[dict[str, Text], dict[str, Deck], list[Problem], dict[str, Any]]:
    """Texts and every deck under `path`, each facts file loaded by `files` (default: parsed), the texts given or
    loaded; with the problems found, and per deck what `files` loaded for it ("": how many problems the texts had)."""
    from ..load.decks import load_deck
    from ..load.facts import load_facts_file
    from ..load.texts import load_texts

    problems: list[Problem] = []
    decks: dict[str, Deck] = {}
    records: dict[str, Any] = {}
    with paused_gc():
        if texts is None:
            found = load_texts(path, problems)
        else:
            found = texts[0]
            problems += texts[1]
        records[""] = len(problems)
        for folder in sorted(p for p in (path / "decks").iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
            if files is not None:
                files.loaded = []
            deck = load_deck(folder, path, found, problems, files if files is not None else load_facts_file)
            if deck is not None:
                decks[deck.slug] = deck
                records[deck.slug] = list(files.loaded) if files is not None else []
    if not decks and not any(p.severity == "error" for p in problems):
        problems.append(Problem(Location("decks"), "no deck folders in decks/"))
    return found, decks, problems, records


_Record = tuple[tuple[Question, ...], tuple[Problem, ...]]
"""One fact's questions and the problems generating them reported."""


def _generate(session: Session, deck: Deck, loaded: list[tuple[str, str, _File]], old: KeptDeck | None) -> Any:
    """The deck's Generated and its KeptDeck: each fact's questions reused where `_Reuse` allows, else generated."""
    from .cache import stats
    from .generate import QuestionMaker, horizon, template_problems

    refs = _refs(loaded, deck.facts)
    latest = horizon(deck.facts)
    reuse = _Reuse(session, deck, loaded, refs, latest, old)
    making: QuestionMaker | None = None
    per_fact: list[_Record] = []
    fresh = {f.kind for f in deck.facts} - reuse.same  # kinds whose part changes
    with paused_gc():
        for i, fact in enumerate(deck.facts):
            reused = reuse.get(i, fact)
            if reused is None:
                making = making or QuestionMaker(deck)
                problems: list[Problem] = []
                found: _Record = (tuple(making.of_fact(fact, problems)), tuple(problems))
                stats.regenerated += 1
            else:
                found = reused[0]
            if reused is None or not reused[1]:
                fresh.add(fact.kind)
            per_fact.append(found)
        questions = tuple(q for qs, _ in per_fact for q in qs)
        common = reuse.common if not fresh and reuse.common is not None else _common_words(questions)
    made = _keep_made(session, deck, per_fact, fresh, reuse.old_made)
    firsts = tuple(template_problems(deck.templates))
    files = tuple((rel, name) for rel, name, _ in loaded)
    record = KeptDeck(dataclasses.replace(deck, facts=()), files, refs, made, latest, firsts, common)
    return Generated(questions, firsts + tuple(p for _, ps in per_fact for p in ps), common), record


def _common_words(questions: tuple[Question, ...]) -> frozenset[str]:
    from .leaks import common_words  # here: after a comment edit they are the previous entry's

    return common_words(questions)


def _refs(loaded: list[tuple[str, str, _File]], facts: tuple[Fact, ...]) -> tuple[tuple[int, int], ...]:
    """(file, entry) of each fact of the deck, found by identity among the loaded files' entries."""
    where = {id(row[2]): (f, e) for f, (_, _, file) in enumerate(loaded) for e, row in enumerate(file[1])}
    return tuple(where[id(fact)] for fact in facts)


def _keep_made(
    session: Session, deck: Deck, per_fact: list[_Record], fresh: set[str], old: dict[str, str]
) -> tuple[tuple[str, str], ...]:
    """Each kind's part: the previous entry's where nothing of that kind changed, else a new one."""
    by_kind: dict[str, list[tuple[Fact, _Record]]] = {}
    for fact, record in zip(deck.facts, per_fact, strict=True):
        by_kind.setdefault(fact.kind, []).append((fact, record))
    out = []
    by_id = {f.id: f for f in deck.facts}  # as QuestionMaker.by_id
    for kind, records in by_kind.items():
        options: dict[str, str] = {}
        name = old.get(kind) if kind not in fresh else None
        if name is None:
            name = session.name("made", session.key, deck.slug, kind)
            rows = tuple([_row(fact, q, by_id, options) for fact, (qs, _) in records for q in qs])
            made = Made(rows, tuple(len(qs) for _, (qs, _) in records), tuple(ps for _, (_, ps) in records))
            session.keep_part(name, made)
        out.append((kind, name))
    return tuple(out)


class _Reuse:
    """Which facts of a deck keep the questions the folder's previous entry had for them (see the module's doc)."""

    def __init__(
        self,
        session: Session,
        deck: Deck,
        loaded: list[tuple[str, str, _File]],
        refs: tuple[tuple[int, int], ...],
        latest: tuple | None,
        old: KeptDeck | None,
    ):
        self.old_made: dict[str, str] = {}
        self.kinds: dict[str, tuple[dict[Any, tuple[Fact, _Record]], set[tuple], tuple[str, ...]]] = {}
        """Kind whose facts' questions may be reused -> (the previous entry's facts of that kind and their records by
        what they are, the groups of values that changed, the fields its templates ask)."""
        self.same: set[str] = set()
        """Kinds whose facts are all the previous entry's, in the same order."""
        self.tokens: list[Any] = []
        """What each fact is: (part, entry) for a file left alone, else the fact without its lines."""
        self.common: frozenset[str] | None = None
        """The previous entry's common words, when its facts' kinds came in the same order (the same questions then,
        if every fact keeps its own)."""
        self.touched: set[Any] = set()
        """Ids of the facts in the edited files, before and after: hand-written questions naming them are made again."""
        if old is None or not _same_deck(old, deck, latest):
            return
        before = _old_facts(session, old, loaded)
        made = {kind: session.part(name, Made) for kind, name in old.made}
        if before is None or any(m is None for m in made.values()):
            return
        self.old_made = dict(old.made)
        if [f.kind for _, _, f in before] == [f.kind for f in deck.facts]:
            self.common = old.common
        kept = {name for _, name in old.files} & {name for _, name, _ in loaded}
        self.tokens = [_token(loaded[f][1], e, fact, kept) for (f, e), fact in zip(refs, deck.facts, strict=True)]
        records = _per_fact(tuple(f for _, _, f in before), made)  # type: ignore[arg-type]
        previous = [(_token(name, e, f, kept), f, r) for (name, e, f), r in zip(before, records, strict=True)]
        for kind in {f.kind for f in deck.facts}:
            self._compare(kind, old.deck, deck, previous)
        self.touched = _touched(session, old, loaded, kept)

    def _compare(self, kind: str, old: Deck, deck: Deck, previous: list[tuple[Any, Fact, _Record]]) -> None:
        """Which facts of a kind may keep their questions: all, when its facts and templates are the same; else those
        whose asked values are in groups (field and type of value: what wrong options are drawn from) that did not
        change, unless a template of the kind orders events (a chronology reads every event)."""
        templates = _kind_templates(deck, kind)
        if _kind_templates(old, kind) != templates:
            return
        before = [(t, f) for t, f, _ in previous if f.kind == kind]
        after = [(t, f) for t, f in zip(self.tokens, deck.facts, strict=True) if f.kind == kind]
        asked = tuple(dict.fromkeys(t.answer for t in templates))
        affected: set[tuple] = set()
        if [t for t, _ in before] == [t for t, _ in after]:
            self.same.add(kind)
        elif any(t.order for t in templates):
            return
        else:
            old_groups, new_groups = _groups(before, asked), _groups(after, asked)
            affected = {g for g in old_groups.keys() | new_groups.keys() if old_groups.get(g) != new_groups.get(g)}
        self.kinds[kind] = ({t: (f, r) for t, f, r in previous if f.kind == kind}, affected, asked)

    def get(self, i: int, fact: Fact) -> tuple[_Record, bool] | None:
        """The fact's questions and problems from the previous entry (problems moved to its line), and whether they
        are the previous entry's as they were; None when they must be generated again."""
        entry = self.kinds.get(fact.kind)
        touched = self.touched
        if entry is None or any(o in touched or _EVERY in touched for c in fact.questions for o in c.see_also):
            return None
        by_token, affected, asked = entry
        found = by_token.get(self.tokens[i])
        if found is None or (affected and _groups([(None, fact)], asked).keys() & affected):
            return None
        was, (questions, problems) = found
        if was.loc == fact.loc or not problems:
            return (questions, problems), True
        if any(p.location != was.loc for p in problems):
            return None  # a problem somewhere else than at its fact: not known how to move it
        return (questions, tuple(Problem(fact.loc, p.message, p.severity) for p in problems)), False


def _groups(facts: list[tuple[Any, Fact]], asked: tuple[str, ...]) -> dict[tuple, list[Any]]:
    """(field, type of value) -> the facts offering a value there, in order: a question's wrong options are drawn
    from its answer's group alone (generate._Pools.group), weighed by what those facts are."""
    out: dict[tuple, list[Any]] = {}
    for token, fact in facts:
        values = fact.values()
        for field in asked:
            value = values.get(field)
            if value is not None:
                out.setdefault((field, value.type), []).append(token)
    return out


def _same_deck(old: KeptDeck, deck: Deck, latest: tuple | None) -> bool:
    """What every question of the deck may read besides facts and templates is unchanged."""
    return (
        old.horizon == latest
        and list(old.deck.entities.items()) == list(deck.entities.items())
        and list(old.deck.accounts.items()) == list(deck.accounts.items())
    )


def _kind_templates(deck: Deck, kind: str) -> tuple:
    return tuple(t for t in deck.templates if t.kind == kind)


def _old_facts(session: Session, old: KeptDeck, loaded: list[tuple[str, str, _File]]) -> list[Any] | None:
    """(part name, entry, fact) of each fact of the previous entry's deck; None when a part of it is gone."""
    files: dict[str, _File | None] = {name: file for _, name, file in loaded}
    out = []
    for f, e in old.facts:
        name = old.files[f][1]
        if name not in files:
            files[name] = session.part(name, tuple, use=False)
        file = files[name]
        if file is None:
            return None
        out.append((name, e, file[1][e][2]))
    return out


def _token(name: str, entry: int, fact: Fact, kept: set[str]) -> Any:
    """What a fact is: (part, entry) for a file left alone, else the fact without its lines."""
    return (name, entry) if name in kept else _unlocated(fact)


def _touched(session: Session, old: KeptDeck, loaded: list[tuple[str, str, _File]], kept: set[str]) -> set[Any]:
    """The ids whose entries in the files edited, added or removed since the previous entry changed what a question
    naming them shows (the source), or whether they are a fact, a draft or given twice."""
    before: dict[Any, list[Any]] = {}
    after: dict[Any, list[Any]] = {}
    for _, name, file in loaded:
        if name not in kept:
            _sources(file, after)
    for _, name in old.files:
        if name not in kept:
            gone = session.part(name, tuple, use=False)
            if gone is None:
                return {_EVERY}
            _sources(gone, before)
    return {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}


def _sources(file: _File, out: dict[Any, list[Any]]) -> None:
    for i, _, fact, draft, _ in file[1]:
        out.setdefault(i, []).append((draft, fact.source if fact is not None else None))


class _Every:
    """In `_Reuse.touched`: every id (an edited file's previous version is gone)."""

    def __contains__(self, item: object) -> bool:
        return True


_EVERY = _Every()


def _unlocated(fact: Fact) -> bytes:
    """The fact without its lines (nor its hand-written questions'), as bytes: equal for the same fact moved, whether
    freshly loaded or unpickled (a set's order is not kept by pickling: sets go sorted).

    Pickled: bytes differ whenever values do (1 and 1.0, True and 1), so a fact taken for unchanged is unchanged.
    """
    values: list[Any] = [type(fact).__qualname__]
    for field in dataclasses.fields(fact):
        if not field.compare:
            continue
        value = getattr(fact, field.name)
        if isinstance(value, set | frozenset):
            value = (frozenset, sorted(value, key=repr))
        elif isinstance(value, tuple) and value and isinstance(value[0], CustomQuestion):
            value = tuple(dataclasses.replace(q, loc=_NOWHERE) for q in value)
        values.append((field.name, value))
    return pickled(tuple(values), protocol=5)


_NOWHERE = Location("")
