"""Rules that span several fields or files, checked on the typed models."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.formats import euros, pourcent
from generator.issues import Issue, Severity
from generator.load.media import identity
from generator.load.tree import DataTree
from generator.load.yamlfile import INVISIBLE, Article, Document, KeyPath
from generator.models.common import end_of, start_of
from generator.models.context import EpciRef
from generator.models.contrat import Contrat
from generator.models.fields import first_day, fold, last_day
from generator.models.projet import Projet
from generator.models.territoire import Territoire
from generator.perimeters import perimeter_communes
from generator.validate.content import text_placeholders
from generator.validate.contracts import contract_rules, tree_rules
from generator.validate.dataset import Dataset, TerritoryData
from generator.validate.media import DOCUMENT_TYPES, IMAGE_TYPES, check_file

PLACEHOLDERS = re.compile(
    r"lorem\s+ipsum|\bTODO\b|\bFIXME\b|\bTBD\b|\bXXX+\b|[àa]\s+compl[ée]ter|[àa]\s+r[ée]diger"
    r"|\[\s*(?:titre|texte|nom)\s*\]",
    re.IGNORECASE,
)
PLACEHOLDER_HINTS = ("lorem", "todo", "fixme", "tbd", "xxx", "compl", "diger", "[", "ı", "\u0307")
"""What every text PLACEHOLDERS finds holds once case-folded (with « ı » and the dot of « İ »,
which the search takes for « i »). Looking for these takes a ninth of the search's time on a
project's texts (5 µs against 44), over the forty thousand files of a national site."""
PRIVATE_KEYS = {"notes_internes"}
RefEpci = dict[str, EpciRef]


def check_dataset(dataset: Dataset, tree: DataTree) -> Iterator[Issue]:
    yield from document_rules(tree)
    if "financeurs.yml" in tree.files:
        yield from _funder_files(dataset, tree.files["financeurs.yml"])
    ref_epci = dataset.referentiel.epci if dataset.referentiel else {}
    for territory in dataset.territories:
        yield from _territory(territory, ref_epci, dataset.thematiques)


def document_rules(tree: DataTree) -> Iterator[Issue]:
    """Rules on the documents as written: they hold even when a file has other errors."""
    every = [*tree.files.values(), *tree.cadres.values(),
             *(d for f in tree.territories for d in
               [*f.files.values(), *f.contrats.values(), *f.projets.values()]),
             *(a.doc for a in tree.actualites.values()),
             *(a.doc for f in tree.territories for a in f.actualites.values())]
    data_files = {found for doc in every if (found := identity(doc.path))}
    texts = {id(doc): _all_texts(doc.data) for doc in every}  # joined once, for both rules
    for doc in every:
        yield from invisible_characters(doc, texts[id(doc)])
    for doc in [*tree.files.values(), *tree.cadres.values()]:
        yield from placeholders(doc, texts[id(doc)])
        yield from _file_refs(doc, tree.root, tree.root, data_files)
    for files in tree.territories:
        for doc in [*files.files.values(), *files.contrats.values(), *files.projets.values()]:
            if not _draft(doc.data):
                yield from placeholders(doc, texts[id(doc)])
            yield from _file_refs(doc, files.folder, tree.root, data_files)
    for folder, articles in [(tree.root, tree.actualites),
                             *((f.folder, f.actualites) for f in tree.territories)]:
        for article in articles.values():
            yield from _news_rules(article, folder, tree.root, data_files)


def _news_rules(article: Article, folder: Path, root: Path,
                data_files: set[tuple[int, int]]) -> Iterator[Issue]:
    if not _draft(article.doc.data):
        yield from placeholders(article.doc)
        yield from text_placeholders(article.doc.display, article.body, article.body_line,
                                     "ou mettez « publication: brouillon » dans l'en-tête")
    yield from _file_refs(article.doc, folder, root, data_files)


def _draft(data: Any) -> bool:
    publication = data.get("publication") if isinstance(data, dict) else None
    return publication is False or fold(str(publication)) in {"brouillon", "non"}


def _territory(territory: TerritoryData, ref_epci: RefEpci,
               themes: dict[str, str]) -> Iterator[Issue]:
    assert territory.files is not None
    if territory.territoire is not None:
        yield from _communes_unique(territory.territoire, territory.files.files["territoire.yml"])
    if territory.strategie:
        yield from tree_rules(territory.strategie.elements, territory.strategie.niveaux,
                              territory.files.files["projet-de-territoire.yml"], "elements")
    for slug, contract in territory.contrats.items():
        if slug in territory.shared:
            continue  # checked with the file of the territory that holds it
        doc = territory.files.contrats[slug]
        yield from contract_rules(contract, doc)
        yield from _programmes(contract, doc)
        yield from _generations(slug, contract, territory, doc)
    for slug, project in territory.projets.items():
        doc = territory.files.projets[slug]
        yield from theme_warnings(project, doc, themes)
        yield from project_rules(project, doc, territory, ref_epci)


