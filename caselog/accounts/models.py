"""Organisations and the people who submit logs for them.

Kept small on purpose: invitations, organisation relationships (stock owners and
managing agents) and API tokens come next.
"""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models


class Organisation(models.Model):
    class Type(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        PRIVATE_REGISTERED_PROVIDER = "private_registered_provider", "Private registered provider"
        OTHER = "other", "Other"

    name = models.CharField(max_length=255)
    type = models.CharField(max_length=32, choices=Type.choices)
    # The provider's code in CORE and the regulator's register, for example "L1234".
    provider_code = models.CharField(max_length=32, unique=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
