"""Who may see and change which logs, organisations, users and schemes. Every page and API
endpoint asks here; no view decides for itself.

A user acts for their own organisation and for the organisations it submits logs on behalf
of (its children). Stock owners and their managing agents see each other's details and the
lettings they share: a log is visible to the organisation that owns the home and to the one
that manages it. Support users see and change everything.

What a user may not see does not exist for them: views look objects up in the querysets
below, so an object outside a user's scope answers 404, never 403.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Organisation, Relationship, User


def acting_for(user: User) -> frozenset[int]:
    """Ids of the organisations the user acts for: their own and, below it, those it
    submits on behalf of. Worked out once per user object, that is once per request: a
    page asks several questions of the same scope."""
    if not user.is_authenticated or user.organisation_id is None:
        return frozenset()
    cached = getattr(user, "_acting_for", None)
    if cached is not None and cached[0] == user.organisation_id:
        return cached[1]
    scope = {user.organisation_id}
    frontier = set(scope)
    while frontier:  # a group may have subsidiaries that have subsidiaries
        children = set(Organisation.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = children - scope
        scope |= frontier
    user._acting_for = (user.organisation_id, frozenset(scope))
    return user._acting_for[1]


def related_to(organisation_ids: frozenset[int]) -> set[int]:
    """Stock owners and managing agents of these organisations."""
    links = Relationship.objects.filter(Q(stock_owner_id__in=organisation_ids) | Q(managing_agent_id__in=organisation_ids))
    related = set()
    for owner, agent in links.values_list("stock_owner_id", "managing_agent_id"):
        related |= {owner, agent}
    return related - organisation_ids


# logs -----------------------------------------------------------------------------------------

def logs_for(user: User) -> QuerySet:
    from caselog.logs.models import Log

    logs = Log.objects.live()
    if not user.is_authenticated or not user.is_active:
        return logs.none()
    if user.is_support:
        return logs
    scope = acting_for(user)
    return logs.filter(Q(owning_organisation_id__in=scope) | Q(managing_organisation_id__in=scope))


def can_create_logs(user: User) -> bool:
    """Anyone in an active organisation that has accepted the data sharing agreement."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_support:
        return True
    org = user.organisation
    return org is not None and org.active and org.data_sharing_confirmed


def owning_organisations_for(user: User) -> QuerySet[Organisation]:
    """Whose homes the user may log lettings for: their own organisations' and those of the
    stock owners they manage homes for."""
    if user.is_support:
        return Organisation.objects.filter(active=True)
    scope = acting_for(user)
    owners = set(Relationship.objects.filter(managing_agent_id__in=scope).values_list("stock_owner_id", flat=True))
    return Organisation.objects.filter(id__in=scope | owners, active=True)


def managing_organisations_for(user: User, owner: Organisation) -> QuerySet[Organisation]:
    """Who may be recorded as managing a letting of `owner`'s home: the owner itself or one
    of its managing agents, as far as the user may choose them."""
    agents = set(Relationship.objects.filter(stock_owner=owner).values_list("managing_agent_id", flat=True))
    candidates = Organisation.objects.filter(id__in=agents | {owner.id}, active=True)
    if user.is_support or owner.id in acting_for(user):
        return candidates
    return candidates.filter(id__in=acting_for(user))


# organisations --------------------------------------------------------------------------------

def organisations_for(user: User) -> QuerySet[Organisation]:
    """Organisations whose details the user may see: their own, those they submit for, and
    their stock owners and managing agents."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_support:
        return Organisation.objects.all()
    scope = acting_for(user)
    return Organisation.objects.filter(id__in=scope | related_to(scope))


def can_change_organisation(user: User, organisation: Organisation) -> bool:
    """Details, rent periods and relationships: the organisation's coordinators and support."""
    if user.is_support:
        return True
    return user.is_coordinator and organisation.id in acting_for(user)


def can_accept_data_sharing(user: User, organisation: Organisation) -> bool:
    """Only the organisation's own data protection officer accepts the agreement."""
    return user.is_active and user.is_dpo and user.organisation_id == organisation.id


def can_merge_organisations(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_support


# users ------------------------------------------------------------------------------------------

def can_see_users_page(user: User) -> bool:
    return user.is_authenticated and user.is_active and (user.is_support or user.is_coordinator)


def users_for(user: User) -> QuerySet[User]:
    """People whose details the user may see: support, everyone; a coordinator, the people
    of the organisations they act for; anyone else, only themselves."""
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    if user.is_support:
        return User.objects.all()
    if user.is_coordinator:
        return User.objects.filter(organisation_id__in=acting_for(user))
    return User.objects.filter(pk=user.pk)


def organisations_to_invite_to(user: User) -> QuerySet[Organisation]:
    if user.is_support:
        return Organisation.objects.filter(active=True)
    if user.is_coordinator:
        return Organisation.objects.filter(id__in=acting_for(user), active=True)
    return Organisation.objects.none()


def roles_to_grant(user: User) -> list[str]:
    """Coordinators give their people the provider or coordinator role; only support users
    make support users."""
    if user.is_support:
        return [r.value for r in User.Role]
    if user.is_coordinator:
        return [User.Role.DATA_PROVIDER.value, User.Role.DATA_COORDINATOR.value]
    return []


def can_change_user(user: User, person: User) -> bool:
    """Role, flags, deactivation. Nobody changes their own role or deactivates themselves
    (the page says to ask another coordinator), and coordinators cannot change support users."""
    if person.pk == user.pk or not user.is_active:
        return False
    if user.is_support:
        return True
    return user.is_coordinator and person.role != User.Role.SUPPORT and person.organisation_id in acting_for(user)
