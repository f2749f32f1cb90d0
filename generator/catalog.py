"""Catalog stage: cross-references resolved both ways, and the roll-ups pages show.

Conventions (also stated on the site):
- only published projects count; abandoned ones appear in listings and in the count by status,
  but not in the money roll-ups;
- funding counts the lines `accorde` and `verse`; `sollicite` lines are summed apart;
- a project linked to several strategy elements, contracts or communes counts fully in each,
  so the parts may add up to more than the territory's total, which counts each project once.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from generator.formats import french_key, french_sorted
from generator.issues import Issue
from generator.labels import departement_label
from generator.models.common import Element
from generator.models.context import Referentiel
from generator.models.contrat import Contrat, Enveloppe
from generator.models.fields import (
    ABOUT,
    AT_LEAST,
    Approx,
    PartialDate,
    first_day,
    fold,
    last_day,
    slugify,
)
from generator.models.projet import Financement, Projet
from generator.news import NewsCatalog, build_news
from generator.perimeters import perimeter_communes
from generator.validate.dataset import Dataset, TerritoryData

ZERO = Decimal(0)
HUNDRED = Decimal(100)
K = TypeVar("K")
GRANTED = {"accorde", "verse"}


def _qualifier(*values: Decimal | None) -> str | None:
    """How approximate a result is: « au moins » when every approximate operand is a lower
    bound added up, « environ » as soon as one is « environ »; None when all are exact."""
    # Only an Approx has a qualifier; testing the type is much faster than looking for the
    # attribute on each of the half-million plain amounts a national catalog adds up.
    found = {v.qualifier for v in values if isinstance(v, Approx) and v.qualifier}
    return None if not found else AT_LEAST if found == {AT_LEAST} else ABOUT


def total(values: Iterable[Decimal]) -> Decimal:
    """A sum of amounts that stays approximate when one of them is (« au moins 21 000 € »)."""
    values = list(values)
    result = sum(values, ZERO)
    approximate = [v for v in values if isinstance(v, Approx)]  # most sums have none
    qualifier = _qualifier(*approximate) if approximate else None
    return Approx(result, qualifier) if qualifier else result


def difference(first: Decimal, *others: Decimal) -> Decimal:
    """`first` minus the others; about as exact as its least exact operand."""
    result = first - sum(others, ZERO)
    return Approx(result, ABOUT) if _qualifier(first, *others) else result


def percent(part: Decimal, whole: Decimal | None) -> Decimal | None:
    """`part` as a percentage of `whole`; None when the whole is unknown or zero. Every share
    shown on the site or exported is computed here, never in a template."""
    if whole is None or whole == 0:
        return None
    share = part * HUNDRED / whole
    return Approx(share, ABOUT) if _qualifier(part, whole) else share


EU_SCHEMES = ("feder", "feader", "fse", "leader", "ftj", "interreg", "feamp", "feampa")


@dataclass(frozen=True)
class Publicity:
    """What a funder's rules ask a funded project's page to show: its name and logo, its
    required mention; for European funds, the EU emblem and « Cofinancé par l'Union
    européenne »; for LEADER, the FEADER mention and link."""

    funder: str
    name: str
    logo: str | None
    mention: str | None
    european: bool
    leader: bool


def publicity(lines: Iterable[Financement], dataset: Dataset) -> list[Publicity]:
    """One entry per funder of the granted or paid lines, in the plan's order."""
    found: dict[str, Publicity] = {}
    for line in lines:
        if line.statut not in GRANTED:
            continue
        funder = dataset.financeurs[line.financeur]
        scheme = fold(line.dispositif or "")
        european = funder.type == "union-europeenne" or any(s in scheme for s in EU_SCHEMES)
        leader = "leader" in scheme or "leader" in fold(funder.nom)
        known = found.get(funder.id)
        found[funder.id] = Publicity(
            funder.id, funder.nom, funder.logo, funder.mention_obligatoire,
            european or bool(known and known.european), leader or bool(known and known.leader))
    return list(found.values())


