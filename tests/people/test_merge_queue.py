"""``manage.py detect_duplicates``: the engine run on the database fills the « Doublons » queue;
dry run by default, re-runnable, dismissed pairs stay out."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from forprev.people.merge_queue import candidate_dismiss, engine_score, review_threshold
from forprev.people.merging import merge_undo, persons_merge
from forprev.people.merging_models import CandidateStatus, DuplicateCandidate
from forprev.people.models import Person

pytestmark = pytest.mark.django_db


def someone(last_name, first_name, born=date(1984, 3, 9), email=""):
    return Person.objects.create(
        last_name=last_name, first_name=first_name, birth_date=born, email=email
    )


@pytest.fixture
def people():
    return {
        "lea": someone("Durand", "Léa", email="lea.durand@exemple.fr"),
        "lea_typo": someone("Durant", "Lea"),
        "lea_swapped": someone("Léa", "Durand"),
        "marc": someone("Petit", "Marc", born=date(1971, 11, 2)),
        "marc_again": someone("Peti", "Marc", born=date(1971, 11, 2)),
        "zoe": someone("Martin", "Zoé", born=date(1999, 1, 1)),
    }


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("detect_duplicates", *args, stdout=out, stderr=err)
    return out.getvalue()


def pairs():
    return {
        (c.person_a_id, c.person_b_id): c
        for c in DuplicateCandidate.objects.order_by("person_a", "person_b")
    }


def test_a_dry_run_writes_nothing(people):
    summary = run()
    assert "simulation" in summary and "--wet-run" in summary
    assert not DuplicateCandidate.objects.exists()


def test_the_wet_run_stores_pairs_in_groups_and_a_new_run_changes_nothing(people):
    run("--wet-run")
    stored = pairs()
    lea = {people[k].pk for k in ("lea", "lea_typo", "lea_swapped")}
    marc = {people["marc"].pk, people["marc_again"].pk}
    linked = {pk for key in stored for pk in key}
    assert lea | marc <= linked and people["zoe"].pk not in linked
    assert all(c.score >= review_threshold() for c in stored.values())
    groups = {c.group for c in stored.values() if c.person_a_id in lea}
    assert groups == {min(lea)}  # one group of three
    assert {c.group for c in stored.values() if c.person_a_id in marc} == {min(marc)}
    before = list(DuplicateCandidate.objects.order_by("pk").values())
    assert "0 nouvelles, 0 mises à jour, 0 retirées" in run("--wet-run")
    assert list(DuplicateCandidate.objects.order_by("pk").values()) == before


def test_dismissed_pairs_stay_out_and_stale_pairs_leave(people, personas):
    run("--wet-run")
    marc_pair = DuplicateCandidate.objects.get(person_a=people["marc"])
    candidate_dismiss(candidate=marc_pair, by=personas["support"])
    # Léa's typo is corrected into somebody else entirely: the engine no longer proposes it.
    Person.objects.filter(pk=people["lea_typo"].pk).update(
        last_name="Nguyen", first_name="Bao", birth_date=date(2001, 7, 30)
    )
    summary = run("--wet-run")
    assert "1 déjà écartées" in summary
    marc_pair.refresh_from_db()
    assert marc_pair.status == CandidateStatus.DISMISSED
    assert not DuplicateCandidate.objects.filter(person_b=people["lea_typo"]).exists()
    assert not DuplicateCandidate.objects.filter(person_a=people["lea_typo"]).exists()


def test_a_merge_takes_its_pairs_out_of_the_queue_and_undo_puts_them_back(people, personas):
    run("--wet-run")
    before = list(DuplicateCandidate.objects.order_by("pk").values())
    merge = persons_merge(
        kept=people["lea"], removed=people["lea_typo"], by=personas["support"], reason="Doublon"
    )
    left = DuplicateCandidate.objects.filter(person_a__in=[people["lea_typo"]])
    assert not left.exists()
    assert not DuplicateCandidate.objects.filter(person_b=people["lea_typo"]).exists()
    merge_undo(merge=merge, by=personas["support"])
    assert list(DuplicateCandidate.objects.order_by("pk").values()) == before


@pytest.mark.parametrize("threshold", ["abc", "0", "1.5", "-1"])
def test_a_bad_threshold_is_a_clear_error(threshold):
    with pytest.raises(CommandError, match="Seuil invalide"):
        run("--threshold", threshold)


def test_a_higher_threshold_keeps_fewer_pairs(people):
    run("--wet-run", "--threshold", "0,99")
    assert all(c.score >= 0.99 for c in DuplicateCandidate.objects.all())


def test_engine_score_through_the_adapter(people):
    assert engine_score(people["lea"], people["lea_typo"]) >= review_threshold()
    assert engine_score(people["lea"], people["zoe"]) < review_threshold()
