"""Catalog stage: cross-references both ways and roll-ups, with exact expected values.

The minimal site has four projects: ecole-salviac (réalisé), chaufferie-cazals (en cours),
sentier (abandonné, listed but outside the money) and projet-brouillon (draft, never counted).
"""

from __future__ import annotations

import shutil
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from generator.catalog import Catalog, TerritoryCatalog
from generator.pipeline import build
from tests.conftest import FIXTURES, REFERENTIEL, write

D = Decimal


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return build(FIXTURES / "minimal", "territories", REFERENTIEL)


@pytest.fixture(scope="module")
def t(catalog: Catalog) -> TerritoryCatalog:
    return catalog.territories["vallee-test"]


def test_published_projects_only(t: TerritoryCatalog) -> None:
    assert list(t.projects) == ["chaufferie-cazals", "ecole-salviac", "sentier"]
    assert t.drafts == 1
    assert t.by_status == {"abandonne": 1, "en_cours": 1, "realise": 1}


def test_territory_total(t: TerritoryCatalog) -> None:
    assert t.total.projects == ["chaufferie-cazals", "ecole-salviac"]
    assert t.total.cost == D("700000")
    assert t.total.funding == D("370000")
    assert t.total.public_funding == D("370000")
    assert t.total.requested == D("50000")
    assert t.total.by_funder == {"etat": D("230000"), "region-occitanie": D("100000"),
                                 "union-europeenne": D("40000")}


def test_project_figures(t: TerritoryCatalog) -> None:
    ecole = t.projects["ecole-salviac"]
    assert (ecole.funding, ecole.requested) == (D(250000), D(50000))
    # No source states the autofinancement: the rest is « reste à financer ou non communiqué ».
    assert (ecole.self_funding, ecole.unexplained) == (None, D(200000))
    assert ecole.year == 2022  # the programming year wins over the start date
    chaufferie = t.projects["chaufferie-cazals"]
    assert chaufferie.by_funder == {"etat": D(80000), "union-europeenne": D(40000)}
    assert (chaufferie.self_funding, chaufferie.unexplained) == (None, D(80000))
    assert t.projects["sentier"].year is None


def test_strategy_rollups_include_descendants(t: TerritoryCatalog) -> None:
    assert t.elements["o1-a1"].direct_projects == ["ecole-salviac"]
    assert t.elements["o1"].direct_projects == ["sentier"]
    assert t.elements["o1"].rollup.projects == ["ecole-salviac"]  # sentier is abandoned
    assert t.elements["o1"].rollup.cost == D(500000)
    assert t.elements["o2"].rollup.funding == D(120000)
    assert t.elements["o1"].parent is None and t.elements["o1-a1"].parent == "o1"
    assert t.project_elements("ecole-salviac") == ["o1-a1"]


def test_contracts_measures_funders_communes_years(t: TerritoryCatalog) -> None:
    assert t.contract_projects == {"crte": ["ecole-salviac"], "cto": ["chaufferie-cazals"]}
    assert t.by_contract["crte"].cost == D(500000)
    assert t.by_contract["cto"].by_funder == {"etat": D(80000), "union-europeenne": D(40000)}
    assert t.by_measure[("crte", "m1")].projects == ["ecole-salviac"]
    assert t.by_funder["etat"].projects == ["chaufferie-cazals", "ecole-salviac"]
    assert t.by_funder["etat"].by_funder["etat"] == D(230000)
    assert "departement-lot" not in t.by_funder  # only requested, never granted
    assert {code: r.projects for code, r in t.by_commune.items()} == {
        "46066": ["chaufferie-cazals"], "46087": ["chaufferie-cazals"], "46297": ["ecole-salviac"]}
    assert {year: r.cost for year, r in t.by_year.items()} == {2022: D(500000), 2023: D(200000)}
    assert {th: r.count for th, r in t.by_theme.items()} == {"education-jeunesse": 1,
                                                             "energie-climat": 1}


def test_population_and_site_total(catalog: Catalog, t: TerritoryCatalog) -> None:
    assert t.population == 1231 + 659 + 642
    assert catalog.total.cost == D(700000)


