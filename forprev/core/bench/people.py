"""« Individus » search latency at scale, in-process like the other pages.

Each figure cycles over 50 real people of the user's scope, searched with a typo in the last
name (two letters swapped) and the exact birth date — the typo-tolerant path — and, for the
national role, a name prefix without birth date. The check is that the sought person is found.
"""

import itertools
import random

from django.urls import reverse

from forprev.people.models import Person

from . import Scenario, logged_in_client

SAMPLE = 50


def _typo(name: str, rng: random.Random) -> str:
    if len(name) < 4:
        return name
    at = rng.randrange(1, len(name) - 2)
    return name[:at] + name[at + 1] + name[at] + name[at + 2 :]


def _sample(user, rng: random.Random) -> list[Person]:
    ids = list(
        Person.objects.visible_to(user).order_by().values_list("pk", flat=True)[: SAMPLE * 40]
    )
    picked = rng.sample(ids, min(SAMPLE, len(ids)))
    return list(Person.objects.filter(pk__in=picked).order_by("pk"))


def _cycling_scenario(name: str, user, queries) -> Scenario:
    url = reverse("people:person_search")
    cycle = itertools.cycle(queries)
    expected = {"id": ""}

    def send(client):
        # As a browser does: the criteria are POSTed (never in the address), then the results
        # page is read at the address of the kept search. Both requests are timed.
        params, forprev_id = next(cycle)
        expected["id"] = forprev_id
        response = client.post(url, params)
        if response.status_code != 302:
            return response
        return client.get(response["Location"])

    def check(response) -> str:
        if response.status_code != 200:
            return f"réponse {response.status_code}"
        if expected["id"] and expected["id"] not in response.content.decode():
            return f"{expected['id']} non trouvé"
        return ""

    return Scenario(name, logged_in_client(user), send=send, check=check)


def people_search_scenarios(*, manager, instructor, national, seed: int) -> list[Scenario]:
    rng = random.Random(f"forprev-bench/people/{seed}")
    scenarios = []
    for name, user in (
        ("people_search_manager", manager),
        ("people_search_instructor", instructor),
        ("people_search_national", national),
    ):
        people = _sample(user, rng)
        if not people:
            continue
        queries = [
            (
                {"nom": _typo(p.last_name, rng), "prenom": p.first_name, "naissance": p.birth_date.isoformat()},
                p.forprev_id,
            )
            for p in people
        ]  # fmt: skip
        scenarios.append(_cycling_scenario(name, user, queries))
    prefixes = [({"nom": p.last_name[:5]}, "") for p in _sample(national, rng)]
    scenarios.append(_cycling_scenario("people_search_national_prefix", national, prefixes))
    return scenarios
