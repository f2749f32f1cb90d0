"""Command line: `territoire-ouvert valider`, `territoire-ouvert schema`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

from generator import schema
from generator.config import Settings, cache_folder, resolve, site_options
from generator.failures import CommandError, debugging, explain
from generator.issues import DataError, Issue, Severity, format_report
from generator.load.contours import ContoursError
from generator.load.referentiel import ReferentielError, load_referentiel
from generator.memory import few_full_collections
from generator.pipeline import Content, build, validate

_ARGPARSE_FR = [
    ("the following arguments are required", "arguments obligatoires manquants"),
    ("invalid choice", "choix invalide"),
    ("choose from", "choisir parmi"),
    ("unrecognized arguments", "arguments non reconnus"),
    ("expected one argument", "une valeur est attendue"),
]


class _FrenchParser(argparse.ArgumentParser):
    """argparse speaks English: its messages reach staff, so translate the common ones."""

    def error(self, message: str) -> NoReturn:
        for english, french in _ARGPARSE_FR:
            message = message.replace(english, french)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "utilisation :")

    def format_help(self) -> str:
        text = super().format_help().replace("usage:", "utilisation :")
        return text.replace("positional arguments:", "arguments :").replace(
            "options:", "options :").replace("show this help message and exit", "afficher cette aide")


GEO_API = "https://geo.api.gouv.fr"


def _parser() -> argparse.ArgumentParser:
    parser = _FrenchParser(
        prog="territoire-ouvert",
        description="Territoire ouvert : valider les données des territoires et produire le schéma.")
    commands = parser.add_subparsers(dest="commande", required=True, metavar="COMMANDE",
                                     parser_class=_FrenchParser)
    check = commands.add_parser("valider", help="vérifier tout le dossier de données")
    check.add_argument("dossier", nargs="?", help="dossier des données (défaut : celui de "
                       "mkdocs.yml, sinon « territories »)")
    check.add_argument("--referentiel", help="dossier du Code officiel géographique "
                       "(communes.json, epci.json) pour vérifier codes et noms")
    check.add_argument("--config", default="mkdocs.yml", help="fichier mkdocs.yml à lire "
                       "pour les options du greffon territoires (défaut : mkdocs.yml)")
    check.add_argument("--strict", action="store_true", help="échouer aussi sur les "
                       "avertissements")
    check.add_argument("--modifies", action="store_true", help="ne signaler que ce qui concerne "
                       "les territoires dont des fichiers ont changé selon git (crochet pre-commit)")
    add = commands.add_parser("importer", help="créer des fiches projets depuis un tableau CSV "
                              "(les colonnes de projets.csv)")
    add.add_argument("fichier", help="tableau CSV (séparateur virgule ou point-virgule)")
    add.add_argument("--territoire", required=True, help="dossier du territoire concerné")
    add.add_argument("--dossier", help="dossier des données (défaut : celui de mkdocs.yml)")
    add.add_argument("--referentiel", help="dossier du Code officiel géographique")
    add.add_argument("--config", default="mkdocs.yml", help="fichier mkdocs.yml à lire")
    add.add_argument("--remplacer", action="store_true", help="remplacer les fiches existantes")
    add.add_argument("--encodage", default="utf-8", help="encodage du fichier : utf-8 (défaut), "
                     "windows-1252 ou latin-1")
    add.add_argument("--financements", help="financements.csv : chaque ligne de financement avec "
                     "son statut et ses dates (sinon, les sommes par financeur de projets.csv)")
    export = commands.add_parser("exporter", help="écrire toutes les pages et fichiers générés "
                                 "dans un dossier, pour un autre moteur de site")
    export.add_argument("--sortie", required=True, help="dossier à écrire (il est vidé)")
    export.add_argument("--config", default="mkdocs.yml", help="fichier mkdocs.yml à lire")
    fetch = commands.add_parser("contours", help="télécharger les contours des communes d'un "
                                "territoire depuis geo.api.gouv.fr (connexion requise)")
    fetch.add_argument("--territoire", required=True, help="dossier du territoire")
    fetch.add_argument("--sortie", help="dossier des contours (défaut : option contours de "
                       "mkdocs.yml)")
    fetch.add_argument("--dossier", help="dossier des données (défaut : celui de mkdocs.yml)")
    fetch.add_argument("--api", default=GEO_API, help=f"adresse de l'API (défaut : {GEO_API})")
    fetch.add_argument("--config", default="mkdocs.yml", help="fichier mkdocs.yml à lire")
    _new_parsers(commands)
    changes = commands.add_parser("changements", help="résumer, en Markdown, les projets, "
                                  "contrats et montants modifiés depuis une référence git")
    changes.add_argument("reference", help="branche, étiquette ou commit (par exemple main)")
    changes.add_argument("--dossier", help="dossier des données (défaut : celui de mkdocs.yml)")
    changes.add_argument("--config", default="mkdocs.yml", help="fichier mkdocs.yml à lire")
    out = commands.add_parser("schema", help="écrire le schéma JSON des fichiers YAML")
    out.add_argument("--sortie", help="dossier où écrire un schéma par type de fichier")
    out.add_argument("--type", choices=sorted(schema.SCHEMAS), default="projet",
                     help="type de fichier à afficher (sans --sortie) ; défaut : projet")
    return parser


def _content(settings: Settings, config: str) -> Content | None:
    """The hand-written pages beside the data, shown relative to mkdocs.yml as staff know them."""
    if settings.content is None:
        return None
    shown = os.path.relpath(settings.content, Path(config).parent)
    return Content(settings.content, shown)


def _new_parsers(commands: Any) -> None:
    new = commands.add_parser("nouveau", help="créer un territoire, un projet, un contrat ou "
                              "une actualité à partir d'un modèle commenté")
    kinds = new.add_subparsers(dest="quoi", required=True, metavar="QUOI",
                               parser_class=_FrenchParser)
    territory = kinds.add_parser("territoire", help="un territoire, avec ses EPCI et communes "
                                 "tirés du Code officiel géographique")
    territory.add_argument("nom_dossier", metavar="dossier", help="nom du dossier (l'adresse "
                           "web), par exemple « pays-de-la-vallee »")
    territory.add_argument("--epci", nargs="+", required=True, metavar="SIREN",
                           help="SIREN des EPCI membres")
    territory.add_argument("--type", default="petr", help="petr (défaut), pays, pnr, "
                           "communaute-de-communes…")
    territory.add_argument("--nom", help="nom du territoire (défaut : les noms des EPCI)")
    project = kinds.add_parser("projet", help="une fiche projet")
    project.add_argument("territoire", help="dossier du territoire")
    project.add_argument("titre", help="titre du projet (il donne le nom du fichier)")
    contract = kinds.add_parser("contrat", help="un contrat")
    contract.add_argument("territoire", help="dossier du territoire")
    contract.add_argument("type", help="type de contrat (crte, leader, contrat-territorial-"
                          "occitanie…)")
    contract.add_argument("titre", help="nom du contrat (il donne le nom du fichier)")
    contract.add_argument("--periode", default="2026-2030", help="période, par exemple 2023-2027")
    news = kinds.add_parser("actualite", help="une actualité (créée en brouillon)")
    news.add_argument("territoire", help="dossier du territoire, ou « site » pour une actualité "
                      "du site")
    news.add_argument("titre", help="titre de l'actualité (il donne le nom du fichier)")
    news.add_argument("--date", help="date de publication AAAA-MM-JJ (défaut : aujourd'hui)")
    for sub in (territory, project, contract, news):
        sub.add_argument("--dossier", help="dossier des données (défaut : celui de mkdocs.yml)")
        sub.add_argument("--referentiel", help="dossier du Code officiel géographique")
        sub.add_argument("--config", default="mkdocs.yml", help="fichier mkdocs.yml à lire")
        sub.add_argument("--force", action="store_true", help="remplacer un fichier existant")


def _new(args: argparse.Namespace) -> int:
    from generator import scaffold

    settings = resolve(args.dossier, args.referentiel, Path(args.config))
    if args.quoi == "territoire":
        ref = load_referentiel(settings.referentiel) if settings.referentiel else None
        written = scaffold.new_territory(settings.data, args.nom_dossier, args.epci, ref,
                                         args.type, args.nom, args.force)
    elif args.quoi == "projet":
        written = scaffold.new_project(settings.data, args.territoire, args.titre, args.force)
    elif args.quoi == "actualite":
        written = scaffold.new_news(settings.data, args.territoire, args.titre,
                                    _day(args.date), args.force)
    else:
        written = scaffold.new_contract(settings.data, args.territoire, args.type, args.titre,
                                        args.periode, args.force)
    print(f"{written.message}\nComplétez-le, puis vérifiez avec « territoire-ouvert valider ».")
    return 0


def _day(text: str | None) -> dt.date:
    # Writing a file for staff, not building the site: today is the natural default here.
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"« {text} » n'est pas une date : écrivez-la AAAA-MM-JJ, par "
                           "exemple 2026-03-25.") from None


def _validate(args: argparse.Namespace) -> int:
    settings = resolve(args.dossier, args.referentiel, Path(args.config))
    shown = args.dossier if args.dossier is not None else str(settings.data)
    started = time.perf_counter()
    result = validate(settings.data, shown, settings.referentiel, _content(settings, args.config),
                      settings.contours, cache_folder(Path(args.config)))
    elapsed = time.perf_counter() - started
    issues = _scope(list(result.issues), settings.data, shown) if args.modifies else list(
        result.issues)
    if issues:
        print(format_report(issues))
    errors = [i for i in issues if i.severity is Severity.ERROR]
    failed = bool(errors) or (args.strict and len(errors) < len(issues))
    if not failed:
        projects = sum(len(t.projets) for t in result.dataset.territories)
        contracts = sum(len(t.contrats) for t in result.dataset.territories)
        news = len(result.dataset.actualites) + sum(len(t.actualites)
                                                    for t in result.dataset.territories)
        frameworks = (f"{len(result.dataset.cadres)} contrat(s) cadre(s), "
                      if result.dataset.cadres else "")
        print(f"Données valides : {len(result.dataset.territories)} territoire(s), "
              f"{contracts} contrat(s), {frameworks}{projects} projet(s), {news} actualité(s) "
              f"vérifiés en {elapsed:.2f} s.")
    return 1 if failed else 0


def _changes(args: argparse.Namespace) -> int:
    from generator.changes import summary

    settings = resolve(args.dossier, None, Path(args.config))
    sys.stdout.write(summary(settings.data, args.reference))
    return 0


def _scope(issues: list[Issue], data: Path, shown: str) -> list[Issue]:
    """Only the problems of the territories git says have changed (the whole tree is still
    validated, so a change that breaks a reference elsewhere in the territory is seen)."""
    from generator.gitchanges import changed_files, touched_territories

    files = changed_files(data)
    territories = touched_territories(files, data)
    if territories is None:
        print(f"{len(files)} fichier(s) modifié(s), dont un fichier commun : tout est vérifié.")
        return issues
    print(f"{len(files)} fichier(s) modifié(s) : territoires vérifiés : "
          f"{', '.join(sorted(territories)) or 'aucun'}.")
    prefixes = tuple(f"{shown.rstrip('/')}/{t}/" for t in territories)
    return [i for i in issues if i.file.startswith(prefixes)]


def _schema(args: argparse.Namespace) -> int:
    if args.sortie:
        for path in schema.write_all(Path(args.sortie)):
            print(f"écrit : {path}")
        return 0
    sys.stdout.write(schema.render(args.type))
    return 0


# `valider` must answer in under a second: the other commands import what they need (folium,
# shapely, the exporters) only when they run.


def _import(args: argparse.Namespace) -> int:
    from generator.importer import import_projects, write

    settings = resolve(args.dossier, args.referentiel, Path(args.config))
    ref = load_referentiel(settings.referentiel) if settings.referentiel else None
    result = import_projects(Path(args.fichier), args.fichier, settings.data, args.territoire,
                             ref, args.remplacer, encoding=args.encodage,
                             fundings=Path(args.financements) if args.financements else None)
    if result.issues:
        print(format_report(result.issues))
        print("Aucun fichier n'a été écrit.")
        return 1
    written = write(result, settings.data / args.territoire / "projets")
    print(f"{len(written)} fiche(s) projet écrite(s) dans {settings.data / args.territoire / 'projets'}."
          " Vérifiez-les avec « territoire-ouvert valider ».")
    return 0


def _export(args: argparse.Namespace) -> int:
    from generator.standalone import export_site

    config = Path(args.config)
    settings = resolve(None, None, config)
    options = site_options(config)
    catalog = build(settings.data, str(settings.data), settings.referentiel, settings.contours,
                    content=_content(settings, args.config))
    out = Path(args.sortie)
    protected = [settings.data, *(p for p in (settings.referentiel, settings.contours) if p)]
    pages = export_site(catalog, out, options.get("site_name", catalog.dataset.site.nom),
                        config.parent / options.get("docs_dir", "docs"),
                        config.parent / options["custom_dir"] if options.get("custom_dir") else None,
                        options.get("site_url") or "/", protected, config.parent, options)
    print(f"{len(pages)} page(s) et leurs fichiers écrits dans {out}. Pour construire le site "
          f"sans le greffon : cd {out} && mkdocs build")
    return 0


def _contours(args: argparse.Namespace) -> int:
    from generator.fetch import fetch_features, write_by_departement

    settings = resolve(args.dossier, None, Path(args.config))
    target = Path(args.sortie) if args.sortie else settings.contours
    if target is None:
        print("erreur : indiquez --sortie, ou l'option contours dans mkdocs.yml.", file=sys.stderr)
        return 2
    result = validate(settings.data, str(settings.data), settings.referentiel)
    territory = next((t for t in result.dataset.territories if t.slug == args.territoire), None)
    if territory is None or territory.territoire is None:
        print(f"erreur : territoire « {args.territoire} » introuvable ou invalide dans "
              f"{settings.data}.", file=sys.stderr)
        return 2
    epci = [e.siren for e in territory.territoire.epci]
    epci += [s for c in territory.contrats.values() for s in c.perimetre.epci if s not in epci]
    communes = sorted({c.code for c in territory.territoire.communes}
                      | {c for k in territory.contrats.values() for c in k.perimetre.communes})
    written = write_by_departement(fetch_features(args.api, epci, communes), target)
    if written.warning():
        print(f"avertissement : {written.warning()}", file=sys.stderr)
    print(f"contours écrits dans : {', '.join(str(p) for p in written.paths)}")
    return 0


COMMANDS = {"valider": _validate, "schema": _schema, "importer": _import,
            "exporter": _export, "contours": _contours, "nouveau": _new,
            "changements": _changes}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        with few_full_collections():
            return int(COMMANDS[args.commande](args))
    except DataError as exc:
        print(format_report(exc.issues))
        return 1
    except (ContoursError, CommandError) as exc:  # our own errors, already in French
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    except ReferentielError as exc:
        print(f"erreur de configuration : {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the machine or a bug: one French sentence, never a traceback
        if debugging():
            raise
        print(f"erreur : {explain(exc, site=False)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
