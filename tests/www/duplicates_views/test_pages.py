"""The « Doublons » pages: the queue, people side by side, the merge and its undoing, the merge
records; query counts on the lists."""

import pytest
from django.urls import reverse

from forprev.people.merging import persons_merge
from forprev.people.merging_models import CandidateStatus, DuplicateCandidate, PersonMerge
from forprev.people.models import Person
from forprev.training.models import Enrolment
from tests.www.duplicates_views.world import person, trainer_of

pytestmark = pytest.mark.django_db

QUEUE = reverse("duplicates:queue")


def candidate(x, y, score=0.95, group=None):
    low, high = sorted((x, y), key=lambda p: p.pk)
    return DuplicateCandidate.objects.create(
        person_a=low, person_b=high, score=score, group=group or low.pk
    )


def compare_url(*people):
    return reverse("duplicates:compare", args=[[p.public_id for p in people]])


def merge_url(*people):
    return reverse("duplicates:merge", args=[[p.public_id for p in people]])


def test_the_menu_shows_doublons_to_reviewers_only(login_as):
    for persona, shown in (("support", True), ("instructor", True), ("manager", False)):
        page = login_as(persona).get(reverse("dashboard:home")).content.decode()
        assert (f'href="{QUEUE}"' in page) is shown, persona


def test_the_queue_lists_groups_in_scope_with_a_constant_number_of_queries(
    login_as, entity, other_entity, django_assert_max_num_queries
):
    a, b = trainer_of(entity, "Durand", "Léa"), trainer_of(entity, "Durant", "Lea")
    candidate(a, b)
    client = login_as("instructor")
    client.get(QUEUE)
    with django_assert_max_num_queries(30) as few:
        client.get(QUEUE)
    for n in range(8):
        x, y, z = (trainer_of(entity, f"Nom{n}", "Jean") for _ in range(3))
        candidate(x, y)
        candidate(y, z, group=min(x.pk, y.pk))  # a group of three
        far = [trainer_of(other_entity, f"Loin{n}", "Paul") for _ in range(2)]
        candidate(*far)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(QUEUE).content.decode()
    assert a.forprev_id in page and "NOM7" in page
    assert page.count("Écarter") == 1 + 2 * 8
    assert "LOIN" not in page  # the trainers of another caisse's entities
    assert "LOIN" in login_as("support").get(QUEUE).content.decode()


def test_support_compares_merges_a_group_of_three_and_undoes_one(login_as, session, personas):
    a = person("Durand", "Léa", account=True)
    b = person("Durant", "Lea")
    c = person("Durand", "Lea")
    Enrolment.objects.create(session=session, person=b)
    client = login_as("support")
    page = client.get(compare_url(a, b, c)).content.decode()
    assert all(p.forprev_id in page for p in (a, b, c))
    assert session.entity.name in page  # what b carries
    response = client.post(
        merge_url(a, b, c), {"kept": str(a.public_id), "reason": "Même personne"}
    )
    merges = list(PersonMerge.objects.order_by("pk"))
    assert [m.removed_forprev_id for m in merges] == [b.forprev_id, c.forprev_id]
    assert response.status_code == 302 and response.url == reverse(
        "duplicates:merge_detail", args=[merges[-1].public_id]
    )
    assert Enrolment.objects.get(session=session).person_id == a.pk
    first, last = (reverse("duplicates:merge_detail", args=[m.public_id]) for m in merges)
    detail = client.get(first).content.decode()
    assert "inscriptions" in detail.lower() and "annulez-la d'abord" in detail
    assert "Annuler la fusion</button>" in client.get(last).content.decode()
    client.post(reverse("duplicates:merge_undo", args=[merges[-1].public_id]))
    assert Person.objects.filter(pk=c.pk).exists()
    client.post(reverse("duplicates:merge_undo", args=[merges[0].public_id]))
    assert Enrolment.objects.get(session=session).person_id == b.pk
    detail = client.get(first).content.decode()
    assert "Annulée" in detail and "Annuler la fusion</button>" not in detail


def test_a_merge_without_reason_or_with_a_forged_choice_writes_nothing(login_as):
    a, b = person("Durand", "Léa"), person("Durant", "Lea")
    client = login_as("support")
    for data in ({"kept": str(a.public_id), "reason": ""}, {"kept": "x", "reason": "Doublon"}):
        response = client.post(merge_url(a, b), data)
        assert response.status_code == 200
        assert "fr-alert--error" in response.content.decode()
    assert not PersonMerge.objects.exists() and Person.objects.count() == 2


def test_a_staff_account_refusal_shows_the_french_message(login_as, personas):
    a, b = person("Durand", "Léa"), person("Durant", "Lea")
    b.user = personas["national"]
    b.save()
    response = login_as("support").post(merge_url(a, b), {"kept": str(a.public_id), "reason": "x"})
    assert "ne se fusionne pas" in response.content.decode()
    assert not PersonMerge.objects.exists()