@dataclass(frozen=True)
class ProjectEntry:
    """A published project with the figures derived from it."""

    slug: str
    territory: str
    projet: Projet
    year: int | None
    funding: Decimal
    requested: Decimal
    by_funder: dict[str, Decimal]
    public_funding: Decimal
    themes: tuple[str, ...] = ()
    publicity: tuple[Publicity, ...] = ()

    @property
    def cost(self) -> Decimal | None:
        """The total cost, None when unknown: an unknown is never a zero."""
        return self.projet.cout_total

    @property
    def cost_cents(self) -> int | None:
        """The cost in cents, for the listing's script, which adds without float errors."""
        return None if self.cost is None else int(self.cost * 100)

    @property
    def funding_cents(self) -> int:
        return int(self.funding * 100)

    @property
    def self_funding(self) -> Decimal | None:
        """Autofinancement, only as the data states it: never deduced from the other lines."""
        return self.projet.autofinancement

    @property
    def self_funding_share(self) -> Decimal | None:
        funding = self.self_funding
        return None if funding is None else percent(funding, self.projet.cout_total)

    @property
    def unexplained(self) -> Decimal | None:
        """The part of the cost no line and no stated autofinancement explains: « reste à
        financer ou non communiqué ». None when the cost is unknown."""
        cost = self.projet.cout_total
        if cost is None:
            return None
        return difference(cost, self.funding, self.requested, self.self_funding or ZERO)

    @property
    def unexplained_share(self) -> Decimal | None:
        rest = self.unexplained
        return None if rest is None else percent(rest, self.projet.cout_total)

    @property
    def uncovered(self) -> Decimal | None:
        """Reste à financer: the cost not yet covered by a granted (or paid) line. Requested
        lines are not counted: they may still be refused."""
        cost = self.projet.cout_total
        return None if cost is None else difference(cost, self.funding)

    @property
    def line_shares(self) -> tuple[Decimal | None, ...]:
        """Each funding line's share of the total cost (amount ÷ cost): they add up, with the
        autofinancement and the rest, to exactly 100 %. A declared rate is another figure,
        on another base (`line_rates`)."""
        cost = self.projet.cout_total
        return tuple(percent(line.montant, cost) for line in self.projet.financements)

    def rate_base(self, line: Financement) -> Decimal | None:
        """The expense a funder's rate applies to: the line's own base, else the project's
        eligible expense, else its total cost."""
        return line.assiette or self.projet.depense_eligible or self.projet.cout_total

    @property
    def line_rates(self) -> tuple[Decimal | None, ...]:
        """Each line's rate on its base (amount ÷ base), to set beside a declared rate."""
        return tuple(percent(line.montant, self.rate_base(line)) for line in self.projet.financements)

    @property
    def counts(self) -> bool:
        return self.projet.statut != "abandonne"

    @property
    def timeline(self) -> list[Step]:
        """Start, milestones and end in date order (a milestone may precede the start)."""
        p = self.projet
        steps = [Step(p.dates.debut, 0, "début du projet")] if p.dates.debut else []
        steps += [Step(j.date, 1, j.titre, j.description) for j in p.jalons]
        if p.dates.fin:
            steps.append(Step(p.dates.fin, 2, "fin du projet" if p.statut == "realise"
                              else "fin prévue"))
        # An end known only to the year or month sorts at its last day: after what it contains.
        return sorted(steps, key=lambda s: (last_day(s.date) if s.order == 2 else first_day(s.date),
                                            s.order))


@dataclass(frozen=True)
class Step:
    date: dt.date
    order: int
    titre: str
    description: str | None = None


@dataclass
class Rollup:
    projects: list[str] = field(default_factory=list)
    cost: Decimal = ZERO
    """The sum of the costs that are known: `cost_known` projects of `count`."""
    cost_known: int = 0
    plan_known: int = 0
    """Projects with at least one funding line: the others' funding is unknown, not zero."""
    funding: Decimal = ZERO
    public_funding: Decimal = ZERO
    requested: Decimal = ZERO
    by_funder: dict[str, Decimal] = field(default_factory=dict)
    abandoned: list[str] = field(default_factory=list)
    """Published projects that were abandoned: listed, but outside every figure above."""

    @property
    def count(self) -> int:
        return len(self.projects)

    @property
    def cost_complete(self) -> bool:
        return self.cost_known == self.count

    @property
    def funder_shares(self) -> dict[str, Decimal | None]:
        """Each funder's share of the granted funding."""
        return {funder: percent(amount, self.funding) for funder, amount in self.by_funder.items()}


