"""Permission matrix of the freeze administration: the national role only (and superusers)."""

import uuid

import pytest
from django.urls import reverse

from forprev.freezes.enums import FrozenAction
from forprev.freezes.models import FeatureFreeze
from forprev.www.freezes_views.forms import FeatureFreezeForm
from tests.conftest import login
from tests.factories import UserFactory
from tests.freezes.factories import FeatureFreezeFactory
from tests.permissions import LOGIN, NO_BODY, cases, check_case, form_data, row

NATIONAL_ONLY = row(default=403, anonymous=LOGIN, national=200)
NATIONAL_ACTS = row(default=403, anonymous=LOGIN, national=302)


def new_freeze(ctx):
    """Another action frozen from today (the existing freeze is the tronc commun's)."""
    freeze = FeatureFreezeFactory.build(action=FrozenAction.INITIAL)
    return form_data(FeatureFreezeForm(instance=freeze))


def changed_freeze(ctx):
    return form_data(FeatureFreezeForm(instance=ctx["freeze"]), message="Bascule prolongée.")


def of_freeze(ctx):
    return {"public_id": ctx["freeze"].public_id}


MATRIX = [
    ("freezes:freeze_list", "get", None, NATIONAL_ONLY),
    ("freezes:freeze_create", "get", None, NATIONAL_ONLY),
    ("freezes:freeze_create", "post", None, NATIONAL_ACTS, new_freeze),
    ("freezes:freeze_edit", "get", of_freeze, NATIONAL_ONLY),
    ("freezes:freeze_edit", "post", of_freeze, NATIONAL_ACTS, changed_freeze),
    ("freezes:freeze_delete", "get", of_freeze, NATIONAL_ONLY),
    ("freezes:freeze_delete", "post", of_freeze, NATIONAL_ACTS, NO_BODY),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, url_name, method, kwargs, persona, expected):
    client = login_as(persona)
    freeze = FeatureFreezeFactory()
    check_case(client, {"freeze": freeze}, url_name, method, kwargs, expected)
    deleted = not FeatureFreeze.objects.filter(pk=freeze.pk).exists()
    assert deleted is (
        url_name == "freezes:freeze_delete" and method == "post" and persona == "national"
    )


@pytest.mark.django_db
def test_superuser_administers_freezes(client):
    login(client, UserFactory(is_superuser=True))
    assert client.get(reverse("freezes:freeze_list")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "expected"), [("national", 404), ("support", 403)])
def test_unknown_freeze(login_as, persona, expected):
    url = reverse("freezes:freeze_edit", args=[uuid.uuid4()])
    assert login_as(persona).get(url).status_code == expected
