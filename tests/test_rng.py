from quizgen.util.rng import Reseeded, rng_for


def test_a_reseeded_generator_draws_what_a_new_one_from_the_same_parts_draws():
    reseeded = Reseeded()
    for i in range(300):
        parts = ("distractors", f"fact-{i}/when")
        fresh, reused = list(range(i % 7)), list(range(i % 7))
        rng_for(*parts).shuffle(fresh)
        reseeded.of(*parts).shuffle(reused)
        assert reused == fresh
        assert reseeded.of(*parts).sample(range(10), 3) == rng_for(*parts).sample(range(10), 3)
    # Seeded again, not carried on: the same parts twice in a row give the same draw.
    assert reseeded.of("x", 1).random() == reseeded.of("x", 1).random() == rng_for("x", 1).random()