@dataclass(frozen=True)
class SchemeTotal:
    """What one funder's scheme brought to the territory's projects."""

    projects: list[str]
    granted: Decimal
    requested: Decimal


@dataclass(frozen=True)
class EnvelopeUse:
    """A contract envelope and what its funder did for the contract's published projects (the
    abandoned ones aside): requested, granted (paid included), and paid."""

    envelope: Enveloppe
    used: Decimal
    """Granted, paid included."""
    share: Decimal | None
    requested: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def paid_share(self) -> Decimal | None:
        return percent(self.paid, self.envelope.montant)

    @property
    def requested_share(self) -> Decimal | None:
        return percent(self.requested, self.envelope.montant)


LineKey = tuple[str, int]
"""A financing line: (project, its index in the plan)."""


def _envelope_lines(envelope: Enveloppe, entries: list[ProjectEntry]) -> dict[LineKey, Financement]:
    """The lines an envelope covers: its funder's, and only its scheme's when it names one."""
    scheme = fold(envelope.dispositif) if envelope.dispositif else None
    return {(e.slug, i): line for e in entries for i, line in enumerate(e.projet.financements)
            if line.financeur == envelope.financeur
            and (scheme is None or fold(line.dispositif or "") == scheme)}


def _use(envelope: Enveloppe, lines: Iterable[Financement]) -> EnvelopeUse:
    """What these lines requested, granted (paid included) and paid, against the envelope."""
    lines = list(lines)
    used = total(line.montant for line in lines if line.statut in GRANTED)
    return EnvelopeUse(envelope, used, percent(used, envelope.montant),
                       total(line.montant for line in lines if line.statut == "sollicite"),
                       total(line.montant for line in lines if line.statut == "verse"))


def rollup(entries: Iterable[ProjectEntry], across: bool = False) -> Rollup:
    """`across`: the entries come from several territories; each is counted once and named
    « territoire/projet » (two territories may have projects of the same file name)."""
    result = Rollup()
    counted = []
    unique = {(e.territory, e.slug): e for e in entries}
    for (territory, slug), entry in sorted(unique.items()):
        name = f"{territory}/{slug}" if across else slug
        if not entry.counts:
            result.abandoned.append(name)
            continue
        result.projects.append(name)
        counted.append(entry)
    costs = [e.cost for e in counted if e.cost is not None]
    result.cost, result.cost_known = total(costs), len(costs)
    result.plan_known = sum(1 for e in counted if e.projet.financements)
    result.funding = total(e.funding for e in counted)
    result.public_funding = total(e.public_funding for e in counted)
    result.requested = total(e.requested for e in counted)
    funders: dict[str, list[Decimal]] = defaultdict(list)
    for entry in counted:
        for funder, amount in entry.by_funder.items():
            funders[funder].append(amount)
    sums = {funder: total(amounts) for funder, amounts in funders.items()}
    result.by_funder = dict(sorted(sums.items(), key=lambda kv: (-kv[1], kv[0])))
    return result


def project_year(projet: Projet) -> int | None:
    """The year a project belongs to: programming year, else start, else first decision."""
    years = [link.annee for link in projet.contrats if link.annee]
    if years:
        return min(years)
    if projet.dates.debut:
        return projet.dates.debut.year
    decisions = [f.date_decision.year for f in projet.financements if f.date_decision]
    return min(decisions) if decisions else None


def theme_key(text: str, known: dict[str, str]) -> str:
    """A theme written as its key or its name (« Énergie et climat ») joins the known one;
    any other text becomes a theme of its own."""
    folded = fold(text)
    for key, label in known.items():
        if folded in (fold(key), fold(label)):
            return key
    return slugify(text)