def _generations(slug: str, contract: Contrat, territory: TerritoryData,
                 doc: Document) -> Iterator[Issue]:
    """`precedent` names an earlier generation: never itself, never in a loop."""
    seen, current = {slug}, contract.precedent
    while current is not None and current in territory.contrats:
        if current in seen:
            yield doc.issue(("precedent",), f"« precedent » forme une boucle ({slug} → … → "
                            f"{current}) : chaque génération nomme celle d'avant, pas une suivante.")
            return
        seen.add(current)
        current = territory.contrats[current].precedent
    earlier = territory.contrats.get(contract.precedent or "")
    if earlier and start_of(earlier.periode.debut) > start_of(contract.periode.debut):
        yield doc.issue(("precedent",), f"la génération précédente « {contract.precedent} » "
                        f"commence après celle-ci ({earlier.periode.debut} contre "
                        f"{contract.periode.debut}) : vérifiez « precedent » ou les périodes.")


def _programmes(contract: Contrat, doc: Document) -> Iterator[Issue]:
    first, last = start_of(contract.periode.debut).year, end_of(contract.periode.fin or 2100).year
    for index, po in enumerate(contract.programmes_operationnels):
        if not first <= po.annee <= last:
            yield doc.issue(("programmes_operationnels", index, "annee"), f"le programme "
                            f"{po.annee} est hors de la période du contrat ({first} – "
                            f"{contract.periode.fin or '…'}) : corrigez l'année ou la période.")
        if contract.statut == "en_preparation":
            yield doc.issue(("programmes_operationnels", index), "un contrat en préparation n'a "
                            "pas encore de programme opérationnel : passez le statut à en_cours "
                            "ou retirez ce programme.")


def theme_warnings(project: Projet, doc: Document, known: dict[str, str]) -> Iterator[Issue]:
    """A theme close to a known one but not equal is most likely a typo."""
    names = {fold(label): label for label in known.values()} | {fold(k): k for k in known}
    for index, text in enumerate(project.thematiques):
        if fold(text) in names:
            continue
        # « economie » beside « economie-emploi »: a shortened name is a typo too.
        close = difflib.get_close_matches(fold(text), list(names), n=1, cutoff=0.8) or sorted(
            n for n in names if len(fold(text)) >= 4 and (n.startswith(fold(text))
                                                          or fold(text).startswith(n)))[:1]
        if close:
            yield doc.issue(("thematiques", index), f"la thématique « {text} » ressemble à "
                            f"« {names[close[0]]} » sans être la même : vouliez-vous dire "
                            f"« {names[close[0]]} » ? (Une thématique nouvelle se déclare dans "
                            "site.yml, rubrique thematiques.)", severity=Severity.WARNING)


def project_rules(project: Projet, doc: Document, territory: TerritoryData,
                  ref_epci: RefEpci) -> Iterator[Issue]:
    yield from own_rules(project, doc)
    yield from _programming(project, doc, territory)
    if territory.territoire is not None:
        yield from _communes_in_perimeter(project, doc, territory, ref_epci)


def own_rules(project: Projet, doc: Document) -> Iterator[Issue]:
    """The rules a project satisfies on its own, without the rest of the data."""
    yield from _money(project, doc)
    yield from _dates(project, doc)


def _money(project: Projet, doc: Document) -> Iterator[Issue]:
    # Without a total cost (often unknown when a grant is announced), there is nothing to add up.
    total = project.funding_total()
    cost = project.cout_total
    what = "des financements"
    if project.autofinancement is not None:
        total += project.autofinancement
        what = "des financements et de l'autofinancement"
    if cost is not None and total > cost:
        yield doc.issue(("financements",), f"la somme {what} ({euros(total)}) dépasse le coût "
                        f"total ({euros(cost)}) de {euros(total - cost)} : corrigez un montant "
                        "ou le coût total.")
    if cost is not None and project.depense_eligible is not None and project.depense_eligible > cost:
        yield doc.issue(("depense_eligible",), f"la dépense éligible ({euros(project.depense_eligible)}"
                        f") dépasse le coût total ({euros(cost)}) : elle en est une partie. "
                        "Corrigez l'un des deux montants.")
    yield from _rates(project, doc)
    yield from _line_dates(project, doc)


RATE_TOLERANCE = Decimal("0.5")
"""A rate published rounded to the unit (26,7 % written 27 %) is not a disagreement."""


