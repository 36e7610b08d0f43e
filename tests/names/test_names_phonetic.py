"""The Spanish phonetic key joins clerks' spellings of one spoken name."""

import pytest

from vinculo.names import phonetic_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bázquez", "Vásquez"),  # b/v, s/z
        ("Vazquez", "Vasquez"),
        ("Cecilia", "Sesilia"),  # c(e,i)/s
        ("Llamas", "Yamas"),  # ll/y
        ("Gerardo", "Jerardo"),  # g(e,i)/j
        ("Xavier", "Javier"),  # x/j
        ("Mexía", "Mejía"),
        ("Hernández", "Ernandez"),  # silent h
        ("Quintero", "Kintero"),  # qu/k
        ("Ibarra", "Ybarra"),  # y as vowel, rr
    ],
)
def test_same_sound(a: str, b: str) -> None:
    assert phonetic_key(a) == phonetic_key(b)


@pytest.mark.parametrize(("a", "b"), [("Guzman", "Gomez"), ("Chapo", "Capo"), ("Loera", "Lara")])
def test_different_sound(a: str, b: str) -> None:
    assert phonetic_key(a) != phonetic_key(b)