def make_entry(slug: str, territory: str, projet: Projet, dataset: Dataset) -> ProjectEntry:
    funders = dataset.financeurs
    lines: dict[str, list[Decimal]] = defaultdict(list)
    for line in projet.financements:
        if line.statut in GRANTED:
            lines[line.financeur].append(line.montant)
    by_funder = {funder: total(amounts) for funder, amounts in lines.items()}
    requested = total(f.montant for f in projet.financements if f.statut not in GRANTED)
    public = total(v for k, v in by_funder.items() if k not in funders or funders[k].public)
    return ProjectEntry(slug, territory, projet, project_year(projet),
                        total(by_funder.values()), requested, dict(sorted(by_funder.items())),
                        public, tuple(dict.fromkeys(theme_key(t, dataset.thematiques)
                                                    for t in projet.thematiques)),
                        tuple(publicity(projet.financements, dataset)))


@dataclass
class ElementInfo:
    element: Element
    depth: int
    parent: str | None
    direct_projects: list[str] = field(default_factory=list)
    rollup: Rollup = field(default_factory=Rollup)


@dataclass(frozen=True)
class TerritoryCatalog:
    slug: str
    data: TerritoryData
    projects: dict[str, ProjectEntry]
    drafts: int
    total: Rollup
    by_status: dict[str, int]
    elements: dict[str, ElementInfo]
    by_contract: dict[str, Rollup]
    by_measure: dict[tuple[str, str], Rollup]
    by_funder: dict[str, Rollup]
    by_commune: dict[str, Rollup]
    by_year: dict[int, Rollup]
    by_theme: dict[str, Rollup]
    contract_projects: dict[str, list[str]]
    population: int
    commune_names: dict[str, str]
    media: dict[str, Path]
    """Files the published pages refer to: path in the territory folder → file on disk."""
    date: dt.date | None = None
    """The date this territory's data describes (see `territory_date`)."""
    funder_types: dict[str, str] = field(default_factory=dict)
    departement: str = ""
    """The département most of its communes are in (code), for the portal's grouping."""

    @functools.cached_property
    def project_contracts(self) -> dict[str, list[str]]:
        """Contracts of each project (links and programmes), computed once for the listing."""
        found: dict[str, list[str]] = {slug: [] for slug in self.projects}
        for contract, projects in self.contract_projects.items():
            for slug in projects:
                found[slug].append(contract)
        return found

    def project_elements(self, slug: str) -> list[str]:
        return [i for i, info in self.elements.items() if slug in info.direct_projects]

    @functools.cached_property
    def by_scheme(self) -> dict[tuple[str, str], SchemeTotal]:
        """Granted and requested amounts per funder and scheme (dispositif), line by line,
        over the projects that count (not abandoned)."""
        found: dict[tuple[str, str], list[tuple[str, Financement]]] = defaultdict(list)
        for entry in self.projects.values():
            if entry.counts:
                for line in entry.projet.financements:
                    found[(line.financeur, line.dispositif or "")].append((entry.slug, line))
        return {key: SchemeTotal(
            sorted({slug for slug, _ in lines}),
            total(line.montant for _, line in lines if line.statut in GRANTED),
            total(line.montant for _, line in lines if line.statut not in GRANTED))
            for key, lines in sorted(found.items())}

    @functools.cached_property
    def scheme_shares(self) -> dict[tuple[str, str], Decimal | None]:
        """Each scheme's share of everything granted to the territory's projects."""
        return {key: percent(s.granted, self.total.funding) for key, s in self.by_scheme.items()}

    def contract_european(self, slug: str) -> bool:
        """A LEADER contract, or one with a European envelope, shows the EU emblem."""
        contract = self.data.contrats[slug]
        return contract.type == "leader" or any(
            env.financeur in self.funder_types and self.funder_types[env.financeur] ==
            "union-europeenne" for env in contract.enveloppes)

    @functools.cached_property
    def successors(self) -> dict[str, list[str]]:
        """Each contract's next generations: those that name it as `precedent`."""
        found: dict[str, list[str]] = {slug: [] for slug in self.data.contrats}
        for slug, contract in self.data.contrats.items():
            if contract.precedent in found:
                found[contract.precedent].append(slug)
        return found

    @functools.cached_property
    def most_funded_communes(self) -> list[str]:
        """The communes with granted funding, most first (then by code): the figures page
        charts the first ones."""
        funded = [(code, r) for code, r in self.by_commune.items() if r.count and r.funding > 0]
        return [code for code, _ in sorted(funded, key=lambda item: (-item[1].funding, item[0]))]

    @functools.cached_property
    def envelopes(self) -> dict[str, list[EnvelopeUse]]:
        """Each contract's envelopes, with what their funder granted to its projects."""
        found = {}
        for slug, contract in self.data.contrats.items():
            counted = [self.projects[p] for p in self.by_contract[slug].projects]
            found[slug] = [_use(env, _envelope_lines(env, counted).values())
                           for env in contract.enveloppes]
        return found

    @functools.cached_property
    def envelope_totals(self) -> dict[str, EnvelopeUse | None]:
        """Each contract's envelopes added up (None without envelopes), for the glance at all
        contracts on the territory's home."""
        found: dict[str, EnvelopeUse | None] = {}
        for slug, contract in self.data.contrats.items():
            if not contract.enveloppes:
                found[slug] = None
                continue
            counted = [self.projects[p] for p in self.by_contract[slug].projects]
            # Each line once, even when two envelopes of its funder both cover it.
            lines: dict[LineKey, Financement] = {}
            for envelope in contract.enveloppes:
                lines |= _envelope_lines(envelope, counted)
            amount = total(e.montant for e in contract.enveloppes)
            found[slug] = _use(Enveloppe.model_construct(financeur="", montant=amount),
                               lines.values())
        return found


