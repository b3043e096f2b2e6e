"""Who may see and change which logs, organisations, users and schemes. Every page and API
endpoint asks here; no view decides for itself.

A user acts for their own organisation, for the organisations it submits logs on behalf
of (its children) and for those merged into it (their logs from before the merge stay
theirs, and the absorbing organisation's people look after them). Stock owners and their
managing agents see each other's details and the lettings they share: a log is visible to the organisation that owns the home and to the one
that manages it. Support users see and change everything; while a support user views the
service as an organisation (viewing_as), the lists narrow to that organisation's scope.

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
    user._acting_for = (user.organisation_id, organisation_scope(user.organisation_id))
    return user._acting_for[1]


def organisation_scope(organisation_id: int) -> frozenset[int]:
    """The organisation and, below it, those it submits on behalf of and those merged into it."""
    scope = {organisation_id}
    frontier = set(scope)
    while frontier:  # a group may have subsidiaries that have subsidiaries
        below = set(Organisation.objects.filter(Q(parent_id__in=frontier) | Q(absorbed_by_id__in=frontier))
                    .values_list("id", flat=True))
        frontier = below - scope
        scope |= frontier
    return frozenset(scope)


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


def can_see_logs(user: User) -> bool:
    """The logs pages are for support and for people in an organisation."""
    return user.is_authenticated and user.is_active and (user.is_support or user.organisation_id is not None)


def can_create_logs(user: User) -> bool:
    """Anyone in an active organisation that has accepted the data sharing agreement."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_support:
        return True
    org = user.organisation
    return org is not None and org.active and org.data_sharing_confirmed


def can_delete_log(user: User, log) -> bool:
    """As CORE's LettingsLogPolicy#destroy?: only while the log's year can still be changed;
    support, any log; data coordinators, any log they can see; data providers, the logs
    assigned to them."""
    from caselog.logs import window

    if not user.is_authenticated or not user.is_active or log.deleted_at is not None:
        return False
    if not window.is_editable(log, window.today()):
        return False
    if user.is_support:
        return True
    if not logs_for(user).filter(pk=log.pk).exists():
        return False
    return user.is_coordinator or log.assigned_to_id == user.pk


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
    """Details, rent periods and relationships: the organisation's coordinators and support.
    Once merged into another, only support changes it."""
    if user.is_support:
        return True
    return user.is_coordinator and organisation.id in acting_for(user) and organisation.absorbed_by_id is None


def can_manage_api_keys(user: User, organisation: Organisation) -> bool:
    """Creating and revoking the organisation's API keys: its data coordinators (and those of
    the organisation it submits for or was merged into) and support. A key acts for the
    organisation, so nobody else sees that it has any."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_support:
        return True
    return user.is_coordinator and organisation.id in acting_for(user)


def can_accept_data_sharing(user: User, organisation: Organisation) -> bool:
    """Only the organisation's own data protection officer accepts the agreement."""
    return user.is_active and user.is_dpo and user.organisation_id == organisation.id


def can_change_provider_details(user: User) -> bool:
    """Type of provider, provider code and parent organisation: support only (they follow
    the regulator's register, not the organisation's say-so)."""
    return user.is_authenticated and user.is_active and user.is_support


