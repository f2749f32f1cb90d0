"""Figures a reviewer can trust: each rule on amounts, rates, dates and contacts with its exact
message, and a sweep of every built page for sums that would count an unknown as zero."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.pipeline import build
from tests.conftest import BASE_PROJECT, FIXTURES, messages, write
from tests.sitecheck import html_pages, mkdocs_build, site_config

H = "territories/vallee-test/projets/halle.yml"
NNBSP = "\u202f"

RULES: dict[str, tuple[dict[str, str], list[str]]] = {
    "taux_faux": (
        {"projets/halle.yml": BASE_PROJECT + "cout_total: 562000\nfinancements:\n"
         "  - {financeur: etat, montant: 150000, taux: 90}\n"},
        [f"{H}:9:40: avertissement : financements[0].taux : le taux déclaré (90{NNBSP}%) ne "
         f"correspond pas au montant : 150{NNBSP}000{NNBSP}€ ÷ 562{NNBSP}000{NNBSP}€ (le coût "
         f"total) = 26,7{NNBSP}%. Corrigez le taux ou le montant, ou indiquez la base du taux "
         "(« assiette » de la ligne, ou « depense_eligible » du projet)."]),
    "taux_arrondi": (
        {"projets/halle.yml": BASE_PROJECT + "cout_total: 562000\nfinancements:\n"
         "  - {financeur: etat, montant: 150000, taux: 27}\n"}, []),
    "taux_sur_depense_eligible": (
        {"projets/halle.yml": BASE_PROJECT + "cout_total: 800000\ndepense_eligible: 600000\n"
         "financements:\n  - {financeur: etat, montant: 150000, taux: 25}\n"}, []),
    "depense_eligible_trop_grande": (
        {"projets/halle.yml": BASE_PROJECT + "cout_total: 100000\ndepense_eligible: 120000\n"},
        [f"{H}:8:1: depense_eligible : la dépense éligible (120{NNBSP}000{NNBSP}€) dépasse le coût "
         f"total (100{NNBSP}000{NNBSP}€) : elle en est une partie. Corrigez l'un des deux montants."]),
    "autofinancement_trop_grand": (
        {"projets/halle.yml": BASE_PROJECT + "cout_total: 100000\nautofinancement: 60000\n"
         "financements:\n  - {financeur: etat, montant: 50000}\n"},
        [f"{H}:9:1: financements : la somme des financements et de l'autofinancement "
         f"(110{NNBSP}000{NNBSP}€) dépasse le coût total (100{NNBSP}000{NNBSP}€) de "
         f"10{NNBSP}000{NNBSP}€ : corrigez un montant ou le coût total."]),
    "versement_sans_statut": (
        {"projets/halle.yml": BASE_PROJECT + "financements:\n  - {financeur: etat, montant: 5000, "
         "date_decision: 2023-01-10, date_versement: 2023-06-01}\n"},
        [f"{H}:8:5: financements[0].statut : cette ligne a une date de versement : son statut est "
         "« verse » (versé). Corrigez le statut ou retirez « date_versement »."]),
    "versement_avant_decision": (
        {"projets/halle.yml": BASE_PROJECT + "financements:\n  - {financeur: etat, montant: 5000, "
         "statut: versé, date_decision: 2023-01-10, date_versement: 2022-06-01}\n"},
        [f"{H}:8:80: financements[0].date_versement : le versement précède la décision "
         "(2023-01-10) : vérifiez les deux dates."]),
    "contrat_termine_sans_fin": (
        {"contrats/ancien.yml": "type: crte\nnom: Ancien contrat\nperiode:\n  debut: 2015\n"
         "statut: terminé\nperimetre: tout\n"},
        ["territories/vallee-test/contrats/ancien.yml:3:1: periode : un contrat terminé a une date "
         "de fin : indiquez-la (« periode: 2018-2021 », ou « fin: » sous « periode »), ou "
         "choisissez le statut en_cours."]),
    "dispositif_enveloppe": (
        {"contrats/enveloppe.yml": "type: crte\nnom: Contrat\nperiode: 2021-2026\nstatut: en_cours\n"
         "perimetre: tout\nenveloppes:\n  - {financeur: etat, montant: 1000, dispositif: FNADT}\n"},
        ["territories/vallee-test/contrats/enveloppe.yml:7:38: enveloppes[0].dispositif : le "
         "dispositif « FNADT » n'existe pas : dispositifs de « etat » : DETR, DSIL (à compléter "
         "dans financeurs.yml si besoin)."]),
    "theme_raccourci": (
        {"projets/halle.yml": BASE_PROJECT + "thematiques: [economie]\n"},
        [f"{H}:7:15: avertissement : thematiques[0] : la thématique « economie » ressemble à "
         "« economie-emploi » sans être la même : vouliez-vous dire « economie-emploi » ? (Une "
         "thématique nouvelle se déclare dans site.yml, rubrique thematiques.)"]),
}


def _contact_case(contact: str) -> dict[str, str]:
    territory = (FIXTURES / "minimal/vallee-test/territoire.yml").read_text(encoding="utf-8")
    start = territory.index("contacts:")
    end = territory.index("\n", territory.index("publier_nom: false"))
    return {"territoire.yml": territory[:start] + "contacts:\n" + contact + territory[end + 1:]}


CONTACTS = {
    "portable_non_publie": (
        "  - role: Animation LEADER\n    telephone: 06 12 34 56 78\n",
        "« 06 12 34 56 78 » est un numéro de portable, une donnée personnelle : pour ce contact "
        "dont le nom n'est pas publié, indiquez un numéro de service (standard, ligne fixe), ou "
        "publiez le nom avec l'accord de la personne (« publier_nom: true »)."),
    "email_personnel": (
        "  - role: Animation\n    nom: Claire Dupuy\n    email: claire.dupuy@petr.fr\n",
        "l'adresse « claire.dupuy@petr.fr » contient le nom de la personne, qui n'est pas publié : "
        "indiquez une adresse de service (par exemple contact@…), ou publiez le nom avec l'accord "
        "de la personne (« publier_nom: true »)."),
}


@pytest.mark.parametrize("name", list(RULES))
def test_figure_rule(name: str, data: Path) -> None:
    files, expected = RULES[name]
    for relative, text in files.items():
        (data / "vallee-test" / relative).write_text(text, encoding="utf-8")
    found = [m for m in messages(data) if "/halle.yml" in m or "/ancien.yml" in m
             or "/enveloppe.yml" in m]
    assert found == expected


@pytest.mark.parametrize("name", list(CONTACTS))
def test_personal_contact_data_is_refused(name: str, data: Path) -> None:
    contact, message = CONTACTS[name]
    for relative, text in _contact_case(contact).items():
        (data / "vallee-test" / relative).write_text(text, encoding="utf-8")
    found = [m for m in messages(data) if "territoire.yml" in m]
    assert len(found) == 1 and found[0].endswith(message), found
    named = "" if "nom:" in contact else "    nom: Lou Martin\n"
    published = contact + "    publier_nom: true\n" + named
    for relative, text in _contact_case(published).items():
        (data / "vallee-test" / relative).write_text(text, encoding="utf-8")
    assert not [m for m in messages(data) if "territoire.yml" in m]


def test_each_territory_has_its_own_data_date(tmp_path: Path) -> None:
    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    shutil.copytree(data / "vallee-test", data / "autre")
    for name in ("chaufferie-cazals", "ecole-salviac", "sentier", "projet-brouillon"):
        (data / "autre/projets" / f"{name}.yml").unlink()
    (data / "autre/contrats/cto.yml").unlink()
    path = data / "autre/territoire.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Vallée de test", "Autre vallée")
                    + "date_des_donnees: 2021-03-01\n", encoding="utf-8")
    catalog = build(data, "territories")
    assert str(catalog.territories["autre"].date) == "2021-03-01"
    assert str(catalog.territories["vallee-test"].date) == "2023-06-30"  # its own latest fact
    assert str(catalog.date) == "2023-06-30"


# --- The sweep: every built page of the example, and a territory full of unknowns -------------

UNKNOWNS = """
titre: {titre}
resume: Un projet dont les montants sont mal connus.
statut: en_cours
maitre_ouvrage: Commune de Salviac
communes: ["46297"]
orientations: [o2]
contrats: [{{contrat: crte, mesure: m1, annee: 2023}}]
{extra}
"""


@pytest.fixture(scope="module")
def unknowns_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog]:
    root = tmp_path_factory.mktemp("inconnus")
    data = root / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    cases = {
        "sans-cout": "financements: [{financeur: etat, montant: 66000}]",
        "sans-rien": "",
        "cout-seul": "cout_total: 300000",
        "taux-assiette": "cout_total: 800000\ndepense_eligible: 600000\nfinancements:\n"
                         "  - {financeur: etat, montant: 150000, taux: 25}\n"
                         "  - {financeur: region-occitanie, montant: 100000, taux: 50, assiette: 200000}",
        "approche": "cout_total: près de 1,2 M€\nfinancements:\n"
                    "  - {financeur: etat, montant: plus de 21 000 €}\n"
                    "  - {financeur: region-occitanie, montant: 300000}",
        "autofinance": "cout_total: 100000\nautofinancement: 40000\n"
                       "financements: [{financeur: etat, montant: 60000, statut: versé, "
                       "date_decision: 2023-01-05, date_versement: 2023-09-01}]",
    }
    for slug, extra in cases.items():
        write(data, f"vallee-test/projets/{slug}.yml", UNKNOWNS.format(titre=slug, extra=extra))
    (root / "content").mkdir()
    (root / "mkdocs.yml").write_text(site_config("Inconnus"))
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site", build(data, "territories")


def _shares(table: str) -> tuple[list[float], str | None]:
    head = re.search(r"<thead>(.*?)</thead>", table, re.S)
    columns = re.findall(r"<th[^>]*>(.*?)</th>", head.group(1)) if head else []
    if "Part du coût total" not in columns:
        return [], None
    index = columns.index("Part du coût total")
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S)
    shares = []
    for row in re.findall(r"<tr>(.*?)</tr>", body.group(1) if body else "", re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        value = re.sub(r"environ|au moins", "", cells[index]).replace(NNBSP, "").replace(
            "%", "").replace(",", ".").strip()
        shares.append(float(value) if value else 0.0)
    foot = re.search(r"<tfoot>(.*?)</tfoot>", table, re.S)
    footer = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", foot.group(1)) if foot else []
    return shares, footer[index] if len(footer) > index else None


def _sweep(site: Path) -> int:
    tables = 0
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        # An unknown is never a zero: no headline of « 0 € de coût total » over unknown costs.
        assert f"<strong>0{NNBSP}€</strong> de coût total" not in text, page
        assert "Autofinancement</th><td>" not in text or "autofinancement" in page.as_posix() \
            or "Autofinancement" in text, page
        for table in re.findall(r"<table[^>]*>.*?</table>", text, re.S):
            shares, footer = _shares(table)
            if not shares:
                continue
            tables += 1
            total = sum(shares)
            # Shares are rounded to the unit: each row may be off by half a point.
            assert total <= 100 + 0.5 * len(shares), (page, shares)
            if footer is not None:
                assert footer.replace(NNBSP, " ") == "100 %" and abs(total - 100) <= 0.5 * len(shares), \
                    (page, shares, footer)
    return tables


def test_sweep_the_example(example_site: Path) -> None:
    assert _sweep(example_site) > 5


def test_sweep_a_territory_of_unknowns(unknowns_site: tuple[Path, Catalog]) -> None:
    site, catalog = unknowns_site
    assert _sweep(site) >= 3
    t = catalog.territories["vallee-test"]
    home = (site / "vallee-test/index.html").read_text(encoding="utf-8")
    assert f"de coût connu pour {t.total.cost_known} projets sur {t.total.count}" in home
    strategy = (site / "vallee-test/projet-de-territoire/index.html").read_text(encoding="utf-8")
    assert "(connu pour" in strategy
    unknown = (site / "vallee-test/projets/sans-cout/index.html").read_text(encoding="utf-8")
    assert "coût total non communiqué" in unknown and "Part du coût" not in unknown
    stated = (site / "vallee-test/projets/autofinance/index.html").read_text(encoding="utf-8")
    assert "<th scope=\"row\">Autofinancement</th>" in stated and "Reste à financer" not in stated
    assert "versé le 1er septembre 2023 ; décision du 5 janvier 2023" in stated
    approx = (site / "vallee-test/projets/approche/index.html").read_text(encoding="utf-8")
    assert f"environ 1{NNBSP}200{NNBSP}000{NNBSP}€" in approx and f"au moins 21{NNBSP}000" in approx
    assert "de coût connu pour" in home and "environ " in home  # the sum is approximate too
    rates = (site / "vallee-test/projets/taux-assiette/index.html").read_text(encoding="utf-8")
    assert f"25{NNBSP}% de 600{NNBSP}000{NNBSP}€" in rates and f"50{NNBSP}% de 200{NNBSP}000{NNBSP}€" in rates


# --- Approximate amounts, as published ------------------------------------------------------

@pytest.mark.parametrize(("written", "amount", "qualifier"), [
    ("plus de 21 000 €", "21000", "au moins"), ("au moins 21000", "21000", "au moins"),
    ("près de 1,2 M€", "1200000", "environ"), ("environ 500 000 €", "500000", "environ"),
    ("Près de 2 millions d'euros", "2000000", "environ"), ("~ 30 k€", "30000", "environ"),
    ("1 250 000 €", "1250000", None)])
def test_approximate_amounts_are_read_as_published(written: str, amount: str,
                                                   qualifier: str | None) -> None:
    from generator.models.projet import Financement

    line = Financement.model_validate({"financeur": "etat", "montant": written})
    assert line.montant == Decimal(amount)
    assert getattr(line.montant, "qualifier", None) == qualifier


def test_an_exact_amount_in_millions_is_still_refused(data: Path) -> None:
    (data / "vallee-test/projets/halle.yml").write_text(BASE_PROJECT + "cout_total: 1,2 M€\n")
    assert any("n'est pas un montant lisible" in m for m in messages(data))


def test_approximations_reach_sums_shares_and_exports(tmp_path: Path) -> None:
    from generator.opendata import plan_exports
    from generator.render.filters import FILTERS

    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    write(data, "vallee-test/projets/halle.yml", BASE_PROJECT + """
        cout_total: près de 1,2 M€
        financements:
          - {financeur: etat, montant: plus de 21 000 €}
          - {financeur: region-occitanie, montant: 100000}
    """.replace("\n        ", "\n"))
    catalog = build(data, "territories")
    t = catalog.territories["vallee-test"]
    halle = t.projects["halle"]
    euros, pourcent = FILTERS["euros"], FILTERS["pourcent"]
    assert euros(halle.projet.cout_total) == f"environ 1{NNBSP}200{NNBSP}000{NNBSP}€"
    assert euros(halle.funding) == f"au moins 121{NNBSP}000{NNBSP}€"  # lower bounds add up
    assert pourcent(halle.line_shares[1]) == f"environ 8{NNBSP}%"  # 100 000 of about 1,2 M€
    assert euros(t.total.funding).startswith("au moins ")
    assert euros(t.total.cost).startswith("environ ")
    files = {f.name: f.content.decode() for f in plan_exports(catalog)["vallee-test/donnees"]}
    row = next(r for r in files["projets.csv"].splitlines() if r.startswith("vallee-test,halle,"))
    assert ",1200000,environ," in row and ",121000,au moins," in row
    assert "21000,au moins," in files["financements.csv"]
    assert "Halle de Cazals" not in files["subventions-scdl.csv"]  # an SCDL amount is exact
    import json

    document = json.loads(files["donnees.json"])
    fiche = next(p for p in document["territoires"][0]["projets"] if p["id"] == "halle")["fiche"]
    assert fiche["cout_total"] == "environ 1200000"
    import jsonschema

    from generator.opendata.catalog_json import donnees_schema

    jsonschema.validate(document, donnees_schema())  # the approximate forms are in the schema


# --- Partial dates --------------------------------------------------------------------------

def test_partial_dates_say_only_what_is_known(tmp_path: Path) -> None:
    from generator.models.fields import PartialDate
    from generator.render.filters import FILTERS

    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    write(data, "vallee-test/projets/halle.yml", BASE_PROJECT + """
        dates: {debut: 2023-05-10, fin: 2023}
        jalons:
          - {date: 2022-11, titre: Délibération}
          - {date: 2023-06-02, titre: Premier coup de pioche}
        financements:
          - {financeur: etat, montant: 1000, date_decision: 2022-12}
    """.replace("\n        ", "\n"))
    catalog = build(data, "territories")
    halle = catalog.territories["vallee-test"].projects["halle"]
    fin = halle.projet.dates.fin
    assert isinstance(fin, PartialDate) and fin.isoformat() == "2023" and str(fin.end) == "2023-12-31"
    date_fr = FILTERS["date_fr"]
    assert [date_fr(s.date) for s in halle.timeline] == [
        "novembre 2022", "10 mai 2023", "2 juin 2023", "2023"]
    assert str(catalog.territories["vallee-test"].date) == "2023-06-30"  # a day, never a month


def test_partial_dates_are_compared_by_what_they_may_mean(data: Path) -> None:
    (data / "vallee-test/projets/halle.yml").write_text(
        BASE_PROJECT + "dates: {debut: 2023-05, fin: 2023-05-02}\n", encoding="utf-8")
    assert not [m for m in messages(data) if "halle.yml" in m]  # May 2023 may be the 1st
    (data / "vallee-test/projets/halle.yml").write_text(
        BASE_PROJECT + "dates: {debut: 2023-06, fin: 2023-05}\n", encoding="utf-8")
    assert [m.split(": ", 1)[1] for m in messages(data) if "halle.yml" in m] == [
        "dates.fin : la date de fin (2023-05) précède la date de début (2023-06) : inversez-les "
        "ou corrigez l'une des deux."]
