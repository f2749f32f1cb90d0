"""Validate a loaded data tree into a typed `Dataset`, collecting every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.issues import IssueList
from generator.load.tree import DataTree, TerritoryFiles
from generator.load.yamlfile import Document
from generator.models.context import Referentiel, ValidationContext
from generator.models.contrat import Contrat
from generator.models.defaults import CONTRACT_TYPES, THEMATIQUES
from generator.models.fields import listing
from generator.models.projet import Projet
from generator.models.registry import Financeur, Financeurs, Site
from generator.models.strategie import ProjetDeTerritoire
from generator.models.territoire import Territoire

M = TypeVar("M", bound=BaseModel)


@dataclass
class TerritoryData:
    """A territory's valid models. `territoire` is None only while its file has errors, so that
    the rules still check the rest of the territory; the catalog is never built then."""

    slug: str
    territoire: Territoire | None
    strategie: ProjetDeTerritoire | None
    contrats: dict[str, Contrat] = field(default_factory=dict)
    projets: dict[str, Projet] = field(default_factory=dict)
    files: TerritoryFiles | None = None

    @property
    def identity(self) -> Territoire:
        if self.territoire is None:
            raise ValueError(f"territoire.yml de « {self.slug} » invalide")
        return self.territoire


@dataclass
class Dataset:
    site: Site
    financeurs: dict[str, Financeur]
    contract_types: dict[str, str]
    thematiques: dict[str, str]
    territories: list[TerritoryData] = field(default_factory=list)
    referentiel: Referentiel | None = None


def parse(doc: Document, model: type[M], issues: IssueList, ctx: ValidationContext) -> M | None:
    """One document into one model; problems go to `issues`."""
    if doc.data is None:
        required = [n for n, f in model.model_fields.items() if f.is_required()]
        issues.add(doc.issue((), "le fichier est vide : il doit contenir au moins les clés "
                              f"{listing(required)}."))
        return None
    if not isinstance(doc.data, dict):
        issues.add(doc.issue((), "le fichier doit contenir des clés (« clé: valeur »), "
                              "pas une liste ni un texte seul."))
        return None
    from generator.validate.messages import issues_from_error

    try:
        return model.model_validate(doc.data, context=ctx)
    except ValidationError as error:
        issues.extend(issues_from_error(error, doc, model))
        return None


def _raw_list(data: Any, key: str) -> list[Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def _raw_ids(items: list[Any], key: str = "id") -> list[str]:
    return [str(i[key]) for i in items if isinstance(i, dict) and key in i]


def _raw_tree_ids(items: list[Any]) -> set[str]:
    ids: set[str] = set()
    for item in items:
        if isinstance(item, dict):
            if "id" in item:
                ids.add(str(item["id"]))
            ids |= _raw_tree_ids(_raw_list(item, "enfants"))
    return ids


def _base_context(tree: DataTree, ref: Referentiel | None) -> ValidationContext:
    """Identifiers are taken from the raw data, so one bad entry does not hide the others."""
    funders = tree.files.get("financeurs.yml")
    site = tree.files.get("site.yml")
    ctx = ValidationContext(referentiel=ref)
    for item in _raw_list(funders.data if funders else None, "financeurs"):
        if isinstance(item, dict) and "id" in item:
            schemes = item.get("dispositifs")
            ctx.funders[str(item["id"])] = tuple(str(s) for s in schemes or () if s)
    site_data = site.data if site else None
    ctx.contract_types = set(CONTRACT_TYPES) | set(_raw_ids(_raw_list(site_data, "types_contrats")))
    ctx.thematiques = set(THEMATIQUES) | set(_raw_ids(_raw_list(site_data, "thematiques")))
    return ctx


def _territory_context(base: ValidationContext, files: TerritoryFiles) -> ValidationContext:
    ctx = ValidationContext(**{**base.__dict__})
    terr = files.files.get("territoire.yml")
    epci = _raw_list(terr.data if terr else None, "epci")
    ctx.territory_epci = {str(e) for e in _raw_ids(epci, "siren")}
    communes = [c for e in epci if isinstance(e, dict) for c in _raw_list(e, "communes")]
    communes += _raw_list(terr.data if terr else None, "communes")
    ctx.territory_communes = set(_raw_ids(communes, "code"))
    strat = files.files.get("projet-de-territoire.yml")
    ctx.strategy_ids = _raw_tree_ids(_raw_list(strat.data if strat else None, "elements"))
    ctx.contracts = {slug: _raw_tree_ids(_raw_list(doc.data, "structure"))
                     for slug, doc in files.contrats.items()}
    ctx.projects = set(files.projets)
    return ctx


def validate_tree(tree: DataTree, ref: Referentiel | None = None) -> tuple[Dataset, IssueList]:
    issues = IssueList()
    issues.extend(tree.issues)
    ctx = _base_context(tree, ref)
    site_doc, funders_doc = tree.files.get("site.yml"), tree.files.get("financeurs.yml")
    site = (parse(site_doc, Site, issues, ctx) if site_doc else None) or Site()
    funders = parse(funders_doc, Financeurs, issues, ctx) if funders_doc else None
    dataset = Dataset(
        site=site,
        financeurs={f.id: f for f in funders.financeurs} if funders else {},
        contract_types=CONTRACT_TYPES | {t.id: t.nom for t in site.types_contrats},
        thematiques=THEMATIQUES | {t.id: t.nom for t in site.thematiques},
        referentiel=ref,
    )
    for files in tree.territories:
        dataset.territories.append(_validate_territory(files, _territory_context(ctx, files), issues))
    return dataset, issues


def _validate_territory(
    files: TerritoryFiles, ctx: ValidationContext, issues: IssueList
) -> TerritoryData:
    terr_doc = files.files.get("territoire.yml")
    territoire = parse(terr_doc, Territoire, issues, ctx) if terr_doc else None
    strat_doc = files.files.get("projet-de-territoire.yml")
    strategie = parse(strat_doc, ProjetDeTerritoire, issues, ctx) if strat_doc else None
    contrats = {slug: m for slug, doc in files.contrats.items()
                if (m := parse(doc, Contrat, issues, ctx))}
    projets = {slug: p for slug, doc in files.projets.items()
               if (p := parse(doc, Projet, issues, ctx))}
    return TerritoryData(files.slug, territoire, strategie, contrats, projets, files)
