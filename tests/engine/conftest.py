import pytest

from .minidef import mini_definition


@pytest.fixture(scope="session")
def mini(tmp_path_factory):
    return mini_definition(tmp_path_factory.mktemp("minidef"))