@dataclass(frozen=True)
class FrameworkPart:
    """A territory's part of a contract framework: one of its contracts (`cadre`)."""

    territory: TerritoryCatalog
    slug: str
    """The contract's file name in the territory."""

    @property
    def contract(self) -> Contrat:
        return self.territory.data.contrats[self.slug]

    @property
    def rollup(self) -> Rollup:
        return self.territory.by_contract[self.slug]

    @property
    def envelopes(self) -> EnvelopeUse | None:
        return self.territory.envelope_totals[self.slug]


@dataclass(frozen=True)
class Catalog:
    """Everything the pages and exports show, built once from valid data and never changed."""

    dataset: Dataset
    territories: dict[str, TerritoryCatalog]
    total: Rollup
    theme_labels: dict[str, str] = field(default_factory=dict)
    date: dt.date | None = None
    shapes: dict[str, Any] = field(default_factory=dict)
    """Commune contours (shapely geometries) by code, when a contours folder is configured."""
    map_shapes: dict[str, Any] = field(default_factory=dict)
    """The same, simplified further for display on maps."""
    warnings: list[Issue] = field(default_factory=list)
    """What validation warned about: the build shows it, and fails on it in strict mode."""
    news: NewsCatalog = field(default_factory=NewsCatalog)

    @functools.cached_property
    def by_region(self) -> dict[str, dict[str, list[TerritoryCatalog]]]:
        """Territories by région, then by département, each level in French order: the portal
        of a site with hundreds of territories. A département is under one région only, the
        one most of its territories name (a territory over a border may name the région of its
        other communes): it has one line on the portal and one listing of its projects."""
        by_departement: dict[str, list[TerritoryCatalog]] = defaultdict(list)
        for territory in self.territories.values():
            by_departement[territory.departement].append(territory)
        groups: dict[str, dict[str, list[TerritoryCatalog]]] = defaultdict(dict)
        for code in sorted(by_departement):
            territories = french_sorted(by_departement[code], lambda t: t.data.identity.nom)
            named = Counter(t.data.identity.region for t in territories)
            region = min(named, key=lambda r: (-named[r], french_key(r)))
            groups[region][code] = territories
        return {region: groups[region] for region in french_sorted(groups)}

    @functools.cached_property
    def departement_rollups(self) -> dict[str, Rollup]:
        """Each département's projects: those of the territories grouped under it (by_region),
        each project once."""
        return {code: rollup((e for t in territories for e in t.projects.values()), across=True)
                for departements in self.by_region.values()
                for code, territories in departements.items()}

    @functools.cached_property
    def framework_parts(self) -> dict[str, list[FrameworkPart]]:
        """Each contract framework's parts, in the French order of their territories (a
        shared part once in each territory that signs it)."""
        found: dict[str, list[FrameworkPart]] = {slug: [] for slug in self.dataset.cadres}
        for territory in self.territories.values():
            for slug, contract in territory.data.contrats.items():
                if contract.cadre in found:
                    found[contract.cadre].append(FrameworkPart(territory, slug))
        return {slug: french_sorted(parts, lambda p: p.territory.data.identity.nom)
                for slug, parts in found.items()}

    @functools.cached_property
    def framework_rollups(self) -> dict[str, Rollup]:
        """A framework's projects in all its parts, each once: a project that cites two parts
        of its territory, or a part that several territories sign."""
        return {slug: rollup((p.territory.projects[project] for p in parts
                              for project in p.territory.contract_projects[p.slug]), across=True)
                for slug, parts in self.framework_parts.items()}

    @functools.cached_property
    def frameworks(self) -> list[str]:
        """The contract frameworks in the French order of their names."""
        return french_sorted(self.dataset.cadres, lambda s: self.dataset.cadres[s].nom)

    @functools.cached_property
    def framework_envelopes(self) -> dict[str, Decimal | None]:
        """The parts' envelopes added up (None when no part has one; a shared part once)."""
        found: dict[str, Decimal | None] = {}
        for slug, parts in self.framework_parts.items():
            contracts = {(p.territory.data.shared.get(p.slug, p.territory.slug), p.slug): p.contract
                         for p in parts}.values()
            amounts = [e.montant for c in contracts for e in c.enveloppes]
            found[slug] = total(amounts) if amounts else None
        return found

    def departement_name(self, code: str) -> str:
        ref = self.dataset.referentiel
        return departement_label(code, ref.departements.get(code) if ref else None)

    @functools.cached_property
    def signatories(self) -> dict[tuple[str, str], list[str]]:
        """Each shared contract, as (territory holding its file, file name), and the
        territories that sign it, that one first."""
        found: dict[tuple[str, str], list[str]] = {}
        for territory in self.territories.values():
            for slug, owner in territory.data.shared.items():
                found.setdefault((owner, slug), [owner]).append(territory.slug)
        return found

    def signed_by(self, territory: TerritoryCatalog, slug: str) -> list[str]:
        """The territories that sign this contract of the territory (itself alone when the
        contract is not shared)."""
        owner = territory.data.shared.get(slug, territory.slug)
        return self.signatories.get((owner, slug), [territory.slug])

    def shared_rollup(self, territory: TerritoryCatalog, slug: str) -> Rollup:
        """A shared contract's projects in every territory that signs it, each counted once."""
        return rollup((t.projects[p] for s in self.signed_by(territory, slug)
                       for t in [self.territories[s]] for p in t.contract_projects[slug]), across=True)

    def perimeter_codes(self, territory: TerritoryCatalog, contract: str) -> set[str]:
        ref = self.dataset.referentiel
        return perimeter_communes(territory.data.identity, territory.data.contrats[contract],
                                  ref.epci if ref else {})


