"""Each kind of leak between two questions, on small hand-made banks with and without it."""

from dataclasses import replace

from quizgen.bank.leaks import LeakCheck, content_words, leak_free
from quizgen.model.models import Question, Quote


def q(qid, stem, options, *, passage=None, quote="a quote"):
    """A question whose correct option is the first; its fact is the id's first part; a passage of its own."""
    return Question(qid, qid.split("/")[0], qid.split("/")[1], "event", stem, tuple(options), 0, "", (),
                    Quote("s", passage or f"s:{qid}", quote, "c"))  # fmt: skip


FILLER = [
    q(f"filler-{i}/t", f"Which river crosses province {i}?", [f"River {i}a", f"River {i}b", f"River {i}c", f"Lake {i}"])
    for i in range(12)
]
"""Unrelated questions, so that a test bank has a realistic share of words in common."""


def check(*questions):
    return LeakCheck([*questions, *FILLER])


MEYER_ROLE = q("meyer/figure-name", "Who is the State Department official who discussed rare earths in Pakistan?",
               ["Eric Meyer", "Lisa Curtis", "Alice Wells", "Gentry Beach"])  # fmt: skip
MEYER_VISIT = q("meyer-visit/event-what", "Which of these took place in April 2025?",
                ["Eric Meyer's visit to Pakistan to discuss rare earths", "The Abbey Gate bombing",
                 "The Jaffar Express attack", "A crypto delegation's visit"])  # fmt: skip


def test_mirror_templates_of_one_fact_leak():
    role = q("munir/figure-role", "Who is Asim Munir?", ["Pakistan's army chief", "A senator", "A judge", "A mayor"])
    name = q("munir/figure-name", "Who is Pakistan's army chief?", ["Asim Munir", "Imran Khan", "Ishaq Dar", "Modi"])
    assert check(role, name).why(role, name) == "both ask about fact 'munir'"
    other = q("dar/figure-role", "Who is Ishaq Dar?", ["A senator", "A judge", "A mayor", "A governor"])
    assert check(role, other).why(role, other) is None


def test_facts_built_on_one_sentence_leak_and_other_sentences_of_the_passage_do_not():
    sentence = "Minister Bo Smith said the aid will not return soon, calling the decision final."
    said = q("smith/figure-role", "Who is Bo Smith?", ["A minister", "A banker", "A poet", "A judge"],
             passage="s:p3", quote="Minister Bo Smith said the aid will not return soon")  # fmt: skip
    final = q("aid-final/position-stance", "Which view did the government hold on aid?",
              ["The decision was final", "Aid resumes soon", "Aid doubles", "Aid was a loan"],
              passage="s:p3", quote="the aid will not return soon, calling the decision final")  # fmt: skip
    assert sentence.startswith(said.source.quote)
    assert check(said, final).why(said, final) == "their quotes overlap in s:p3"
    inside = q("aid-final/position-holder", "Who said the decision was final?", ["Bo Smith", "Cy Jones", "Di Park",
               "Ed Lee"], passage="s:p3", quote="calling the decision final")  # fmt: skip
    assert check(said, inside).why(said, inside) is None  # no word in common with the first quote
    assert check(final, inside).why(final, inside) == "both ask about fact 'aid-final'"
    elsewhere = q("smith-2/figure-role", "Who is Bo Smith's deputy?", ["A minister", "A banker", "A poet", "A judge"],
                  passage="s:p4", quote="Minister Bo Smith said the aid will not return soon")  # fmt: skip
    assert check(final, elsewhere).why(final, elsewhere) is None  # same words, but another passage


def test_an_option_naming_anothers_answer_leaks():
    # "Who is the official who discussed rare earths?" is answered by the option "Eric Meyer's visit ... rare earths".
    found = check(MEYER_ROLE, MEYER_VISIT).why(MEYER_ROLE, MEYER_VISIT)
    assert found == "meyer-visit/event-what names the answer of meyer/figure-name ('Eric Meyer')"
    # The same name with nothing about what is asked is no leak; nor is the name offered as a plain wrong option.
    chief = q("munir/figure-name", "Who is Pakistan's army chief?", ["Asim Munir", "Eric Meyer", "Ishaq Dar", "Modi"])
    trip = q("trip/event-when", "When did Eric Meyer fly home?", ["May 2025", "June 2025", "July 2025", "April 2025"])
    assert check(MEYER_ROLE, chief, trip).why(MEYER_ROLE, chief) is None
    assert check(MEYER_ROLE, chief, trip).why(MEYER_ROLE, trip) is None


