"""The logs pages: the list (search, filters, duplicates and deadline notices), creating a log,
deleting one, and reviewing duplicates. What a user may see or do is asked of
caselog/accounts/permissions.py; what a year allows, of caselog/logs/window.py."""
