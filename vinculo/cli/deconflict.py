"""`vinculo deconflict ...` and `vinculo blind ...`: adapters over `vinculo.services.deconflict`.

`vinculo blind` runs on the agency's side with the community key and needs no
store: it turns FtM JSON lines into token lines that `register --blind` takes.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import IO

import click

from vinculo.cli.util import CliContext, echo_json, handle_errors, pass_ctx
from vinculo.deconflict.blind import CommunityKey, encode_entity, key_file_text, load_key_file
from vinculo.deconflict.model import EventKind
from vinculo.exc import InvalidData
from vinculo.i18n import N_, _
from vinculo.services import deconflict as service


def _open(path: str) -> IO[str]:
    if path == "-":
        return sys.stdin
    try:
        return open(path, encoding="utf-8")  # closed by the caller
    except OSError as exc:
        raise InvalidData.at(N_("cannot read: {error}"), file=path, error=exc.strerror) from None


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidData.at(
            N_("{value!r} is not a date (YYYY-MM-DD)"), field=name, value=value
        ) from None


def _moment(value: str, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidData.at(
            N_("{value!r} is not an ISO date-time"), field=name, value=value
        ) from None
    if moment.tzinfo is None:
        raise InvalidData.at(
            N_("{value!r} needs a time zone (e.g. Z or -07:00)"), field=name, value=value
        )
    return moment


@click.group()
def deconflict() -> None:
    """Register targets and operations; read and acknowledge conflict notices."""


@deconflict.command("register")
@click.argument("file")
@click.option("--agency", required=True, help="Agency code registering the targets.")
@click.option("--case", "case", required=True, help="Your case reference.")
@click.option("--contact", required=True, help="Whom the other agency should call.")
@click.option("--expires", help="Last day the registration matches (YYYY-MM-DD).")
@click.option("--blind", is_flag=True, help="FILE holds token lines from `vinculo blind encode`.")
@pass_ctx
@handle_errors
def register(
    ctx: CliContext, file: str, agency: str, case: str, contact: str, expires: str | None,
    blind: bool,
) -> None:  # fmt: skip
    """Register the targets in FILE (FtM JSON lines, or token lines with --blind).

    Prints one JSON line per registered target: its id and the notices it raised.
    """
    stream = _open(file)
    try:
        records = list(service.read_json_lines(stream, file))
    finally:
        if stream is not sys.stdin:
            stream.close()
    specs = service.parse_specs(records, blind=blind, where=file)
    done = service.register_targets(
        ctx.store(), ctx.principal(), specs, agency=agency, case=case, contact=contact,
        expires=_date(expires, "expires"),
    )  # fmt: skip
    for item in done:
        echo_json(item.to_json())


@deconflict.command("register-event")
@click.option("--agency", required=True)
@click.option("--case", "case", required=True)
@click.option("--contact", required=True)
@click.option("--kind", required=True, type=click.Choice([k.value for k in EventKind]))
@click.option("--lat", required=True, type=float)
@click.option("--lon", required=True, type=float)
@click.option("--radius-m", required=True, type=float)
@click.option("--start", required=True, help="ISO date-time with time zone.")
@click.option("--end", required=True, help="ISO date-time with time zone.")
@click.option("--expires", help="Last day the registration matches (YYYY-MM-DD).")
@pass_ctx
@handle_errors
def register_event(
    ctx: CliContext, agency: str, case: str, contact: str, kind: str, lat: float, lon: float,
    radius_m: float, start: str, end: str, expires: str | None,
) -> None:  # fmt: skip
    """Register a planned operation (place, radius, time window); prints its id and notices."""
    done = service.register_event(
        ctx.store(), ctx.principal(), agency=agency, case=case, contact=contact, kind=kind,
        lat=lat, lon=lon, radius_m=radius_m, start=_moment(start, "start"),
        end=_moment(end, "end"), expires=_date(expires, "expires"),
    )  # fmt: skip
    echo_json(done.to_json())


@deconflict.command("notices")
@click.option("--agency", required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="text")
@pass_ctx
@handle_errors
def notices(ctx: CliContext, agency: str, fmt: str) -> None:
    """The agency's conflict notices."""
    found = service.notices(ctx.store(), ctx.principal(), agency)
    for notice in found:
        if fmt == "json":
            echo_json(notice.to_json())
        else:
            state = _("acknowledged") if notice.acknowledged else _("open")
            click.echo(
                _("{id}  {kind}/{match}  score {score:.2f}  case {case}  call {contact}  [{state}]")
                .format(id=notice.id, kind=notice.kind.value, match=notice.match.value,
                        score=notice.score, case=notice.own_case,
                        contact=notice.other_contact, state=state)
            )  # fmt: skip
    if fmt == "text" and not found:
        click.echo(_("No notices."))


@deconflict.command("ack")
@click.argument("notice_id")
@click.option("--agency", required=True)
@pass_ctx
@handle_errors
def ack(ctx: CliContext, notice_id: str, agency: str) -> None:
    """Acknowledge one of the agency's notices."""
    notice = service.acknowledge(ctx.store(), ctx.principal(), notice_id, agency)
    echo_json(notice.to_json())


@click.group()
def blind() -> None:
    """Agency-side blind-mode tools: the community key never leaves the agency."""


@blind.command("encode")
@click.argument("file")
@click.option("--key-file", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--key-id", help="Key to use (default: the one marked current).")
@click.option("-o", "--output", default="-", help="Where to write token lines (default stdout).")
@handle_errors
def encode(file: str, key_file: str, key_id: str | None, output: str) -> None:
    """Turn FtM JSON lines into token lines for `vinculo deconflict register --blind`."""
    key = load_key_file(key_file, key_id)
    stream = _open(file)
    out = click.open_file(output, "w", encoding="utf-8")
    try:
        for number, data in service.read_json_lines(stream, file):
            try:
                line = encode_entity(key, data)
            except InvalidData as exc:
                field = exc.errors[0].field if exc.errors else None
                raise InvalidData.at(exc.text, file=file, line=number, field=field) from None
            out.write(json.dumps(line, separators=(",", ":")) + "\n")
    finally:
        if stream is not sys.stdin:
            stream.close()
        out.close()


@blind.command("keygen")
@click.argument("key_file", type=click.Path(dir_okay=False))
@click.option("--key-id", required=True, help="Name of the new key generation (e.g. 2025b).")
@handle_errors
def keygen(key_file: str, key_id: str) -> None:
    """Create (or add to) a community key file; the new key becomes the current one."""
    path = Path(key_file)
    keys: list[CommunityKey] = []
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = [load_key_file(path, e["id"]) for e in data.get("keys", [])]
        if any(k.key_id == key_id for k in keys):
            raise InvalidData.at(N_("key {key_id!r} exists already"), file=key_file, key_id=key_id)
    keys.append(CommunityKey.generate(key_id))
    path.write_text(key_file_text(keys, current=key_id), encoding="utf-8")
    path.chmod(0o600)
    click.echo(_("Key {key_id} written to {path}; share it with the agencies only.").format(
        key_id=key_id, path=key_file))  # fmt: skip