def test_a_stem_stating_anothers_date_leaks():
    when = q("modi-visit/event-when", "When did Donald Trump's hosting of Narendra Modi at the White House take place?",
             ["February 2025", "March 2025", "January 2025", "April 2025"])  # fmt: skip
    praise = q("modi-visit/q/praise", "What did Trump praise when he hosted Modi in February 2025?",
               ["His negotiating skills", "His tie", "His speech", "His team"])  # fmt: skip
    other_fact = q("modi-praise/q/praise", "What did Trump praise when he hosted Modi in February 2025?",
                   ["His negotiating skills", "His tie", "His speech", "His team"])  # fmt: skip
    assert check(when, other_fact).why(when, other_fact) == (
        "modi-praise/q/praise names the answer of modi-visit/event-when ('February 2025')"
    )
    assert check(when, praise).why(when, praise) == "both ask about fact 'modi-visit'"
    # The same date among another question's options states nothing.
    dates = q("tariff/event-when", "When did the tariff rise?", ["February 2025", "May 2025", "June 2025", "July 2025"])
    assert check(when, dates).why(when, dates) is None


def test_a_description_restated_in_another_question_leaks():
    role = q("curtis/figure-role", "Who is Lisa Curtis?",
             ["The former NSC official who oversaw South Asia policy", "A senator", "A judge", "A mayor"])  # fmt: skip
    name = q("curtis-2/figure-name", "Who is the NSC official who oversaw South Asia policy and praised Lisa Curtis?",
             ["Alice Wells", "Mike Waltz", "Derek Grossman", "Eric Meyer"])  # fmt: skip
    assert "names the answer of curtis/figure-role" in check(role, name).why(role, name)
    unrelated = q("wells/figure-name", "Who criticised CPEC in Washington?", ["Alice Wells", "Lisa Curtis", "A", "B"])
    assert check(role, unrelated).why(role, unrelated) is None


def test_a_date_question_on_an_event_another_offers_leaks():
    # The s7b probe and its re-read: "In which month did Pakistan receive ...?" offers four months; beside "Which of
    # these took place in September 2025?" offering that event, a month it does not offer rules the option out.
    when = q("starlink/event-when", "According to Mahapatra, in which month did Pakistan receive an application to "
             "license Musk's Starlink?", ["January 2025", "February 2025", "March 2025", "May 2025"])  # fmt: skip
    what = q("fwo-deal/event-what", "According to Chellaney, which of these took place in September 2025?",
             ["The Frontier Works Organization's minerals deal", "Pakistan's receipt of an application to license "
              "Musk's Starlink", "Ishaq Dar's visit to Washington", "A US trade agreement"])  # fmt: skip
    reason = "asked of an option: starlink/event-when asks the date or number of fwo-deal/event-what's option "
    assert (
        check(when, what).why(when, what)
        == reason + "'pakistan s receipt of an application to license musk s starlink'"
    )
    assert (
        check(what, when).why(what, when)
        == reason + "'pakistan s receipt of an application to license musk s starlink'"
    )
    # An option of three words, or one that shares only common words with the date question, tells nothing.
    short = replace(what, options=("The minerals deal", "The Starlink licence", "Dar's visit", "A trade pact"))
    assert check(when, short).why(when, short) is None
    other = replace(what, options=("The minerals deal", "Pakistan's receipt of US wheat shipments", "Dar's visit",
                                   "A trade pact"))  # fmt: skip
    assert check(when, other).why(when, other) is None
    # Two questions that both offer text ask no date of each other's options.
    role = q("meyer/figure-role", "Who is the official who oversaw an application to license Musk's Starlink?",
             ["Eric Meyer", "Lisa Curtis", "Alice Wells", "Gentry Beach"])  # fmt: skip
    assert check(role, what).why(role, what) is None