def _group(entries: list[ProjectEntry],
           keys_of: Callable[[ProjectEntry], Iterable[K]]) -> dict[K, Rollup]:
    groups: dict[K, list[ProjectEntry]] = defaultdict(list)
    for entry in entries:
        for key in keys_of(entry):
            groups[key].append(entry)
    return {key: rollup(groups[key]) for key in sorted(groups, key=str)}


def _elements(territory: TerritoryData, entries: list[ProjectEntry]) -> dict[str, ElementInfo]:
    if territory.strategie is None:
        return {}
    infos: dict[str, ElementInfo] = {}
    _index(territory.strategie.elements, None, 0, infos)
    linked: dict[str, set[str]] = defaultdict(set)  # element → projects, counted once per element
    for entry in entries:
        for element_id in entry.projet.orientations:
            infos[element_id].direct_projects.append(entry.slug)
            current: str | None = element_id
            while current is not None:
                linked[current].add(entry.slug)
                current = infos[current].parent
    by_slug = {e.slug: e for e in entries}
    for element_id, info in infos.items():
        info.rollup = rollup(by_slug[s] for s in linked[element_id])
    return infos


def _index(elements: list[Element], parent: str | None, depth: int,
           infos: dict[str, ElementInfo]) -> None:
    for element in elements:
        infos[element.id] = ElementInfo(element, depth, parent)
        _index(element.enfants, element.id, depth + 1, infos)


