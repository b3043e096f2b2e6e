from tests.schemes.conftest import make_location, make_scheme  # noqa: F401  (fixtures)