def test_two_questions_offering_the_same_options_leak():
    events = ["The aid cut", "The trade pact", "The summit", "The talks"]
    first = q("aid-cut/event-first", "Which of these took place first?", events)
    last = q("talks/event-last", "Which of these took place last?", [*events[3:], *events[:3]])
    assert check(first, last).why(first, last) == "they offer the same options"
    other = q("pact/event-last", "Which of these took place last?", [*events[:3], "The election"])
    assert check(first, other).why(first, other) is None


BUSY = frozenset({"ruritania", "freedonia", "2025"})
"""Words named nearly everywhere in a bank about the two countries (as "India", "Pakistan" and "2025" are)."""


MEYER_PRIORITY = q("meyer-visit/q/priority",
                   "According to Mahapatra, what did Eric Meyer tell Pakistan was one of President Trump's priorities?",
                   ["Securing reliable sources of rare earth materials", "Opening Pakistan's markets to US farm goods",
                    "Ending Pakistan's support for militant groups", "Buying more US-made fighter jets"])  # fmt: skip


MARCH_2025 = q("starlink/event-what", "Which of these took place in March 2025?",
               ["Pakistan's receipt of an application to license Starlink", "The Jaffar Express attack",
                "State Department official Eric Meyer's visit to Pakistan to discuss rare earths", "A flood"])  # fmt: skip


def test_two_rare_words_of_an_answer_next_to_a_name_of_what_is_asked_leak():
    # The s7 probe's test 402: the option "State Department official Eric Meyer's visit to Pakistan to discuss rare
    # earths" restates only "rare earth" of six words, but next to "Meyer" it says what he told Pakistan.
    visit = MARCH_2025
    found = check(MEYER_PRIORITY, visit).why(MEYER_PRIORITY, visit)
    assert (
        found
        == f"{visit.id} names the answer of {MEYER_PRIORITY.id} ('Securing reliable sources of rare earth materials')"
    )
    # Without the name of what is asked, rare earths say nothing of what Meyer said.
    envoy = replace(visit, options=(*visit.options[:2], "A US envoy's trip abroad to discuss rare earths", "A flood"))
    assert check(MEYER_PRIORITY, envoy).why(MEYER_PRIORITY, envoy) is None
    # Nor do they where a wrong option of the question says rare earths too: they do not tell the answer apart.
    doubled = replace(MEYER_PRIORITY, options=(*MEYER_PRIORITY.options[:3], "Selling rare earth ore to China"))
    assert check(doubled, visit).why(doubled, visit) is None
    # Nor where rare earths are named all over the bank: the words name nothing in particular then.
    busy = [q(f"re{i}/t", f"Which rare earth deposit was mapped in {i}?", ["Rare earth A", "B", "C", f"D{i}"])
            for i in range(6)]  # fmt: skip
    assert LeakCheck([MEYER_PRIORITY, visit, *busy, *FILLER]).why(MEYER_PRIORITY, visit) is None


def test_what_a_forgotten_question_told_is_never_read_for_another():
    # forget() lets a question's worked-out words go, and Python may give the next one made the same id: the words
    # _rare_restated kept by that id must not answer for it (a stale entry flipped the bundled Anki order's spacing).
    visit = MARCH_2025
    leaks = check(MEYER_PRIORITY, visit)
    assert leaks.why(MEYER_PRIORITY, visit) is not None
    leaks.forget([MEYER_PRIORITY])
    assert leaks._telling == {}
    fresh = leaks._of(MEYER_PRIORITY)
    leaks._telling[id(fresh)] = (leaks._of(visit), frozenset(), frozenset())  # what a reused id would hold
    assert leaks.why(MEYER_PRIORITY, visit) is not None


