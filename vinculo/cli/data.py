"""Facts in and out: import, export, show, search, stats."""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

import click
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from vinculo.cli.util import CliContext, echo_json, handle_errors, is_terminal, pass_ctx
from vinculo.exc import InvalidData
from vinculo.i18n import N_, _
from vinculo.ingest.base import ImportOptions
from vinculo.ingest.importer import FORMATS, guess_format
from vinculo.model.marking import Grading, Marking
from vinculo.services import entities as entity_service
from vinculo.services.imports import import_source


def default_dataset(path: Path, fmt: str) -> str:
    if fmt == "ofac":
        return "ofac_sdn"
    return re.sub(r"[^a-z0-9_]+", "_", path.stem.lower()).strip("_") or "import"


@click.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Guessed from the path.")
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--agency", "agency_code", help="Owning agency (default: the user's, or the mapping's)."
)
@click.option("--dataset", help="Dataset name (default: from the file name).")
@click.option("--marking", default=None, help="TLP level, e.g. AMBER, AMBER+STRICT, RED.")
@click.option(
    "--release-to",
    "release_to",
    multiple=True,
    help="Releasability recipient: country:MX, agency:DEA or user:NAME.",
)
@click.option("--grading", default=None, help="Admiralty grading, e.g. B2 (?? for unknown).")
@click.option(
    "--collected",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="When the source's facts were collected (YYYY-MM-DD).",
)
@click.option("--programs", default="", help="OFAC only: comma-separated programs to keep.")
@pass_ctx
@handle_errors
def import_cmd(
    ctx: CliContext,
    path: Path,
    fmt: str | None,
    mapping: Path | None,
    agency_code: str | None,
    dataset: str | None,
    marking: str | None,
    release_to: tuple[str, ...],
    grading: str | None,
    collected: datetime | None,
    programs: str,
) -> None:
    """Import FtM JSON lines, CSV/XLSX with a mapping, or the OFAC SDN folder."""
    store, principal = ctx.store(), ctx.principal()
    fmt = fmt or guess_format(path)
    defaults: dict[str, object] = {}
    if mapping is not None:
        from vinculo.ingest.mapping import load_mapping

        defaults = load_mapping(mapping).options
    agency_code = agency_code or _str(defaults.get("agency")) or principal.agency
    if not agency_code:
        raise InvalidData(N_("give the owning agency with --agency"))
    rel = list(release_to) or [str(r) for r in defaults.get("releasability") or []]  # type: ignore[attr-defined]
    options = ImportOptions(
        format=fmt,
        agency=agency_code.upper(),
        dataset=dataset or _str(defaults.get("dataset")) or default_dataset(path, fmt),
        marking=Marking.parse(
            marking
            or _str(defaults.get("marking"))
            or ("CLEAR" if fmt == "ofac" else "AMBER+STRICT"),
            rel,
        ),
        grading=Grading.parse(grading or _str(defaults.get("grading"))),
        collected=collected.date() if collected else None,
        mapping=mapping,
        programs=tuple(p.strip() for p in programs.split(",") if p.strip()),
    )
    if is_terminal():
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TextColumn("{task.completed:,} entities"),
            TimeElapsedColumn(),
            transient=True,
        ) as bar:
            task = bar.add_task(_("Importing {path}").format(path=path.name), total=None)
            summary = import_source(
                store, principal, path, options, lambda n: bar.update(task, completed=n)
            )
    else:
        summary = import_source(store, principal, path, options)
    click.echo(
        _(
            "Imported {path} into {dataset}: {entities} entities, {statements} statements "
            "({added} new), {skipped} skipped, {rejected} rejected."
        ).format(
            path=path.name,
            dataset=summary.dataset,
            entities=summary.entities,
            statements=summary.statements,
            added=summary.added,
            skipped=summary.skipped,
            rejected=summary.rejected,
        )
    )


