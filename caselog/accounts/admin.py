from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from .models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "provider_code", "type", "active"]
    list_filter = ["type", "active"]
    search_fields = ["name", "provider_code"]


class CaselogUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "name"]


class CaselogUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = CaselogUserChangeForm
    add_form = CaselogUserCreationForm
    list_display = ["email", "name", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active", "is_dpo", "is_key_contact", "is_staff"]
    search_fields = ["email", "name", "organisation__name"]
    ordering = ["name", "email"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["name", "organisation", "role", "is_dpo", "is_key_contact"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "created_at", "updated_at"]}),
    ]
    readonly_fields = ["last_login", "created_at", "updated_at"]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]}),
    ]
