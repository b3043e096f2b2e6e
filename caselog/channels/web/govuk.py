"""Django form fields as GOV.UK Design System macro parameters.

Templates call these (they are Jinja globals) so that every page shows errors the same way:
an error summary at the top linking to each field, and the message again by the field.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest


def error_summary(form: forms.Form) -> dict[str, Any] | None:
    """govukErrorSummary params, or None when the form has no errors."""
    if not form.is_bound or not form.errors:
        return None
    items = [{"text": e, "href": "#" + _first_id(form[name]) if name in form.fields else None}
             for name, errors in form.errors.items() for e in errors]
    return {"titleText": "There is a problem", "errorList": [{k: v for k, v in i.items() if v} for i in items]}


def _first_id(bf: forms.BoundField) -> str:
    return bf.auto_id or bf.html_name


def _error(bf: forms.BoundField) -> dict[str, str] | None:
    return {"text": " ".join(bf.errors)} if bf.errors else None


def input_params(bf: forms.BoundField, **extra: Any) -> dict[str, Any]:
    """govukInput params: label, hint, value, error, and autocomplete/type from the widget."""
    widget = bf.field.widget
    params: dict[str, Any] = {
        "id": bf.auto_id,
        "name": bf.html_name,
        "label": {"text": bf.label},
        "value": bf.value() if not isinstance(widget, forms.PasswordInput) else None,
        "errorMessage": _error(bf),
        "type": getattr(widget, "input_type", "text"),
        "spellcheck": False if isinstance(widget, forms.EmailInput) else None,
        "autocomplete": widget.attrs.get("autocomplete"),
    }
    if bf.help_text:
        params["hint"] = {"text": bf.help_text}
    return _merge(params, extra)


def radios_params(bf: forms.BoundField, **extra: Any) -> dict[str, Any]:
    value = bf.value()
    params: dict[str, Any] = {
        "idPrefix": bf.auto_id,
        "name": bf.html_name,
        "fieldset": {"legend": {"text": bf.label, "classes": "govuk-fieldset__legend--m"}},
        "errorMessage": _error(bf),
        "items": [{"value": v, "text": t, "checked": str(value) == str(v)} for v, t in bf.field.choices if v != ""],
    }
    if bf.help_text:
        params["hint"] = {"text": bf.help_text}
    return _merge(params, extra)


def checkbox_params(bf: forms.BoundField, **extra: Any) -> dict[str, Any]:
    """A single yes/no checkbox (a BooleanField)."""
    params: dict[str, Any] = {
        "idPrefix": bf.auto_id,
        "name": bf.html_name,
        "errorMessage": _error(bf),
        "items": [{"value": "on", "text": bf.label, "checked": bool(bf.value()),
                   "hint": {"text": bf.help_text} if bf.help_text else None}],
    }
    return _merge(params, extra)


def select_params(bf: forms.BoundField, **extra: Any) -> dict[str, Any]:
    value = bf.value()
    params: dict[str, Any] = {
        "id": bf.auto_id,
        "name": bf.html_name,
        "label": {"text": bf.label},
        "errorMessage": _error(bf),
        "items": [{"value": v, "text": t, "selected": str(value) == str(v)} for v, t in bf.field.choices],
    }
    return _merge(params, extra)


def _merge(params: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in params.items() if v is not None}
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = {**out[k], **v}
        else:
            out[k] = v
    return out


def pagination(page, request: HttpRequest) -> dict[str, Any] | None:
    """govukPagination params for a Paginator page, keeping every other query parameter (a
    filter may repeat: year=2025&year=2026); None when there is only one page."""
    if not page.has_other_pages():
        return None
    kept = [(k, v) for k, values in request.GET.lists() if k != "page" for v in values if v]

    def href(number: int) -> str:
        return "?" + urlencode([*kept, ("page", number)])

    last = page.paginator.num_pages
    shown = sorted({1, last, page.number - 1, page.number, page.number + 1} & set(range(1, last + 1)))
    items: list[dict[str, Any]] = []
    previous = 0
    for number in shown:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == page.number})
        previous = number
    return {
        "previous": {"href": href(page.previous_page_number())} if page.has_previous() else None,
        "next": {"href": href(page.next_page_number())} if page.has_next() else None,
        "items": items,
    }
