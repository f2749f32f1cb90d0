"""Field types: amounts, codes, identifiers and plurals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import TypeAdapter, ValidationError

from generator.models.common import pluralize
from generator.models.fields import CodeInsee, Montant, Siren, luhn_ok, slugify

amount = TypeAdapter(Montant)


@pytest.mark.parametrize(("text", "value"), [
    (1250000, "1250000.00"), ("1250000", "1250000.00"), ("1 250 000", "1250000.00"),
    ("1 250 000 €", "1250000.00"), ("1\u202f250\u202f000\u00a0€", "1250000.00"),
    ("1 250 000,50 €", "1250000.50"), ("17416", "17416.00"), (9717373, "9717373.00"),
    ("0", "0.00"), (12.5, "12.50"), ("1250000 EUR", "1250000.00"),
    # Word processors and PDFs put non-breaking spaces between thousands.
    ("12\u00a0000\u00a0€", "12000.00"), ("1\u00a0250\u00a0000,50", "1250000.50"),
    ("1\u2009250\u2009000", "1250000.00"),
])
def test_amount_forms(text: object, value: str) -> None:
    assert amount.validate_python(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1,2 M€", "12 k€", "1.250.000", "12 50", "abc", "", True,
                                  "1 250 000,505", "€"])
def test_amount_refused(text: object) -> None:
    with pytest.raises(ValidationError) as error:
        amount.validate_python(text)
    assert "n'est pas un montant lisible" in str(error.value)


def test_negative_amount() -> None:
    with pytest.raises(ValidationError, match="ne peut pas être négatif"):
        amount.validate_python(-5)


@pytest.mark.parametrize("code", ["46042", "2A004", "2B033", "97101", "01001"])
def test_insee_accepted(code: str) -> None:
    assert TypeAdapter(CodeInsee).validate_python(code) == code


@pytest.mark.parametrize("code", ["4604", "460420", "2C004", "ABCDE", "46 42"])
def test_insee_refused(code: str) -> None:
    with pytest.raises(ValidationError, match="n'est pas un code INSEE"):
        TypeAdapter(CodeInsee).validate_python(code)


def test_insee_number_asks_for_quotes() -> None:
    with pytest.raises(ValidationError, match="entre guillemets"):
        TypeAdapter(CodeInsee).validate_python(46042)


def test_siren() -> None:
    assert luhn_ok("200023737") and luhn_ok("214600421")
    assert not luhn_ok("200023738")
    assert TypeAdapter(Siren).validate_python("200 023 737") == "200023737"
    with pytest.raises(ValidationError, match="SIREN valide"):
        TypeAdapter(Siren).validate_python("200023738")


def test_slugify_and_plural() -> None:
    assert slugify("Halle de Cazals (2024)") == "halle-de-cazals-2024"
    assert slugify("Éco-quartier à Sénergues") == "eco-quartier-a-senergues"
    assert pluralize("axe opérationnel") == "axes opérationnels"
    assert pluralize("orientation stratégique") == "orientations stratégiques"
    assert pluralize("fiche d'action") == "fiches d'action"
    assert pluralize("défi") == "défis"
