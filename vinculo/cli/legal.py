"""``vinculo legal``: deadlines, extradition requests, criminal cases and timelines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from vinculo import i18n
from vinculo.cli.util import CliContext, echo_json, handle_errors, pass_ctx
from vinculo.i18n import _
from vinculo.legal.dates import parse_date, parse_window
from vinculo.legal.deadline import Deadline
from vinculo.legal.example import GUZMAN_FILE, load_history, read_cases, read_version
from vinculo.legal.state import State, parse_country, parse_state
from vinculo.model.marking import Marking
from vinculo.services import legal as legal_service
from vinculo.services import legal_cases
from vinculo.services.legal_json import case_json, event_json, request_json

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
STATES = click.Choice([s.value for s in State])


def _owner_options(func: click.decorators.FC) -> click.decorators.FC:
    func = click.option("--agency", help="Owning agency (default: your own).")(func)
    func = click.option(
        "--marking", default="AMBER+STRICT", show_default=True, help="TLP level of the new facts."
    )(func)
    return click.option(
        "--release-to", "release_to", multiple=True, help="country:MX, agency:DEA or user:NAME."
    )(func)


def _day(text: str | None) -> date:
    return parse_date(text, field="on") if text else date.today()


@click.group()
def legal() -> None:
    """Indictments, extradition requests, legal deadlines and timelines."""


@legal.command()
@FORMAT
@handle_errors
def rules(fmt: str) -> None:
    """Every deadline rule with its legal source."""
    for r in legal_service.rules().rules:
        if fmt == "json":
            echo_json(
                {
                    "id": r.id,
                    "requested": r.requested,
                    "states": [s.value for s in r.states],
                    "period": {"count": r.count, "unit": r.unit.value},
                    "start": r.start.describe(),
                    "when_entered_from": [s.value for s in r.when_entered_from],
                    "calendar": r.calendar,
                    "on_expiry": r.on_expiry.value if r.on_expiry else None,
                    "action": {"en": r.action, "es": r.action_es},
                    "sources": list(r.sources),
                    "note": r.note,
                }
            )
            continue
        states = ", ".join(s.value for s in r.states)
        click.echo(f"{r.id}  [{_('requested')} {r.requested}; {states}]")
        click.echo(f"  {r.period}, {_('from')} {r.start.describe()}")
        click.echo(f"  {r.action_es if i18n.get_locale() == 'es' else r.action}")
        for src in r.sources:
            click.echo(f"  - {src}")
        if r.note:
            click.echo(f"  {_('Note')}: {r.note}")


def _deadline_line(d: Deadline, as_of: date) -> str:
    left = d.days_left(as_of)
    when = (
        _("{n} days left").format(n=left) if left >= 0 else _("lapsed {n} days ago").format(n=-left)
    )
    return f"{d.due.isoformat()}  {d.request}  {d.state.value}  {d.rule.id}  ({when})"


@legal.command()
@click.option("--within", default="14d", show_default=True, help="Window, e.g. 14d or 2w.")
@click.option("--as-of", "as_of", help="Reference date (YYYY-MM-DD), default today.")
@FORMAT
@pass_ctx
@handle_errors
def due(ctx: CliContext, within: str, as_of: str | None, fmt: str) -> None:
    """Deadlines of open requests due within the window (lapsed ones included)."""
    day = parse_date(as_of, field="as-of") if as_of else date.today()
    found = legal_service.due(ctx.store(), ctx.principal(), as_of=day, days=parse_window(within))
    for d in found:
        if fmt == "json":
            echo_json(d.record())
        else:
            click.echo(_deadline_line(d, day))
    if not found and fmt == "text":
        click.echo(_("Nothing due."), err=True)


@legal.group()
def extradition() -> None:
    """Extradition requests and their stages."""


@extradition.command("open")
@click.option("--person", required=True, help="Entity id of the person sought.")
@click.option("--requesting", required=True, type=click.Choice(["US", "MX"], case_sensitive=False))
@click.option("--requested", required=True, type=click.Choice(["US", "MX"], case_sensitive=False))
@click.option("--state", default="provisional_arrest", show_default=True, type=STATES)
@click.option("--on", "on", help="Date of the stage (YYYY-MM-DD), default today.")
@click.option("--document", help="The document behind the stage.")
@click.option("--case", "cases", multiple=True, help="Entity id of an underlying case.")
@click.option("--diplomatic-note", "notes", multiple=True, help="Diplomatic note number.")
@click.option("--title")
@_owner_options
@FORMAT
@pass_ctx
@handle_errors
def open_cmd(
    ctx: CliContext,
    person: str,
    requesting: str,
    requested: str,
    state: str,
    on: str | None,
    document: str | None,
    cases: tuple[str, ...],
    notes: tuple[str, ...],
    title: str | None,
    agency: str | None,
    marking: str,
    release_to: tuple[str, ...],
    fmt: str,
) -> None:
    """Open a request at provisional_arrest or formal_request."""
    store, principal = ctx.store(), ctx.principal()
    owner = legal_service.owner_for(principal, agency, Marking.parse(marking, list(release_to)))
    req = legal_service.open_extradition(
        store,
        principal,
        person=person,
        requesting=parse_country(requesting),
        requested=parse_country(requested),
        state=parse_state(state),
        on=_day(on),
        owner=owner,
        document=document,
        cases=cases,
        notes=notes,
        title=title,
    )
    if fmt == "json":
        echo_json({"id": req.id})
    else:
        click.echo(_("Opened {id} at {state}.").format(id=req.id, state=req.state.value))


@extradition.command()
@click.argument("request_id")
@click.argument("state", type=STATES)
@click.option("--on", "on", help="Date of the stage (YYYY-MM-DD), default today.")
@click.option("--document", help="The document behind the stage.")
@click.option("--note")
@FORMAT
@pass_ctx
@handle_errors
def advance(
    ctx: CliContext,
    request_id: str,
    state: str,
    on: str | None,
    document: str | None,
    note: str | None,
    fmt: str,
) -> None:
    """Move a request to STATE; refused (non-zero exit) when the law does not allow it."""
    req = legal_service.advance_extradition(
        ctx.store(),
        ctx.principal(),
        request_id,
        parse_state(state),
        on=_day(on),
        document=document,
        note=note,
    )
    if fmt == "json":
        echo_json(request_json(req))
    else:
        click.echo(_("{id} is now at {state}.").format(id=req.id, state=req.state.value))


@extradition.command()
@click.argument("request_id")
@FORMAT
@pass_ctx
@handle_errors
def show(ctx: CliContext, request_id: str, fmt: str) -> None:
    """A request, its history and its running deadlines."""
    page = legal_service.get_request(ctx.store(), ctx.principal(), request_id)
    r = page.request
    if fmt == "json":
        data = request_json(r)
        data["deadlines"] = [d.record() for d in page.deadlines]
        data["allowed_next"] = [s.value for s in page.allowed]
        echo_json(data)
        return
    click.echo(f"{r.title or r.id}  ({r.requesting} → {r.requested})  {r.state.value}")
    for t in r.history:
        when = t.on.isoformat() if t.on else "????-??-??"
        click.echo(f"  {when}  {t.state.value:<28} {t.by:<16} {t.document or ''}")
    for d in page.deadlines:
        click.echo("  " + _deadline_line(d, date.today()))


@extradition.command("list")
@FORMAT
@pass_ctx
@handle_errors
def list_cmd(ctx: CliContext, fmt: str) -> None:
    """Every request you may see."""
    for r in legal_service.list_requests(ctx.store(), ctx.principal()):
        if fmt == "json":
            echo_json(request_json(r))
        else:
            click.echo(f"{r.id}\t{r.requesting}->{r.requested}\t{r.state.value}\t{r.person}")


@legal.group()
def case() -> None:
    """Criminal cases, indictments and superseding versions."""


@case.command("add")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sealed-marking", help="Marking of sealed versions, e.g. 'RED rel:agency:DEA'.")
@_owner_options
@pass_ctx
@handle_errors
def case_add(
    ctx: CliContext,
    path: Path,
    sealed_marking: str | None,
    agency: str | None,
    marking: str,
    release_to: tuple[str, ...],
) -> None:
    """Record the cases of a YAML file (same format as the worked example's ``cases``)."""
    store, principal = ctx.store(), ctx.principal()
    owner = legal_service.owner_for(principal, agency, Marking.parse(marking, list(release_to)))
    sealed = Marking.parse(sealed_marking) if sealed_marking else None
    for c in read_cases(path):
        legal_cases.record_case(store, principal, c, owner, sealed_marking=sealed)
        click.echo(_("Recorded {id} ({n} versions).").format(id=c.id, n=len(c.versions)))


@case.command("supersede")
@click.argument("case_id")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_owner_options
@pass_ctx
@handle_errors
def case_supersede(
    ctx: CliContext,
    case_id: str,
    path: Path,
    agency: str | None,
    marking: str,
    release_to: tuple[str, ...],
) -> None:
    """Append the version in PATH to a case; earlier versions stay as they were."""
    store, principal = ctx.store(), ctx.principal()
    owner = legal_service.owner_for(principal, agency, Marking.parse(marking, list(release_to)))
    updated = legal_cases.supersede(store, principal, case_id, read_version(path), owner)
    diff = updated.diffs()[-1]
    click.echo(
        _("{id}: {label}; added counts {added}, dropped {dropped}.").format(
            id=case_id,
            label=updated.current.label,
            added=", ".join(diff.added_counts) or "-",
            dropped=", ".join(diff.dropped_counts) or "-",
        )
    )


@case.command("unseal")
@click.argument("version_id")
@click.option("--on", "on", help="Date unsealed (YYYY-MM-DD), default today.")
@click.option("--marking", required=True, help="Marking once unsealed, e.g. CLEAR.")
@click.option("--release-to", "release_to", multiple=True)
@pass_ctx
@handle_errors
def case_unseal(
    ctx: CliContext, version_id: str, on: str | None, marking: str, release_to: tuple[str, ...]
) -> None:
    """Release a sealed version under a wider marking (the sealed record stays)."""
    n = legal_cases.unseal(
        ctx.store(),
        ctx.principal(),
        version_id,
        on=_day(on).isoformat(),
        marking=Marking.parse(marking, list(release_to)),
    )
    click.echo(_("Unsealed {id}: {n} statements.").format(id=version_id, n=n))


@case.command("show")
@click.argument("case_id")
@FORMAT
@pass_ctx
@handle_errors
def case_show(ctx: CliContext, case_id: str, fmt: str) -> None:
    """A case: versions, counts, what changed, and the defendants' designations."""
    page = legal_cases.get_case(ctx.store(), ctx.principal(), case_id)
    if fmt == "json":
        echo_json(case_json(page))
        return
    c = page.case
    click.echo(f"{c.title or c.id}  {c.court.label} {c.case_number}")
    for v in c.versions:
        sealed = " " + _("(sealed)") if v.sealed else ""
        click.echo(f"  {v.filed or '????'}  {v.label}{sealed}: {v.total} {_('counts')}")
        for n in v.counts:
            click.echo(f"      {n.number:>4}  {', '.join(n.statutes):<30} {n.description}")
    for d in page.designations:
        click.echo(f"  {_('Designation')}: {d.caption} ({d.id})")


@legal.command()
@click.argument("entity_id")
@FORMAT
@pass_ctx
@handle_errors
def timeline(ctx: CliContext, entity_id: str, fmt: str) -> None:
    """Dated facts about a person or organization."""
    subject, dated, undated = legal_cases.timeline(ctx.store(), ctx.principal(), entity_id)
    if fmt == "json":
        echo_json(
            {
                "entity": subject.id,
                "caption": subject.caption,
                "events": [event_json(e) for e in dated],
                "undated": [event_json(e) for e in undated],
            }
        )
        return
    click.echo(subject.caption)
    for e in dated:
        click.echo(f"  {e.date:<10}  {e.kind.value:<18} {e.label}")
    for e in undated:
        click.echo(f"  {'?':<10}  {e.kind.value:<18} {e.label}")


@legal.command("import-example")
@click.option("--agency", default="PUBLIC", show_default=True, help="Owning agency of the record.")
@click.option("--path", type=click.Path(exists=True, path_type=Path), default=GUZMAN_FILE)
@pass_ctx
@handle_errors
def import_example(ctx: CliContext, agency: str, path: Path) -> None:
    """Import a sourced legal history (default: the Guzmán Loera worked example)."""
    store = ctx.store()
    legal_cases.ensure_agency(store, ctx.principal(), agency.upper())
    n = legal_cases.import_history(store, ctx.principal(), load_history(path), agency.upper())
    click.echo(_("Imported {path}: {n} new statements.").format(path=path.name, n=n))
