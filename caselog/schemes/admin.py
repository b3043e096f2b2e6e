"""Schemes and locations in the Django admin, for the support team: searched the way users
search them (caselog/schemes/search.py), with today's status."""

from django.contrib import admin
from django.utils import timezone

from .models import Location, LocationDeactivation, Scheme, SchemeDeactivation
from .search import search_locations, search_schemes
from .status import location_status, scheme_status


class SchemeDeactivationInline(admin.TabularInline):
    model = SchemeDeactivation
    extra = 0
    fields = ["deactivation_date", "reactivation_date"]


class LocationDeactivationInline(admin.TabularInline):
    model = LocationDeactivation
    extra = 0
    fields = ["deactivation_date", "reactivation_date"]


class LocationInline(admin.TabularInline):
    model = Location
    extra = 0
    fields = ["postcode", "name", "la_code", "units", "type_of_unit", "mobility_type", "startdate"]
    show_change_link = True


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "service_name",
        "owning_organisation",
        "managing_organisation",
        "status_today",
        "confirmed",
    ]
    list_filter = ["confirmed", "scheme_type", "support_type", "sensitive"]
    list_select_related = ["owning_organisation", "managing_organisation"]
    search_fields = ["service_name"]  # shows the box; get_search_results does the searching
    search_help_text = "Scheme code, scheme name, or a location's postcode or name"
    autocomplete_fields = ["owning_organisation", "managing_organisation"]
    readonly_fields = ["code", "created_at", "updated_at"]
    inlines = [LocationInline, SchemeDeactivationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("deactivations", "locations")

    def get_search_results(self, request, queryset, search_term):
        return search_schemes(queryset, search_term), False

    @admin.display(description="Scheme code", ordering="id")
    def code(self, obj: Scheme) -> str | None:
        return obj.code

    @admin.display(description="Status today")
    def status_today(self, obj: Scheme) -> str:
        return scheme_status(obj, timezone.localdate()).status.label


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "postcode",
        "name",
        "scheme",
        "la_name",
        "units",
        "type_of_unit",
        "mobility_type",
        "startdate",
        "status_today",
    ]
    list_filter = ["confirmed", "mobility_type", "type_of_unit"]
    list_select_related = ["scheme", "scheme__owning_organisation"]
    search_fields = ["name"]  # shows the box; get_search_results does the searching
    search_help_text = "Postcode, location name or location code"
    raw_id_fields = ["scheme"]
    readonly_fields = ["code", "confirmed", "created_at", "updated_at"]
    inlines = [LocationDeactivationInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("deactivations", "scheme__deactivations", "scheme__locations")
        )

    def get_search_results(self, request, queryset, search_term):
        return search_locations(queryset, search_term), False

    @admin.display(description="Location code", ordering="id")
    def code(self, obj: Location) -> str | None:
        return obj.code

    @admin.display(description="Status today")
    def status_today(self, obj: Location) -> str:
        return location_status(obj, timezone.localdate()).status.label
