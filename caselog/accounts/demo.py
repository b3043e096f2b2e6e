"""The demo sign-in that `caselog demo` creates and `make run` prints.

Plain constants, importable without Django set up. For local demonstration only:
never create this user on a deployed service.
"""

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "caselog-demo-password"
DEMO_NAME = "Demo Provider"
DEMO_ORGANISATION_NAME = "Demo Housing Association"
DEMO_PROVIDER_CODE = "DEMO1"