def _contract_projects(territory: TerritoryData, entries: list[ProjectEntry]) -> dict[str, list[str]]:
    found: dict[str, set[str]] = {slug: set() for slug in territory.contrats}
    published = {e.slug for e in entries}
    for entry in entries:
        for link in entry.projet.contrats:
            found[link.contrat].add(entry.slug)
    for slug, contract in territory.contrats.items():
        if slug in territory.shared:
            continue  # a shared contract's programmes list the projects of its own territory
        for po in contract.programmes_operationnels:
            found[slug] |= set(po.projets) & published
    return {slug: sorted(projects) for slug, projects in found.items()}


def _measures(entry: ProjectEntry) -> set[tuple[str, str]]:
    return {(link.contrat, link.mesure) for link in entry.projet.contrats if link.mesure}


def build_territory(territory: TerritoryData, dataset: Dataset) -> TerritoryCatalog:
    published = sorted(
        (make_entry(slug, territory.slug, p, dataset)
         for slug, p in territory.projets.items() if p.published),
        key=lambda e: e.slug)
    contract_projects = _contract_projects(territory, published)
    by_slug = {e.slug: e for e in published}
    status: dict[str, int] = defaultdict(int)
    for entry in published:
        status[entry.projet.statut] += 1
    return TerritoryCatalog(
        slug=territory.slug, data=territory, projects=by_slug,
        drafts=sum(1 for p in territory.projets.values() if not p.published),
        total=rollup(published), by_status=dict(sorted(status.items())),
        elements=_elements(territory, published),
        by_contract={c: rollup(by_slug[s] for s in contract_projects[c]) for c in territory.contrats},
        by_measure=_group(published, _measures),
        by_funder=_group(published, lambda e: set(e.by_funder)),
        by_commune=_group(published, lambda e: set(e.projet.communes)),
        by_year=_group(published, lambda e: {e.year} if e.year else set()),
        by_theme=_group(published, lambda e: set(e.themes)),
        contract_projects=contract_projects,
        population=_population(territory, dataset),
        commune_names=_commune_names(territory, dataset),
        media=_media(territory, published),
        date=territory_date(territory, dataset.site.date_des_donnees),
        funder_types={f.id: f.type for f in dataset.financeurs.values()},
        departement=departement_of([c.code for c in territory.identity.all_communes()],
                                   dataset.referentiel),
    )


def _media(territory: TerritoryData, published: list[ProjectEntry]) -> dict[str, Path]:
    assert territory.files is not None
    names: list[str] = [territory.identity.logo] if territory.identity.logo else []
    for slug, contract in territory.contrats.items():
        if slug not in territory.shared:  # a shared contract's files come from its holder
            names += [d.fichier for d in contract.all_documents() if d.fichier]
    for entry in published:
        names += [image.fichier for image in entry.projet.images]
        names += [d.fichier for d in entry.projet.documents if d.fichier]
    names += [n.actualite.image.fichier for n in territory.actualites.values()
              if n.actualite.published and n.actualite.image]
    folder = territory.files.folder
    return {name: (folder / name).resolve() for name in sorted(set(names))}


def departement_of(codes: list[str], ref: Referentiel | None) -> str:
    """The département (code) most of these communes are in: the reference says it; without
    one, the INSEE code does (2 characters, 3 overseas)."""
    counts: Counter[str] = Counter()
    for code in codes:
        known = ref.communes.get(code) if ref else None
        counts[known.departement if known else (code[:3] if code.startswith("97") else code[:2])] += 1
    return min(counts, key=lambda d: (-counts[d], d)) if counts else ""


