"""The freeze itself: validation with French messages, the constraint, the sentences."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from forprev.freezes.enums import FrozenAction
from forprev.freezes.models import FeatureFreeze

from .factories import MESSAGE, FeatureFreezeFactory

D = datetime.date


def build(**fields):
    values = {
        "action": FrozenAction.RENEWAL,
        "starts_on": D(2022, 7, 13),
        "message": MESSAGE,
    }
    return FeatureFreeze(**{**values, **fields})


def errors_of(freeze) -> dict:
    with pytest.raises(ValidationError) as caught:
        freeze.full_clean()
    return caught.value.message_dict


@pytest.mark.django_db
def test_a_complete_freeze_is_valid():
    build(ends_on=D(2023, 3, 31)).full_clean()
    build(ends_on=D(2022, 7, 13)).full_clean()  # one day
    build(ends_on=None).full_clean()  # until further notice


@pytest.mark.django_db
def test_end_before_start_is_refused_in_french():
    errors = errors_of(build(ends_on=D(2022, 7, 12)))
    assert errors["ends_on"] == [
        "La date de fin doit être postérieure ou égale à la date de début."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("message", ["", "   \n "])
def test_message_is_required(message):
    errors = errors_of(build(message=message))
    assert "obligatoire" in " ".join(errors["message"]) or "vide" in " ".join(errors["message"])


@pytest.mark.django_db
def test_unknown_action_and_long_announce_are_refused():
    errors = errors_of(build(action="delete_everything", announce_days=366))
    assert set(errors) == {"action", "announce_days"}


@pytest.mark.django_db
def test_two_freezes_of_one_action_may_not_overlap():
    FeatureFreezeFactory(
        action=FrozenAction.RENEWAL, starts_on=D(2022, 7, 13), ends_on=D(2022, 12, 31)
    )
    errors = errors_of(build(starts_on=D(2022, 12, 31), ends_on=None))
    assert errors["starts_on"] == [
        "Un autre gel de la même action couvre déjà une partie de cette période."
    ]
    build(starts_on=D(2023, 1, 1)).full_clean()  # the day after: fine
    build(action=FrozenAction.INITIAL, starts_on=D(2022, 8, 1)).full_clean()  # other action


@pytest.mark.django_db
def test_an_open_ended_freeze_overlaps_everything_after_it():
    FeatureFreezeFactory(action=FrozenAction.RENEWAL, starts_on=D(2022, 7, 13), ends_on=None)
    assert "starts_on" in errors_of(build(starts_on=D(2030, 1, 1), ends_on=D(2030, 2, 1)))
    build(starts_on=D(2022, 1, 1), ends_on=D(2022, 7, 12)).full_clean()


@pytest.mark.django_db
def test_the_database_refuses_an_end_before_the_start():
    with pytest.raises(IntegrityError):
        build(ends_on=D(2022, 1, 1)).save()


def test_sentences_before_and_during_the_freeze():
    freeze = build(
        action=FrozenAction.ENTITY_PROFILE, starts_on=D(2022, 6, 1), message="Écrivez à la caisse."
    )
    assert freeze.notice_on(D(2022, 5, 2)) == (
        "À partir du 01/06/2022, la modification du tronc commun par l'entité ne sera plus "
        "possible : Écrivez à la caisse."
    )
    assert freeze.notice_on(D(2022, 6, 1)) == (
        "Depuis le 01/06/2022, la modification du tronc commun par l'entité n'est plus "
        "possible : Écrivez à la caisse."
    )
    freeze.ends_on = D(2023, 3, 31)
    assert freeze.notice_on(D(2022, 5, 2)).startswith("Du 01/06/2022 au 31/03/2023 inclus, ")
    assert freeze.notice_on(D(2022, 6, 2)).startswith(
        "Depuis le 01/06/2022 et jusqu'au 31/03/2023 inclus, "
    )
    assert freeze.period_text() == "du 01/06/2022 au 31/03/2023 inclus"


def test_in_force_and_announced_days_are_inclusive():
    freeze = build(starts_on=D(2022, 6, 1), ends_on=D(2022, 6, 30), announce_days=10)
    assert freeze.announced_from == D(2022, 5, 22)
    assert not freeze.is_announced_on(D(2022, 5, 21))
    assert freeze.is_announced_on(D(2022, 5, 22))
    assert not freeze.is_in_force_on(D(2022, 5, 31))
    assert freeze.is_in_force_on(D(2022, 6, 1)) and freeze.is_in_force_on(D(2022, 6, 30))
    assert not freeze.is_in_force_on(D(2022, 7, 1)) and not freeze.is_announced_on(D(2022, 7, 1))


def test_every_action_has_a_phrase():
    for action in FrozenAction:
        assert action.phrase[:3] in {"la ", "le "}
