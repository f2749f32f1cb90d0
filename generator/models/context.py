"""What validation of one file needs to know about the rest of the data."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import NamedTuple

from generator.formats import name_words


class CommuneRef(NamedTuple):
    # Tuples: tens of thousands are made at each run, and dataclasses are slower to create.
    code: str
    nom: str
    departement: str
    population: int
    actuelle: bool
    chef_lieu: str | None = None
    region: str = ""


class EpciRef(NamedTuple):
    siren: str
    nom: str
    membres: tuple[str, ...]


@dataclass
class Referentiel:
    """The official list of communes and EPCI (Code officiel géographique), when configured."""

    communes: dict[str, CommuneRef] = field(default_factory=dict)
    epci: dict[str, EpciRef] = field(default_factory=dict)
    source: str = ""
    departements: dict[str, str] = field(default_factory=dict)
    """Names of the départements by code, when departements.json is there."""

    def named(self, name: str, current: bool = True) -> list[CommuneRef]:
        """The current communes of that name (case, accents, hyphens and apostrophes aside),
        or the former ones (`current=False`)."""
        return [c for c in self._names.get(name_words(name), []) if c.actuelle == current]

    @functools.cached_property
    def _names(self) -> dict[str, list[CommuneRef]]:
        # Made the first time a name is looked up: only for a message.
        names: dict[str, list[CommuneRef]] = {}
        for commune in self.communes.values():
            names.setdefault(name_words(commune.nom), []).append(commune)
        return names

    def current_code(self, code: str) -> str | None:
        """The code of the current commune a former one was merged into, if any."""
        ref = self.communes.get(code)
        return ref.chef_lieu if ref and not ref.actuelle else None


@dataclass
class ValidationContext:
    """Identifiers declared elsewhere in the data, so references can be checked in place.

    `None` means unknown: the file that declares them could not be read or is malformed. Its own
    errors are reported, and references to it are not checked, rather than all reported wrong."""

    funders: dict[str, tuple[str, ...]] | None = None
    contract_types: set[str] | None = None
    territory_epci: set[str] | None = None
    strategy_ids: set[str] | None = None
    contracts: dict[str, set[str] | None] = field(default_factory=dict)
    projects: set[str] = field(default_factory=set)
    referentiel: Referentiel | None = None
    site_news: bool = False
    """Validating the site's own news: projects and contracts are cited with their territory."""
    territory: str | None = None
    """The folder of the territory whose files are validated."""
    territories: set[str] | None = None
    """Every territory folder of the site (a contract is shared with some of them)."""
    frameworks: set[str] | None = None
    """The site's contract frameworks (`contrats-cadres/`), which a territory's contract can
    be a part of."""
