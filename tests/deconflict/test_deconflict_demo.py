"""The demo scenario registers targets and operations, and agencies that work the same
bosses get notices naming only the other side's contact."""

from __future__ import annotations

import pytest

from vinculo.access.principal import Principal
from vinculo.services import deconflict as service
from vinculo.store import Store


@pytest.mark.slow  # builds the shared demo store when run alone
def test_demo_agencies_collide(demo_store: Store) -> None:
    system = Principal.system()
    agencies = [a.code for a in demo_store.agencies()]
    notices = {code: service.notices(demo_store, system, code) for code in agencies}
    assert sum(len(n) for n in notices.values()) > 0
    kinds = {n.kind.value for found in notices.values() for n in found}
    assert "target" in kinds
    for code, found in notices.items():
        for n in found:
            assert n.agency == code and n.other_contact
