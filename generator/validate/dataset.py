"""Validate a loaded data tree into a typed `Dataset`, collecting every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.issues import IssueList, Severity
from generator.load.tree import FRAMEWORKS_FOLDER, DataTree, TerritoryFiles
from generator.load.yamlfile import Article, Document
from generator.models.actualite import Actualite
from generator.models.context import Referentiel, ValidationContext
from generator.models.contrat import FRAMEWORK_KEYS, Contrat, ContratCadre
from generator.models.defaults import CONTRACT_TYPES, THEMATIQUES
from generator.models.fields import listing
from generator.models.projet import Projet
from generator.models.registry import Financeur, Financeurs, Site
from generator.models.strategie import ProjetDeTerritoire
from generator.models.territoire import Territoire
from generator.validate.contracts import contract_rules
from generator.validate.messages import issues_from_error

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class NewsFile:
    """A valid news item: its header as a model, its Markdown text, and its file (for rules)."""

    actualite: Actualite
    texte: str
    doc: Document


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
    actualites: dict[str, NewsFile] = field(default_factory=dict)
    shared: dict[str, str] = field(default_factory=dict)
    """Contracts of another territory that this one signs too (`partage_avec`): their file
    name → the folder of the territory whose file it is. They are in `contrats` as well."""

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
    root: Path | None = None
    """The data folder: funders' logos are published from its medias/."""
    actualites: dict[str, NewsFile] = field(default_factory=dict)
    """The site's own news, beside the territories' own."""
    cadres: dict[str, ContratCadre] = field(default_factory=dict)
    """The contract frameworks; each territory's part is one of its contracts (`cadre`)."""


def parse(doc: Document, model: type[M], issues: IssueList, ctx: ValidationContext) -> M | None:
    """One document into one model; problems go to `issues`."""
    required = [n for n, f in model.model_fields.items() if f.is_required()]
    if doc.data is None and not required:
        return model.model_validate({}, context=ctx)  # an empty site.yml keeps the defaults
    if doc.data is None:
        issues.add(doc.issue((), "le fichier est vide : il doit contenir au moins les clés "
                              f"{listing(required)}."))
        return None
    if not isinstance(doc.data, dict):
        issues.add(doc.issue((), "le fichier doit contenir des clés (« clé: valeur »), "
                              "pas une liste ni un texte seul."))
        return None
    try:
        return model.model_validate(doc.data, context=ctx)
    except ValidationError as error:
        issues.extend(issues_from_error(error, doc, model))
        return None


def _raw_items(data: Any, key: str) -> list[dict[str, Any]] | None:
    """The mappings listed under `key`, or None when the list itself is malformed."""
    if not isinstance(data, dict):
        return None
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
        return None
    return value


def _raw_tree_ids(items: list[dict[str, Any]] | None) -> set[str] | None:
    if items is None:
        return None
    ids: set[str] = set()
    for item in items:
        children = _raw_tree_ids(_raw_items(item, "enfants"))
        if children is None:
            return None
        ids |= children | ({str(item["id"])} if "id" in item else set())
    return ids


def _doc_data(doc: Document | None) -> Any:
    return doc.data if doc else None


def _base_context(tree: DataTree, ref: Referentiel | None) -> ValidationContext:
    """Identifiers come from the raw data, so one bad entry does not hide the others."""
    ctx = ValidationContext(referentiel=ref, territories={f.slug for f in tree.territories},
                            frameworks=set(tree.cadres) | {u.split("/", 1)[1] for u in tree.unreadable
                                                           if u.startswith(f"{FRAMEWORKS_FOLDER}/")})
    funders = _raw_items(_doc_data(tree.files.get("financeurs.yml")), "financeurs")
    if funders is not None and "financeurs.yml" in tree.files:
        ctx.funders = {str(f["id"]): _schemes(f) for f in funders if "id" in f}
    if "site.yml" not in tree.unreadable:
        types = _raw_items(_doc_data(tree.files.get("site.yml")) or {}, "types_contrats")
        if types is not None:
            ctx.contract_types = set(CONTRACT_TYPES) | {str(t["id"]) for t in types if "id" in t}
    return ctx


def _schemes(funder: dict[str, Any]) -> tuple[str, ...]:
    schemes = funder.get("dispositifs")
    return tuple(str(s) for s in schemes if s) if isinstance(schemes, list) else ()