def test_two_facts_asked_the_same_dated_question_leak_when_their_answers_are_related():
    # Two texts' facts on one clash: "Which of these took place in May 2025?" twice, the clash an option of each.
    clash = q("wsj-clash/event-what", "According to the WSJ, which of these took place in May 2025?",
              ["The military clash between Ruritania and Freedonia", "The summit", "The trade deal", "The election"])  # fmt: skip
    conflict = q("maha-conflict/event-what", "Which of these took place in May 2025?",
                 ["The brief armed conflict between Ruritania and Freedonia", "A flood", "A strike", "A vote"])  # fmt: skip
    assert LeakCheck([clash, conflict], BUSY).why(clash, conflict) == "asked alike: the same question of related facts"
    # Another event of May 2025 is no give-away; nor are two chronologies, whose stems ask nothing of their own.
    other = q("visit/event-what", "Which of these took place in May 2025?",
              ["The opening of a bridge in Ruritania", "A flood", "A strike", "A vote"])  # fmt: skip
    assert LeakCheck([clash, other], BUSY).why(clash, other) is None
    first = q("a/event-last", "Which of these took place last?",
              ["The border clash near the old northern river of Ruritania and Freedonia", "A", "B", "C"])  # fmt: skip
    last = q("b/event-last", "Which of these took place last?",
             ["The peace talks in the southern capital of Ruritania and Freedonia", "D", "E", "F"])  # fmt: skip
    assert LeakCheck([first, last], BUSY).why(first, last) is None


def test_two_facts_answered_by_one_date_or_number_leak_when_asked_alike():
    when = q("wsj-clash/event-when", "According to the WSJ, when did the Ruritania-Freedonia military clash take place?",
             ["May 2025", "June 2025", "April 2025", "March 2025"])  # fmt: skip
    also = q("maha-conflict/event-when", "When did the brief armed conflict between Ruritania and Freedonia take place?",
             ["May 2025", "July 2025", "August 2025", "January 2025"])  # fmt: skip
    assert LeakCheck([when, also], BUSY).why(when, also) == "asked alike: both answered 'May 2025'"
    # One word in common ("Ruritania") is not asking alike; nor is a shared answer that is a text, not a value.
    bridge = q("bridge/event-when", "When did Ruritania open its new bridge?", ["May 2025", "June 2025", "A", "B"])
    assert LeakCheck([when, bridge], BUSY).why(when, bridge) is None
    who = q("x/figure-name", "Who led the Ruritania-Freedonia military talks?", ["Bo Smith", "Cy Jones", "Di", "Ed"])
    again = q(
        "y/figure-name", "Who chaired the Ruritania-Freedonia military council?", ["Bo Smith", "Fay", "Gus", "Hal"]
    )
    assert LeakCheck([who, again], BUSY).why(who, again) is None


def test_facts_said_to_make_the_same_point_leak_either_way_and_through_a_comparison():
    # Words cannot tell that "relations declined" and "a weakened partnership" make one point: the author says so.
    declined = q("decline/position-stance", "Which view did the paper express on relations under Trump?",
                 ["Relations declined through mutual distrust", "They improved", "They held", "They broke off"])  # fmt: skip
    outcome = q("weakened/q/outcome", "What was the overall outcome of the divergence?",
                ["A weakened partnership with less cooperation", "A formal alliance", "A closer partnership",
                 "A formal break"])  # fmt: skip
    assert check(declined, outcome).why(declined, outcome) is None
    declared = replace(declined, same_point=("weakened",))
    reason = "facts 'decline' and 'weakened' make the same point"
    assert check(declared, outcome).why(declared, outcome) == reason
    assert check(declared, outcome).why(outcome, declared) == "facts 'weakened' and 'decline' make the same point"
    # Said on one side only, the other fact's questions keep away from every question of the declaring one.
    holder = q("decline/position-holder", "Who argued that relations declined?", ["The paper", "A", "B", "C"])
    assert check(declared, holder, outcome).why(holder, outcome) == reason
    # A comparison resting on the other fact (its quote in see_also) makes that point too.
    compare = replace(q("other/q/compare", "How do the two texts differ?", ["In tone", "In facts", "In dates", "In x"]),
                      see_also=(outcome.source,))  # fmt: skip
    assert check(declared, outcome, compare).why(declared, compare) == reason
    unrelated = q("other-2/q/compare", "How do two texts differ?", ["In tone", "In facts", "In dates", "In y"])
    assert check(declared, outcome, unrelated).why(declared, unrelated) is None


def test_leak_free_keeps_the_order_and_leaves_out_what_leaks():
    bank = [MEYER_ROLE, MEYER_VISIT, *FILLER]
    chosen = leak_free(bank, 5, LeakCheck(bank))
    assert [x.id for x in chosen] == ["meyer/figure-name", "filler-0/t", "filler-1/t", "filler-2/t", "filler-3/t"]
    assert leak_free(bank, 50, LeakCheck(bank), alongside=[MEYER_VISIT])[0] is FILLER[0]


