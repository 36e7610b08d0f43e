"""`vinculo legal` through click's runner: the interface other tools depend on."""

import json

import pytest
from click.testing import CliRunner

from tests.factories import community, make_user, person, write
from vinculo.access.principal import Role
from vinculo.cli import cli
from vinculo.model.marking import TLP
from vinculo.store import Store


@pytest.fixture
def run(sqlite_store: Store, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    store = sqlite_store
    monkeypatch.setattr(
        "vinculo.cli.util.Store.open", classmethod(lambda cls, settings, schema=None: store)
    )
    community(store)
    make_user(store, "ext.dea", "DEA", (Role.EXTRADITION_OFFICER,))
    write(store, person("p-9", "Ovidio Guzmán López", agency="DEA", tlp=TLP.GREEN))
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True):  # type: ignore[no-untyped-def]
        result = runner.invoke(cli, ["--database-url", store.settings.database_url, *args])
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


def test_open_advance_due_interface(run) -> None:  # type: ignore[no-untyped-def]
    out = run(
        "--as",
        "ext.dea",
        "legal",
        "extradition",
        "open",
        "--person",
        "p-9",
        "--requesting",
        "US",
        "--requested",
        "MX",
        "--state",
        "provisional_arrest",
        "--on",
        "2024-01-10",
        "--format",
        "json",
    )
    opened = json.loads(out.output)
    assert list(opened) == ["id"]
    rid = opened["id"]
    due = run("legal", "due", "--within", "14d", "--as-of", "2024-03-01", "--format", "json")
    lines = [json.loads(x) for x in due.output.splitlines()]
    assert lines == [
        {
            "request": rid,
            "state": "provisional_arrest",
            "due": "2024-03-10",
            "rule": "mx.provisional_arrest.formal_request",
        }
    ]
    assert (
        run("legal", "due", "--within", "1w", "--as-of", "2024-03-01", "--format", "json").output
        == ""
    )
    bad = run(
        "--as",
        "ext.dea",
        "legal",
        "extradition",
        "advance",
        rid,
        "habeas",
        "--on",
        "2024-02-01",
        ok=False,
    )
    assert bad.exit_code != 0
    assert "cannot move from 'provisional_arrest' to 'habeas'" in bad.output
    assert "formal_request, released_deadline" in bad.output
    early = run(
        "--as",
        "ext.dea",
        "legal",
        "extradition",
        "advance",
        rid,
        "released_deadline",
        "--on",
        "2024-03-05",
        ok=False,
    )
    assert early.exit_code != 0 and "has not passed" in early.output
    run(
        "--as",
        "ext.dea",
        "legal",
        "extradition",
        "advance",
        rid,
        "formal_request",
        "--on",
        "2024-02-20",
        "--document",
        "Nota diplomática 123",
    )
    shown = json.loads(run("legal", "extradition", "show", rid, "--format", "json").output)
    assert [h["state"] for h in shown["history"]] == ["provisional_arrest", "formal_request"]
    assert shown["history"][1]["document"] == "Nota diplomática 123"
    assert shown["history"][1]["by"] == "ext.dea"


def test_analyst_cannot_open(run) -> None:  # type: ignore[no-untyped-def]
    out = run(
        "--as",
        "ana.dea",
        "legal",
        "extradition",
        "open",
        "--person",
        "p-9",
        "--requesting",
        "US",
        "--requested",
        "MX",
        "--on",
        "2024-01-10",
        ok=False,
    )
    assert out.exit_code != 0 and "extradition officer" in out.output


def test_rules_list_their_sources(run) -> None:  # type: ignore[no-untyped-def]
    text = run("legal", "rules").output
    assert "mx.provisional_arrest.formal_request" in text and "Treaty art. 11(3)" in text
    assert "18 U.S.C. 3188" in text
    rules = [json.loads(x) for x in run("legal", "rules", "--format", "json").output.splitlines()]
    assert all(r["sources"] for r in rules)


def test_example_case_and_timeline(run) -> None:  # type: ignore[no-untyped-def]
    assert "new statements" in run("legal", "import-example").output
    case = json.loads(
        run("legal", "case", "show", "case-us-edny-09-cr-466", "--format", "json").output
    )
    assert [v["count_total"] for v in case["versions"]][-2:] == [17, 10]
    assert case["designations"][0]["id"] == "ofac-sdn-6861"
    tl = json.loads(run("legal", "timeline", "vl-guzman-loera", "--format", "json").output)
    assert {"date": "2016-01-08", "kind": "capture"}.items() <= tl["events"][
        [e["date"] for e in tl["events"]].index("2016-01-08")
    ].items()
