"""Which communes a contract covers: a domain rule used by validation, the catalog and maps."""

from __future__ import annotations

from generator.models.context import EpciRef
from generator.models.contrat import Contrat
from generator.models.territoire import Territoire

RefEpci = dict[str, EpciRef]


def perimeter_communes(territoire: Territoire, contract: Contrat, ref_epci: RefEpci) -> set[str]:
    """Codes of the communes a contract covers (EPCI outside the territory via the COG)."""
    own = {c.code for c in territoire.all_communes()}
    members = {e.siren: {c.code for c in e.communes} for e in territoire.epci}
    found = set(contract.perimetre.communes) | (own if contract.perimetre.tout else set())
    for siren in contract.perimetre.epci:
        if siren in members:
            found |= members[siren]
        elif siren in ref_epci:
            found |= set(ref_epci[siren].membres)
    return found