def can_create_organisations(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_support


def can_merge_organisations(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_support


# viewing the service as an organisation ------------------------------------------------------

VIEWING_AS = "caselog_viewing_as"  # session key: the id of the organisation support views as


def can_view_as(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_support


def viewing_as(request) -> Organisation | None:
    """The organisation a support user is viewing the service as, or None. Kept in the
    session, so it ends when they sign out; support's rights stay as they are."""
    user = getattr(request, "user", None)
    if user is None or not can_view_as(user) or not hasattr(request, "session"):
        return None
    pk = request.session.get(VIEWING_AS)
    if pk is None:
        return None
    cached = getattr(request, "_viewing_as", None)
    if cached is None or cached.pk != pk:
        cached = Organisation.objects.filter(pk=pk).first()
        request._viewing_as = cached
    return cached


def viewed_scope(request) -> frozenset[int] | None:
    """Ids of the organisations a list narrows to while support views the service as one
    (as its own coordinators would see it); None when not viewing as anyone."""
    organisation = viewing_as(request)
    return None if organisation is None else organisation_scope(organisation.pk)


def logs_listed(request) -> QuerySet:
    """The logs lists: logs_for(user), narrowed while support views as an organisation."""
    logs = logs_for(request.user)
    scope = viewed_scope(request)
    if scope is not None:
        logs = logs.filter(Q(owning_organisation_id__in=scope) | Q(managing_organisation_id__in=scope))
    return logs


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


def users_listed(request) -> QuerySet[User]:
    """The users list: users_for(user), narrowed while support views as an organisation."""
    people = users_for(request.user)
    scope = viewed_scope(request)
    if scope is not None:
        people = people.filter(organisation_id__in=scope)
    return people


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


def can_reset_two_factor(user: User, person: User) -> bool:
    """Support resets someone else's authenticator app and recovery codes (a lost phone)."""
    return user.is_authenticated and user.is_active and user.is_support and person.pk != user.pk


# schemes ----------------------------------------------------------------------------------------
# As CORE's SchemePolicy and LocationPolicy: anyone in an organisation sees the schemes its
# organisations own, those of the stock owners they manage homes for, and those whose support
# they provide; only coordinators (of the owner or of its managing agents) and support change
# them, and data providers only look.

def can_see_schemes(user: User) -> bool:
    return user.is_authenticated and user.is_active and (user.is_support or user.organisation_id is not None)


def _scheme_owners_for(scope: frozenset[int]) -> set[int]:
    """The organisations in scope and the stock owners they manage homes for."""
    owners = set(Relationship.objects.filter(managing_agent_id__in=scope).values_list("stock_owner_id", flat=True))
    return set(scope) | owners


def _schemes_of(scope: frozenset[int]) -> Q:
    return Q(owning_organisation_id__in=_scheme_owners_for(scope)) | Q(managing_organisation_id__in=scope)


def schemes_for(user: User) -> QuerySet:
    """Schemes the user may see (never deleted ones): support, all; others, those owned by
    the organisations they act for or by their stock owners, and those they provide support for."""
    from caselog.schemes.models import Scheme

    schemes = Scheme.objects.visible()
    if not can_see_schemes(user):
        return schemes.none()
    if user.is_support:
        return schemes
    return schemes.filter(_schemes_of(acting_for(user)))


def schemes_listed(request) -> QuerySet:
    """The schemes list: schemes_for(user), narrowed while support views as an organisation."""
    schemes = schemes_for(request.user)
    scope = viewed_scope(request)
    return schemes if scope is None else schemes.filter(_schemes_of(scope))


def locations_for(user: User) -> QuerySet:
    """Locations (never deleted ones) of the schemes the user may see."""
    from caselog.schemes.models import Location

    return Location.objects.visible().filter(scheme__in=schemes_for(user))


def can_change_scheme(user: User, scheme) -> bool:
    """Its details, locations, deactivation and reactivation: support, and coordinators of the
    organisation that owns it or of a managing agent of that owner."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_support:
        return True
    return user.is_coordinator and scheme.owning_organisation_id in _scheme_owners_for(acting_for(user))


def organisations_to_own_schemes(user: User) -> QuerySet[Organisation]:
    """Whose housing stock a new scheme may be for: support, any active organisation; a
    coordinator, their own organisations and the stock owners they manage homes for. Never an
    organisation already merged into another."""
    from django.utils import timezone

    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_support:
        candidates = Organisation.objects.filter(active=True)
    elif user.is_coordinator:
        candidates = Organisation.objects.filter(id__in=_scheme_owners_for(acting_for(user)), active=True)
    else:
        return Organisation.objects.none()
    merged = Q(absorbed_by__isnull=False) & (Q(merge_date__isnull=True) | Q(merge_date__lte=timezone.localdate()))
    return candidates.exclude(merged)


def can_create_schemes(user: User) -> bool:
    return organisations_to_own_schemes(user).exists()


def organisations_to_support_schemes(user: User, scheme) -> QuerySet[Organisation]:
    """Who may be recorded as providing a scheme's support when another registered stock owner
    does (CORE lists every organisation): any active organisation but the owner."""
    if not can_change_scheme(user, scheme):
        return Organisation.objects.none()
    return Organisation.objects.filter(active=True).exclude(pk=scheme.owning_organisation_id)
