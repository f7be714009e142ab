import pytest
from fastapi.testclient import TestClient

from kiosk.config.hall import parse_config
from kiosk.hall.api import create_app
from tests.helpers.hall import TEST_CONFIG


@pytest.fixture
def hall(tmp_path):
    """The hall node app in-process (real store file, real FastAPI stack)."""
    app = create_app(parse_config(TEST_CONFIG), tmp_path / "hall.db")
    with TestClient(app) as client:
        client.db_path = tmp_path / "hall.db"
        client.node = app.state.node
        yield client
