"""`vinculo match-pairs` and `vinculo screen`: thin adapters over `vinculo.services.screening`."""

from __future__ import annotations

import json
import sys
from typing import IO, Any

import click

from vinculo.cli.util import CliContext, echo_json, handle_errors, pass_ctx
from vinculo.exc import InvalidData
from vinculo.i18n import N_, _
from vinculo.services import screening


@click.command("match-pairs")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@handle_errors
def match_pairs(file: IO[str]) -> None:
    """Score JSON lines {"id","a","b"} of FtM entities (FILE or - for stdin).

    Prints {"id","score","explanation"} per line, in the input order.
    """
    source = "-" if file is sys.stdin or file.name == "<stdin>" else file.name
    for result in screening.match_pairs(file, source=source):
        echo_json(result)


def _queries(
    name: str | None, birth_date: str | None, schema: str, file: IO[str] | None
) -> list[dict[str, Any]]:
    if file is None:
        if not name:
            raise InvalidData.at(N_("give a NAME or --file"), field="name")
        return [screening.parse_query({"name": name, "birth_date": birth_date, "schema": schema})]
    source = file.name
    queries = []
    for number, line in enumerate(file, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidData.at(
                N_("not JSON: {error}"), file=source, line=number, error=exc.msg
            ) from None
        if not isinstance(record, dict):
            raise InvalidData.at(N_("expected a JSON object"), file=source, line=number)
        queries.append(screening.parse_query(record, source, number))
    return queries


@click.command()
@click.argument("name", required=False)
@click.option("--birth-date", help="Birth date of the person sought (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option(
    "--schema", default="Person", show_default=True, type=click.Choice(screening.SCREEN_SCHEMATA)
)
@click.option("--top", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option(
    "--file",
    type=click.File("r", encoding="utf-8"),
    help='JSON lines of queries {"name", "birth_date"} or FtM entities (batch screening).',
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_ctx
@handle_errors
def screen(
    ctx: CliContext,
    name: str | None,
    birth_date: str | None,
    schema: str,
    top: int,
    min_score: float,
    file: IO[str] | None,
    fmt: str,
) -> None:
    """Who is NAME? Ranked candidates, with scores and reasons, among what you may see."""
    queries = _queries(name, birth_date, schema, file)
    results = screening.screen(ctx.store(), ctx.principal(), queries, top=top, min_score=min_score)
    for query, hits in zip(queries, results, strict=True):
        label = (query["properties"].get("name") or [""])[0]
        if fmt == "json":
            echo_json({"query": query["properties"], "results": [h.to_dict() for h in hits]})
            continue
        click.echo(_("Screening: {name}").format(name=label))
        if not hits:
            click.echo("  " + _("No candidates."))
        for hit in hits:
            click.echo(f"  {hit.score:.3f}  {hit.entity_id}  {hit.schema}  {hit.caption}")
            reasons = [_(f["text"]) for f in hit.explanation["features"] if f["contribution"]][:4]
            if reasons:
                click.echo("         " + "; ".join(reasons))