def _rates(project: Projet, doc: Document) -> Iterator[Issue]:
    """A declared rate must match amount ÷ base: a rate on the wrong base misleads."""
    for index, line in enumerate(project.financements):
        base = line.assiette or project.depense_eligible or project.cout_total
        if line.taux is None or not base or any(getattr(v, "qualifier", None)
                                                for v in (base, line.montant)):
            continue  # no check against an approximate amount
        computed = line.montant * 100 / base
        if abs(computed - Decimal(str(line.taux))) > RATE_TOLERANCE:
            named = ("son assiette" if line.assiette else "la dépense éligible"
                     if project.depense_eligible else "le coût total")
            yield doc.issue(("financements", index, "taux"), f"le taux déclaré ({pourcent(line.taux)}) "
                            f"ne correspond pas au montant : {euros(line.montant)} ÷ {euros(base)} "
                            f"({named}) = {pourcent(computed, 1)}. Corrigez le taux ou le montant, "
                            "ou indiquez la base du taux (« assiette » de la ligne, ou "
                            "« depense_eligible » du projet).", severity=Severity.WARNING)


def _line_dates(project: Projet, doc: Document) -> Iterator[Issue]:
    for index, line in enumerate(project.financements):
        if line.date_versement and line.statut != "verse":
            yield doc.issue(("financements", index, "statut"), "cette ligne a une date de "
                            "versement : son statut est « verse » (versé). Corrigez le statut ou "
                            "retirez « date_versement ».")
        if line.date_decision and line.date_versement and (
                last_day(line.date_versement) < first_day(line.date_decision)):
            yield doc.issue(("financements", index, "date_versement"), "le versement précède la "
                            f"décision ({line.date_decision}) : vérifiez les deux dates.")


def _dates(project: Projet, doc: Document) -> Iterator[Issue]:
    fin = project.dates.fin  # its order with the start is the Dates value's own check
    if project.statut == "realise" and fin is None:
        yield doc.issue(("statut",), "un projet « realise » doit avoir une date de fin : "
                        "ajoutez « dates: fin: AAAA-MM-JJ », ou choisissez le statut en_cours.")
    if project.statut == "a_venir" and (project.avancement or 0) > 0:
        yield doc.issue(("avancement",), "un projet « a_venir » ne peut pas être avancé : "
                        "mettez le statut en_cours ou retirez « avancement ».")
    if project.statut == "realise" and project.avancement not in (None, 100):
        yield doc.issue(("avancement",), "un projet « realise » est avancé à 100 % : "
                        "mettez 100 ou retirez « avancement ».")


def _programming(project: Projet, doc: Document, territory: TerritoryData) -> Iterator[Issue]:
    slug = doc.path.stem
    for index, link in enumerate(project.contrats):
        contract = territory.contrats.get(link.contrat)
        if contract is None or link.annee is None:
            continue
        period = contract.periode
        if not start_of(period.debut).year <= link.annee <= end_of(period.fin or 2100).year:
            yield doc.issue(("contrats", index, "annee"), f"l'année {link.annee} est hors de la "
                            f"période du contrat « {link.contrat} » ({period.debut} – "
                            f"{period.fin or '…'}) : corrigez l'année ou le contrat.")
        for po in contract.programmes_operationnels:
            if slug in po.projets and po.annee != link.annee:
                yield doc.issue(("contrats", index, "annee"), f"le programme opérationnel "
                                f"{po.annee} du contrat « {link.contrat} » liste ce projet, mais "
                                f"il indique l'année {link.annee} : mettez la même année.")


def _communes_in_perimeter(project: Projet, doc: Document, territory: TerritoryData,
                           ref_epci: RefEpci) -> Iterator[Issue]:
    """A project's communes lie in the territory or in the contracts it belongs to."""
    allowed = {c.code for c in territory.identity.all_communes()}
    slug = doc.path.stem
    linked = {link.contrat for link in project.contrats} | {
        c_slug for c_slug, c in territory.contrats.items()
        if any(slug in po.projets for po in c.programmes_operationnels)}
    if linked - set(territory.contrats):
        return  # a contract with errors (or waiting for its framework): its perimeter is unknown
    for contract in sorted(linked):
        allowed |= perimeter_communes(territory.identity, territory.contrats[contract], ref_epci)
    for index, code in enumerate(project.communes):
        if code not in allowed:
            yield doc.issue(("communes", index), f"la commune « {code} » n'est ni dans le "
                            "territoire ni dans le périmètre des contrats du projet : vérifiez le "
                            "code, ou rattachez le projet au contrat qui couvre cette commune.",
                            severity=Severity.WARNING)


