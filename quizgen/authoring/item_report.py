"""The item-analysis report as one self-contained HTML page: summary, score histogram, difficulty against
discrimination, and a table naming every question by id, stem and source. The charts are inline SVG."""

from __future__ import annotations

from html import escape

from .item_analysis import LEARNERS, Analysis, Item, findings

STYLE = """
body { font-family: Georgia, serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ccc; padding: 0.35rem; text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; } .flag { color: #a40000; } .muted { color: #666; font-size: 0.85em; }
svg text { font: 11px sans-serif; fill: #333; } .correct { font-weight: bold; }
"""


def to_html(analysis: Analysis) -> bytes:
    flags: dict[str, list[str]] = {}
    for finding in findings(analysis):
        flags.setdefault(finding.id, []).append(f"{finding.check}: {finding.message}")
    kr20 = "n/a" if analysis.kr20 is None else f"{analysis.kr20:.2f}"
    mean = sum(analysis.totals) / len(analysis.totals) if analysis.totals else 0
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Item analysis: {escape(analysis.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>Item analysis: {escape(analysis.title)}</h1>",
        f"<p>{analysis.sheets} {analysis.respondents}, {analysis.out_of} questions; {_mean(analysis, mean)}; "
        f"reliability (KR-20) {kr20}.</p>",
        *(f'<p class="muted">{escape(note)}.</p>' for note in analysis.notes),
        "<h2>Scores</h2>",
        histogram(analysis.totals, analysis.out_of),
        "<h2>Difficulty and discrimination</h2>",
        '<p class="muted">Each dot is a question: right is easier, higher discriminates better. '
        "Below the line, stronger students did worse than weaker ones.</p>",
        scatter(analysis.items),
        "<h2>Questions</h2>",
        "<table><tr><th>#</th><th>Question</th><th>Difficulty</th><th>Point-biserial</th><th>Upper−lower</th>"
        "<th>Choices</th></tr>",
    ]
    for number, item in enumerate(analysis.items, 1):
        parts.append(_row(number, item, flags.get(item.id, [])))
    parts.append("</table></body></html>")
    return ("\n".join(parts) + "\n").encode()


def _mean(analysis: Analysis, mean: float) -> str:
    if analysis.respondents == LEARNERS:  # each learner answered their own choice of questions
        return f"on average {mean:.1f} right answers per learner"
    return f"mean score {mean:.1f} of {analysis.out_of}"


def _row(number: int, item: Item, flags: list[str]) -> str:
    choices = "<br>".join(
        f'<span class="{"correct" if option == item.correct else ""}">{escape(option or "(blank)")}: {count}</span>'
        for option, count in item.choices.items()
    )
    notes = "".join(f'<div class="flag">{escape(f)}</div>' for f in flags)
    return (
        f"<tr><td>{number}</td><td>{escape(item.stem)}<div class='muted'>{escape(item.id)} · "
        f"{escape(item.source)}</div>{notes}</td><td class='num'>{item.difficulty:.2f}</td>"
        f"<td class='num'>{_num(item.point_biserial)}</td><td class='num'>{_num(item.upper_lower)}</td>"
        f"<td>{choices}</td></tr>"
    )


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f}"


def histogram(totals: tuple[int, ...], out_of: int, width: int = 560, height: int = 200) -> str:
    """Bars of how many sheets got each score, 0 to out_of."""
    counts = [0] * (out_of + 1)
    for total in totals:
        counts[min(max(total, 0), out_of)] += 1
    top = max(counts) or 1
    left, bottom, plot_h = 30, 24, height - 40
    bar = (width - left - 10) / (out_of + 1)
    shapes = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
              f'aria-label="Score histogram">']  # fmt: skip
    for score, count in enumerate(counts):
        h = plot_h * count / top
        x = left + score * bar
        shapes.append(f'<rect x="{x + 1:.1f}" y="{height - bottom - h:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" '
                      f'fill="#4a78a8"><title>{count} sheet(s) scored {score}</title></rect>')  # fmt: skip
        if out_of <= 30 or score % 5 == 0:
            shapes.append(f'<text x="{x + bar / 2:.1f}" y="{height - 8}" text-anchor="middle">{score}</text>')
    shapes.append(f'<text x="4" y="14">{top}</text>')
    shapes.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#333"/>')
    shapes.append("</svg>")
    return "\n".join(shapes)


def scatter(items: tuple[Item, ...], width: int = 560, height: int = 300) -> str:
    """Difficulty (0-1, x) against point-biserial (-1 to 1, y), one labelled dot per question."""
    left, right, top, bottom = 40, 10, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(p: float) -> float:
        return left + p * plot_w

    def y(r: float) -> float:
        return top + (1 - (r + 1) / 2) * plot_h

    shapes = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
              f'aria-label="Difficulty against discrimination">',
              f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>',
              f'<line x1="{left}" y1="{y(0):.1f}" x2="{left + plot_w}" y2="{y(0):.1f}" stroke="#a40000" '
              'stroke-dasharray="4 3"/>']  # fmt: skip
    for tick in (0, 0.5, 1):
        shapes.append(f'<text x="{x(tick):.1f}" y="{height - 12}" text-anchor="middle">{tick:g}</text>')
    for tick in (-1, 0, 1):
        shapes.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:g}</text>')
    shapes.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 1}" text-anchor="middle">difficulty (share '
                  "correct)</text>")  # fmt: skip
    for number, item in enumerate(items, 1):
        if item.point_biserial is None:
            continue
        colour = "#a40000" if item.point_biserial < 0 else "#2a5d8a"
        shapes.append(f'<circle cx="{x(item.difficulty):.1f}" cy="{y(item.point_biserial):.1f}" r="4" '
                      f'fill="{colour}"><title>{number}. {escape(item.id)}</title></circle>')  # fmt: skip
        shapes.append(f'<text x="{x(item.difficulty) + 6:.1f}" y="{y(item.point_biserial) + 4:.1f}">{number}</text>')
    shapes.append("</svg>")
    return "\n".join(shapes)