def test_programme_only_link_and_private_funder(data: Path) -> None:
    """A project listed in a programme opérationnel belongs to the contract even without a link;
    a private funder's money is funding but not public funding."""
    with (data / "financeurs.yml").open("a", encoding="utf-8") as funders:
        funders.write("  - id: mecene\n    nom: Fondation du patrimoine\n    type: prive\n")
    write(data, "vallee-test/projets/halle.yml", """
        titre: Halle
        resume: Restauration de la halle.
        statut: en_cours
        maitre_ouvrage:
          nom: Commune de Cazals
        communes: ["46066"]
        cout_total: 100000
        financements:
          - financeur: mecene
            montant: 100000
    """)
    cto = data / "vallee-test/contrats/cto.yml"
    cto.write_text(cto.read_text(encoding="utf-8").replace(
        "projets: [chaufferie-cazals]", "projets: [chaufferie-cazals, halle]"), encoding="utf-8")
    t = build(data, "territories").territories["vallee-test"]
    assert t.contract_projects["cto"] == ["chaufferie-cazals", "halle"]
    halle = t.projects["halle"]
    assert (halle.funding, halle.public_funding, halle.unexplained) == (D(100000), D(0), D(0))
    assert t.total.public_funding == D(370000) and t.total.funding == D(470000)


def test_shares_are_computed_in_the_catalog(t: TerritoryCatalog) -> None:
    """Every share a page or an export shows, with its exact value (templates only format)."""
    ecole = t.projects["ecole-salviac"]  # 500 000 € : 150 000 + 100 000 granted, 50 000 asked
    assert ecole.line_shares == (D(30), D(20), D(10))
    assert ecole.self_funding_share is None  # not stated by the data
    assert ecole.unexplained_share == D(40)  # 200 000 of 500 000: no line explains it
    assert ecole.uncovered == D(250000)  # the requested 50 000 may still be refused
    assert t.projects["chaufferie-cazals"].line_shares == (D(40), D(20))
    shares = t.total.funder_shares  # of 370 000 € granted
    assert {k: round(v, 4) for k, v in shares.items() if v is not None} == {
        "etat": D("62.1622"), "region-occitanie": D("27.0270"), "union-europeenne": D("10.8108")}
    assert sum(v for v in shares.values() if v is not None) == pytest.approx(100)


def with_halle(tmp_path: Path, extra: str) -> TerritoryCatalog:
    """The minimal territory with one more project, « halle », and the given keys."""
    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    write(data, "vallee-test/projets/halle.yml", textwrap.dedent(extra) + textwrap.dedent("""
        titre: Halle
        resume: Une halle.
        statut: en_cours
        maitre_ouvrage: Commune de Salviac
        communes: ["46297"]
    """))
    return build(data, "territories").territories["vallee-test"]


def test_a_declared_rate_is_not_a_share_and_unknown_cost_gives_none(tmp_path: Path) -> None:
    t = with_halle(tmp_path, """
        financements:
          - {financeur: etat, montant: 1000, taux: 25}
          - {financeur: region-occitanie, montant: 500}
    """)
    halle = t.projects["halle"]
    assert halle.line_shares == (None, None)  # no cost: an unknown share, never 0 %
    assert halle.line_rates == (None, None)  # nor a rate without a base
    assert halle.self_funding is None and halle.uncovered is None and halle.unexplained is None


def test_stated_figures(tmp_path: Path) -> None:
    """Eligible expense, a line's own base, stated autofinancement: exact figures."""
    t = with_halle(tmp_path, """
        cout_total: 800000
        depense_eligible: 600000
        autofinancement: 200000
        financements:
          - {financeur: etat, montant: 150000, taux: 25}
          - {financeur: region-occitanie, montant: 100000, assiette: 400000, taux: 25}
    """)
    halle = t.projects["halle"]
    assert halle.line_shares == (D("18.75"), D("12.5"))  # of the 800 000 € cost
    assert halle.line_rates == (D(25), D(25))  # on 600 000 € and 400 000 €
    assert (halle.self_funding, halle.self_funding_share) == (D(200000), D(25))
    assert (halle.unexplained, halle.unexplained_share) == (D(350000), D("43.75"))
    assert sum(halle.line_shares, D(0)) + D(25) + D("43.75") == D(100)


