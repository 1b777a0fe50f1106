import pytest

from quizgen.model.quantities import Quantity


@pytest.mark.parametrize(
    ("q", "text"),
    [
        (Quantity(19, None, "percent"), "19%"),
        (Quantity(33, None, "usd", "billion"), "$33 billion"),
        (Quantity(6, 8, "usd", "trillion"), "$6\u20138 trillion"),
        (Quantity(1.5, None, "decades"), "1.5 decades"),
        (Quantity(15000, None, "facts"), "15,000 facts"),
        # A scaled value of 1,000 or more is shown in the next scale, as the texts write it (review-tf: the
        # generated "$1,000 million" gave a false statement away); unscaled and range values keep their form.
        (Quantity(1000, None, "usd", "million"), "$1 billion"),
        (Quantity(1500, None, "usd", "million"), "$1.5 billion"),
        (Quantity(2_000_000, None, "usd", "thousand"), "$2 billion"),
        (Quantity(1000, None, "barrels", "million"), "1 billion barrels"),
        (Quantity(2000, None, "usd", "trillion"), "$2,000 trillion"),
        (Quantity(500, 1500, "usd", "million"), "$500\u20131,500 million"),
        (Quantity(1000, 2000, "usd", "million"), "$1\u20132 billion"),
        (Quantity(999, None, "usd", "million"), "$999 million"),
    ],
)
def test_display(q, text):
    assert q.display() == text


def test_scaled_keeps_form_and_bounds():
    assert Quantity(33, None, "usd", "billion").scaled(0.5).display() == "$16 billion"
    assert Quantity(19, None, "percent").scaled(2.0).display() == "38%"
    assert Quantity(60, None, "percent").scaled(2.0) is None  # no 120%
    assert Quantity(6, 8, "usd", "trillion").scaled(2.0).display() == "$12\u201316 trillion"


@pytest.mark.parametrize(
    ("unit", "one"),
    [
        ("weeks", "1 week"),
        ("businesses", "1 business"),
        ("days", "1 day"),
        ("countries", "1 country"),
        ("percent", "1%"),
    ],
)
def test_one_reads_singular(unit, one):
    assert Quantity(1, None, unit).display() == one
