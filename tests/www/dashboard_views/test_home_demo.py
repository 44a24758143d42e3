"""The demo data leaves every demo account something to do on its home (``make run``)."""

import pytest

from forprev.accounts.models import User
from forprev.core.demo import load_demo
from forprev.entities.models import Entity
from tests.conftest import login

DEMO_ACCOUNTS = [
    "manager@demo.forprev.fr",
    "delegate@demo.forprev.fr",
    "trainer@demo.forprev.fr",
    "instructor@demo.forprev.fr",
    "support@demo.forprev.fr",
    "national@demo.forprev.fr",
]


@pytest.mark.django_db
@pytest.mark.parametrize("email", DEMO_ACCOUNTS)
def test_every_demo_account_has_something_to_do_on_its_home(client, email):
    load_demo()
    login(client, User.objects.get(email=email))
    response = client.get("/espace/")
    if response.status_code == 302:  # several entities: the demo acts for Formasud
        entity = Entity.objects.get(name="FORMASUD PREVENTION")
        client.post("/espace/entite/", {"entity": str(entity.public_id)})
        response = client.get("/espace/")
    assert response.status_code == 200
    todo = [section for section in response.context["sections"] if not section.is_empty]
    assert todo, f"nothing to do on the home of {email}"