def test_content_words():
    assert content_words("According to Haq, when did Trump's hosting of Modi take place?") == {
        "haq", "trump", "host", "modi"
    }  # fmt: skip
    assert content_words("He hosted two visits") == {"host", "two", "visit"}


def test_a_question_resting_on_another_facts_quote_leaks_with_that_facts_questions():
    quote = "Pakistan has proved time and again that it is not a reliable security partner"
    own = q("unreliable/position-holder", "Who argued that Pakistan is unreliable?", ["Chellaney", "Husain", "A", "B"],
            passage="c:p5", quote=quote)  # fmt: skip
    compare = q("other/q/compare", "How do the two authors differ?", ["In tone", "In facts", "In dates", "In names"])
    assert check(own, compare).why(own, compare) is None
    # A comparison item (see_also) also rests on the first fact's quote: the two never meet.
    compare = replace(compare, see_also=(Quote("c", "c:p5", "not a reliable security partner", "c"),))
    assert check(own, compare).why(own, compare) == "their quotes overlap in c:p5"


def test_a_common_answer_leaks_where_two_words_of_what_is_asked_are_named():
    # "Pakistan" is named nearly everywhere; "a US trade deal" says what the first question asks, common words though
    # "US", "trade" and "deal" may be in a bank about trade.
    country = q("smooth/q/which-country", "Which of these countries reached a US trade deal without hiccups?",
                ["Pakistan", "India", "Japan", "Vietnam"])  # fmt: skip
    deal = q("deal/event-first", "Which of these took place first?",
             ["The announcement of a US–Pakistan trade deal", "The ceasefire", "The summit", "The tariff"])  # fmt: skip
    busy = [q(f"p{i}/t", f"Was trade with Pakistan and the US a deal {i}?", ["Yes", "No", "Maybe", f"In {i}"])
            for i in range(10)]  # fmt: skip
    leaks = LeakCheck([country, deal, *busy, *FILLER])
    assert {"pakistan", "trade", "deal", "us"} <= leaks.common
    assert leaks.why(country, deal) == "deal/event-first names the answer of smooth/q/which-country ('Pakistan')"
    other = q("dar/event-what", "Which of these took place in 2025?",
              ["A visit by Pakistan's foreign minister", "A flood", "A strike", "A vote"])  # fmt: skip
    assert leaks.why(country, other) is None  # Pakistan, but nothing of a US trade deal


def test_a_short_description_is_restated_by_half_its_words():
    whom = q("deceit/q/whom", "Whom did Trump say Pakistan had been deceiving?",
             ["The Pentagon and the White House", "The State Department", "Congress", "The CIA"])  # fmt: skip
    visit = q("visit/q/said", "What did the visiting president say at the White House, according to Trump?",
              ["That trade matters", "That troops leave", "That talks resume", "That aid ends"])  # fmt: skip
    elsewhere = q("talks/q/who", "Which general did Trump meet at the Pentagon?",
                  ["General Ames", "General Bo", "General Cy", "General Di"])  # fmt: skip
    # "White House" in many questions: common words, which still restate two thirds of this answer.
    busy = [q(f"w{i}/t", f"Who spoke at the White House in week {i}?", ["Ann", "Bo", "Cy", f"Di {i}"])
            for i in range(10)]  # fmt: skip
    leaks = LeakCheck([whom, visit, elsewhere, *busy, *FILLER])
    assert {"white", "house"} <= leaks.common
    assert (
        leaks.why(whom, visit) == "visit/q/said names the answer of deceit/q/whom ('The Pentagon and the White House')"
    )
    assert leaks.why(whom, elsewhere) is None  # a third of the answer's words only


def statement(qid, text, true):
    return Question(qid, qid.split("/")[0], qid.split("/")[1], "figure", text, ("True", "False"), 0 if true else 1,
                    "", (), Quote("s", f"s:{qid}", "a quote", "c"), ordered=True, format="true-false")  # fmt: skip


