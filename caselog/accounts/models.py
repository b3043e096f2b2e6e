"""Organisations, the relationships between them, and the people who submit logs for them.

Who may see or change what is decided in caselog/accounts/permissions.py, nowhere else.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from caselog.records import AppendOnly


class Organisation(models.Model):
    class Type(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        PRIVATE_REGISTERED_PROVIDER = "private_registered_provider", "Private registered provider"
        OTHER = "other", "Other"

    name = models.CharField(max_length=255)
    type = models.CharField(max_length=32, choices=Type.choices)
    # The provider's code in CORE and the regulator's register, for example "L1234".
    provider_code = models.CharField(max_length=32, unique=True)
    # CORE's contact details (address_line1, address_line2, postcode, phone).
    address_line1 = models.CharField("address line 1", max_length=255, blank=True)
    address_line2 = models.CharField("address line 2", max_length=255, blank=True)
    postcode = models.CharField(max_length=16, blank=True)
    phone = models.CharField("telephone number", max_length=32, blank=True)
    active = models.BooleanField(default=True)
    # CORE's rent period codes (the lettings `period` answer) this organisation charges by.
    rent_periods = models.JSONField(default=list, blank=True)
    # A parent submits logs on behalf of its children (a group and its subsidiaries).
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name="submits on behalf of it",
    )
    # Set when this organisation is merged into another: from that date its logs and users
    # belong to the absorbing organisation.
    absorbed_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="absorbed"
    )
    merge_date = models.DateField(null=True, blank=True)
    available_from = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def data_sharing_agreement(self) -> "DataSharingAgreement | None":
        return DataSharingAgreement.objects.filter(organisation=self).first()

    @property
    def data_sharing_confirmed(self) -> bool:
        return DataSharingAgreement.objects.filter(organisation=self).exists()

    def stock_owners(self) -> models.QuerySet["Organisation"]:
        """Organisations whose homes this one manages as their agent."""
        return Organisation.objects.filter(agent_links__managing_agent=self)

    def managing_agents(self) -> models.QuerySet["Organisation"]:
        """Organisations that manage this one's homes for it."""
        return Organisation.objects.filter(owner_links__stock_owner=self)


class Relationship(models.Model):
    """A stock owner and an organisation that manages some of its homes (its managing
    agent). Both see the lettings the agent logs for the owner's stock."""

    stock_owner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="agent_links")
    managing_agent = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="owner_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stock_owner", "managing_agent"], name="relationship_once"),
            models.CheckConstraint(condition=~Q(stock_owner=models.F("managing_agent")), name="relationship_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.managing_agent} manages homes for {self.stock_owner}"


class DataSharingAgreement(models.Model):
    """Accepted in the service by the organisation's data protection officer. Until then no
    one in the organisation can create logs."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept as text too: the agreement stands even if the user is later removed.
    signatory_name = models.CharField(max_length=255)
    signatory_email = models.EmailField()
    version = models.CharField(max_length=16)
    accepted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.organisation} data sharing agreement {self.version}"


def normalise_email(email: str) -> str:
    """Email addresses are compared case-insensitively, so they are stored in lower case."""
    return email.strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)  # None gives an unusable password (invited users)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("role", User.Role.SUPPORT)
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email=normalise_email(username or ""))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address.

    `is_active` is the "active" flag: Django's sign-in, password reset and admin all
    read a field of that name.
    """

    class Role(models.TextChoices):
        DATA_PROVIDER = "data_provider", "Data provider"
        DATA_COORDINATOR = "data_coordinator", "Data coordinator"
        SUPPORT = "support", "Support"

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=255)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.DATA_PROVIDER)
    is_dpo = models.BooleanField("data protection officer", default=False)
    is_key_contact = models.BooleanField("key contact", default=False)
    is_active = models.BooleanField("active", default=True)
    is_staff = models.BooleanField("can use the admin", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email

    @property
    def is_support(self) -> bool:
        return self.role == self.Role.SUPPORT

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.DATA_COORDINATOR

    @property
    def needs_two_factor(self) -> bool:
        return self.role in (self.Role.DATA_COORDINATOR, self.Role.SUPPORT)

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)

    def save(self, *args, **kwargs) -> None:
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name


class UserSession(models.Model):
    """The sessions a user is signed in with, so that deactivating them can end every one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)


class SecurityEvent(AppendOnly):
    """Sign-ins, failed sign-ins and changes to people, roles and relationships. Log changes
    are logs.AuditEvent. Never changed once written."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGNED_OUT = "signed_out", "Signed out"
        LOCKED_OUT = "locked_out", "Sign-in locked"
        PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset requested"
        PASSWORD_SET = "password_set", "Password set"
        INVITED = "invited", "Invited"
        USER_CHANGED = "user_changed", "User details changed"
        ROLE_CHANGED = "role_changed", "Role changed"
        DEACTIVATED = "deactivated", "Deactivated"
        REACTIVATED = "reactivated", "Reactivated"
        TWO_FACTOR_SET_UP = "two_factor_set_up", "Two-factor authentication set up"
        TWO_FACTOR_FAILED = "two_factor_failed", "Two-factor code wrong"
        RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
        TWO_FACTOR_RESET = "two_factor_reset", "Two-factor authentication reset"
        RELATIONSHIP_ADDED = "relationship_added", "Relationship added"
        RELATIONSHIP_REMOVED = "relationship_removed", "Relationship removed"
        ORGANISATION_CREATED = "organisation_created", "Organisation created"
        ORGANISATION_CHANGED = "organisation_changed", "Organisation details changed"
        DATA_SHARING_ACCEPTED = "data_sharing_accepted", "Data sharing agreement accepted"
        MERGED = "merged", "Organisations merged"
        API_KEY_CREATED = "api_key_created", "API key created"
        API_KEY_REVOKED = "api_key_revoked", "API key revoked"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="security_events_done"
    )
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="security_events"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="security_events"
    )
    # the email typed at a failed sign-in, whether or not anyone has it
    email = models.CharField(max_length=254, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"
