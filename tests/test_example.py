"""The example territories: valid, real where facts exist, and complete enough to show."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache

import pytest

from generator.catalog import Catalog
from generator.pipeline import build, validate
from generator.validate.rules import perimeter_communes
from tests.conftest import EXAMPLE, REFERENTIEL


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return build(EXAMPLE, "territories", REFERENTIEL)


@cache
def cog_epci() -> dict[str, dict[str, object]]:
    return {e["code"]: e for e in json.loads((REFERENTIEL / "epci.json").read_text("utf-8"))}


@cache
def cog_communes() -> dict[str, dict[str, object]]:
    rows = json.loads((REFERENTIEL / "communes.json").read_text("utf-8"))
    return {c["code"]: c for c in rows if c["type"] == "commune-actuelle"}


def test_example_has_no_error_and_no_warning() -> None:
    issues = list(validate(EXAMPLE, "territories", REFERENTIEL).issues)
    assert [i.format() for i in issues] == []


def test_three_territories_and_enough_projects(catalog: Catalog) -> None:
    assert sorted(catalog.territories) == ["grand-quercy", "haut-rouergue", "midi-quercy"]
    assert sum(len(t.projects) for t in catalog.territories.values()) >= 25
    assert catalog.dataset.site.demonstration
    statuses = {e.projet.statut for t in catalog.territories.values() for e in t.projects.values()}
    assert statuses == {"a_venir", "en_cours", "realise", "abandonne"}


EPCI = {
    "haut-rouergue": {"200067478", "200068484"},
    "grand-quercy": {"200023737", "244600433", "200035327", "244600482", "244600573",
                     "244600532", "200039519"},
    "midi-quercy": {"248200057", "200066884", "248200107"},
}


@pytest.mark.parametrize("slug", sorted(EPCI))
def test_members_are_the_official_ones(catalog: Catalog, slug: str) -> None:
    territoire = catalog.territories[slug].data.identity
    assert {e.siren for e in territoire.epci} == EPCI[slug]
    for epci in territoire.epci:
        official = cog_epci()[epci.siren]
        assert epci.nom == official["nom"]
        members = {m["code"] for m in official["membres"]}  # type: ignore[attr-defined]
        assert {c.code for c in epci.communes} == members, epci.nom
        for commune in epci.communes:
            assert commune.nom == cog_communes()[commune.code]["nom"]
            if commune.population is not None:
                assert commune.population == cog_communes()[commune.code]["population"]


def test_communes_counts(catalog: Catalog) -> None:
    counts = {s: len(t.data.identity.all_communes()) for s, t in catalog.territories.items()}
    assert counts["haut-rouergue"] == 38
    assert counts["midi-quercy"] == 48  # 49 on paysmidiquercy.fr, 48 in the COG 2026


# (territory, commune name, Région grant in euros) — real-data.md. The Sénergues grant is left
# out: the COG puts Sénergues (12268) in CC Conques-Marcillac, outside the Haut Rouergue.
PRESS_GRANTS = [
    ("haut-rouergue", "Villecomtal", 9000),
    ("grand-quercy", "Cahors", 66000), ("grand-quercy", "Douelle", 7000),
    ("grand-quercy", "Salviac", 21000), ("grand-quercy", "Saint Géry-Vers", 120000),
    ("grand-quercy", "Vaylats", 17416), ("grand-quercy", "Sauzet", 37900),
    ("grand-quercy", "Cézac", 16600), ("grand-quercy", "Labastide-Marnhac", 18400),
]


@pytest.mark.parametrize(("slug", "commune", "amount"), PRESS_GRANTS)
def test_press_reported_grants(catalog: Catalog, slug: str, commune: str, amount: int) -> None:
    territory = catalog.territories[slug]
    codes = {c.code for c in territory.data.identity.all_communes() if c.nom == commune}
    assert len(codes) == 1, commune
    found = [line.montant for e in territory.projects.values() if codes & set(e.projet.communes)
             for line in e.projet.financements if line.financeur == "region-occitanie"]
    assert Decimal(amount) in found


def test_shared_cto_reaches_beyond_the_territory(catalog: Catalog) -> None:
    territory = catalog.territories["haut-rouergue"].data
    shared = [slug for slug, c in territory.contrats.items() if c.territoires_partenaires]
    assert shared
    own = {c.code for c in territory.identity.all_communes()}
    assert catalog.dataset.referentiel is not None
    covered = perimeter_communes(territory.identity, territory.contrats[shared[0]],
                                 catalog.dataset.referentiel.epci)
    assert own < covered
    assert {cog_communes()[c]["departement"] for c in covered - own} == {"48"}


def test_contract_kinds(catalog: Catalog) -> None:
    kinds = {c.type for t in catalog.territories.values() for c in t.data.contrats.values()}
    assert {"crte", "contrat-territorial-occitanie", "bourg-centre-occitanie",
            "petites-villes-de-demain", "leader", "contrat-local-de-sante"} <= kinds


def test_a_draft_with_internal_notes_exists(catalog: Catalog) -> None:
    drafts = [p for t in catalog.territories.values() for p in t.data.projets.values()
              if not p.published]
    assert any(p.notes_internes for p in drafts)
