import pytest


@pytest.mark.django_db
def test_programmes_endpoint_lists_dispositifs_with_levels(client, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get("/api/v1/referentiels/dispositifs")
    assert response.status_code == 200
    sst = next(p for p in response.json() if p["code"] == "SST")
    actor = next(level for level in sst["levels"] if level["level"] == 1)
    assert (actor["initial_duration_hours"], actor["refresher_duration_hours"]) == (14, 7)
    assert (actor["min_trainees"], actor["max_trainees"]) == (4, 10)
    assert actor["certificate_validity_months"] == 24


@pytest.mark.django_db
def test_caisses_endpoint_covers_all_101_departements(client):
    caisses = client.get("/api/v1/referentiels/caisses").json()
    assert len(caisses) == 21
    assert sum(len(c["departments"]) for c in caisses) == 101


@pytest.mark.django_db
def test_openapi_schema_declares_error_responses(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    operation = schema["paths"]["/api/v1/referentiels/dispositifs"]["get"]
    assert "422" in operation["responses"]


@pytest.mark.django_db
def test_read_only_endpoints_refuse_writes(client):
    response = client.post("/api/v1/referentiels/dispositifs", {})
    assert response.status_code == 405
