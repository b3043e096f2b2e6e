"""The one Jinja2 Environment for service pages (settings.TEMPLATES, Jinja2 backend).

Templates find the GOV.UK Frontend macros under the "govuk_frontend_jinja/" prefix:
    {% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}
Globals: static(path), url(name, *args, **kwargs), static_url, service_name, and the form
helpers of caselog/channels/web/govuk.py (error_summary, input_params, radios_params, ...), and
viewing_as(request): the organisation a support user is viewing the service as.
"""

from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, is_undefined

from caselog.channels.web import govuk


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """reverse() for templates: url("web:start"), url("logs:detail", log.pk)."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def viewing_as(request: Any) -> Any:
    from caselog.accounts.permissions import viewing_as as organisation_viewed

    # the 500 page is drawn with no request at all
    return None if request is None or is_undefined(request) else organisation_viewed(request)


def environment(**options: Any) -> Environment:
    app_loader = options.pop("loader")  # Django's loader for DIRS and each app's jinja2/
    options["loader"] = ChoiceLoader(
        [
            app_loader,
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    env = Environment(**options)
    env.globals.update(
        {
            "static": static,
            "url": url,
            # GOV.UK's assetPath is a folder: static() of a folder fails with the
            # manifest storage, so templates build it from STATIC_URL.
            "static_url": settings.STATIC_URL,
            "service_name": settings.SERVICE_NAME,
            "get_messages": get_messages,
            "error_summary": govuk.error_summary,
            "input_params": govuk.input_params,
            "radios_params": govuk.radios_params,
            "checkbox_params": govuk.checkbox_params,
            "select_params": govuk.select_params,
            "viewing_as": viewing_as,
        }
    )
    return env
