"""The demo's deconfliction step: register each agency's targets and planned operations.

The demo generator writes ``targets.jsonl`` and ``operations.jsonl`` (agencies
working the same bosses, some operations on the same street the same week);
registering them fills every agency's inbox with real-looking notices.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from vinculo.access.principal import Principal
from vinculo.deconflict.extract import target_from_entity
from vinculo.demo.manifest import Manifest
from vinculo.exc import InvalidData
from vinculo.services import deconflict as service
from vinculo.store import Store
from vinculo.store.deconflict_tables import deconflict_registration

#: The generator's operation names (EN/ES) and the event kinds they are.
OPERATION_KINDS = {
    "search warrant": "raid", "cateo": "raid", "operativo": "raid",
    "arrest warrant": "arrest", "orden de aprehensión": "arrest",
    "surveillance": "surveillance", "vigilancia": "surveillance",
    "controlled delivery": "controlled_delivery", "entrega vigilada": "controlled_delivery",
    "buy-bust": "undercover_meeting",
}  # fmt: skip

_SCHEMA = {
    "person": ("Person", "name"),
    "phone": ("Phone", "number"),
    "address": ("Address", "full"),
    "vehicle": ("Vehicle", "registrationNumber"),
    "account": ("BankAccount", "accountNumber"),
}


def _lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _contact(case: dict[str, Any]) -> str:
    c = case.get("contact") or {}
    return " ".join(str(c[k]) for k in ("name", "phone", "email") if c.get(k))


def demo_step(store: Store, manifest: Manifest, echo: Callable[[str], None]) -> None:
    with store.connect() as conn:
        if conn.execute(select(func.count()).select_from(deconflict_registration)).scalar():
            return  # idempotent: the demo store has its registrations already
    system = Principal.system()
    cases = {(c["agency"], c["id"]): c for c in _lines(manifest.cases)}
    by_case: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for t in _lines(manifest.targets):
        by_case[(t["agency"], t["case"])].append(t)
    targets = notices = 0
    for (agency, case_id), items in by_case.items():
        specs = []
        for t in items:
            schema, prop = _SCHEMA[t["kind"]]
            country = ["mx"] if schema == "Vehicle" else []
            props = {prop: [t["value"]], **({"country": country} if country else {})}
            try:
                specs.append(
                    target_from_entity({"id": t["id"], "schema": schema, "properties": props})
                )
            except InvalidData:
                continue  # a value the generator rendered unreadable, as happens in real files
        if not specs:
            continue
        contact = _contact(cases.get((agency, case_id), {})) or agency
        done = service.register_targets(
            store, system, specs, agency=agency, case=case_id, contact=contact
        )
        targets += len(done)
        notices += sum(len(r.notices) for r in done)
    events = 0
    for op in _lines(manifest.operations):
        done_event = service.register_event(
            store, system, agency=op["agency"], case=op["case"],
            contact=_contact(cases.get((op["agency"], op["case"]), {})) or op["agency"],
            kind=OPERATION_KINDS.get(op["kind"], "raid"), lat=op["lat"], lon=op["lon"],
            radius_m=op["radius"], start=datetime.fromisoformat(op["start"].replace("Z", "+00:00")),
            end=datetime.fromisoformat(op["end"].replace("Z", "+00:00")),
        )  # fmt: skip
        events += 1
        notices += len(done_event.notices)
    echo(f"  {'':<7} {'deconfliction':<22} {targets:>7} targets, {events} operations, "
         f"{notices} conflicts")  # fmt: skip