def test_a_true_statement_gives_away_like_a_stem_and_a_false_ones_false_value_does_not():
    said = "Eric Meyer, a State Department official, discussed rare earths in Pakistan."
    true = statement("meyer-tf/figure-tf", said, True)
    # The false value is the name: the rest of the statement (an official discussed rare earths) names no one.
    false = replace(
        statement("meyer-tf/figure-tf", said.replace("Eric Meyer", "Lisa Curtis"), False), truth=("Eric Meyer", said)
    )
    assert (
        check(MEYER_ROLE, true).why(MEYER_ROLE, true)
        == f"{true.id} names the answer of meyer/figure-name ('Eric Meyer')"
    )
    # "Lisa Curtis" is not shown: a question answered by her, on what the statement says, is not given away.
    curtis = q("curtis/figure-name", "Who is the official who discussed rare earths in Pakistan?",
               ["Lisa Curtis", "Alice Wells", "Gentry Beach", "Mike Waltz"])  # fmt: skip
    assert check(curtis, false).why(curtis, false) is None
    # Its right value is what it asks: a question showing "Eric Meyer" for the official keeps it off the test.
    assert (
        check(MEYER_ROLE, false).why(MEYER_ROLE, false)
        == f"{MEYER_ROLE.id} names the answer of {false.id} ('Eric Meyer')"
    )
    # Its answer, True or False, is no text another question can name; its own fact's questions still leak.
    other = q("truth/t", "Which word is the opposite of false?", ["True", "Maybe", "Never", "Often"])
    assert check(true, other).why(true, other) is None
    same_fact = q("meyer-tf/figure-name", "Who is the official?", ["Eric Meyer", "Lisa Curtis", "Alice Wells", "Bo"])
    assert check(false, same_fact).why(false, same_fact) == "both ask about fact 'meyer-tf'"


SEMAFOR = "According to a Semafor report, the US tariff on Indian goods stood at {} when Trump threatened to raise it."
CHELLANEY = "According to Chellaney, the US tariff Trump first imposed on imports from India in 2025 was {}."


def false_statement(qid, text, right, value):
    """A false statement as generate._true_false makes it: it keeps its right value and true version."""
    return replace(
        statement(qid, text, False),
        explanation=f"False: {right} Semafor says India defied Trump.",
        truth=(value, right),
    )


def test_a_false_statement_is_kept_from_a_question_showing_its_right_value_for_the_same_measure():
    false = false_statement("semafor-25/number-true-false", SEMAFOR.format("12%"), SEMAFOR.format("25%"), "25%")
    true = statement("chel-25/number-true-false", CHELLANEY.format("25%"), True)
    leaks = check(false, true)
    # Next to "... was 25%" (true), "... stood at 12%" is plainly false.
    assert leaks.why(false, true) == f"{true.id} names the answer of {false.id} ('25%')"
    assert leaks.why(true, false) == leaks.why(false, true)
    # So is a choice item offering 25% on that measure, whether 12% is among its options or not.
    asked = q("chel-25/number-value", "According to Chellaney, what was the US tariff Trump first imposed on India?",
              ["6%", "25%", "50%", "75%"])  # fmt: skip
    assert check(false, asked).why(false, asked) == f"{asked.id} names the answer of {false.id} ('25%')"
    # Another measure with 25% among its options, or the same measure with other values, leaks nothing.
    other = q("hungary/number-value", "According to Chellaney, what share of Hungary's energy comes from Russia?",
              ["25%", "45%", "60%", "90%"])  # fmt: skip
    assert check(false, other).why(false, other) is None
    wrong = statement("chel-12/number-true-false", CHELLANEY.format("12%"), True)
    assert check(false, wrong).why(false, wrong) is None


def test_a_false_statements_right_value_may_take_several_words():
    said = "According to Chellaney, the deal with US Strategic Metals was worth {} to the firm."
    false = false_statement(
        "fwo/number-true-false", said.format("$1 billion"), said.format("$500 million"), "$500 million"
    )
    named = q(
        "coup/q",
        "What was the $500 million Strategic Metals deal to Pakistan?",
        ["A coup", "A loss", "A loan", "A gift"],
    )
    assert check(false, named).why(false, named) == f"{named.id} names the answer of {false.id} ('$500 million')"
    unrelated = q("aid/q", "What did the $500 million aid package fund?", ["Roads", "Dams", "Schools", "Ports"])
    assert check(false, unrelated).why(false, unrelated) is None


