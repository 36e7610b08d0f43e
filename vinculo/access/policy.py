"""The marking rule in Python, for objects already in memory.

`vinculo.store.visibility` applies the same rule in SQL; a property-based
test checks that the two agree.
"""

from __future__ import annotations

from vinculo.access.principal import Principal
from vinculo.model.marking import TLP, Marking


def may_see(principal: Principal, owner_agency: str, marking: Marking) -> bool:
    if principal.is_system:
        return True
    if principal.agency is not None and owner_agency == principal.agency:
        return True
    if marking.tlp in (TLP.CLEAR, TLP.GREEN):
        return principal.agency is not None
    if marking.tlp is TLP.AMBER:
        return bool(marking.releasable_to & principal.recipients)
    if marking.tlp is TLP.RED:
        named = {r for r in marking.releasable_to if not r.startswith("country:")}
        return bool(named & principal.recipients)
    return False  # AMBER+STRICT of another agency
