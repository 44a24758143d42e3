"""The public directory (annuaire): what it lists, how it searches, what it never shows."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forprev.accreditations.enums import AccreditationStatus
from forprev.accreditations.selectors import (
    accent_insensitive_contains,
    accent_insensitive_pattern,
    directory_entities,
    fold,
)
from forprev.entities.models import Entity
from forprev.referentials.models import Department, Programme, ProgrammeLevel
from tests.factories import AccreditationFactory, EntityFactory, MembershipFactory

LIST_URL = reverse("directory:entity_list")
# Choices of the two selects, count, page, prefetched habilitations: whatever the rows.
MAX_LIST_QUERIES = 6


def detail_url(entity):
    return reverse("directory:entity_detail", kwargs={"public_id": entity.public_id})


def listed(response) -> set[str]:
    return {entity.name for entity in response.context["page"]}


def level(code, number=1):
    return ProgrammeLevel.objects.get(programme__code=code, level=number)


def get(client, url, data=None):
    response = client.get(url, data or {})
    assert response.status_code == 200
    assert "INVALID_TEMPLATE_VARIABLE" not in response.content.decode()
    return response


# What the directory lists


@pytest.mark.django_db
def test_lists_only_entities_with_a_habilitation_active_today(client):
    AccreditationFactory(entity__name="ACTIVE")
    AccreditationFactory(entity__name="ECHUE", expired=True)
    AccreditationFactory(entity__name="RETIREE", withdrawn=True)
    AccreditationFactory(entity__name="SUSPENDUE", suspended=True)
    today = timezone.localdate()
    AccreditationFactory(
        entity__name="FUTURE",
        starts_on=today + timedelta(days=1),
        expires_on=today + timedelta(days=9),
    )
    EntityFactory(name="SANS HABILITATION")

    response = get(client, LIST_URL)

    assert listed(response) == {"ACTIVE"}
    assert response.context["page"].paginator.count == 1


@pytest.mark.django_db
def test_habilitation_is_listed_on_its_first_and_last_day():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC), tick=False):
        today = timezone.localdate()
        AccreditationFactory(
            entity__name="DEBUT", starts_on=today, expires_on=today + timedelta(days=9)
        )
        AccreditationFactory(
            entity__name="FIN", starts_on=today - timedelta(days=9), expires_on=today
        )
        AccreditationFactory(
            entity__name="FINIE HIER",
            starts_on=today - timedelta(days=9),
            expires_on=today - timedelta(days=1),
        )
        names = {entity.name for entity in directory_entities(day=today)}
    assert names == {"DEBUT", "FIN"}


@pytest.mark.django_db
def test_entity_with_several_habilitations_is_listed_once_with_only_its_active_ones(client):
    accreditation = AccreditationFactory(entity__name="CENTRE DE FORMATION")
    entity = accreditation.entity
    AccreditationFactory(entity=entity, programme_level=level("PRAP-IBC"))
    AccreditationFactory(entity=entity, programme_level=level("SST", 2), withdrawn=True)

    response = get(client, LIST_URL)

    [shown] = list(response.context["page"])
    assert shown == entity
    labels = {a.programme_level.label for a in shown.active_accreditations}
    assert labels == {"Acteur SST", "Acteur PRAP IBC"}
    page = response.content.decode()
    assert "Formateur SST" not in page
    assert accreditation.expires_on.strftime("%d/%m/%Y") in page


@pytest.mark.django_db
def test_list_page_is_public_and_indexable(client):
    page = get(client, LIST_URL).content.decode()
    assert '<meta name="description"' in page
    assert "noindex" not in page
    assert page.count("<h1") == 1


@pytest.mark.django_db
def test_searches_are_not_indexed_but_followed(client):
    page = get(client, LIST_URL, {"nom": "ecole"}).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in page


# Search


@pytest.mark.django_db
def test_search_by_dispositif(client):
    AccreditationFactory(entity__name="SECOURISME")
    AccreditationFactory(entity__name="GESTES ET POSTURES", programme_level=level("PRAP-IBC"))
    AccreditationFactory(
        entity__name="PRAP RETIRE", programme_level=level("PRAP-IBC"), withdrawn=True
    )

    assert listed(get(client, LIST_URL, {"dispositif": "PRAP-IBC"})) == {"GESTES ET POSTURES"}
    assert listed(get(client, LIST_URL, {"dispositif": "SST"})) == {"SECOURISME"}


@pytest.mark.django_db
def test_search_by_dispositif_keeps_entities_active_for_it_only(client):
    # Active for SST, withdrawn for PRAP IBC: not a PRAP IBC entity.
    accreditation = AccreditationFactory(entity__name="SST SEULEMENT")
    AccreditationFactory(
        entity=accreditation.entity, programme_level=level("PRAP-IBC"), withdrawn=True
    )
    assert listed(get(client, LIST_URL, {"dispositif": "PRAP-IBC"})) == set()


@pytest.mark.django_db
def test_search_by_department(client):
    AccreditationFactory(entity__name="MARSEILLE")
    AccreditationFactory(entity__name="LYON", entity__in_lyon=True)

    assert listed(get(client, LIST_URL, {"departement": "69"})) == {"LYON"}
    assert listed(get(client, LIST_URL, {"departement": "13"})) == {"MARSEILLE"}
    assert listed(get(client, LIST_URL, {"departement": "75"})) == set()


@pytest.mark.django_db
def test_search_combines_criteria(client):
    AccreditationFactory(entity__name="ECOLE DE LYON", entity__in_lyon=True)
    AccreditationFactory(entity__name="ECOLE DE MARSEILLE")
    AccreditationFactory(
        entity__name="ECOLE PRAP DE LYON", entity__in_lyon=True, programme_level=level("PRAP-IBC")
    )
    response = get(client, LIST_URL, {"nom": "école", "departement": "69", "dispositif": "SST"})
    assert listed(response) == {"ECOLE DE LYON"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("ecole de conduite", "ÉCOLE"),
        ("École des métiers", "ecole"),
        ("ÉCOLE DES MÉTIERS", "école des metiers"),
        ("Crèche Les Lutins", "CRECHE"),
        ("Ça Forme", "ca forme"),
        ("Œuvres Sociales", "oeuvres"),
        ("L’ÉCOLE DU SECOURS", "l'ecole"),
        ("Forêt et Île", "foret et ile"),
        ("Ecole", "ÈCÔLË"),
        ("École", "E\u0301COLE"),  # decomposed accent (NFD) typed in the query
        ("Œuvres Sociales", "ŒUVRES"),
        ("Prævention", "praevention"),
        ("BOULANGERIE DU VIEUX-PORT", "vieux port"),
        ("L'ÉCOLE", "l’école"),
        ("SST 13 (Marseille)", "sst 13 (marseille)"),
        ("Cabinet A.B.C.", "a.b.c"),
    ],
)
def test_search_by_name_ignores_case_and_accents(client, stored, query):
    AccreditationFactory(entity__name=stored)
    AccreditationFactory(entity__name="AUTRE ENTITE")
    assert listed(get(client, LIST_URL, {"nom": query})) == {stored}


@pytest.mark.django_db
def test_search_by_name_looks_at_the_trade_name(client):
    AccreditationFactory(entity__name="SAS DUPONT", entity__trade_name="Prévention Côte d'Azur")
    assert listed(get(client, LIST_URL, {"nom": "PREVENTION COTE"})) == {"SAS DUPONT"}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["%", "_", "\\", "%%", "ecole%"])
def test_like_wildcards_are_searched_literally(client, query):
    AccreditationFactory(entity__name="ECOLE")
    AccreditationFactory(entity__name="ECOLE 100% SECOURS")
    found = listed(get(client, LIST_URL, {"nom": query}))
    assert "ECOLE" not in found


@pytest.mark.django_db
def test_spaces_around_the_name_are_ignored(client):
    AccreditationFactory(entity__name="ECOLE")
    assert listed(get(client, LIST_URL, {"nom": "  ecole  "})) == {"ECOLE"}


@pytest.mark.django_db
def test_accent_insensitive_contains_is_a_reusable_condition():
    EntityFactory(name="Société Générale de Sécurité", trade_name="")
    EntityFactory(name="AUTRE", trade_name="SÉCURITÉ PLUS")
    EntityFactory(name="RIEN", trade_name="")
    found = Entity.objects.filter(
        accent_insensitive_contains("name", "SECURITE")
        | accent_insensitive_contains("trade_name", "securite")
    )
    assert {entity.name for entity in found} == {"Société Générale de Sécurité", "AUTRE"}


def test_fold_removes_case_accents_and_ligatures():
    assert fold("ÉCOLE Œuvre Ça L’Île Æsop") == "ecole oeuvre ca l'ile aesop"
    assert fold("Mañana") == "manana"


def test_pattern_uses_only_syntax_common_to_python_and_postgresql():
    assert accent_insensitive_pattern("Cé") == "[cçCÇ][eéèêëEÉÈÊË]"
    assert accent_insensitive_pattern("a.b") == "[aàâäáãåAÀÂÄÁÃÅ]\\.[bB]"
    assert accent_insensitive_pattern("l'œ") == ("[lL][-' ’ʼ](?:[oôöóòõOÔÖÓÒÕ][eéèêëEÉÈÊË]|[œŒ])")


# Pagination and hostile input


@pytest.mark.django_db
def test_pages_of_twenty_keep_the_criteria(client):
    for number in range(21):
        AccreditationFactory(entity__name=f"ECOLE {number:02}")
    first = get(client, LIST_URL, {"nom": "ecole"})
    assert len(first.context["page"]) == 20
    assert "?nom=ecole&amp;page=2" in first.content.decode()
    second = get(client, LIST_URL, {"nom": "ecole", "page": 2})
    assert listed(second) == {"ECOLE 20"}


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "\x00", "-1", "0", "99999", "1.5", "9" * 5000])
def test_odd_page_numbers_fall_back_to_a_real_page(client, page):
    AccreditationFactory()
    response = get(client, LIST_URL, {"page": page})
    assert len(response.context["page"]) == 1


HOSTILE = ["\x00", "a\x00b", "x" * 5000, "' OR 1=1 --", "<script>alert(1)</script>", "é" * 300]


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["nom", "dispositif", "departement"])
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_criteria_never_fail(client, field, value):
    AccreditationFactory(entity__name="ECOLE")
    response = get(client, LIST_URL, {field: value})
    assert listed(response) == set()
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"nom": "\x00"},
        {"nom": "ecole\x00"},
        {"nom": "e" * 5000},
        {"dispositif": "SST\x00"},
        {"departement": "13\x00"},
        {"nom": "ecole", "departement": "\x00"},
    ],
)
def test_invalid_criteria_are_shown_as_errors_and_never_queried(
    client, django_assert_max_num_queries, data
):
    AccreditationFactory(entity__name="ECOLE")
    # Only the choices of the two selects: no search with the raw input (a NUL byte would
    # make PostgreSQL fail).
    with django_assert_max_num_queries(2):
        response = get(client, LIST_URL, data)
    assert response.context["form"].errors
    assert listed(response) == set()
    assert "fr-alert--error" in response.content.decode()


@pytest.mark.django_db
def test_unknown_dispositif_or_department_is_a_form_error(client):
    AccreditationFactory()
    for data in ({"dispositif": "INCONNU"}, {"departement": "00"}):
        response = get(client, LIST_URL, data)
        assert response.context["form"].errors
        assert listed(response) == set()


@pytest.mark.django_db
def test_inactive_dispositif_is_not_offered(client):
    AccreditationFactory()
    Programme.objects.filter(code="CATEC").update(is_active=False)
    choices = dict(get(client, LIST_URL).context["form"].fields["dispositif"].choices)
    assert "SST" in choices and "CATEC" not in choices


# Cost


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_the_rows(client, django_assert_max_num_queries):
    AccreditationFactory()
    with CaptureQueriesContext(connection) as few_rows:
        get(client, LIST_URL, {"nom": "entreprise", "dispositif": "SST", "departement": "13"})

    prap = level("PRAP-IBC")
    lyon = Department.objects.get(code="69")
    for number in range(30):
        accreditation = AccreditationFactory(
            entity__name=f"ENTREPRISE {number}",
            entity__training_org=True,
        )
        AccreditationFactory(entity=accreditation.entity, programme_level=prap)
        AccreditationFactory(entity=accreditation.entity, programme_level=level("SST", 2))
        AccreditationFactory(entity__department=lyon, entity__postcode="69003")

    with django_assert_max_num_queries(len(few_rows)):
        response = get(
            client, LIST_URL, {"nom": "entreprise", "dispositif": "SST", "departement": "13"}
        )
    assert len(response.context["page"]) == 20
    with django_assert_max_num_queries(MAX_LIST_QUERIES):
        response = get(client, LIST_URL)
    assert len(response.context["page"]) == 20
    assert all(len(entity.active_accreditations) >= 1 for entity in response.context["page"])


# The entity's public page


@pytest.mark.django_db
def test_entity_page_shows_its_public_facts(client, django_assert_max_num_queries):
    accreditation = AccreditationFactory(
        entity__name="SARL FORMATIONS DU SUD",
        entity__trade_name="Sud Prévention",
        entity__city="Marseille",
        entity__postcode="13002",
    )
    entity = accreditation.entity
    AccreditationFactory(entity=entity, programme_level=level("SST", 2), expired=True)

    with django_assert_max_num_queries(2):
        response = get(client, detail_url(entity))

    page = response.content.decode()
    for fact in (
        "SARL FORMATIONS DU SUD",
        "Sud Prévention",
        "13002 Marseille",
        "13 — Bouches-du-Rhône",
        "Sauveteur secouriste du travail",
        "Acteur SST",
        accreditation.expires_on.isoformat(),
        entity.siret,
    ):
        assert fact in page, fact
    assert "Formateur SST" not in page  # expired
    assert page.count("<h1") == 1
    assert '<meta name="description" content="Sud Prévention (Marseille)' in page
    assert "noindex" not in page


@pytest.mark.django_db
def test_entity_page_shows_nothing_private(client):
    entity = EntityFactory(
        head_name="Jeanne Privée",
        phone="0491000000",
        contact_email="contact-prive@exemple.fr",
        address_line="12 impasse Discrète",
    )
    AccreditationFactory(entity=entity)
    manager = MembershipFactory(entity=entity).user

    for url in (detail_url(entity), LIST_URL):
        page = get(client, url).content.decode()
        for private in (
            manager.email,
            manager.forprev_id,
            manager.last_name,
            "Jeanne Privée",
            "0491000000",
            "contact-prive@exemple.fr",
            "impasse Discrète",
        ):
            assert private not in page, (url, private)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "trait",
    [
        {},
        {"expired": True},
        {"status": AccreditationStatus.EXPIRED},
        {"suspended": True},
        {"withdrawn": True},
    ],
)
def test_entity_without_an_active_habilitation_has_no_public_page(client, trait):
    entity = EntityFactory()
    if trait:
        AccreditationFactory(entity=entity, **trait)
    assert client.get(detail_url(entity)).status_code == 404


@pytest.mark.django_db
def test_unknown_entity_is_a_404(client):
    url = reverse(
        "directory:entity_detail", kwargs={"public_id": "00000000-0000-0000-0000-000000000000"}
    )
    assert client.get(url).status_code == 404
    assert client.get("/annuaire/pas-un-uuid/").status_code == 404


@pytest.mark.django_db
def test_directory_pages_answer_only_safe_methods(client):
    entity = AccreditationFactory().entity
    assert client.post(LIST_URL).status_code == 405
    assert client.post(detail_url(entity)).status_code == 405


# Sitemap and robots


@pytest.mark.django_db
def test_sitemap_lists_the_directory_and_its_entities_only(client):
    shown = AccreditationFactory().entity
    hidden = AccreditationFactory(withdrawn=True).entity
    never = EntityFactory()

    sitemap = client.get(reverse("public:sitemap")).content.decode()

    assert f"{LIST_URL}</loc>" in sitemap
    assert f"{detail_url(shown)}</loc>" in sitemap
    assert detail_url(hidden) not in sitemap
    assert detail_url(never) not in sitemap


@pytest.mark.django_db
def test_robots_allow_the_directory(client):
    assert "Allow: /annuaire/" in client.get(reverse("public:robots")).content.decode()


@pytest.mark.django_db
def test_home_page_links_to_the_directory(client):
    assert LIST_URL in get(client, reverse("public:home")).content.decode()
