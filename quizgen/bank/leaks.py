"""Which questions give away each other's answers, so that one quiz, review or printed test never holds both.

Two questions leak when one's stem or options state, or nearly state, the other's answer:
- they ask about the same fact (mirror templates: "Who is N?" / "Who is R?", "When did E?" / "Which took place on D?");
- their facts quote overlapping words of the same passage (different facts built on one sentence);
- one's answer is named in the other's stem or options ("Eric Meyer" in "Eric Meyer's visit to Pakistan ...", "February
  2025" in a stem) together with what the first one asks about (the official who discussed rare earths, Trump's
  hosting of Modi);
- they offer the same options (two "Which came first?" items on one set of events).

    >>> check = LeakCheck(bank.questions)
    >>> check.why(a, b)      # None, or why a and b cannot stand on one test
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model.questions import Question
from ..model.textnorm import for_option, for_quote
from ..util.records import ValueRecord

_WORD = re.compile(r"[\w$%]+(?:'\w+)?")
_STOP_WORDS = (
    "a an the of to in on for and or by with from at as is was were be been are it its this that these those which "
    "who whom whose what when where why how did do does has have had not but than into over about after before "
    "take took place according his her their he she they them said says"
)
_STOP = frozenset(_STOP_WORDS.split())
COMMON_SHARE = 0.15
"""A word in more than this share of the questions ("Pakistan", "2025", "Trump") names nothing in particular.

Counted over a sample, a word near the bound can land on either side; the bound sits well above the tenth that
tests/test_bundled_content.py checks against, so the filter never treats as common a word the check does not."""
_COMMON_MIN = 8
"""... and in at least this many: in a small bank no word is common."""
_COMMON_SAMPLE = 300
"""How many questions (evenly spread) the common words are counted over, so that a quiz starts quickly: enough to
tell a word in a tenth of them."""
RARE_SHARE = COMMON_SHARE / 2
"""A word in at most this share of the questions ("rare", "earth", "Meyer", "Bhadrakumar") is rare: it names something
in particular (see LeakCheck._rare_restated)."""
_RARE_MIN = 4
"""... and a word in at most this many is rare however small the bank: the question asking it and the one restating
it hold the word between them."""
_NAME = re.compile(r"(?<!^)(?<![.?!] )\b(?:[A-Z][\w'\u2019]*|\w*\d\w*)")
"""A word a stem capitalises within its sentence, or one with a digit: a name or a date of what it asks about."""
_QUOTE_RUN = 4
"""Two quotes of one passage sharing a run of this many words quote the same sentence."""
_ACCORDING = re.compile(r"^According to [^,]+, ")
"""What a stem says before what it asks: removed, it leaves the question's subject."""
_OPTIONS_KEPT = 4096
"""How many options' words LeakCheck keeps at most."""
_VALUE = re.compile(
    r"^(?:\d{1,2} )?(?:(?:january|february|march|april|may|june|july|august|september|october|november|december) )?"
    r"\d{4}$|^\$?[\d.,\u2013-]+%?(?: [a-z]+){0,2}$"
)
"""A date or a number as an option shows ("4 may 2025", "$33 billion", "19%"), after for_option."""


def content_words(text: str) -> frozenset[str]:
    """The words that carry meaning, folded: case, possessive 's and a plural s, -ing or -ed dropped, stop words
    left out, so that "hosting" meets "hosted" and "earths" meets "earth"."""
    words = _WORD.findall(text.casefold().replace("\u2019", "'"))
    folded = _FOLDED
    try:
        out = frozenset(map(folded.__getitem__, words))  # every word seen before: the common case, in C
    except KeyError:
        for word in words:
            if word not in folded:
                folded[word] = _fold(word)
        out = frozenset(map(folded.__getitem__, words))
    return out - _BLANK if "" in out else out


_BLANK = frozenset(("",))
_FOLDED: dict[str, str] = {}
"""Every word seen, as _fold keeps it: the same words recur in every stem."""