def data_date(dataset: Dataset) -> dt.date | None:
    """The date the whole site's data describes: set in site.yml, else the latest of the
    territories' dates. Pages compute elapsed time from such dates, never from the clock, so
    builds stay reproducible."""
    if dataset.site.date_des_donnees:
        return dataset.site.date_des_donnees
    found = [d for t in dataset.territories if (d := territory_date(t, None))]
    return max(found) if found else None


def territory_date(territory: TerritoryData, site_date: dt.date | None) -> dt.date | None:
    """The date one territory's data describes: its own `date_des_donnees`, else the site's,
    else the latest decision, signature or update found in its own files (never another's)."""
    if territory.territoire is not None and territory.territoire.date_des_donnees:
        return territory.territoire.date_des_donnees
    if site_date:
        return site_date
    found: list[dt.date] = []
    for contract in territory.contrats.values():
        found += [d for d in (contract.date_signature,) if d]
        found += [po.date_validation for po in contract.programmes_operationnels
                  if po.date_validation]
    for project in territory.projets.values():
        if project.published:
            found += [d for d in (project.mis_a_jour,) if d]
            found += [d for f in project.financements
                      for d in (f.date_decision, f.date_convention, f.date_versement) if d]
            if project.statut == "realise" and project.dates.fin:
                found.append(project.dates.fin)
    # « données au … » is a day: a date known only to the month or year does not set it.
    days = [d for d in found if not isinstance(d, PartialDate)]
    return max(days) if days else None


def _commune_names(territory: TerritoryData, dataset: Dataset) -> dict[str, str]:
    """Names of every commune a page may mention: members, projects' and perimeters' communes."""
    names = {c.code: c.nom for c in territory.identity.all_communes()}
    ref = dataset.referentiel.communes if dataset.referentiel else {}
    codes = {code for p in territory.projets.values() for code in p.communes}
    codes |= {code for c in territory.contrats.values() for code in c.perimetre.communes}
    for code in sorted(codes - set(names)):
        names[code] = ref[code].nom if code in ref else code
    return names


def _population(territory: TerritoryData, dataset: Dataset) -> int:
    ref = dataset.referentiel.communes if dataset.referentiel else {}
    total = 0
    for commune in territory.identity.all_communes():
        known = ref.get(commune.code)
        total += commune.population if commune.population is not None else (
            known.population if known else 0)
    return total


def build_catalog(dataset: Dataset, warnings: list[Issue] | None = None,
                  shapes: tuple[dict[str, Any], dict[str, Any]] | None = None) -> Catalog:
    """The catalog of valid data, with the commune shapes (exports, maps) when there are."""
    territories = {t.slug: build_territory(t, dataset) for t in dataset.territories}
    every = [e for t in territories.values() for e in t.projects.values()]
    exports, maps = shapes or ({}, {})
    return Catalog(dataset, territories, rollup(every, across=True), _theme_labels(dataset, every),
                   data_date(dataset), exports, maps, list(warnings or []), build_news(dataset))


def shown_communes(dataset: Dataset) -> set[str]:
    """Every commune a page, map or export shows: members, contract perimeters, projects."""
    ref_epci = dataset.referentiel.epci if dataset.referentiel else {}
    codes: set[str] = set()
    for territory in dataset.territories:
        codes |= {c.code for c in territory.identity.all_communes()}
        for contract in territory.contrats.values():
            codes |= perimeter_communes(territory.identity, contract, ref_epci)
        codes |= {c for p in territory.projets.values() if p.published for c in p.communes}
    return codes


def _theme_labels(dataset: Dataset, entries: list[ProjectEntry]) -> dict[str, str]:
    """Built-in and site themes keep their name; a free-text theme is shown as first written."""
    labels = dict(dataset.thematiques)
    for entry in entries:
        for text in entry.projet.thematiques:
            labels.setdefault(theme_key(text, dataset.thematiques), text)
    return labels

