from tests.definitions.core import template_answers


def template_row(officer, collection: str = "core-lettings") -> dict:
    """The official template's example answers, with its organisation code and user email
    replaced by the officer's organisation and the officer, as the upload channel does."""
    return {**template_answers(collection), "owning_organisation_id": str(officer.organisation_id),
            "managing_organisation_id": str(officer.organisation_id), "assigned_to_id": str(officer.pk)}
