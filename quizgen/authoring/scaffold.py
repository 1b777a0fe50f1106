"""A teacher's own content folder: create it, add a text to it, and draft candidate facts from that text.

`init_content` lays out seeds/ and one deck with the default templates and a commented example fact;
`add_seed` copies a text byte for byte and writes its metadata; `write_draft` puts `draft.draft`'s candidates in
`decks/<deck>/draft-<slug>.yaml`, never in a curated file.
"""

from __future__ import annotations

import datetime as _dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import ArgumentError, QuizgenError

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")

EXAMPLE_FACTS = """\
# Facts about your texts. Each fact is tied to a verbatim quote from one text; see decks/README.md in quizgen's
# documentation (or `quizgen --help`) for every key. `quizgen --content DIR draft SLUG` proposes candidates in
# draft-SLUG.yaml beside this file: move the ones you keep here and delete their `draft: true`.
facts: []
#  - id: example-event                 # lowercase words joined by -; never change it once published
#    kind: event                       # event, figure, position or number
#    what: the signing of the treaty   # fits "When did ___ take place?"
#    when: "1919-06-28"                # YYYY, YYYY-MM or YYYY-MM-DD, only as precise as the text
#    tags: [treaties]
#    source:
#      seed: my-text                   # seeds/my-text.txt
#      quote: "The treaty was signed on 28 June 1919"   # verbatim from one paragraph of the text
"""


class ScaffoldError(QuizgenError):
    """Something about the folder given to init/add-seed/draft is wrong."""


class ScaffoldArgumentError(ScaffoldError, ArgumentError):
    """An argument of init/add-seed/draft that cannot be used, named by its parameter."""


@dataclass(frozen=True)
class TextInfo:
    """Metadata of a text being added (what seeds/<slug>.yaml holds)."""

    title: str
    authors: tuple[str, ...]
    date: str | None = None
    outlet: str | None = None
    type: str = "text"


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].strip("-") or "text"


