import pytest
from django.core.exceptions import ValidationError

from forprev.entities.identifiers import make_nda, make_siret
from forprev.entities.validators import nda_warnings, validate_nda, validate_siren, validate_siret


@pytest.mark.parametrize(
    "siret",
    [
        "73282932000074",  # a real, well-known SIRET
        "35600000000001",  # La Poste: digit sum (15) multiple of 5
        make_siret(12345678, 42),
    ],
)
def test_valid_sirets_pass(siret):
    validate_siret(siret)


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("7328293200007", "exactement 14 chiffres"),
        ("732829320000745", "exactement 14 chiffres"),
        ("7328293200007A", "exactement 14 chiffres"),
        ("", "exactement 14 chiffres"),
        ("73282932000075", "clé de contrôle"),
        ("35600000000002", "clé de contrôle"),  # La Poste, sum 16 not a multiple of 5
    ],
)
def test_malformed_sirets_are_refused_in_french(siret, message):
    with pytest.raises(ValidationError) as error:
        validate_siret(siret)
    assert message in error.value.messages[0]


def test_siren_luhn():
    validate_siren("732829320")
    with pytest.raises(ValidationError):
        validate_siren("732829321")


def test_nda_format_blocks_and_pattern_only_warns():
    validate_nda("11754141275")
    assert nda_warnings("11754141275") == []
    assert nda_warnings("11754141299")  # digits 3-4 differ from the last two: warning only
    validate_nda("11754141299")
    for bad in ["1175414127", "117541412750", "1175414127A", ""]:
        with pytest.raises(ValidationError) as error:
            validate_nda(bad)
        assert "11 chiffres" in error.value.messages[0]
    assert make_nda(11, "75", 41412) == "11754141275"
