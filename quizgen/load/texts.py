"""Seed documents: load the verbatim texts and their metadata, split them into passages, find quotes."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Location, Problem
from ..model.dates import PartialDate, parse_date
from ..model.textnorm import for_quote, join_names

if TYPE_CHECKING:
    from .schema import Checker
    from .yamlsrc import LocatedDict

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_SEP = "\x00"  # joins normalised passages; never inside a quote, so a match cannot span two passages


@dataclass(frozen=True)
class Passage:
    """One paragraph of a text."""

    id: str
    """`<slug>:p<number>`, stable because the source text never changes."""
    number: int
    text: str
    line: int
    """1-based line where the passage starts in the text file."""
    citable: bool


@dataclass(frozen=True)
class Text:
    """A source document, kept verbatim, with what a citation needs."""

    slug: str
    title: str
    authors: tuple[str, ...]
    cite_as: str
    """The name used in "According to ..., ...", e.g. `Chellaney`."""
    outlet: str | None
    date: PartialDate | None
    date_as_given: str | None
    type: str
    text: str
    passages: tuple[Passage, ...]
    _index: str = field(repr=False, compare=False, default="")
    _starts: tuple[int, ...] = field(repr=False, compare=False, default=())

    def __getstate__(self) -> dict[str, Any]:
        """What pickling keeps: all but the passages, which are split from `text` again when first read (see
        __getattr__). The content cache keeps every text; at x100 its 30,500 Passage objects were nine tenths of the
        time to write the texts and to read them back, and a run served from the cache seldom reads a passage."""
        state = dict(self.__dict__)
        passages = state.pop("passages", None)
        if passages is not None:  # else not read since this text was unpickled: its state has them already
            state["_uncitable"] = tuple(p.number for p in passages if not p.citable)
        return state

    if not TYPE_CHECKING:  # for mypy, Text has only the attributes it declares

        def __getattr__(self, name: str) -> Any:
            """Only for an attribute not set: the passages of a text unpickled (__getstate__), split once."""
            if name != "passages" or "_uncitable" not in self.__dict__:
                raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
            passages = split_passages(self.slug, self.text, set(self.__dict__["_uncitable"]))
            object.__setattr__(self, "passages", passages)
            return passages

    @functools.cached_property  # every fact's Quote holds it: one string per text, not one per fact
    def citation(self) -> str:
        """'Brahma Chellaney, Project Syndicate, 14 Nov 2025', or the title and type when outlet or date is unknown."""
        authors = join_names(self.authors)
        parts = [authors]
        if self.outlet:
            parts.append(self.outlet)
        else:
            parts.append(f"\u201c{self.title}\u201d")
        cite = ", ".join(parts)
        if self.date:
            return f"{cite}, {self.date.short()}"
        return f"{cite} ({self.type}, undated)"

    @property
    def account(self) -> str:
        """How a question names this text's account: "Haq's blog post", "Chellaney's column"."""
        kind = self.type.split(" with ")[0].removeprefix("opinion ")
        return f"{self.cite_as}'s {kind}"

    def find_quote(self, quote: str) -> Passage | None:
        """The first citable passage that contains the quote, ignoring whitespace runs and quote styles."""
        needle = for_quote(quote)
        if not needle:
            return None
        start = self._index.find(needle)
        while start != -1:
            passage = self.passages[bisect_right(self._starts, start) - 1]
            if passage.citable:
                return passage
            start = self._index.find(needle, start + 1)
        return None

    def quote_in_uncitable(self, quote: str) -> Passage | None:
        needle = for_quote(quote)
        start = self._index.find(needle) if needle else -1
        return self.passages[bisect_right(self._starts, start) - 1] if start != -1 else None

    def closest_passage(self, quote: str) -> Passage | None:
        """The citable passage most like the quote, to point an author at a typo."""
        import difflib  # only for a quote not found: a warm run unpickling texts does not need it

        needle = for_quote(quote).casefold()
        best, best_score = None, 0.0
        for passage in self.passages:
            if not passage.citable:
                continue
            text = for_quote(passage.text).casefold()
            matcher = difflib.SequenceMatcher(None, needle, text, autojunk=False)
            if matcher.real_quick_ratio() == 0:
                continue
            # Longest common run relative to the quote: robust for a short quote inside a long passage.
            score = sum(block.size for block in matcher.get_matching_blocks()) / max(len(needle), 1)
            if score > best_score:
                best, best_score = passage, score
        return best if best_score >= 0.4 else None


def split_passages(slug: str, text: str, not_citable: set[int]) -> tuple[Passage, ...]:
    """Split at blank lines; number the non-empty blocks from 1."""
    passages, pos, number = [], 0, 0
    line, counted = 1, 0  # line number at offset `counted`, advanced as passages are found
    for match in [*_BLANK_LINE.finditer(text), None]:
        end = match.start() if match else len(text)
        block = text[pos:end]
        if block.strip():
            number += 1
            lead = len(block) - len(block.lstrip())
            line += text.count("\n", counted, pos + lead)
            counted = pos + lead
            passages.append(Passage(f"{slug}:p{number}", number, block.strip(), line, number not in not_citable))
        if match:
            pos = match.end()
    return tuple(passages)


