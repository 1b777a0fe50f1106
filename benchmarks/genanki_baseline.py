"""The yardstick for `quizgen anki`: the shortest genanki script that writes the same notes.

It loads the same bank through the library (as `quizgen anki` does), then writes one note per question with the
same thirteen fields (id, stem, five option slots, empty past a question's own options, answer letter, explanation,
quote, citation, two option lists) into a single deck with genanki's own `write_to_file`: no subdecks, tags, stable
GUIDs or reproducible zip.

    python benchmarks/genanki_baseline.py CONTENT_DIR OUT.apkg
"""

from __future__ import annotations

import html
import sys

import genanki

from quizgen.bank.content import load_content

FIELDS = ("Id", "Stem", "A", "B", "C", "D", "E", "Answer", "Explanation", "Quote", "Citation", "Choices", "Revealed")


def main(content: str, out: str) -> None:
    bank = load_content(content).bank()
    model = genanki.Model(
        1_700_000_001,
        "baseline",
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Card", "qfmt": "{{Stem}}{{Choices}}", "afmt": "{{Stem}}{{Revealed}}"}],
    )
    deck = genanki.Deck(1_700_000_002, bank.deck.title)
    for q in bank.questions:
        options = [html.escape(o) for o in q.options]
        slots = options + [""] * (5 - len(options))  # 2 (true/false) to 5 options
        listed = "<ol>" + "".join(f"<li>{o}</li>" for o in options) + "</ol>"
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[
                    q.id,
                    html.escape(q.stem),
                    *slots,
                    "ABCDE"[q.answer],
                    html.escape(q.explanation),
                    html.escape(q.source.quote),
                    html.escape(q.source.citation),
                    listed,
                    listed,
                ],
            )
        )
    genanki.Package(deck).write_to_file(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
