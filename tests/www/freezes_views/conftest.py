import pytest


@pytest.fixture
def page_of():
    """The HTML of a page that must answer 200 (a refused action is shown, never a 500)."""

    def _page(response) -> str:
        assert response.status_code == 200, response.status_code
        return response.content.decode()

    return _page
