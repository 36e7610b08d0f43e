"""The owners beside the shared index: what a principal may see whole, none of, or part of."""

import numpy as np

from vinculo.services.owners import HIDDEN, MIXED, WHOLE, Owners


def test_sight_follows_agency_and_released_markings() -> None:
    owners = Owners()
    owners.append([(1, 10)])  # 0: agency 1's, under marking 10
    owners.append([(2, 10)])  # 1: agency 2's, same marking
    owners.append([(2, 11)])  # 2: agency 2's, under marking 11
    owners.append([(1, 10), (2, 11)])  # 3: both
    owners.append([(2, 11)])  # 4: same pair as 2
    numbers = np.arange(5)
    # a principal of agency 1, to whom marking 11 releases other agencies' facts
    assert owners.sight(numbers, 1, frozenset({11})).tolist() == [
        WHOLE,
        HIDDEN,
        WHOLE,
        MIXED,
        WHOLE,
    ]
    # of agency 2, with nothing released
    assert owners.sight(numbers, 2, frozenset()).tolist() == [HIDDEN, WHOLE, WHOLE, MIXED, WHOLE]
    # of no agency, with marking 10 released
    assert owners.sight(numbers, None, frozenset({10})).tolist() == [
        WHOLE,
        WHOLE,
        HIDDEN,
        MIXED,
        HIDDEN,
    ]
    # the system sees everything; mixed entities are still read
    assert owners.sight(numbers, None, None).tolist() == [WHOLE, WHOLE, WHOLE, MIXED, WHOLE]
    assert owners.sight(np.array([4, 0]), 1, frozenset()).tolist() == [HIDDEN, WHOLE]
    owners.append([(3, 12)])  # a later entity, after the first look
    assert owners.sight(np.array([5]), 3, frozenset()).tolist() == [WHOLE]
    assert len(owners) == 6