def _str(value: object) -> str | None:
    return str(value) if value is not None else None


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(["ftm", "csv"]), default="ftm", show_default=True
)
@click.option(
    "--unresolved",
    is_flag=True,
    help="FtM: the source entities as imported, not the canonical (merged) ones.",
)
@click.option("--schema", "schemata", multiple=True)
@click.option("--dataset", "datasets", multiple=True)
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-")
@pass_ctx
@handle_errors
def export(
    ctx: CliContext,
    fmt: str,
    unresolved: bool,
    schemata: tuple[str, ...],
    datasets: tuple[str, ...],
    output: TextIO,
) -> None:
    """Export what the principal may see: canonical FtM entities with their referents, the
    source entities as imported (--unresolved), or CSV statements with their provenance."""
    lines = entity_service.export_lines(
        ctx.store(),
        ctx.principal(),
        fmt,
        unresolved=unresolved,
        schemata=schemata or None,
        datasets=datasets or None,
    )
    for line in lines:
        output.write(line)


@click.command()
@click.argument("entity_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
@handle_errors
def show(ctx: CliContext, entity_id: str, fmt: str) -> None:
    """Show an entity, every statement with its provenance."""
    page = entity_service.show(ctx.store(), ctx.principal(), entity_id)
    ent = page.entity
    if fmt == "json":
        data = ent.to_ftm()
        data["statements"] = [
            {
                "prop": s.prop,
                "value": s.value,
                "dataset": s.dataset,
                "agency": s.agency,
                "marking": str(s.marking),
                "grading": str(s.grading),
                "source_record": s.source_record,
                "retracted": s.retracted,
            }
            for s in ent.statements
        ]
        echo_json(data)
        return
    click.echo(f"{ent.caption}  [{ent.schema}]  {ent.id}")
    for s in ent.statements:
        if s.prop == "id":
            continue
        flag = " " + _("(retracted)") if s.retracted else ""
        click.echo(
            f"  {s.prop:<16} {s.value:<40} {s.agency:<8} {s.grading!s:<3} "
            f"{s.marking!s:<14} {s.source_record or ''}{flag}"
        )
    for other in page.referencing:
        click.echo(f"  <- {other.schema}: {other.caption} ({other.id})")


@click.command()
@click.argument("text")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--schema", "schemata", multiple=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
@handle_errors
def search(ctx: CliContext, text: str, limit: int, schemata: tuple[str, ...], fmt: str) -> None:
    """Find entities whose names contain every word of TEXT."""
    results = entity_service.search(
        ctx.store(), ctx.principal(), text, limit=limit, schemata=schemata or None
    )
    for ent in results:
        if fmt == "json":
            echo_json(
                {
                    "id": ent.id,
                    "schema": ent.schema,
                    "caption": ent.caption,
                    "agencies": ent.agencies,
                }
            )
        else:
            click.echo(f"{ent.id}\t{ent.schema}\t{ent.caption}\t{','.join(ent.agencies)}")
    if not results and fmt == "text":
        click.echo(_("No matches."), err=True)


@click.command()
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
@handle_errors
def stats(ctx: CliContext, as_json: bool) -> None:
    """Count the entities and statements the principal may see."""
    data = entity_service.stats(ctx.store(), ctx.principal())
    if as_json:
        echo_json(data)
        return
    click.echo(_("Entities: {n}").format(n=data["entities"]))
    click.echo(_("Statements: {n}").format(n=data["statements"]))
    for name, n in data["schemata"].items():
        click.echo(f"  {name}: {n}")
    sys.stdout.flush()


@click.command()
@click.argument("statement_id")
@click.option("--reason", required=True, help="Why the statement is withdrawn.")
@pass_ctx
@handle_errors
def retract(ctx: CliContext, statement_id: str, reason: str) -> None:
    """Retract a statement of your agency (it is kept, flagged, with who and why)."""
    entity_service.retract(ctx.store(), ctx.principal(), statement_id, reason)
    click.echo(_("Statement {id} retracted.").format(id=statement_id))