Shared = dict[str, dict[str, set[str] | None]]
"""For each territory, the contracts other territories share with it: file name → measures."""


def _shared(tree: DataTree) -> Shared:
    """Who shares which contract with whom, read from the raw files (`partage_avec`), so a
    partner's projects can cite a shared contract even while its file has other errors."""
    found: Shared = {}
    for files in tree.territories:
        for slug, doc in files.contrats.items():
            partners = doc.data.get("partage_avec") if isinstance(doc.data, dict) else None
            waiting = f"contrats/{slug}" in files.unreadable  # its framework has errors
            for partner in partners if isinstance(partners, list) else []:
                if isinstance(partner, str) and partner != files.slug:
                    found.setdefault(partner, {})[slug] = None if waiting else _raw_tree_ids(
                        _raw_items(doc.data, "structure"))
    return found


def _territory_context(base: ValidationContext, files: TerritoryFiles,
                       shared: Shared | None = None) -> ValidationContext:
    ctx = ValidationContext(**{**base.__dict__, "territory": files.slug})
    epci = _raw_items(_doc_data(files.files.get("territoire.yml")), "epci")
    if epci is not None:
        # The same normalisation as the Siren type, so « 200 035 327 » matches.
        ctx.territory_epci = {str(e["siren"]).replace(" ", "") for e in epci if "siren" in e}
    strategy = files.files.get("projet-de-territoire.yml")
    if strategy is not None:
        ctx.strategy_ids = _raw_tree_ids(_raw_items(strategy.data, "elements"))
    elif "projet-de-territoire.yml" not in files.unreadable:
        ctx.strategy_ids = set()
    ctx.contracts = {slug: _raw_tree_ids(_raw_items(doc.data, "structure"))
                     for slug, doc in files.contrats.items()}
    ctx.contracts |= {u.split("/", 1)[1]: None for u in files.unreadable
                      if u.startswith("contrats/")}
    # A contract another territory shares with this one is cited by its file name; this
    # territory's own file of the same name (an error, said apart) comes first.
    ctx.contracts = {**(shared or {}).get(files.slug, {}), **ctx.contracts}
    ctx.projects = set(files.projets) | {u.split("/", 1)[1] for u in files.unreadable
                                         if u.startswith("projets/")}
    return ctx


def _frameworks(tree: DataTree, ctx: ValidationContext,
                issues: IssueList) -> dict[str, ContratCadre]:
    """The valid contract frameworks (their model and their own rules). Each territory's part
    of one takes from it what its own file does not say, before anything reads the
    territory's contracts; a part of a framework with errors waits for it (said once, at its
    `cadre:`), and is cited meanwhile as a file that could not be read."""
    frameworks: dict[str, ContratCadre] = {}
    for slug, doc in tree.cadres.items():
        model = parse(doc, ContratCadre, issues, ctx)
        found = list(contract_rules(model, doc)) if model else []
        issues.extend(found)
        if model and not any(i.severity is Severity.ERROR for i in found):
            frameworks[slug] = model
    broken = ({u.split("/", 1)[1] for u in tree.unreadable if u.startswith(f"{FRAMEWORKS_FOLDER}/")}
              | set(tree.cadres)) - set(frameworks)
    for files in tree.territories:
        signed: dict[str, str] = {}
        for slug, doc in files.contrats.items():
            name = doc.data.get("cadre") if isinstance(doc.data, dict) else None
            if not isinstance(name, str) or (name not in frameworks and name not in broken):
                continue  # no framework, or an unknown one: the model says so
            if name in signed:
                issues.add(doc.issue(("cadre",), f"contrats/{signed[name]}.yml est déjà la part "
                                     f"de ce territoire dans le contrat cadre « {name} » : un "
                                     "territoire en signe une seule part. Réunissez les deux "
                                     "fichiers, ou retirez « cadre » de l'un d'eux."))
            signed.setdefault(name, slug)
            if name in frameworks:
                _inherit(doc, tree.cadres[name], name)
            else:
                issues.add(doc.issue(("cadre",), f"le contrat cadre « {name} » a des erreurs : "
                                     f"corrigez d'abord {FRAMEWORKS_FOLDER}/{name}.yml."))
                files.unreadable.add(f"contrats/{slug}")
    return frameworks


