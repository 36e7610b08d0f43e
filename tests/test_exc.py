"""Errors keep their template and values: English for logs, the reader's language when shown."""

from __future__ import annotations

import pickle

import pytest

from vinculo.exc import InvalidData, Message, NotFound, Problem, VinculoError
from vinculo.i18n import N_, use_locale


def test_message_is_english_and_translated_is_the_current_locale() -> None:
    exc = NotFound(N_("no entity {entity_id!r}"), entity_id="abc")
    assert exc.message == str(exc) == "no entity 'abc'"
    with use_locale("es"):
        assert exc.translated() == "no existe la entidad 'abc'"
        assert exc.message == "no entity 'abc'"  # logs stay English
    with use_locale("en"):
        assert exc.translated() == "no entity 'abc'"


def test_values_are_never_read_as_templates() -> None:
    exc = InvalidData(N_("unknown schema {name!r}"), name="{0}{name}{{")
    assert exc.message == "unknown schema '{0}{name}{{'"
    with use_locale("es"):
        assert exc.translated() == "esquema desconocido '{0}{name}{{'"


def test_a_located_problem_translates_where_and_what() -> None:
    exc = InvalidData.at(
        N_("not a number: {value!r}"), file="ties.csv", line=3, field="weight", value="x"
    )
    assert exc.message == "ties.csv, line 3, field 'weight': not a number: 'x'"
    [problem] = exc.errors
    assert problem.message == "not a number: 'x'"
    with use_locale("es"):
        assert exc.translated() == "ties.csv, línea 3, campo 'weight': no es un número: 'x'"
        assert problem.text.translated() == "no es un número: 'x'"


def test_a_carried_text_is_relocated_without_its_values_again() -> None:
    inner = InvalidData(N_("unknown schema {name!r}"), name="Nave")
    outer = InvalidData.at(inner.text, file="a.jsonl", line=2)
    assert outer.message == "a.jsonl, line 2: unknown schema 'Nave'"
    with pytest.raises(TypeError):
        InvalidData.at(inner.text, file="a.jsonl", name="other")
    with pytest.raises(TypeError):
        VinculoError(inner.text, name="other")


def test_a_listing_joins_its_problems_in_each_language() -> None:
    problems = [
        Problem(Message.of(N_("not a number: {value!r}"), value=v), line=n)
        for n, v in ((1, "a"), (2, "b"), (3, "c"))
    ]
    exc = InvalidData.listing(problems, shown=2)
    assert exc.message == "line 1: not a number: 'a'; line 2: not a number: 'b'"
    assert len(exc.errors) == 3
    with use_locale("es"):
        assert exc.translated() == "línea 1: no es un número: 'a'; línea 2: no es un número: 'b'"


def test_a_broken_translation_falls_back_to_english() -> None:
    message = Message.of(N_("no entity {entity_id!r}"), entity_id="abc")
    assert message.render(lambda _template: "no existe {otro}") == "no entity 'abc'"


def test_errors_survive_pickling_with_their_template() -> None:
    exc = InvalidData.at(N_("unknown schema {name!r}"), file="a.jsonl", line=1, name="Nave")
    exc.field = "schema"  # type: ignore[attr-defined]
    again = pickle.loads(pickle.dumps(exc))  # noqa: S301  (our own object)
    assert type(again) is InvalidData and again.message == exc.message
    assert again.errors == exc.errors and again.field == "schema"
    with use_locale("es"):
        assert again.translated() == "a.jsonl, línea 1: esquema desconocido 'Nave'"
