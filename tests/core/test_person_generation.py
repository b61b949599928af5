"""What is kept of one person moves on when their rows change, and only theirs."""

import pytest

from core.generations import PersonGeneration

pytestmark = pytest.mark.django_db


def test_a_persons_kept_value_is_computed_again_only_after_they_move_on(django_capture_on_commit_callbacks):
    generation = PersonGeneration("test-person-generation")
    computed = []

    def kept(person_id):
        return generation.keep(person_id, "figure", lambda: computed.append(person_id) or len(computed), seconds=60)

    assert (kept(1), kept(2), kept(1)) == (1, 2, 1)
    with django_capture_on_commit_callbacks(execute=True):
        generation.move_on([1, 1, None])
    assert (kept(1), kept(2)) == (3, 2)
    assert computed == [1, 2, 1]
    generation.move_on([])
    assert kept(1) == 3
