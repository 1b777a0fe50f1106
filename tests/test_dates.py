import pytest

from quizgen.model.dates import PartialDate, parse_date


@pytest.mark.parametrize(
    ("text", "display", "precision"),
    [
        ("2018", "2018", "year"),
        ("2018-01", "January 2018", "month"),
        ("2018-01-04", "4 January 2018", "day"),
    ],
)
def test_parse_and_display(text, display, precision):
    date = parse_date(text)
    assert date.display() == display and date.precision == precision and date.iso() == text


@pytest.mark.parametrize("text", ["18", "2018-13", "2018-02-30", "2018/01", "January 2018", "", "0000"])
def test_rejects_what_is_not_a_real_date_of_the_forms(text):
    assert parse_date(text) is None


def test_before_and_overlap_respect_precision():
    year, may, may10 = PartialDate(2025), PartialDate(2025, 5), PartialDate(2025, 5, 10)
    assert year.overlaps(may) and may.overlaps(may10) and not may.before(may10)
    assert PartialDate(2024).before(may) and may.before(PartialDate(2025, 6, 1))


def test_shifted_moves_in_units_of_its_precision():
    assert PartialDate(2018, 1).shifted(-1) == PartialDate(2017, 12)
    assert PartialDate(2025, 2, 27).shifted(3) == PartialDate(2025, 3, 2)
    assert PartialDate(2018).shifted(2) == PartialDate(2020)


def test_months_and_their_last_days_are_the_calendars():
    import calendar

    from quizgen.model.dates import MONTHS, last_day

    assert tuple(calendar.month_name[1:]) == MONTHS
    for year in (1, 4, 100, 400, 1900, 1999, 2000, 2024, 2025, 2100):
        assert [last_day(year, m) for m in range(1, 13)] == [calendar.monthrange(year, m)[1] for m in range(1, 13)]


def test_dates_compare_and_hash_as_order_true_would_make_them():
    """PartialDate writes out the comparisons and hash that `order=True` (with eq and frozen) would generate."""
    import dataclasses

    @dataclasses.dataclass(frozen=True, order=True)
    class Generated:
        year: int
        month: int = 0
        day: int = 0

    values = [(2018, 0, 0), (2018, 1, 0), (2018, 1, 4), (2018, 12, 31), (2017, 12, 0), (2019, 0, 0), (2018, 1, 4)]
    for a in values:
        for b in values:
            ours, theirs = (PartialDate(*a), PartialDate(*b)), (Generated(*a), Generated(*b))
            for compare in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
                assert getattr(ours[0], compare)(ours[1]) == getattr(theirs[0], compare)(theirs[1]), (a, b, compare)
        assert hash(PartialDate(*a)) == hash(Generated(*a))
    assert PartialDate(2018).__eq__(Generated(2018)) is NotImplemented
    assert PartialDate(2018).__lt__((2018, 0, 0)) is NotImplemented
    assert sorted(PartialDate(*v) for v in values) == [PartialDate(*v) for v in sorted(values)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        PartialDate(2018).year = 2019  # type: ignore[misc]
