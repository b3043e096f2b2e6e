"""Supported housing schemes, their locations, and the periods each is deactivated.

The fields, codes and labels are CORE's (app/models/scheme.rb, app/models/location.rb,
app/models/*_deactivation_period.rb in communitiesuk/submit-social-housing-lettings-and-sales-data),
so schemes moved from CORE keep their values and exports keep their codes. A scheme's code is
"S" and its id; a location's code is its id, as in CORE's bulk upload template (fields 5 and 6).

Schemes and locations are never deleted while logs may name them: `deleted_at` marks them
deleted (CORE's `discarded_at`), and their status is then "deleted".
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

# CORE's POSTCODE_REGEXP (config/initializers/postcode_regex.rb); also the definition's
# is_uk_postcode function (definitions/core-lettings/2026/functions.yaml).
UK_POSTCODE = re.compile(
    r"^(([A-Z]{1,2}[0-9][A-Z0-9]?|ASCN|STHL|TDCU|BBND|[BFS]IQQ|PCRN|TKCA) ?[0-9][A-Z]{2}"
    r"|BFPO ?[0-9]{1,4}|(KY[0-9]|MSR|VG|AI)[ -]?[0-9]{4}|[A-Z]{2} ?[0-9]{2}|GE ?CX|GIR ?0A{2}|SAN ?TA1)$",
    re.IGNORECASE,
)


def normalise_postcode(postcode: str | None) -> str:
    """Upper case with one space before the inward code: " ls1  4ap" -> "LS1 4AP".

    Postcodes are compared and searched in this form, as CORE stores them (UKPostcode).
    """
    compact = re.sub(r"\s+", "", postcode or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def squish(text: str | None) -> str:
    """Trimmed, with runs of spaces made one (CORE's auto_strip_attributes squish)."""
    return " ".join((text or "").split())


def _govuk_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _blank(value) -> bool:
    # Rails' blank?: 0 is an answer (CORE's "Missing" codes are 0), None and "" are not.
    return value is None or value == ""


class YesNo(models.IntegerChoices):
    NO = 0, "No"
    YES = 1, "Yes"


class SchemeType(models.IntegerChoices):
    """CORE Scheme::SCHEME_TYPE. "Missing" is only held by schemes migrated into CORE."""

    DIRECT_ACCESS_HOSTEL = 5, "Direct Access Hostel"
    FOYER = 4, "Foyer"
    HOUSING_FOR_OLDER_PEOPLE = 7, "Housing for older people"
    OTHER_SUPPORTED_HOUSING = 6, "Other Supported Housing"
    MISSING = 0, "Missing"


class RegisteredUnderCareAct(models.IntegerChoices):
    """CORE Scheme::REGISTERED_UNDER_CARE_ACT: registered under the Care Standards Act 2000."""

    NURSING_CARE = 4, "Yes – registered care home providing nursing care"
    PERSONAL_CARE = 3, "Yes – registered care home providing personal care"
    PART_REGISTERED = 2, "Yes – part registered as a care home"
    NO = 1, "No"


class SupportType(models.IntegerChoices):
    """CORE Scheme::SUPPORT_TYPE. CORE offers neither "Missing" nor "Floating support" for a
    new scheme; both are kept for schemes that already hold them."""

    MISSING = 0, "Missing"
    LOW_LEVEL = 2, "Low level"
    MEDIUM_LEVEL = 3, "Medium level"
    HIGH_LEVEL = 4, "High level"
    NURSING_CARE = 5, "Nursing care in a care home"
    FLOATING_SUPPORT = 6, "Floating support"


class ClientGroup(models.TextChoices):
    """CORE Scheme::PRIMARY_CLIENT_GROUP, used for the primary and the secondary group."""

    HOMELESS_FAMILIES = "O", "Homeless families with support needs"
    OFFENDERS = "H", "Offenders and people at risk of offending"
    OLDER_PEOPLE = "M", "Older people with support needs"
    DOMESTIC_VIOLENCE = "L", "People at risk of domestic violence"
    PHYSICAL_OR_SENSORY_DISABILITY = "A", "People with a physical or sensory disability"
    ALCOHOL_PROBLEMS = "G", "People with alcohol problems"
    DRUG_PROBLEMS = "F", "People with drug problems"
    HIV_OR_AIDS = "B", "People with HIV or AIDS"
    LEARNING_DISABILITIES = "D", "People with learning disabilities"
    MENTAL_HEALTH_PROBLEMS = "E", "People with mental health problems"
    REFUGEES = "I", "Refugees (permanent)"
    ROUGH_SLEEPERS = "S", "Rough sleepers"
    SINGLE_HOMELESS = "N", "Single homeless people with support needs"
    TEENAGE_PARENTS = "R", "Teenage parents"
    YOUNG_PEOPLE_AT_RISK = "Q", "Young people at risk"
    YOUNG_PEOPLE_LEAVING_CARE = "P", "Young people leaving care"
    MISSING = "X", "Missing"


class IntendedStay(models.TextChoices):
    """CORE Scheme::INTENDED_STAY."""

    VERY_SHORT_STAY = "V", "Very short stay"
    SHORT_STAY = "S", "Short stay"
    MEDIUM_STAY = "M", "Medium stay"
    PERMANENT = "P", "Permanent"
    MISSING = "X", "Missing"


class ArrangementType(models.TextChoices):
    """CORE Scheme::ARRANGEMENT_TYPE: who provides the support services."""

    SAME_ORGANISATION = "D", "The same organisation that owns the housing stock"
    ANOTHER_STOCK_OWNER = "R", "Another registered stock owner"
    CHARITY_OR_VOLUNTARY = "V", "A registered charity or voluntary organisation"
    ANOTHER_ORGANISATION = "O", "Another organisation"
    MISSING = "X", "Missing"


class MobilityType(models.TextChoices):
    """CORE Location::MOBILITY_TYPE: the mobility standard of most of the location's units."""

    WHEELCHAIR_USER_STANDARD = "W", "Wheelchair-user standard"
    FITTED_WITH_ADAPTATIONS = "A", "Fitted with equipment and adaptations"
    ACCESSIBLE_GENERAL_STANDARD = "M", "Property designed to accessible general standard"
    NONE = "N", "None"
    MISSING = "X", "Missing"


class TypeOfUnit(models.IntegerChoices):
    """CORE Location::TYPE_OF_UNIT: the most common type of unit at the location."""

    BUNGALOW = 6, "Bungalow"
    SELF_CONTAINED_FLAT_OR_BEDSIT = 1, "Self-contained flat or bedsit"
    SELF_CONTAINED_FLAT_WITH_COMMON_FACILITIES = (
        2,
        "Self-contained flat or bedsit with common facilities",
    )
    SELF_CONTAINED_HOUSE = 7, "Self-contained house"
    SHARED_FLAT = 3, "Shared flat"
    SHARED_HOUSE_OR_HOSTEL = 4, "Shared house or hostel"


class SchemeQuerySet(models.QuerySet):
    def visible(self) -> SchemeQuerySet:
        """Schemes that have not been deleted."""
        return self.filter(deleted_at__isnull=True)


class Scheme(models.Model):
    """A supported housing service, owned by one organisation, at one or more locations."""

    # What CORE needs before a scheme can be confirmed (Scheme#validate_confirmed: every
    # attribute except sensitive, secondary_client_group and dates).
    REQUIRED_FOR_CONFIRMATION = (
        "service_name",
        "owning_organisation",
        "scheme_type",
        "registered_under_care_act",
        "arrangement_type",
        "primary_client_group",
        "has_other_client_group",
        "support_type",
        "intended_stay",
    )

    service_name = models.CharField("scheme name", max_length=255)
    owning_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="owned_schemes",
        verbose_name="housing stock owned by",
    )
    # The organisation providing support, when it is not the owner (CORE's "Organisation
    # providing support"). Blank when the owner provides it.
    managing_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="managed_schemes",
        null=True,
        blank=True,
        verbose_name="organisation providing support",
    )
    sensitive = models.IntegerField(
        "contains confidential information", choices=YesNo.choices, default=YesNo.NO
    )
    scheme_type = models.IntegerField(choices=SchemeType.choices, null=True, blank=True)
    registered_under_care_act = models.IntegerField(
        "registered under the Care Standards Act 2000",
        choices=RegisteredUnderCareAct.choices,
        null=True,
        blank=True,
    )
    arrangement_type = models.CharField(
        "support services provided by", max_length=1, choices=ArrangementType.choices, blank=True
    )
    primary_client_group = models.CharField(max_length=1, choices=ClientGroup.choices, blank=True)
    has_other_client_group = models.IntegerField(
        "has another client group", choices=YesNo.choices, null=True, blank=True
    )
    secondary_client_group = models.CharField(max_length=1, choices=ClientGroup.choices, blank=True)
    support_type = models.IntegerField(
        "level of support given", choices=SupportType.choices, null=True, blank=True
    )
    intended_stay = models.CharField(
        "intended length of stay", max_length=1, choices=IntendedStay.choices, blank=True
    )
    # Set when the scheme only becomes available later, for example one moved to the
    # absorbing organisation on a merge; until then its status is "activating soon".
    startdate = models.DateField("available from", null=True, blank=True)
    # Complete: the user checked the answers and confirmed them.
    confirmed = models.BooleanField("complete", default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["service_name", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.service_name}" if self.pk else self.service_name

    @property
    def code(self) -> str | None:
        """The scheme code users see and give in uploads: "S" and the id."""
        return f"S{self.pk}" if self.pk else None

    def missing_for_confirmation(self) -> list[str]:
        missing = [
            name
            for name in self.REQUIRED_FOR_CONFIRMATION
            if _blank(getattr(self, name + "_id" if name == "owning_organisation" else name))
        ]
        # CORE's flow asks for the other group after "yes"; its model check does not.
        if self.has_other_client_group == YesNo.YES and _blank(self.secondary_client_group):
            missing.append("secondary_client_group")
        return missing

    def clean(self) -> None:
        super().clean()
        self.service_name = squish(self.service_name)
        if self.confirmed:
            missing = self.missing_for_confirmation()
            if missing:
                raise ValidationError(
                    {name: "Answer this before the scheme can be confirmed." for name in missing}
                )

    def save(self, *args, **kwargs) -> None:
        self.service_name = squish(self.service_name)
        if self.has_other_client_group == YesNo.NO:
            self.secondary_client_group = ""
        # A scheme missing an answer is never complete, whatever was ticked (as in CORE).
        if self.confirmed and self.missing_for_confirmation():
            self.confirmed = False
        super().save(*args, **kwargs)


class LocationQuerySet(models.QuerySet):
    def visible(self) -> LocationQuerySet:
        """Locations that have not been deleted."""
        return self.filter(deleted_at__isnull=True)

    def confirmed(self) -> LocationQuerySet:
        return self.filter(confirmed=True)

    def available_soon(self, today: dt.date) -> LocationQuerySet:
        """Confirmed and starting within 14 days of today, or with no start date (CORE
        Location.active_in_2_weeks): the locations a new log can choose."""
        return self.confirmed().filter(
            Q(startdate__isnull=True) | Q(startdate__lte=today + dt.timedelta(days=14))
        )


class Location(models.Model):
    """One address of a scheme (a building or a group of units), by postcode."""

    # A location is confirmed as soon as these are all given (CORE Location#validate_confirmed).
    REQUIRED_FOR_CONFIRMATION = (
        "postcode",
        "la_name",
        "la_code",
        "units",
        "type_of_unit",
        "mobility_type",
    )

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField("location name", max_length=255, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    # The local authority of the postcode: ONS code (CORE's `location_code`, e.g. "E08000035")
    # and name (CORE's `location_admin_district`, e.g. "Leeds").
    la_code = models.CharField("local authority code", max_length=9, blank=True)
    la_name = models.CharField("local authority", max_length=255, blank=True)
    units = models.PositiveIntegerField(
        "number of units", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    type_of_unit = models.IntegerField(
        "most common type of unit", choices=TypeOfUnit.choices, null=True, blank=True
    )
    mobility_type = models.CharField(
        "mobility standards", max_length=1, choices=MobilityType.choices, blank=True
    )
    # When the first property here became available under the scheme; until then the
    # location's status is "activating soon".
    startdate = models.DateField("available from", null=True, blank=True)
    confirmed = models.BooleanField("complete", default=False, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["postcode", "id"]
        indexes = [models.Index(fields=["scheme", "confirmed"], name="location_scheme_confirmed")]

    def __str__(self) -> str:
        return (
            " ".join(part for part in (self.postcode, self.name) if part) or f"Location {self.pk}"
        )

    @property
    def code(self) -> str | None:
        """The location code users give in uploads: the id."""
        return str(self.pk) if self.pk else None

    def clean(self) -> None:
        super().clean()
        self.postcode = normalise_postcode(self.postcode)
        if self.postcode and not UK_POSTCODE.match(self.postcode):
            raise ValidationError(
                {"postcode": "Enter a postcode in the correct format, for example AA1 1AA."}
            )

    def save(self, *args, **kwargs) -> None:
        self.postcode = normalise_postcode(self.postcode)
        self.name = squish(self.name)
        self.la_code = (self.la_code or "").strip().upper()
        self.confirmed = not any(
            _blank(getattr(self, name)) for name in self.REQUIRED_FOR_CONFIRMATION
        )
        super().save(*args, **kwargs)


class DeactivationPeriod(models.Model):
    """From the deactivation date the scheme or location cannot be chosen for a letting,
    until the reactivation date if one is set. A period with no reactivation date is open."""

    deactivation_date = models.DateField()
    reactivation_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["deactivation_date", "id"]

    def __str__(self) -> str:
        until = f" to {_govuk_date(self.reactivation_date)}" if self.reactivation_date else ""
        return f"Deactivated from {_govuk_date(self.deactivation_date)}{until}"

    def clean(self) -> None:
        super().clean()
        if (
            self.reactivation_date
            and self.deactivation_date
            and self.reactivation_date < self.deactivation_date
        ):
            raise ValidationError(
                {
                    "reactivation_date": "The reactivation date must be on or after the deactivation date."
                }
            )


def _reactivation_not_before_deactivation(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(reactivation_date__isnull=True)
        | Q(reactivation_date__gte=F("deactivation_date")),
        name=name,
    )


class SchemeDeactivation(DeactivationPeriod):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="deactivations")

    class Meta(DeactivationPeriod.Meta):
        constraints = [
            _reactivation_not_before_deactivation("schemedeactivation_reactivation_after"),
            # CORE changes the open period rather than adding another.
            models.UniqueConstraint(
                fields=["scheme"],
                condition=Q(reactivation_date__isnull=True),
                name="schemedeactivation_one_open",
            ),
        ]


class LocationDeactivation(DeactivationPeriod):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="deactivations")

    class Meta(DeactivationPeriod.Meta):
        constraints = [
            _reactivation_not_before_deactivation("locationdeactivation_reactivation_after"),
            models.UniqueConstraint(
                fields=["location"],
                condition=Q(reactivation_date__isnull=True),
                name="locationdeactivation_one_open",
            ),
        ]
