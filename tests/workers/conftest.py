import pytest


@pytest.fixture(autouse=True)
def _workers_use_clean_db(clean_db: None) -> None:
    """Every worker test gets the real database, emptied after it."""
