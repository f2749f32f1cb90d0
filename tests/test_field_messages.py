"""Exact messages for amounts out of range and identifiers written with look-alike characters.

Look-alike letters are written as escapes (\\u0430 is the Cyrillic а): in plain text they cannot be
told from the Latin ones, which is the very mistake these messages explain.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from generator.models.fields import (
    LARGEST_AMOUNT,
    Identifiant,
    Montant,
    check_reference,
    slugify,
    suggest,
    unconfuse,
)
from tests.conftest import BASE_PROJECT, messages, write

# ruff: noqa: E501
NNBSP = "\u202f"
LARGEST = f"999{NNBSP}999{NNBSP}999{NNBSP}999,99{NNBSP}€"
CYR_A, CYR_IE, CYR_O, CYR_CAP_IE = "\u0430", "\u0435", "\u043e", "\u0415"
HALLE = "territories/vallee-test/projets/halle.yml"

amount = TypeAdapter(Montant)
ident = TypeAdapter(Identifiant)


def _error(adapter: TypeAdapter[Any], value: object) -> str:
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python(value)
    errors = caught.value.errors(include_url=False)
    assert len(errors) == 1
    return str(errors[0]["msg"])


def _too_large(written: str) -> str:
    return f"« {written} » dépasse le plus grand montant accepté ({LARGEST}) : vérifiez le nombre de zéros."


# --- Amounts --------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "written"), [
    (5000000000000, "5000000000000"),
    (10 ** 12, "1000000000000"),
    ("2 000 000 000 000 €", "2 000 000 000 000 €"),
    ("1000000000000,00", "1000000000000,00"),
    (1e16, "1e+16"),
    ("1e400", "1e400"),
    ("1E999999999999999999999", "1E999999999999999999999"),
    (99999999999999999999999999999, "99999999999999999999999999999"),
])
def test_too_large_amount_names_the_limit(value: object, written: str) -> None:
    assert _error(amount, value) == _too_large(written)


def test_largest_amount_is_accepted() -> None:
    assert amount.validate_python("999 999 999 999,99 €") == LARGEST_AMOUNT
    assert amount.validate_python(999999999999.99) == LARGEST_AMOUNT


def test_huge_number_is_cut_short() -> None:
    # 5,000 digits: more than Python turns into text, and more than a message should show.
    assert _error(amount, 10 ** 5000) == _too_large("10000000000000000000… (5001 caractères)")
    assert _error(amount, "9" * 5000) == _too_large(f"{'9' * 20}… (5000 caractères)")


@pytest.mark.parametrize(("value", "expected"), [
    (float("inf"), "« inf » n'est pas un montant : YAML lit cette valeur comme l'infini. Écrivez le montant en chiffres, par exemple 1 250 000."),
    (float("-inf"), "« -inf » n'est pas un montant : YAML lit cette valeur comme l'infini. Écrivez le montant en chiffres, par exemple 1 250 000."),
    (float("nan"), "« nan » n'est pas un montant : YAML lit cette valeur comme « pas un nombre » (NaN). Écrivez le montant en chiffres, par exemple 1 250 000."),
    ("1e5", f"« 1e5 » est écrit en notation scientifique, que le site ne lit pas : écrivez le montant en chiffres, ici 100{NNBSP}000{NNBSP}€."),
    ("1,5e6 €", f"« 1,5e6 € » est écrit en notation scientifique, que le site ne lit pas : écrivez le montant en chiffres, ici 1{NNBSP}500{NNBSP}000{NNBSP}€."),
    (-5000000000000, "un montant ne peut pas être négatif."),
    ("1,2 M€", "« 1,2 M€ » n'est pas un montant lisible. Formes acceptées : 1250000, 1 250 000, 1 250 000 € ou 1 250 000,50 € (en euros, sans « k€ » ni « M€ »)."),
])
def test_amount_messages(value: object, expected: str) -> None:
    assert _error(amount, value) == expected


def test_negative_zero_is_zero() -> None:
    assert str(amount.validate_python(-0.0)) == "0.00"
    assert amount.validate_python(0.1) == Decimal("0.10")


# --- Identifiers ------------------------------------------------------------------------------

ASCII_ONLY = "les identifiants n'utilisent que les lettres a à z, les chiffres et le tiret."


@pytest.mark.parametrize(("value", "expected"), [
    (f"et{CYR_A}t", f"« et{CYR_A}t » contient le caractère « {CYR_A} » (3e caractère, CYRILLIC SMALL LETTER A), qui ressemble à une lettre latine sans en être une : {ASCII_ONLY} Écrivez « etat »."),
    (f"r{CYR_IE}gion", f"« r{CYR_IE}gion » contient le caractère « {CYR_IE} » (2e caractère, CYRILLIC SMALL LETTER IE), qui ressemble à une lettre latine sans en être une : {ASCII_ONLY} Écrivez « region »."),
    (f"r{CYR_IE}gi{CYR_O}n-occitanie", f"« r{CYR_IE}gi{CYR_O}n-occitanie » contient le caractère « {CYR_IE} » (2e caractère, CYRILLIC SMALL LETTER IE), qui ressemble à une lettre latine sans en être une, et 1 autre caractère trompeur plus loin : {ASCII_ONLY} Écrivez « region-occitanie »."),
    (f"{CYR_CAP_IE}tat", f"« {CYR_CAP_IE}tat » contient le caractère « {CYR_CAP_IE} » (1er caractère, CYRILLIC CAPITAL LETTER IE), qui ressemble à une lettre latine sans en être une : {ASCII_ONLY} Écrivez « etat »."),
    ("\u03bfrientation", f"« \u03bfrientation » contient le caractère « \u03bf » (1er caractère, GREEK SMALL LETTER OMICRON), qui ressemble à une lettre latine sans en être une : {ASCII_ONLY} Écrivez « orientation »."),
    ("\uff45tat", f"« \uff45tat » contient le caractère « \uff45 » (1er caractère, FULLWIDTH LATIN SMALL LETTER E), qui ressemble à une lettre latine sans en être une : {ASCII_ONLY} Écrivez « etat »."),
    ("o\uff11", f"« o\uff11 » contient le caractère « \uff11 » (2e caractère, FULLWIDTH DIGIT ONE), qui ressemble à un chiffre sans en être un : {ASCII_ONLY} Écrivez « o1 »."),
    ("region\u2013occitanie", f"« region\u2013occitanie » contient le caractère « \u2013 » (7e caractère, EN DASH), qui ressemble au tiret sans en être un : {ASCII_ONLY} Écrivez « region-occitanie »."),
    ("état", "« état » n'est pas un identifiant valide : le caractère « é » (1er caractère, lettre accentuée) n'est pas accepté ; minuscules sans accents, chiffres et tirets, par exemple « etat »."),
    ("cœur", "« cœur » n'est pas un identifiant valide : le caractère « œ » (2e caractère, lettre hors de a à z) n'est pas accepté ; minuscules sans accents, chiffres et tirets, par exemple « coeur »."),
    ("region\u00a0occitanie", "« region\u00a0occitanie » n'est pas un identifiant valide : il contient une espace spéciale (7e caractère, espace insécable) ; minuscules sans accents, chiffres et tirets, par exemple « region-occitanie »."),
    ("et\u200bat", "« et\u200bat » n'est pas un identifiant valide : il contient un caractère invisible (3e caractère, espace sans largeur) ; minuscules sans accents, chiffres et tirets, par exemple « etat »."),
    ("Region_Occitanie", "« Region_Occitanie » n'est pas un identifiant valide : minuscules sans accents, chiffres et tirets, par exemple « region-occitanie »."),
])
def test_identifier_messages(value: str, expected: str) -> None:
    assert _error(ident, value) == expected


def test_identifier_is_trimmed_like_any_text() -> None:
    assert ident.validate_python(" etat ") == "etat"


def test_slugify_reads_look_alikes_as_latin() -> None:
    assert slugify(f"R{CYR_IE}gion Occitanie") == "region-occitanie"
    assert slugify("Éco-quartier à Sénergues") == "eco-quartier-a-senergues"
    assert unconfuse(f"D{CYR_CAP_IE}TR") == "DETR"
    assert unconfuse("état") == "état"  # an accent is a different letter, not a look-alike


def test_suggest_names_the_look_alike() -> None:
    assert suggest(f"et{CYR_A}t", ["etat", "region-occitanie"]) == (
        f" Le caractère « {CYR_A} » (3e caractère, CYRILLIC SMALL LETTER A) ressemble à une lettre "
        "latine sans en être une : vouliez-vous dire « etat » ?")
    assert suggest(f"r{CYR_IE}gion-ocitanie", ["etat", "region-occitanie"]) == (
        " Vouliez-vous dire « region-occitanie » ?")


def test_check_reference_suggests_the_latin_twin() -> None:
    with pytest.raises(PydanticCustomError) as caught:
        check_reference(f"D{CYR_CAP_IE}TR", ["DETR", "DSIL"], "le dispositif", "dispositifs : DETR, DSIL")
    assert caught.value.message() == (
        f"le dispositif « D{CYR_CAP_IE}TR » n'existe pas : dispositifs : DETR, DSIL. Le caractère « {CYR_CAP_IE} » "
        "(2e caractère, CYRILLIC CAPITAL LETTER IE) ressemble à une lettre latine sans en être une : "
        "vouliez-vous dire « DETR » ?")


# --- Through the validation of a data folder: located, one line each ----------------------------

FUNDING = "financements:\n  - financeur: {funder}\n    montant: 1000\n"
CASES: dict[str, tuple[str, list[str]]] = {
    "montant_trop_grand": ("cout_total: 5000000000000\n", [
        f"{HALLE}:7:1: cout_total : {_too_large('5000000000000')}"]),
    "montant_trop_grand_espaces": ("cout_total: 2 000 000 000 000 €\n", [
        f"{HALLE}:7:1: cout_total : {_too_large('2 000 000 000 000 €')}"]),
    "montant_exposant_texte": ("cout_total: 1e400\n", [
        f"{HALLE}:7:1: cout_total : {_too_large('1e400')}"]),
    # YAML reads 1.0e+400 as the float infinity: the message shows what the file says.
    "montant_exposant_flottant": ("cout_total: 1.0e+400\n", [
        f"{HALLE}:7:1: cout_total : {_too_large('1.0e+400')}"]),
    "montant_infini": ("cout_total: .inf\n", [
        f"{HALLE}:7:1: cout_total : « .inf » n'est pas un montant : YAML lit cette valeur comme l'infini. Écrivez le montant en chiffres, par exemple 1 250 000."]),
    "montant_nan": (FUNDING.format(funder="etat").replace("1000", ".nan"), [
        f"{HALLE}:9:5: financements[0].montant : « .nan » n'est pas un montant : YAML lit cette valeur comme « pas un nombre » (NaN). Écrivez le montant en chiffres, par exemple 1 250 000."]),
    "financeur_cyrillique": (FUNDING.format(funder=f"et{CYR_A}t"), [
        f"{HALLE}:8:5: financements[0].financeur : « et{CYR_A}t » contient le caractère « {CYR_A} » (3e caractère, CYRILLIC SMALL LETTER A), qui ressemble à une lettre latine sans en être une : {ASCII_ONLY} Écrivez « etat »."]),
    "financeur_region_cyrillique": (FUNDING.format(funder=f"r{CYR_IE}gion-occitanie"), [
        f"{HALLE}:8:5: financements[0].financeur : « r{CYR_IE}gion-occitanie » contient le caractère « {CYR_IE} » (2e caractère, CYRILLIC SMALL LETTER IE), qui ressemble à une lettre latine sans en être une : {ASCII_ONLY} Écrivez « region-occitanie »."]),
    "financeur_accent": (FUNDING.format(funder="état"), [
        f"{HALLE}:8:5: financements[0].financeur : le financeur « état » n'existe pas : ajoutez-le au registre financeurs.yml ou corrigez l'identifiant. Vouliez-vous dire « etat » ?"]),
    "contrat_grec": ("contrats: [crt\u03b5]\n", [
        f"{HALLE}:7:12: contrats[0] : « crt\u03b5 » contient le caractère « \u03b5 » (4e caractère, GREEK SMALL LETTER EPSILON), qui ressemble à une lettre latine sans en être une : {ASCII_ONLY} Écrivez « crte »."]),
    "dispositif_cyrillique": (FUNDING.format(funder="etat") + f"    dispositif: D{CYR_CAP_IE}TR\n", [
        f"{HALLE}:10:5: financements[0].dispositif : le dispositif « D{CYR_CAP_IE}TR » n'existe pas : dispositifs de « etat » : DETR, DSIL (à compléter dans financeurs.yml si besoin). Le caractère « {CYR_CAP_IE} » (2e caractère, CYRILLIC CAPITAL LETTER IE) ressemble à une lettre latine sans en être une : vouliez-vous dire « DETR » ?"]),
    "valeur_cyrillique": (f"publication: br{CYR_O}uillon\n", [
        f"{HALLE}:7:1: publication : valeur « br{CYR_O}uillon » non acceptée. Le caractère « {CYR_O} » (3e caractère, CYRILLIC SMALL LETTER O) ressemble à une lettre latine sans en être une : vouliez-vous dire « brouillon » ? Valeurs acceptées : publie, brouillon."]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_located_message(name: str, data: Path) -> None:
    extra, expected = CASES[name]
    write(data, "vallee-test/projets/halle.yml", BASE_PROJECT + extra)
    found = messages(data)
    assert found == expected
    assert all("\n" not in message and "Traceback" not in message for message in found)