def test_unknown_costs_are_counted_apart(tmp_path: Path) -> None:
    t = with_halle(tmp_path, """
        financements: [{financeur: etat, montant: 66000}]
    """)
    total = t.total
    assert (total.count, total.cost_known, total.cost) == (3, 2, D(700000))
    assert not total.cost_complete and total.plan_known == 3


def test_envelopes(t: TerritoryCatalog) -> None:
    (use,) = t.envelopes["cto"]
    assert (use.envelope.montant, use.used, use.share) == (D(1000000), D(0), D(0))
    assert t.envelopes["crte"] == []
    assert t.envelope_totals["crte"] is None


def test_envelopes_say_requested_granted_and_paid(tmp_path: Path) -> None:
    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    crte = data / "vallee-test/contrats/crte.yml"
    crte.write_text(crte.read_text(encoding="utf-8") + textwrap.dedent("""\
        enveloppes:
          - {financeur: etat, montant: 600000}
          - {financeur: departement-lot, montant: 100000}
          - {financeur: union-europeenne, montant: 80000}
          - {financeur: etat, dispositif: DSIL, montant: 100000}
        """), encoding="utf-8")
    chaufferie = data / "vallee-test/projets/chaufferie-cazals.yml"
    chaufferie.write_text(chaufferie.read_text(encoding="utf-8").replace(
        "  - contrat: cto\n", "  - contrat: cto\n  - contrat: crte\n"), encoding="utf-8")
    t = build(data, "territories", REFERENTIEL).territories["vallee-test"]
    etat, departement, europe, dsil = t.envelopes["crte"]
    # An envelope that names its scheme covers that scheme's lines only.
    assert (dsil.used, dsil.share) == (D(80000), D(80))
    # État: 150 000 granted to the school, 80 000 to the boiler; nothing paid yet.
    assert (etat.used, etat.paid, etat.requested) == (D(230000), D(0), D(0))
    assert etat.share is not None and round(etat.share, 2) == D("38.33")
    # Département: only requested; the abandoned project's lines never count.
    assert (departement.used, departement.requested, departement.requested_share) == \
        (D(0), D(50000), D(50))
    # Europe: 40 000 paid, which is granted too.
    assert (europe.used, europe.paid, europe.paid_share) == (D(40000), D(40000), D(50))
    glance = t.envelope_totals["crte"]
    assert glance is not None
    # Every line once, though the DSIL line is in two envelopes of the État.
    assert (glance.envelope.montant, glance.used, glance.paid, glance.requested) == \
        (D(880000), D(270000), D(40000), D(50000))


def test_a_departement_is_under_one_region_whatever_its_territories_name() -> None:
    """A territory over a border may name the région of its other communes: its département
    stays under the région most of its territories name, once (one portal line, one listing)."""
    from types import SimpleNamespace

    from generator.catalog import Catalog

    def territory(name: str, region: str, departement: str) -> SimpleNamespace:
        return SimpleNamespace(departement=departement, data=SimpleNamespace(
            identity=SimpleNamespace(nom=name, region=region)))

    places = {"a": territory("Causses", "Occitanie", "46"),
              "b": territory("Bouriane", "Nouvelle-Aquitaine", "46"),
              "c": territory("Quercy blanc", "Occitanie", "46"),
              "d": territory("Périgord", "Nouvelle-Aquitaine", "24")}
    catalog = Catalog(dataset=None, territories=places, total=None)  # type: ignore[arg-type]
    grouped = {region: {code: [t.data.identity.nom for t in ts] for code, ts in deps.items()}
               for region, deps in catalog.by_region.items()}
    assert grouped == {"Nouvelle-Aquitaine": {"24": ["Périgord"]},
                       "Occitanie": {"46": ["Bouriane", "Causses", "Quercy blanc"]}}