def build_text(
    slug: str,
    text: str,
    *,
    title: str,
    authors: tuple[str, ...],
    cite_as: str,
    outlet: str | None,
    date: PartialDate | None,
    date_as_given: str | None,
    type: str,
    not_citable: AbstractSet[int] = frozenset(),
) -> Text:  # noqa: A002 - the metadata key is `type`
    """Make a Seed with its passages and quote index."""
    passages = split_passages(slug, text, set(not_citable))
    starts, chunks, pos = [], [], 0
    for passage in passages:
        chunk = for_quote(passage.text)
        starts.append(pos)
        chunks.append(chunk)
        pos += len(chunk) + len(_SEP)
    return Text(
        slug,
        title,
        authors,
        cite_as,
        outlet,
        date,
        date_as_given,
        type,
        text,
        passages,
        _SEP.join(chunks),
        tuple(starts),
    )


_META_REQUIRED = ("title", "authors", "outlet", "date", "type")
_META_OPTIONAL = ("cite_as", "date_as_given", "origin", "not_citable")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_texts(root: Path, problems: list[Problem]) -> dict[str, Text]:
    """Load every `seeds/<slug>.txt` with its `seeds/<slug>.yaml`; report problems instead of raising."""
    # Imported here, not above: a run served from the content cache unpickles Texts and never reads YAML.
    from .schema import Checker

    texts: dict[str, Text] = {}
    folder = root / "seeds"
    if not folder.is_dir():
        problems.append(Problem(Location("seeds"), "no seeds/ folder in the content directory"))
        return texts
    check = Checker(problems)
    for txt in sorted(folder.glob("*.txt")):
        seed = _load_seed(txt, root, check)
        if seed is not None:
            texts[seed.slug] = seed
    for meta_path in sorted(folder.glob("*.yaml")):
        if not meta_path.with_suffix(".txt").exists():
            check.error(Location(f"seeds/{meta_path.name}"), f"metadata without a text: seeds/{meta_path.stem}.txt")
    return texts


def _load_seed(txt: Path, root: Path, check: Checker) -> Text | None:
    """One source text with its metadata; None when either is unusable (the problems say why)."""
    from .paths import read_content_file
    from .schema import TEXT_BYTES
    from .yamlsrc import LocatedDict, YamlSyntaxError, load_yaml

    slug, rel_txt, meta_path = txt.stem, f"seeds/{txt.name}", txt.with_suffix(".yaml")
    rel_meta = f"seeds/{meta_path.name}"
    if not SLUG.match(slug):
        check.error(Location(rel_txt), f"seed file name '{slug}' is not a slug (lowercase letters, digits, -)")
        return None
    try:
        raw = read_content_file(txt, root, max_bytes=TEXT_BYTES)
        # utf-8-sig: a byte order mark an editor added is not text, and would become a passage of its own
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        check.error(Location(rel_txt), f"cannot read seed: {exc}")
        return None
    except UnicodeDecodeError as exc:
        from .yamlsrc import not_utf8

        found = not_utf8(raw, rel_txt)
        if found is None:
            found = Location(rel_txt), f"cannot read seed: {exc}"
        check.error(*found)
        return None
    if not meta_path.exists():
        check.error(Location(rel_txt), f"missing metadata file {rel_meta}")
        return None
    try:
        meta = load_yaml(read_content_file(meta_path, root), rel_meta)
    except YamlSyntaxError as exc:
        check.error(exc.location, exc.message)
        return None
    except OSError as exc:
        check.error(Location(rel_meta), f"cannot read: {exc.strerror}")
        return None
    if not isinstance(meta, LocatedDict):
        check.error(Location(rel_meta, 1, 1), "seed metadata must be a mapping of keys to values")
        return None
    return _seed_from(slug, text, meta, check)


def _seed_from(slug: str, text: str, meta: LocatedDict, check: Checker) -> Text | None:
    """The seed its metadata describes; a wrong `cite_as`, `date_as_given` or too high `not_citable` is reported but
    keeps the seed. Not a field table (fields.py): a run the content cache serves imports this module to unpickle
    Texts, and must not import YAML, which the engine's Checker does."""
    if not check.keys(meta, _META_REQUIRED, _META_OPTIONAL, "seed metadata"):
        return None
    title, outlet, type_ = check.text(meta, "title"), check.text(meta, "outlet"), check.text(meta, "type")
    authors = check.text_list(meta, "authors", required=True)
    raw_date = check.text(meta, "date")
    date = None
    if raw_date and raw_date != "unknown":
        date = parse_date(raw_date)
        if date is None:
            from .fields import no_such_date  # only for a wrong date: a cached run imports no YAML (see above)

            reason = no_such_date(raw_date) or "is not YYYY, YYYY-MM, YYYY-MM-DD or unknown"
            check.error(meta.value_locs["date"], f"date '{raw_date}' {reason}")
            return None
    not_citable = meta.get("not_citable", [])
    if not isinstance(not_citable, list) or not all(type(n) is int and n > 0 for n in not_citable):
        check.error(meta.value_locs.get("not_citable", meta.loc), "'not_citable' must be a list of passage numbers")
        return None
    if title is None or outlet is None or type_ is None or not authors:
        return None
    source_text = build_text(
        slug,
        text,
        title=title,
        authors=tuple(authors),
        cite_as=check.text(meta, "cite_as", required=False) or authors[0].split()[-1],
        outlet=None if outlet == "unknown" else outlet,
        date=date,
        date_as_given=check.text(meta, "date_as_given", required=False),
        type=type_,
        not_citable=set(not_citable),
    )
    too_high = [n for n in not_citable if n > len(source_text.passages)]
    if too_high:
        check.error(
            meta.value_locs["not_citable"],
            f"not_citable names passage {too_high[0]}, but the seed has {len(source_text.passages)}",
        )
    return source_text