def test_the_compare_page_runs_a_constant_number_of_queries(
    login_as, entity, session, django_assert_max_num_queries
):
    people = [trainer_of(entity, "Durand", "Léa") for _ in range(6)]
    for someone in people:
        Enrolment.objects.create(session=session, person=someone)
    client = login_as("instructor")
    client.get(compare_url(*people[:2]))
    with django_assert_max_num_queries(40) as few:
        client.get(compare_url(*people[:2]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(compare_url(*people)).status_code == 200


def test_people_out_of_scope_or_twice_are_not_found(login_as, entity, other_entity):
    mine, theirs = trainer_of(entity), trainer_of(other_entity)
    client = login_as("instructor")
    assert client.get(compare_url(mine, theirs)).status_code == 404
    assert client.get(compare_url(mine, mine)).status_code == 404
    assert client.post(merge_url(mine, theirs), {"kept": str(mine.public_id)}).status_code == 404
    trainee = person("Martin", "Claire")  # in no team: not the instructor's to merge
    assert client.get(compare_url(mine, trainee)).status_code == 404


def test_undo_waits_for_a_later_merge_of_the_same_people(login_as, personas):
    a, b, c = person("Durand", "Léa"), person("Durant", "Lea"), person("Durand", "Lea")
    support = personas["support"]
    first = persons_merge(kept=b, removed=c, by=support, reason="Doublon")
    persons_merge(kept=a, removed=b, by=support, reason="Doublon")
    client = login_as("support")
    url = reverse("duplicates:merge_detail", args=[first.public_id])
    page = client.get(url).content.decode()
    assert "annulez-la d'abord" in page and "Annuler la fusion</button>" not in page
    response = client.post(reverse("duplicates:merge_undo", args=[first.public_id]), follow=True)
    assert "plus récente" in response.content.decode()
    first.refresh_from_db()
    assert first.undone_at is None


def test_undoing_twice_gets_a_message(login_as, personas):
    a, b = person("Durand", "Léa"), person("Durant", "Lea")
    merge = persons_merge(kept=a, removed=b, by=personas["support"], reason="Doublon")
    client = login_as("support")
    url = reverse("duplicates:merge_undo", args=[merge.public_id])
    client.post(url)
    response = client.post(url, follow=True)
    assert "déjà été annulée" in response.content.decode()


def test_a_dismissed_pair_leaves_the_queue(login_as):
    a, b = person("Durand", "Léa"), person("Durant", "Lea")
    pair = candidate(a, b)
    client = login_as("national")
    assert a.forprev_id in client.get(QUEUE).content.decode()
    response = client.post(reverse("duplicates:candidate_dismiss", args=[pair.public_id]), follow=True)  # fmt: skip
    assert "deux personnes distinctes" in response.content.decode()
    assert a.forprev_id not in response.content.decode().split("Dernières fusions")[0]
    pair.refresh_from_db()
    assert pair.status == CandidateStatus.DISMISSED


def test_the_merge_list_filters_one_person_with_a_constant_number_of_queries(
    login_as, personas, django_assert_max_num_queries
):
    support = personas["support"]
    kept = person("Durand", "Léa")
    persons_merge(kept=kept, removed=person("Durant", "Lea"), by=support, reason="Doublon")
    url = reverse("duplicates:merge_list")
    client = login_as("support")
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for n in range(10):
        persons_merge(
            kept=person(f"A{n}", "x"), removed=person(f"B{n}", "x"), by=support, reason="d"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("en vigueur") == 11
    mine = client.get(url, {"individu": str(kept.public_id)}).content.decode()
    assert mine.count("en vigueur") == 1
    assert client.get(url, {"individu": "pas-un-uuid"}).status_code == 200


def test_every_page_renders_every_variable(login_as, session, personas):
    from forprev.people.merging_models import MergeRequest
    from tests.www.duplicates_views.world import build_world

    support = personas["support"]
    world = build_world(session=session, support=support)
    client = login_as("support")
    for url in (QUEUE, compare_url(world.a, world.b, world.third)):
        page = client.get(url).content.decode()
        assert world.b.forprev_id in page and "INVALID_TEMPLATE_VARIABLE" not in page, url
    merge = persons_merge(kept=world.a, removed=world.b, by=support, reason="Doublon")
    assert merge.set_aside and merge.accounts["mode"] == "merged"
    request = MergeRequest.objects.create(
        requested_by=world.a.user, other_forprev_id=world.third.forprev_id, explanation="?"
    )
    urls = [
        reverse("duplicates:merge_list"),
        reverse("duplicates:merge_detail", args=[merge.public_id]),
        reverse("duplicates:request_detail", args=[request.public_id]),
        reverse("duplicates:request_create"),
    ]
    for url in urls:
        response = client.get(url)
        if url == reverse("duplicates:request_create"):
            assert response.status_code == 403
            continue
        assert response.status_code == 200, url
        assert "INVALID_TEMPLATE_VARIABLE" not in response.content.decode(), url
    client.force_login(world.a.user)
    page = client.get(reverse("duplicates:request_create")).content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in page and world.third.forprev_id in page
