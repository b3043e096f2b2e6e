from django.contrib import admin

from .models import AuditEvent, Log


@admin.register(Log)
class LogAdmin(admin.ModelAdmin):
    """Read-only: answers change only through the gateway, which writes the audit trail."""

    list_display = ["id", "collection", "year", "status", "owning_organisation", "updated_at"]
    list_filter = ["collection", "year", "status"]
    search_fields = ["provider_reference", "property_reference"]
    list_select_related = ["owning_organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "log", "action", "channel", "actor"]
    list_filter = ["channel", "action"]
    list_select_related = ["log", "actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
