"""« Individus » (issue 13, item 14): the results say how many people were found, in French;
the criteria still never reach the address (the filters of the other staff lists are GET
parameters, this search stays a POST and a kept search id)."""

from datetime import date

import pytest
from django.urls import reverse

from forprev.people.models import Person
from forprev.training.models import Enrolment

pytestmark = pytest.mark.django_db
SEARCH = reverse("people:person_search")


def test_the_results_give_their_total_in_french(login_as, session):
    for first_name in ("Zéphyrine", "Zéphyrin"):
        person = Person.objects.create(
            last_name="Quarteronni", first_name=first_name, birth_date=date(1979, 2, 3)
        )
        Enrolment.objects.create(session=session, person=person)
    client = login_as("national")
    found = client.post(SEARCH, {"nom": "Quarteronni"})
    assert "Quarteronni" not in found.url
    assert "2 individus trouvés" in client.get(found.url).content.decode()
    one = client.post(SEARCH, {"nom": "Quarteronni", "prenom": "Zéphyrine"})
    assert "1 individu trouvé" in client.get(one.url).content.decode()
    none = client.post(SEARCH, {"nom": "Introuvablissime"})
    empty = client.get(none.url).content.decode()
    assert "Aucun individu ne correspond" in empty and "trouvé" not in empty
