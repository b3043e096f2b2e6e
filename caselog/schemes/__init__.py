"""Supported housing schemes and their locations: the models, their status on a date, the
values a definition's context.yaml declares for them, and search."""