def _communes_unique(territoire: Territoire, doc: Document) -> Iterator[Issue]:
    """A commune belongs to one EPCI, and is listed once in the whole territory."""
    places: list[tuple[KeyPath, str, str]] = [
        (("epci", e, "communes", c, "code"), commune.code, epci.nom)
        for e, epci in enumerate(territoire.epci) for c, commune in enumerate(epci.communes)]
    places += [(("communes", c, "code"), commune.code, "communes hors EPCI")
               for c, commune in enumerate(territoire.communes)]
    seen: dict[str, str] = {}
    for path, code, where in places:
        if code in seen:
            yield doc.issue(path, f"la commune {code} est déjà listée ({seen[code]}) : une "
                            "commune n'appartient qu'à un EPCI et n'est listée qu'une fois.")
        seen.setdefault(code, where)


def invisible_characters(doc: Document, texts: str | None = None) -> Iterator[Issue]:
    """A control character (written as a YAML escape such as "\\x07", or pasted) cannot be
    published: feeds refuse it, screens show a box. Said where it stands, drafts included."""
    if not INVISIBLE.search(_all_texts(doc.data) if texts is None else texts):
        return  # the usual case, seen at once; where it stands is sought only when needed
    for path, text in _own_strings(doc, private=True):
        match = INVISIBLE.search(text)
        if match:
            yield doc.issue(path, f"caractère invisible interdit (U+{ord(match.group(0)):04X}) : "
                            "supprimez-le ou retapez le texte.")


def placeholders(doc: Document, texts: str | None = None) -> Iterator[Issue]:
    """`texts`: the document's texts joined (_all_texts), when already made."""
    joined = _all_texts(doc.data) if texts is None else texts
    if not (may_hold_placeholder(joined) and PLACEHOLDERS.search(joined)):
        return
    for path, text in _own_strings(doc):
        match = PLACEHOLDERS.search(text)
        if match:
            yield doc.issue(path, f"texte provisoire « {match.group(0)} » : remplacez-le par le "
                            "vrai texte avant publication (ou, pour un projet, mettez "
                            "« publication: brouillon »).")


def may_hold_placeholder(text: str) -> bool:
    folded = text.casefold()
    return any(hint in folded for hint in PLACEHOLDER_HINTS)


def _all_texts(value: Any) -> str:
    """Every text of a document, one per line, without their places: one search over it tells
    whether a rule on texts has anything to say (a match across two lines only means the texts
    are then looked at one by one). A national site has a million texts."""
    texts: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return "\n".join(texts)


def _own_strings(doc: Document, private: bool = False) -> Iterator[tuple[KeyPath, str]]:
    """The document's texts, but those a contract took from its framework: they are checked
    once, in the framework's file."""
    for path, text in _strings(doc.data, (), private):
        if not (path and str(path[0]) in doc.inherited):
            yield path, text


def _strings(value: Any, path: KeyPath, private: bool = False) -> Iterator[tuple[KeyPath, str]]:
    """Every text of a document with its place; private keys only when asked."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if private or key not in PRIVATE_KEYS:
                yield from _strings(item, (*path, key), private)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index), private)


_FILE_KEYS = {"images": IMAGE_TYPES, "image": IMAGE_TYPES, "logo": IMAGE_TYPES, "documents": DOCUMENT_TYPES,
              "document": DOCUMENT_TYPES}


def _file_refs(doc: Document, folder: Path, root: Path,
               data_files: set[tuple[int, int]]) -> Iterator[Issue]:
    for path, value, allowed in _file_fields(doc.data, ()):
        problem = check_file(value, folder, root, allowed, data_files)
        if problem:
            yield doc.issue(path, problem)


def _file_fields(value: Any, path: KeyPath,
                 allowed: set[str] | None = None) -> Iterator[tuple[KeyPath, str, set[str]]]:
    if isinstance(value, dict):
        for key, item in value.items():
            kinds = _FILE_KEYS.get(key, allowed)
            if key in ("fichier", "logo") and isinstance(item, str):
                yield (*path, key), item, kinds or DOCUMENT_TYPES
            else:
                yield from _file_fields(item, (*path, key), kinds)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _file_fields(item, (*path, index), allowed)


def _funder_files(dataset: Dataset, doc: Document) -> Iterator[Issue]:
    items = doc.data.get("financeurs") if isinstance(doc.data, dict) else None
    seen: dict[str, int] = {}
    for index, item in enumerate(items if isinstance(items, list) else []):
        funder_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(funder_id, str) and funder_id in seen:
            yield doc.issue(("financeurs", index, "id"), f"l'identifiant « {funder_id} » est déjà "
                            f"utilisé ligne {seen[funder_id]} : donnez à chaque financeur le sien.")
        elif isinstance(funder_id, str):
            seen[funder_id] = doc.mark(("financeurs", index, "id"))[0]
        parent = item.get("parent") if isinstance(item, dict) else None
        if dataset.financeurs and isinstance(parent, str) and parent not in dataset.financeurs:
            yield doc.issue(("financeurs", index, "parent"), f"le financeur parent « {parent} » "
                            "n'existe pas dans ce fichier : indiquez l'id d'un autre financeur.")