def _inherit(part: Document, framework: Document, name: str) -> None:
    """What the part does not say, from its framework: placed at the part's `cadre:` line,
    and said to come from the framework in any message about it."""
    where = part.key_marks.get(("cadre",), (1, 1))
    for key in FRAMEWORK_KEYS:
        if key not in part.data and key in framework.data:
            part.data[key] = framework.data[key]
            part.key_marks[(key,)] = where
            part.inherited[key] = f"{FRAMEWORKS_FOLDER}/{name}.yml"
    if "perimetre" not in part.data:
        part.data["perimetre"] = "tout"  # a territory's part covers the territory
        part.key_marks[("perimetre",)] = where


def territory_context(tree: DataTree, slug: str, ref: Referentiel | None) -> ValidationContext:
    """What a new file of territory `slug` may refer to (used by the spreadsheet import)."""
    files = next((t for t in tree.territories if t.slug == slug), None)
    base = _base_context(tree, ref)
    _frameworks(tree, base, IssueList())  # the parts' measures come from their framework
    return _territory_context(base, files, _shared(tree)) if files else base


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
        root=tree.root,
    )
    dataset.cadres = _frameworks(tree, ctx, issues)
    shared = _shared(tree)
    contexts = {files.slug: _territory_context(ctx, files, shared) for files in tree.territories}
    for files in tree.territories:
        dataset.territories.append(_validate_territory(files, contexts[files.slug], issues))
    _share_contracts(dataset, issues)
    dataset.actualites = parse_news(tree.actualites, _site_news_context(ctx, contexts), issues)
    return dataset, issues


def _share_contracts(dataset: Dataset, issues: IssueList) -> None:
    """Each shared contract joins its partners' contracts: shown and counted in each."""
    by_slug = {t.slug: t for t in dataset.territories}
    for owner in dataset.territories:
        assert owner.files is not None
        for slug, contract in list(owner.contrats.items()):
            if slug in owner.shared:
                continue
            for index, partner_slug in enumerate(contract.partage_avec):
                partner = by_slug[partner_slug]
                own = partner.files.contrats if partner.files else {}
                if slug in own:
                    issues.add(owner.files.contrats[slug].issue(
                        ("partage_avec", index), f"le territoire « {partner_slug} » a déjà un "
                        f"contrat « {slug} » : renommez l'un des deux fichiers (le nom du fichier "
                        "est le nom par lequel les projets citent le contrat)."))
                elif slug in partner.shared:
                    issues.add(owner.files.contrats[slug].issue(
                        ("partage_avec", index), f"le territoire « {partner_slug} » reçoit déjà "
                        f"un contrat « {slug} » partagé par « {partner.shared[slug]} » : "
                        "renommez l'un des deux fichiers."))
                else:
                    partner.contrats[slug] = contract
                    partner.shared[slug] = owner.slug


def parse_news(articles: dict[str, Article], ctx: ValidationContext,
               issues: IssueList) -> dict[str, NewsFile]:
    return {slug: NewsFile(model, article.body, article.doc) for slug, article in articles.items()
            if (model := parse(article.doc, Actualite, issues, ctx))}


def _site_news_context(base: ValidationContext,
                       territories: dict[str, ValidationContext]) -> ValidationContext:
    """The site's news cite projects and contracts as « territoire/identifiant »."""
    projects: set[str] = set()
    contracts: dict[str, set[str] | None] = {}
    for slug, own in territories.items():
        projects |= {f"{slug}/{project}" for project in own.projects}
        contracts |= {f"{slug}/{contract}": None for contract in own.contracts}
    return ValidationContext(**{**base.__dict__, "site_news": True, "projects": projects,
                                "contracts": contracts})


def _validate_territory(
    files: TerritoryFiles, ctx: ValidationContext, issues: IssueList
) -> TerritoryData:
    terr_doc = files.files.get("territoire.yml")
    territoire = parse(terr_doc, Territoire, issues, ctx) if terr_doc else None
    strat_doc = files.files.get("projet-de-territoire.yml")
    strategie = parse(strat_doc, ProjetDeTerritoire, issues, ctx) if strat_doc else None
    contrats = {slug: m for slug, doc in files.contrats.items()
                if f"contrats/{slug}" not in files.unreadable  # a part waiting for its framework
                and (m := parse(doc, Contrat, issues, ctx))}
    projets = {slug: p for slug, doc in files.projets.items()
               if (p := parse(doc, Projet, issues, ctx))}
    return TerritoryData(files.slug, territoire, strategie, contrats, projets, files,
                         parse_news(files.actualites, ctx, issues))