def test_a_false_statement_shows_its_stem_but_for_the_false_value():
    # "... the May 2025 clash lasted 1 day" (false: 3 days) still dates the clash for "When did the clash take place?"
    said = "According to Chellaney, the May 2025 military clash between Ruritania and Freedonia lasted {}."
    false = false_statement("clash-days/number-true-false", said.format("1 day"), said.format("3 days"), "3 days")
    when = q("clash/event-when", "When did the brief armed conflict between Ruritania and Freedonia take place?",
             ["May 2025", "June 2025", "April 2025", "March 2025"])  # fmt: skip
    assert check(false, when).why(false, when) == f"{false.id} names the answer of {when.id} ('May 2025')"
    assert check(false, when).why(when, false) == check(false, when).why(false, when)
    # Its false value states nothing: a question answered "1 day" on the clash is not given away.
    days = q("clash-2/q/days", "How long did Chellaney say the Ruritania-Freedonia clash lasted?",
             ["1 day", "2 days", "5 days", "7 days"])  # fmt: skip
    assert check(false, days).why(days, false) is None
    # It still asks its right value: a question showing 3 days for the clash keeps it off the test.
    shows = replace(days, options=("3 days", "1 day", "2 days", "5 days"))
    assert check(false, shows).why(false, shows) == f"{shows.id} names the answer of {false.id} ('3 days')"


def test_the_bundled_decks_false_statements_are_kept_from_the_choice_items_on_their_measure():
    # The right value generate._true_false keeps on a false statement is what keeps the pair apart.
    from quizgen.bank.content import load_content

    bank = {q.id: q for q in load_content(None).bank().questions}
    leaks = LeakCheck(list(bank.values()))
    false, asked = bank["haq-semafor-india-tariff-25/number-true-false"], bank["chel-india-tariff-25/number-value"]
    assert false.answer == 1 and asked.correct == "25%"
    assert leaks.why(false, asked) == f"{asked.id} names the answer of {false.id} ('25%')"


def test_the_bundled_decks_may_2025_questions_on_the_clash_are_kept_apart():
    # The s7 probe's test 402 held two "Which of these took place in May 2025?" on the clash, and 301 a false
    # statement dating it next to "When did the brief armed conflict between India and Pakistan take place?".
    # (The conflict's own "Which of these took place in May 2025?" is no longer asked: leak probe s9; the rule that
    # kept the two apart is tested on its own above.)
    from quizgen.bank.content import load_content

    bank = {q.id: q for q in load_content(None).bank().questions}
    leaks = LeakCheck(list(bank.values()))
    assert "maha-may-2025-conflict/event-what" not in bank
    when, also = bank["chel-ceasefire/event-when"], bank["maha-may-2025-conflict/event-when"]
    assert leaks.why(when, also) == "asked alike: both answered 'May 2025'"
    days, when = bank["chel-clash-three-days/number-true-false"], bank["maha-may-2025-conflict/event-when"]
    assert days.answer == 1  # false: "... lasted 1 day"
    assert leaks.why(days, when) == f"{days.id} names the answer of {when.id} ('May 2025')"


def test_the_bundled_decks_rare_descriptions_next_to_a_name_are_kept_apart():
    # The s7 probe's test 402: the option "State Department official Eric Meyer's visit to Pakistan to discuss rare
    # earths" (of "Which of these took place in May 2025?", no longer asked; the Starlink item offers it too) gave
    # away what Meyer told Pakistan.
    from quizgen.bank.content import load_content

    bank = {q.id: q for q in load_content(None).bank().questions}
    leaks = LeakCheck(list(bank.values()))
    priority, dated = bank["maha-meyer-visit/q/meyer-priority"], bank["maha-starlink-application/event-what"]
    assert "State Department official Eric Meyer's visit to Pakistan to discuss rare earths" in dated.options
    assert leaks.why(priority, dated) == f"{dated.id} names the answer of {priority.id} ({priority.correct!r})"


