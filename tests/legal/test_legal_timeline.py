from datetime import date

from tests.factories import extradition_request, walk
from vinculo.legal.indictment import Count, Court, CriminalCase, IndictmentVersion
from vinculo.legal.state import State
from vinculo.legal.timeline import EventKind, TimelineEvent, build_timeline


def test_timeline_merges_events_cases_and_requests_in_date_order() -> None:
    events = [
        TimelineEvent("2015-07-11", EventKind.ESCAPE, "Escape", ("p", "org")),
        TimelineEvent("1993", EventKind.CAPTURE, "Capture", ("p",)),
        TimelineEvent(None, EventKind.DESIGNATION, "OFAC SDNTK", ("p",)),
        TimelineEvent("2020", EventKind.CAPTURE, "Someone else", ("q",)),
    ]
    case = CriminalCase(
        "c",
        Court("US", "W.D. Texas court", "W.D. Tex."),
        "EP-12-CR",
        (
            IndictmentVersion(
                "Indictment",
                "original",
                "2012-04-11",
                (Count("1", "RICO", defendants=("p",)),),
                sealed=True,
                unsealed="2012-04-24",
            ),
        ),
    )
    opened = extradition_request(
        id="r", person="p", state=State.FORMAL_REQUEST, on=date(2016, 1, 10)
    )
    req = walk(opened, [(State.OBJECTIONS, date(2016, 1, 10))])
    dated, undated = build_timeline(["p"], events=events, cases=[case], requests=[req])
    assert [(e.date, e.kind.value) for e in dated] == [
        ("1993", "capture"),
        ("2012-04-11", "indictment"),
        ("2012-04-24", "unsealed"),
        ("2015-07-11", "escape"),
        ("2016-01-10", "extradition_stage"),
        ("2016-01-10", "extradition_stage"),
    ]
    assert [e.label for e in dated[-2:]] == ["r: formal_request", "r: objections"]
    assert [e.label for e in undated] == ["OFAC SDNTK"]
    org, _ = build_timeline(["org"], events=events, cases=[case], requests=[req])
    assert [e.label for e in org] == ["Escape"]