def _fold(word: str) -> str:
    """One word as content_words keeps it, or '' for a stop word."""
    if word.endswith("'s"):
        word = word[:-2]
    if word in _STOP:
        return ""
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def common_words(questions: Sequence[Question]) -> frozenset[str]:
    """Words in more than COMMON_SHARE of the questions (stem or options): they name nothing in particular."""
    counts, sampled = _word_counts(questions)
    floor = max(_COMMON_MIN, COMMON_SHARE * sampled)
    return frozenset(w for w, c in counts.items() if c > floor)


def _word_counts(questions: Sequence[Question]) -> tuple[Counter[str], int]:
    """In how many questions of an even sample of at most _COMMON_SAMPLE each word is, and how many were sampled."""
    step = max(1, -(-len(questions) // _COMMON_SAMPLE))
    sample = questions[::step]
    raw: Counter[str] = Counter()
    for q in sample:
        raw.update(set(_WORD.findall(f"{q.stem} {' '.join(q.options)}".casefold().replace("\u2019", "'"))))
    # Counted before folding, then summed per folded word: a question with both "hosted" and "hosting" counts twice,
    # which matters little to "more than a tenth".
    counts: Counter[str] = Counter()
    for word, count in raw.items():
        counts[_fold(word)] += count
    del counts[""]
    return counts, len(sample)


@dataclass(frozen=True, repr=False, eq=False)
class Leak(ValueRecord):
    """Two questions that must not stand on one test, and why."""

    first: str
    """Question id."""
    second: str
    reason: str


@dataclass(frozen=True, repr=False, eq=False)
class _Words(ValueRecord):
    """What a question is compared by, worked out once."""

    key: frozenset[str]
    key_option: str
    subject: frozenset[str]
    """The words of the stem after any "According to ...,": what the question asks about."""
    asks: str
    """That part of the stem as written ("" for a true/false statement): the names in it (see LeakCheck._names)."""
    about: frozenset[str]
    """`subject` less the words of `key`: a word of the answer itself says nothing about what is asked."""
    stem: frozenset[str]
    options: tuple[tuple[str, frozenset[str]], ...]
    """Each option, for_option-folded, with its words."""
    quotes: tuple[tuple[str, str], ...]
    """Each quote the question rests on (its own, then any `see_also`) as (passage, quote); its words are worked out
    only for two questions quoting one passage (see _quote_words)."""
    texts: frozenset[str]
    """The options that are text, not dates or numbers, folded."""
    shown: frozenset[str]
    """The words of the stem and every option: what `_named` looks in, and more."""
    valued: bool = False
    """Whether every option is a date or a number: the question asks when, or how much, of its `subject`."""


class LeakCheck:
    """Tells which pairs of questions leak; common words are counted over the questions it is built from."""

    def __init__(self, questions: Sequence[Question], common: frozenset[str] | None = None):
        """`common`: the common words of these questions when already known (`Content.leak_check` keeps them)."""
        self.common = common_words(questions) if common is None else common
        self._questions = questions
        self._frequent: frozenset[str] | None = None
        self._points: dict[str, frozenset[str]] | None = None
        self._quoted: dict[tuple[str, str], str] = {}
        self._words: dict[str, _Words] = {}
        self._telling: dict[int, tuple[_Words, frozenset[str], frozenset[str]]] = {}
        """_rare_restated's words per _Words, by its id; the _Words is kept with them, since forget() lets one go and
        a new one may then get its id."""
        self._options: dict[str, tuple[str, frozenset[str], bool]] = {}

    @property
    def frequent(self) -> frozenset[str]:
        """The words that are not rare: in more than RARE_SHARE of the questions (the common ones among them).
        Counted the first time a pair needs them, which most quizzes never do."""
        if self._frequent is None:
            counts, sampled = _word_counts(self._questions)
            floor = max(_RARE_MIN, RARE_SHARE * sampled)
            self._frequent = frozenset(w for w, c in counts.items() if c > floor) | self.common
        return self._frequent

    def _of(self, q: Question) -> _Words:
        found = self._words.get(q.id)
        if found is None:
            found = self._words[q.id] = _statement(q) if q.true_false else self._choice(q)
        return found

    def _choice(self, q: Question) -> _Words:
        prefix = _ACCORDING.match(q.stem)
        if prefix is None:
            stem = subject = content_words(q.stem)
            asks = q.stem
        else:  # the prefix ends in a space, so no word spans it: the stem's words are both parts' words
            asks = q.stem[prefix.end() :]
            subject = content_words(asks)
            stem = content_words(prefix.group()) | subject
        known = self._options
        options = [known.get(o) or self._option(o) for o in q.options]
        key_option, key, _ = options[q.answer]  # the correct option
        return _Words(
            key=key,
            key_option=key_option,
            subject=subject,
            asks=asks,
            about=subject - key,
            stem=stem,
            options=tuple([(folded, words) for folded, words, _ in options]),
            quotes=_quotes(q),
            texts=frozenset([folded for folded, _, value in options if not value]),
            shown=stem.union(*[words for _, words, _ in options]),
            valued=all(value for _, _, value in options),
        )

    def _option(self, option: str) -> tuple[str, frozenset[str], bool]:
        """An option as for_option folds it, its words, and whether it is a date or a number: worked out once while
        it recurs (an answer is offered again among other questions' options)."""
        found = self._options.get(option)
        if found is None:
            if len(self._options) >= _OPTIONS_KEPT:
                self._options.clear()  # a bound on memory over a large bank
            folded = for_option(option)
            found = self._options[option] = (folded, content_words(option), bool(_VALUE.match(folded)))
        return found

    def forget(self, questions: Iterable[Question]) -> None:
        """Drop what was worked out for these questions: a pass over a large bank holds only the few it compares."""
        for q in questions:
            words = self._words.pop(q.id, None)
            if words is not None:
                self._telling.pop(id(words), None)

    def why(self, a: Question, b: Question) -> str | None:
        """Why a and b cannot stand on one test, or None when they can."""
        if a.id == b.id:
            return None
        if a.fact == b.fact:
            return f"both ask about fact '{a.fact}'"
        points = self._points if self._points is not None else self._same_points()
        point = self._same_point(a, b, points) if points else None
        if point:
            return f"facts '{point[0]}' and '{point[1]}' make the same point"
        wa, wb = self._of(a), self._of(b)
        passage = _quoted_alike(wa, wb)
        if passage:
            return f"their quotes overlap in {passage}"
        if self._named(wa, wb):
            return f"{b.id} names the answer of {a.id} ({_answer(a)!r})"
        if self._named(wb, wa):
            return f"{a.id} names the answer of {b.id} ({_answer(b)!r})"
        if wa.subject == wb.subject or wa.key_option == wb.key_option:
            same = _asked_alike(wa, wb, a.correct)
            if same:
                return same
        if wa.texts == wb.texts and len(wa.texts) == len(a.options):
            return "they offer the same options"  # two "Which came first?" items on one set of events
        return self._asks_of_option(a, b, wa, wb)

    def _asks_of_option(self, a: Question, b: Question, wa: _Words, wb: _Words) -> str | None:
        offered = self._offered(wa, wb)
        if offered:
            return f"asked of an option: {a.id} asks the date or number of {b.id}'s option {offered!r}"
        offered = self._offered(wb, wa)
        if offered:
            return f"asked of an option: {b.id} asks the date or number of {a.id}'s option {offered!r}"
        return None

    def _offered(self, asking: _Words, offering: _Words) -> str | None:
        """An option of `offering` whose date or number `asking` asks, or None. "In which month did Pakistan receive
        an application to license Musk's Starlink?" offers four months: beside "Which of these took place in
        September 2025?" offering "Pakistan's receipt of an application to license Musk's Starlink", a month it does
        not offer rules that option out, and one it does narrows it down. Likewise "Which of these is about 45%?"
        offering a tariff beside "What was that tariff?", and a chronology ("Which took place first?") offering the
        event. The option is told by its words: four at least, all but one of them in what `asking` asks, two of
        those rare (options and stems word one event differently: "receipt" and "receive")."""
        if not asking.valued:
            return None
        for folded, words in offering.options:
            if folded in offering.texts and len(words) >= 4:
                shared = words & asking.subject
                if len(shared) >= len(words) - 1 and len(shared - self.frequent) >= 2:
                    return folded
        return None

    def _same_points(self) -> dict[str, frozenset[str]]:
        """Each fact its author says makes the same point as others (`same_point`, either side), with those."""
        pairs = [(q.fact, other) for q in self._questions for other in q.same_point]
        found: dict[str, set[str]] = {}
        for fact, other in pairs:
            found.setdefault(fact, set()).add(other)
            found.setdefault(other, set()).add(fact)
        self._points = {fact: frozenset(others) for fact, others in found.items()}
        if self._points and not self._quoted:
            # A comparison rests on its see_also facts too: known by their quotes, which their own questions carry.
            self._quoted = {(q.source.passage, q.source.quote): q.fact for q in self._questions}
        return self._points

    def _same_point(self, a: Question, b: Question, points: dict[str, frozenset[str]]) -> tuple[str, str] | None:
        """Two facts, one resting under a and one under b, that make the same point; None when there are none."""
        if not (a.see_also or b.see_also or a.fact in points or b.fact in points):
            return None
        under_b = self._rests_on(b)
        for fact in self._rests_on(a):
            others = points.get(fact)
            if others:
                for other in under_b:
                    if other in others:
                        return fact, other
        return None

    def _rests_on(self, q: Question) -> list[str]:
        """The facts a question rests on: its own, then those of its see_also quotes."""
        if not q.see_also:
            return [q.fact]
        quoted = self._quoted
        return [q.fact, *[fact for s in q.see_also if (fact := quoted.get((s.passage, s.quote))) is not None]]

    def _named(self, asked: _Words, other: _Words) -> bool:
        """Whether `other`'s stem and options state the answer of `asked` together with what `asked` asks about.

        An option that is exactly the answer does not count: "Narendra Modi" offered among the names of another
        question, or "May 2025" among its dates, states nothing about what `asked` asks.
        """
        # What follows needs, of all `other` shows, a word of what is asked and two of a description, or the whole of
        # a shorter answer: most pairs have neither, and are told apart without gathering `units`.
        if len(asked.key) >= 3:
            if len(asked.key & other.shown) < 2 or asked.about.isdisjoint(other.shown):
                return False
        elif not asked.key <= other.shown:
            return False
        units = [other.stem, *(words for folded, words in other.options if folded != asked.key_option)]
        text = frozenset().union(*units)
        subject = asked.about
        hits = subject & text
        specific = asked.key - self.common
        if len(asked.key) >= 3:
            # A description (a role, a stance, an event, "the Pentagon and the White House"): one stem or option
            # restating half its particular words (half its words, where fewer than three are particular), next to
            # anything of what is asked.
            words = specific if len(specific) >= 3 else asked.key
            if hits and any(2 * len(words & unit) >= len(words) for unit in units):
                return True
            return self._rare_restated(asked, units)
        if not asked.key or not asked.key <= text:
            return False
        # A particular name or value ("Marco Rubio") next to anything of what is asked ("the State Department") says
        # it; a common one ("2025", "Pakistan", an author's name) only where what is asked is named, by any two of its
        # words: "a US trade deal" names what "Which country reached a US trade deal?" asks, common words though
        # "trade" and "deal" are, and "Which view did Javid Husain express on US aid to Pakistan?" next to "Who argued
        # that the US courts Pakistan for its counterterrorism cooperation?" points at the author.
        return bool(hits) if specific else len(hits) >= min(2, len(subject))

    def _rare_restated(self, asked: _Words, units: list[frozenset[str]]) -> bool:
        """Whether one stem or option holds two rare words that set `asked`'s answer apart from its wrong options,
        next to a name (or date) of what it asks about. "State Department official Eric Meyer's visit to Pakistan to
        discuss rare earths" answers "What did Eric Meyer tell Pakistan was one of President Trump's priorities?"
        ("Securing reliable sources of rare earth materials") with a third of the answer's words, and "The ambassador
        who criticised CPEC in Washington, DC in 2019" answers "Which of these took place in 2019?" ("Ambassador
        Alice Wells's public criticism of CPEC in Washington, DC")."""
        found = self._telling.get(id(asked))
        if found is None or found[0] is not asked:
            found = self._telling[id(asked)] = (asked, *self._telling_words(asked))
        _, telling, names = found
        return bool(names) and any(len(telling & unit) >= 2 and not names.isdisjoint(unit) for unit in units)

    def _telling_words(self, asked: _Words) -> tuple[frozenset[str], frozenset[str]]:
        """The rare words that set `asked`'s answer apart and the names of what it asks about (_rare_restated), worked
        out once per question rather than per pair; empty when fewer than two such words or no name."""
        none: frozenset[str] = frozenset()
        if not asked.options:
            return none, none
        wrong = [words for folded, words in asked.options if folded != asked.key_option]
        telling = asked.key.difference(*wrong) - self.frequent
        if len(telling) < 2:
            return none, none
        names = content_words(" ".join(_NAME.findall(asked.asks))) - self.common - asked.key
        return telling, names

    def pairs(self, questions: Sequence[Question]) -> list[Leak]:
        """Every leaking pair among the questions, in their order."""
        out = []
        for i, a in enumerate(questions):
            for b in questions[i + 1 :]:
                reason = self.why(a, b)
                if reason:
                    out.append(Leak(a.id, b.id, reason))
        return out


def _quotes(q: Question) -> tuple[tuple[str, str], ...]:
    # A comparison also rests on its see_also facts' quotes.
    if not q.see_also:
        return ((q.source.passage, q.source.quote),)
    return tuple((quote.passage, quote.quote) for quote in (q.source, *q.see_also))


def _quoted_alike(a: _Words, b: _Words) -> str | None:
    """The passage two questions quote overlapping words of, if any."""
    for passage, quote in a.quotes:
        for other_passage, other_quote in b.quotes:
            if passage == other_passage and _overlap(_quote_words(quote), _quote_words(other_quote)):
                return passage
    return None


def _quote_words(quote: str) -> tuple[str, ...]:
    """A quote's words, as _overlap compares them."""
    return tuple(re.findall(r"\w+", for_quote(quote).casefold()))


def _statement(q: Question) -> _Words:
    """A true/false question, compared as a stem: a true statement may give other answers away; a false one shows
    its stem but for the false value ("According to Chellaney, the May 2025 military clash lasted 1 day" dates the
    clash as plainly as a true statement would), and asks what its true version states: the right value of what its
    fact measures. So a true statement or a choice item showing that value for that measure ("... was 25%", or 25%
    among the options of "What was the US tariff on India?") keeps a false "... was 12%" off its test: next to it,
    the false statement is plainly false. Its fact's other questions and quotes of the same sentence keep it off
    their test too."""
    if q.answer == 0:
        shown = content_words(q.stem)
        return _Words(frozenset(), "", shown, "", shown, shown, (), _quotes(q), frozenset(), shown)
    right = _right_value(q)
    if right is None:
        none: frozenset[str] = frozenset()
        return _Words(none, "", none, "", none, none, (), _quotes(q), none, none)
    value, statement = right
    key = content_words(value)
    # key_option "": an option that is exactly the right value counts, unlike for a choice item, since it is what
    # the false statement leaves out.
    measured = content_words(_ACCORDING.sub("", statement)) - key
    # What it shows is its stem less the false value: the words its true version shares, but for those of the right
    # value ("... the May 2025 clash lasted 1 day" still dates the clash; "day" is the value's unit, not the clash).
    shown = (content_words(q.stem) & content_words(statement)) - key
    return _Words(key, "", measured, "", measured, shown, (), _quotes(q), frozenset(), shown)


def _asked_alike(a: _Words, b: _Words, answer: str) -> str | None:
    """Why two questions on two facts ask one thing, or None: two "Which of these took place in May 2025?" whose
    answers share two words (the clash, and the ceasefire that ended it), or two questions answered by one date or
    number whose stems share two words besides ("When did the clash take place?", "When did the brief armed conflict
    take place?": May 2025). Knowing one answer, a student has the other, or all but has it.

    Over the bundled bank this keeps apart the May 2025 questions on the India-Pakistan clash, its ceasefire and
    Trump's claim of credit; two 2025 minerals deals; the 25% and the 19% tariffs each given by two texts; Trump's
    2018 post and his 2018 charge of deceit. A chronology ("Which of these took place last?") asks nothing of its own:
    only a date or number in the stem makes two stems ask the same."""
    if not a.key_option or not b.key_option:  # a true/false statement: its answer is True or False
        return None
    if a.subject == b.subject and len(a.key & b.key) >= 2 and any(c.isdigit() for c in "".join(a.subject)):
        return "asked alike: the same question of related facts"
    if a.key_option == b.key_option and a.key_option not in a.texts and len(a.subject & b.subject - a.key) >= 2:
        return f"asked alike: both answered {answer!r}"
    return None


def _answer(q: Question) -> str:
    """What another question can name of q's answer: a false statement's right value, else the correct option."""
    right = _right_value(q)
    return right[0] if right else q.correct


def _right_value(q: Question) -> tuple[str, str] | None:
    """A false statement's right value and its true version, as the generator kept them; None for anything else."""
    return q.truth if q.true_false and q.answer == 1 else None


def _overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two quotes of one passage share words: one holds the other, or they share a run of _QUOTE_RUN."""
    short, long_ = sorted((a, b), key=len)
    if not short:
        return False
    if f" {' '.join(short)} " in f" {' '.join(long_)} ":
        return True
    runs = {short[i : i + _QUOTE_RUN] for i in range(len(short) - _QUOTE_RUN + 1)}
    return any(long_[i : i + _QUOTE_RUN] in runs for i in range(len(long_) - _QUOTE_RUN + 1))


def leak_free(
    candidates: Iterable[Question], n: int, check: LeakCheck, alongside: Sequence[Question] = ()
) -> list[Question]:
    """Up to n of the candidates, in their order, none leaking with another or with `alongside` (questions already
    chosen, which are not chosen again)."""
    chosen: list[Question] = []
    taken = {q.id for q in alongside}
    for q in candidates:
        if len(chosen) >= n:
            break
        if q.id not in taken and not any(check.why(q, other) for other in (*alongside, *chosen)):
            chosen.append(q)
            taken.add(q.id)
    return chosen


# --- what a terminal session shows after each answer ------------------------------------------------------------------


class FeedbackLeakCheck(LeakCheck):
    """A LeakCheck for a quiz or review, where each answer is followed by its feedback: the explanation, the quote
    and any see-also quotes. A question whose feedback states a later question's answer (a quote saying "a more
    favorable US tariff rate of 19%" before "What was the US tariff on Pakistan?") gives it away as its stem would:
    `why(a, b)` is LeakCheck's reason, or that `b`'s feedback, shown before `a` is asked, states `a`'s
    answer together with what `a` asks about (`LeakCheck._named`, the feedback in place of a stem and options).

    Directed, as `leak_free` calls it: `a` is the candidate, asked after `b`, a question already chosen. Printed
    tests and decks show no feedback between questions and keep the plain LeakCheck.
    """

    def __init__(self, check: LeakCheck):
        """Shares what `check` worked out (its common words, each question's words, ...)."""
        self.__dict__.update(check.__dict__)
        self._shown: dict[str, _Words] = {}

    def why(self, a: Question, b: Question) -> str | None:
        """Why `a`, asked after `b`, cannot be in one session with it, or None when it can."""
        reason = super().why(a, b)
        if reason or a.id == b.id:
            return reason
        if self._named(self._of(a), self._feedback(b)):
            return f"the feedback of {b.id} names the answer of {a.id} ({_answer(a)!r})"
        return None

    def _feedback(self, q: Question) -> _Words:
        """The feedback of `q` as `_named` reads a stem and options: the explanation as the stem, each quote as an
        option that is never the answer itself."""
        found = self._shown.get(q.id)
        if found is None:
            stem = content_words(q.explanation or "")
            quotes = tuple(("\x00quote", content_words(source.quote)) for source in q.sources)
            none: frozenset[str] = frozenset()
            shown = stem.union(*[words for _, words in quotes])
            found = self._shown[q.id] = _Words(
                key=none, key_option="", subject=none, asks="", about=none, stem=stem, options=quotes, quotes=(),
                texts=none, shown=shown,
            )  # fmt: skip
        return found