def init_content(folder: Path, title: str, templates: Path) -> Path:
    """Create `folder` with seeds/ and decks/<slug>/ (deck.yaml, templates.yaml, facts.yaml); return the deck folder.

    `templates` is the templates.yaml to start from (the bundled deck's). An existing non-empty folder is refused,
    so nothing an author wrote is ever overwritten.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(f"{folder}: already exists and is not an empty folder; choose a new one")
    deck = folder / "decks" / slugify(folder.resolve().name)
    try:
        (folder / "seeds").mkdir(parents=True, exist_ok=True)
        deck.mkdir(parents=True)
        (deck / "deck.yaml").write_text(
            f"title: {_yaml_str(title)}\ndescription: {_yaml_str(f'Questions on {title}.')}\n", encoding="utf-8"
        )
        shutil.copyfile(templates, deck / "templates.yaml")
        (deck / "facts.yaml").write_text(EXAMPLE_FACTS, encoding="utf-8")
    except OSError as exc:
        raise ScaffoldError(f"{folder}: cannot create the content folder: {exc.strerror or exc}") from None
    return deck


def add_text(root: Path, source: Path, info: TextInfo, slug: str | None = None) -> str:
    """Copy `source` byte for byte to seeds/<slug>.txt, write seeds/<slug>.yaml; return the slug."""
    from ..util.atomic import write_bytes

    if not (root / "seeds").is_dir():
        raise ScaffoldError(f"{root}: no seeds/ folder (create the content folder with `quizgen init DIR`)")
    slug = slug or slugify(source.stem)
    if not SLUG.match(slug):
        raise ScaffoldArgumentError("slug", "{slug}: '{value}' must be lowercase letters, digits and -", value=slug)
    if info.date and not _DATE.match(info.date):
        raise ScaffoldArgumentError("date", "{date}: '{value}' must be YYYY, YYYY-MM or YYYY-MM-DD", value=info.date)
    if not info.authors:
        raise ScaffoldArgumentError("authors", "{authors}: give the text's author at least once (or 'unknown')")
    target = root / "seeds" / f"{slug}.txt"
    if target.exists() or target.with_suffix(".yaml").exists():
        raise ScaffoldArgumentError(
            "slug", "{target}: a seed named '{value}' already exists; choose another {slug}", value=slug, target=target
        )
    try:
        data = source.read_bytes()
        data.decode("utf-8")
    except OSError as exc:
        raise ScaffoldError(f"{source}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ScaffoldError(f"{source}: not UTF-8 text (byte {exc.start}); save it as UTF-8 first") from None
    meta = [
        f"# Metadata for {slug}.txt, added with `quizgen add-seed` from {source.name}.",
        f"title: {_yaml_str(info.title)}",
        f"authors: [{', '.join(_yaml_str(a) for a in info.authors)}]",
        f"outlet: {_yaml_str(info.outlet) if info.outlet else 'unknown'}",
        f"date: {_yaml_str(info.date) if info.date else 'unknown'}",
        f"type: {_yaml_str(info.type)}",
        f"origin: {_yaml_str(source.name)}",
        "# not_citable: [1]   # passages that are titles, bylines, captions or link lists",
        "",
    ]
    write_bytes(target, data)
    write_bytes(target.with_suffix(".yaml"), "\n".join(meta).encode("utf-8"))
    return slug


def write_draft(deck: Path, slug: str, candidates: list, today: _dt.date | None = None, force: bool = False) -> Path:
    """Write the candidates to `deck/draft-<slug>.yaml` atomically and return its path.

    An existing draft file is replaced only with `force`: an author may have started editing it.
    """
    import yaml

    from ..util.atomic import write_bytes

    path = deck / f"draft-{slug}.yaml"
    if path.exists() and not force:
        raise ScaffoldArgumentError(
            "force", "{path}: exists already (an author may be editing it); use {force:True} to replace it", path=path
        )
    facts = []
    counters: dict[int, int] = {}
    for candidate in candidates:
        counters[candidate.passage] = counters.get(candidate.passage, 0) + 1
        fact: dict[str, object] = {
            "id": f"{slug}-p{candidate.passage}-{counters[candidate.passage]}",
            "kind": candidate.kind,
            "draft": True,
        }
        fields = dict(candidate.fields)
        if candidate.kind == "position" and not fields.get("topic"):
            fields["topic"] = _topic(str(fields.get("stance", "")))
        fact.update(fields)
        fact["tags"] = ["draft"]
        if candidate.suggestions:
            fact["distractors"] = candidate.suggestions
        fact["source"] = {"seed": slug, "quote": candidate.quote}
        facts.append(fact)
    stamp = (today or _dt.date.today()).isoformat()
    header = (
        f"# Candidate facts drafted by `quizgen draft {slug}` on {stamp} from seeds/{slug}.txt.\n"
        "# Every fact here has `draft: true`, which keeps it out of every quiz, deck, print and export.\n"
        "# For each one: check the quote supports it, correct its fields (they are guesses), add `according_to`\n"
        '# for claims, rewrite a `what` that starts with TODO as a noun phrase ("the signing of the treaty"),\n'
        "# write or pick three wrong answers of the same kind (`distractors`: suggestions from the text),\n"
        "# then delete `draft: true` (or move the fact to another file of this deck).\n"
        "# Delete what is not worth asking.\n"
    )
    body = yaml.safe_dump({"facts": facts}, sort_keys=False, allow_unicode=True, width=118, default_flow_style=None)
    write_bytes(path, (header + body).encode("utf-8"))
    return path


def _topic(stance: str) -> str:
    words = [w for w in re.findall(r"[\w’'-]+", stance) if len(w) > 3][:5]
    return " ".join(words) or "a topic (to write)"


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def draft_into_deck(root: Path, slug: str, deck: str | None = None, *, force: bool = False) -> tuple[Path, list]:
    """Draft candidate facts from seeds/<slug>.txt into decks/<deck>/draft-<slug>.yaml (the only deck when `deck` is
    None); the file written and the candidates. The deck's curated answers are suggested as wrong answers."""
    from ..errors import did_you_mean
    from ..load.texts import load_texts
    from .draft import draft, draft_source

    texts = load_texts(root, [])
    if slug not in texts:
        hint = did_you_mean(slug, texts)
        template = "unknown seed '{value}'{hint} (seeds are seeds/<slug>.txt)"
        raise ScaffoldArgumentError("slug", template, value=slug, choices=sorted(texts), hint=hint)
    decks = sorted(p for p in (root / "decks").iterdir() if p.is_dir())
    chosen = [d for d in decks if d.name == deck] if deck else decks
    if not chosen:
        raise ScaffoldError(f"{root}/decks has no deck folder (create one with `quizgen init`)")
    if len(chosen) > 1:
        raise ScaffoldArgumentError("deck", "{deck}: name the deck to draft into", choices=[d.name for d in decks])
    candidates = draft(draft_source(texts[slug]), deck=_deck_answers(root, chosen[0].name))
    return write_draft(chosen[0], slug, candidates, force=force), candidates


def _deck_answers(root: Path, deck: str) -> dict[str, list[str]]:
    """The answer values of a deck's curated facts, by kind, for `draft` to suggest as wrong answers."""
    from ..bank.content import load_content
    from ..model.models import Event, Figure, Number, Position

    try:
        facts = load_content(root).decks[deck].facts
    except (QuizgenError, KeyError):  # a deck that does not load yet suggests nothing
        return {}
    values: dict[str, list[str]] = {}
    for fact in facts:
        if isinstance(fact, Event):
            value = fact.when.iso()
        elif isinstance(fact, Figure):
            value = fact.name
        elif isinstance(fact, Position):
            value = fact.holder
        elif isinstance(fact, Number) and fact.value.high is None and not fact.value.scale:
            # "19 percent": one number in the draft's own unit
            value = f"{fact.value.low:g} {fact.value.unit}"
        else:
            continue
        values.setdefault(fact.kind, []).append(value)
    return values
