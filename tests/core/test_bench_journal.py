"""The journal's bench figures (``forprev.core.bench.journal``): each filter is accepted and its
results page timed, with its query count."""

import pytest
from django.test.utils import override_settings

from forprev.core.bench import measure
from forprev.core.bench.journal import journal_filter_scenarios

pytestmark = pytest.mark.django_db


@override_settings(FORPREV_STAFF_OTP_REQUIRED=False)
def test_every_journal_filter_is_measured(personas, entity):
    entity.address_line = "1 rue du Banc d'essai"
    entity.save()
    scenarios = journal_filter_scenarios("journal_support", personas["support"])
    names = [scenario.name for scenario in scenarios]
    assert names == [
        "journal_support", "journal_support_page", "journal_support_month",
        "journal_support_author", "journal_support_action", "journal_support_type",
        "journal_support_object", "journal_support_all",
    ]  # fmt: skip
    figures = measure(scenarios[-1], iterations=1, warmups=0)
    assert [f.unit for f in figures] == ["ms", "ms", "queries"]
    for scenario in scenarios:
        response = scenario.send(scenario.client)
        assert response.status_code == 200 and "INVALID_TEMPLATE_VARIABLE" not in response.content.decode()  # fmt: skip
