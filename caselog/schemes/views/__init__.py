"""The scheme and location pages (supported housing). Every scheme and location is looked
up within the user's scope (caselog/accounts/permissions.py): anything else is not found."""