def test_the_bundled_decks_facts_said_to_make_one_point_are_kept_apart():
    # The s7 probe's "same fact twice": the paper's one finding asked twice in test 401; Chellaney's scepticism of
    # Pakistan's rare earths asked twice in 301, once in a comparison resting on chel-rare-earth-doubt's quote.
    from quizgen.bank.content import load_content

    bank = {q.id: q for q in load_content(None).bank().questions}
    leaks = LeakCheck(list(bank.values()))
    pivot, cause = bank["dom-pivot-to-china/q/main-finding"], bank["dom-shift-to-china-cause/q/cause-chain"]
    assert pivot.same_point == ("dom-shift-to-china-cause",) and cause.same_point == ()
    reason = "facts 'dom-shift-to-china-cause' and 'dom-pivot-to-china' make the same point"
    assert leaks.why(cause, pivot) == reason
    shipment, compare = (
        bank["chel-rare-earth-shipment/q/shipment-purpose"],
        bank["maha-rare-earth-offer/q/rare-earth-vs-chellaney"],
    )
    assert (
        leaks.why(compare, shipment)
        == "facts 'chel-rare-earth-doubt' and 'chel-rare-earth-shipment' make the same point"
    )


def test_the_words_kept_per_option_are_bounded_and_change_no_answer(monkeypatch):
    # Options recur (an answer is offered among other questions' options), so LeakCheck keeps their words; over a
    # large bank it drops them past a bound, and a check that kept them all tells every pair the same.
    bank = [MEYER_ROLE, MEYER_VISIT, *FILLER]
    expected = [(leak.first, leak.second, leak.reason) for leak in LeakCheck(bank).pairs(bank)]
    assert ("meyer/figure-name", "meyer-visit/event-what") in [pair[:2] for pair in expected]
    monkeypatch.setattr("quizgen.bank.leaks._OPTIONS_KEPT", 3)
    small = LeakCheck(bank)
    assert [(leak.first, leak.second, leak.reason) for leak in small.pairs(bank)] == expected
    assert 0 < len(small._options) <= 3


# --- feedback shown in a quiz or review (FeedbackLeakCheck) ----------------------------------------------------------


TARIFF = q("tariff-pakistan/number-value", "What was the US tariff on imports from Pakistan as of September 2025?",
           ["19%", "15%", "25%", "50%"])  # fmt: skip
CONTRAST = replace(
    q(
        "semafor/q/contrast",
        "How does the Semafor report describe India's and Pakistan's responses to Trump?",
        ["India resisted, Pakistan flattered", "Both resisted", "Both flattered", "India flattered, Pakistan resisted"],
        quote="India was hit with a 50% tariff",
    ),  # fmt: skip
    see_also=(Quote("s", "s:p9", "Pakistan, which landed a more favorable US tariff rate of 19%", "c"),),
)
"""The walkthrough's pair: the second quote of the contrast's feedback states the tariff question's answer."""


def test_feedback_shown_before_a_question_that_states_its_answer_leaks_in_a_session():
    from quizgen.bank.leaks import FeedbackLeakCheck

    plain = check(TARIFF, CONTRAST)
    assert plain.why(TARIFF, CONTRAST) is None  # stems and options alone: a printed test may hold both
    session = FeedbackLeakCheck(plain)
    assert session.why(TARIFF, CONTRAST) == (
        "the feedback of semafor/q/contrast names the answer of tariff-pakistan/number-value ('19%')"
    )
    assert session.why(CONTRAST, TARIFF) is None  # asked first, the tariff question's feedback says nothing of it
    assert leak_free([CONTRAST, TARIFF], 2, session) == [CONTRAST]
    assert leak_free([TARIFF, CONTRAST], 2, session) == [TARIFF, CONTRAST]
    explained = replace(CONTRAST, see_also=(), explanation="Pakistan got a US tariff of 19%, India one of 50%.")
    assert FeedbackLeakCheck(check(TARIFF, explained)).why(TARIFF, explained) is not None  # the explanation too
    other = replace(CONTRAST, see_also=(), explanation="India resisted; Pakistan flattered.")
    assert FeedbackLeakCheck(check(TARIFF, other)).why(TARIFF, other) is None
    assert session.why(MEYER_ROLE, MEYER_VISIT) == plain.why(MEYER_ROLE, MEYER_VISIT)  # the plain rules still hold
