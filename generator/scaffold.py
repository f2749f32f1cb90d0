"""`territoire-ouvert nouveau …`: start a territory, a project or a contract from a commented
file. The territory comes from the Code officiel géographique (its EPCI and their communes);
a project or contract lists in comments the identifiers that exist (funders, contracts,
strategy elements). Nothing is ever overwritten without `--force`."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from generator.failures import CommandError
from generator.formats import french_sorted
from generator.load.tree import NEWS_FOLDER, load_tree
from generator.models.context import CommuneRef, Referentiel
from generator.models.defaults import REGION_CODES
from generator.models.fields import slugify
from generator.validate.dataset import validate_tree


class ScaffoldError(CommandError):
    """Said in French; nothing was written."""


def _environment() -> Environment:
    # These are YAML files for staff, not HTML: no HTML escaping; every value goes through the
    # `yaml` filter (a JSON string is valid YAML), so no text can break the file.
    env = Environment(loader=PackageLoader("generator", "file_templates/scaffolds"), autoescape=False,
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True)
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return env


@dataclass(frozen=True)
class _Epci:
    siren: str
    nom: str
    communes: list[CommuneRef]


@dataclass(frozen=True)
class Written:
    path: Path
    message: str


def _write(path: Path, text: str, force: bool) -> Written:
    if path.exists() and not force:
        raise ScaffoldError(f"« {path} » existe déjà : rien n'a été écrit. Choisissez un autre "
                            "nom, ou relancez avec --force pour le remplacer.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Written(path, f"écrit : {path}")


def _slug(text: str, what: str) -> str:
    slug = slugify(text)
    if not slug:
        raise ScaffoldError(f"« {text} » ne donne pas de nom de fichier : écrivez un {what} avec "
                            "des lettres ou des chiffres.")
    return slug


def new_territory(data: Path, slug: str, sirens: list[str], ref: Referentiel | None,
                  kind: str, name: str | None, force: bool = False) -> Written:
    if ref is None:
        raise ScaffoldError("le Code officiel géographique est nécessaire pour trouver les "
                            "communes : indiquez --referentiel, ou l'option referentiel de "
                            "mkdocs.yml.")
    if slug != slugify(slug):
        raise ScaffoldError(f"« {slug} » sert d'adresse web : minuscules, chiffres et tirets, "
                            f"par exemple « {slugify(slug) or 'mon-territoire'} ».")
    epci = []
    for siren in sirens:
        found = ref.epci.get(siren.replace(" ", ""))
        if found is None:
            raise ScaffoldError(f"aucun EPCI n'a le SIREN « {siren} » dans le Code officiel "
                                f"géographique ({ref.source}).")
        members = [ref.communes[c] for c in found.membres if c in ref.communes]
        epci.append(_Epci(found.siren, found.nom, french_sorted(members, lambda c: c.nom)))
    communes = [c for e in epci for c in e.communes]
    regions = sorted({c.region for c in communes if c.region})
    text = _environment().get_template("territoire.yml").render(
        nom=name or " et ".join(e.nom for e in epci), type=kind, epci=epci,
        region=REGION_CODES.get(regions[0], regions[0]) if regions else "",
        departements=sorted({c.departement for c in communes}), source=ref.source)
    return _write(data / slug / "territoire.yml", text, force)


def _context(data: Path, territory: str) -> dict[str, Any]:
    """What exists for a new file to refer to, read from the data as it is."""
    tree = load_tree(data)
    if not any(t.slug == territory for t in tree.territories):
        raise ScaffoldError(f"le territoire « {territory} » n'existe pas dans {data} : indiquez "
                            "le nom de son dossier (ou créez-le avec « nouveau territoire »).")
    dataset, _ = validate_tree(tree)
    found = next(t for t in dataset.territories if t.slug == territory)
    if found.territoire is None:
        raise ScaffoldError(f"territories/{territory}/territoire.yml a des erreurs : "
                            "corrigez-les d'abord (« territoire-ouvert valider »).")
    strategy = []
    if found.strategie is not None:
        from generator.models.common import walk_elements

        strategy = [(e.id, e.label) for e, _ in walk_elements(found.strategie.elements)]
    return {"communes": found.territoire.all_communes(),
            "financeurs": [(f.id, f.nom) for f in dataset.financeurs.values()],
            "contrats": [(s, c.nom) for s, c in found.contrats.items()], "strategie": strategy}


def new_project(data: Path, territory: str, title: str, force: bool = False) -> Written:
    context = _context(data, territory)
    slug = _slug(title, "titre")
    text = _environment().get_template("projet.yml").render(titre=title, **context)
    return _write(data / territory / "projets" / f"{slug}.yml", text, force)


def new_contract(data: Path, territory: str, kind: str, title: str, period: str,
                 force: bool = False) -> Written:
    context = _context(data, territory)
    slug = _slug(title, "titre")
    text = _environment().get_template("contrat.yml").render(type=kind, nom=title, periode=period,
                                                             **context)
    return _write(data / territory / "contrats" / f"{slug}.yml", text, force)


SITE_NEWS = "site"
"""`nouveau actualite site …`: the site's own news (unless a territory has that name)."""


def new_news(data: Path, territory: str, title: str, day: dt.date, force: bool = False) -> Written:
    """A draft news item: published only once staff set « publication: publie »."""
    tree = load_tree(data)
    site = territory == SITE_NEWS and not any(t.slug == territory for t in tree.territories)
    dataset, _ = validate_tree(tree)
    if site:
        projects = [(f"{t.slug}/{s}", p.titre) for t in dataset.territories
                    for s, p in t.projets.items()]
        contracts = [(f"{t.slug}/{s}", c.nom) for t in dataset.territories
                     for s, c in t.contrats.items()]
        folder = data / NEWS_FOLDER
    else:
        context = _context(data, territory)
        found = next(t for t in dataset.territories if t.slug == territory)
        projects = [(s, p.titre) for s, p in found.projets.items()]
        contracts, folder = context["contrats"], data / territory / NEWS_FOLDER
    text = _environment().get_template("actualite.md").render(
        titre=title, date=day.isoformat(), projets=projects, contrats=contracts, site=site)
    return _write(folder / f"{_slug(title, 'titre')}.md", text, force)
