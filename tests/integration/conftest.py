import pytest


@pytest.fixture(autouse=True)
def _integration_uses_clean_db(clean_db: None) -> None:
    """Every integration test gets the real database, emptied after it."""
