"""The demo store: generated scenario, OFAC extract, demo users, and each capability's part.

Capabilities that need demo data of their own (legal proceedings, deconfliction
registrations, resolution) append a step to `DEMO_STEPS`; each step gets the
store and the generated manifest and must be idempotent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from vinculo.access.principal import Principal, Role
from vinculo.demo import Manifest, generate
from vinculo.ingest.base import ImportOptions
from vinculo.model.marking import Grading, Marking
from vinculo.services import access
from vinculo.services.imports import import_source
from vinculo.store import Store, reader

OFAC_EXTRACT = Path(__file__).resolve().parent.parent / "ingest" / "data" / "ofac_narcotics"
DEMO_PASSWORD = "vinculo-demo"  # noqa: S105 - a published demo credential, nothing else
Echo = Callable[[str], None]
DemoStep = Callable[[Store, Manifest, Echo], None]

#: Extra steps other capabilities add (e.g. the legal worked example).
DEMO_STEPS: list[DemoStep] = []


@dataclass
class DemoResult:
    entities: int
    statements: int
    password: str = DEMO_PASSWORD
    users: list[tuple[str, str, list[str]]] = field(default_factory=list)


def reset_sqlite(database_url: str) -> None:
    """Remove an SQLite demo store (and its WAL files); never touches PostgreSQL."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return
    for suffix in ("", "-wal", "-shm"):
        Path(url.database + suffix).unlink(missing_ok=True)


def demo_users(manifest: Manifest) -> list[tuple[str, str, frozenset[Role]]]:
    """One analyst per agency, and supervisors, auditors, administrators, extradition officers."""
    codes = {a.code for a in manifest.agencies}
    users = [
        (f"analyst.{a.code.lower()}", a.code, frozenset({Role.ANALYST})) for a in manifest.agencies
    ]
    extra = [
        ("admin", "DEA", {Role.SYSTEM_ADMIN, Role.ANALYST}),
        ("admin.fgr", "FGR", {Role.AGENCY_ADMIN}),
        ("supervisor.dea", "DEA", {Role.SUPERVISOR, Role.ANALYST}),
        ("supervisor.fgr", "FGR", {Role.SUPERVISOR, Role.ANALYST}),
        ("extradition.fgr", "FGR", {Role.EXTRADITION_OFFICER, Role.ANALYST}),
        ("extradition.dea", "DEA", {Role.EXTRADITION_OFFICER, Role.ANALYST}),
        ("auditor.fgr", "FGR", {Role.AUDITOR}),
        ("auditor.dea", "DEA", {Role.AUDITOR}),
    ]
    users += [(u, a, frozenset(r)) for u, a, r in extra if a in codes]
    return users


def build(
    store: Store,
    out_dir: Path,
    *,
    people: int = 2000,
    seed: int = 7,
    ofac: bool = True,
    echo: Echo = print,
) -> DemoResult:
    system = Principal.system()
    store.upgrade()
    echo(f"Generating the scenario ({people} people, seed {seed}) in {out_dir} ...")
    manifest = generate(out_dir / "scenario", people=people, seed=seed)
    for info in manifest.agencies:
        if store.get_agency(info.code) is None:
            access.add_agency(store, system, info.code, info.country, info.name)
    for ds in manifest.datasets:
        options = ImportOptions(
            format="ftm",
            agency=ds.agency,
            dataset=ds.name,
            title=ds.title,
            marking=Marking.parse(ds.marking, list(ds.releasability)),
            grading=Grading.parse(ds.grading),
        )
        summary = import_source(store, system, ds.path, options)
        echo(
            f"  {ds.agency:<7} {ds.name:<22} {summary.entities:>7} entities "
            f"{summary.added:>8} new statements"
        )
    if ofac:
        if store.get_agency("OFAC") is None:
            access.add_agency(
                store, system, "OFAC", "US", "Office of Foreign Assets Control (U.S. Treasury)"
            )
        summary = import_source(
            store,
            system,
            OFAC_EXTRACT,
            ImportOptions(
                format="ofac",
                agency="OFAC",
                dataset="ofac_sdn",
                title="OFAC SDN list, narcotics programs (public)",
                marking=Marking.parse("CLEAR"),
                grading=Grading.parse("A1"),
            ),
        )
        echo(
            f"  {'OFAC':<7} {'ofac_sdn':<22} {summary.entities:>7} entities "
            f"{summary.added:>8} new statements"
        )
    result = DemoResult(0, 0)
    for username, agency, roles in demo_users(manifest):
        if store.get_user(username) is None:
            access.add_user(store, system, username, agency, DEMO_PASSWORD, roles)
        result.users.append((username, agency, sorted(roles)))
    for step in DEMO_STEPS:
        step(store, manifest, echo)
    stats = reader.stats(store, system)
    result.entities, result.statements = stats["entities"], stats["statements"]
    return result


from vinculo.services import legal_demo  # noqa: E402

DEMO_STEPS.append(legal_demo.demo_step)

from vinculo.services import deconflict_demo  # noqa: E402

DEMO_STEPS.append(deconflict_demo.demo_step)


def xref_step(store: Store, manifest: Manifest, echo: Echo) -> None:
    """Resolve the demo's identities, so the review queue and merged views have content."""
    from vinculo.exc import InvalidData
    from vinculo.services import resolution

    try:
        result = resolution.run_xref(store, Principal.system())
    except InvalidData as exc:
        echo(f"          xref skipped: {exc.message}")
        return
    echo(
        f"          xref {result.compared_pairs:>10} pairs, {result.auto_linked} linked, "
        f"{result.queued} to review"
    )


DEMO_STEPS.append(xref_step)
