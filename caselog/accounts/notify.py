"""An email backend that sends through GOV.UK Notify (settings: GOVUK_NOTIFY_API_KEY and
GOVUK_NOTIFY_TEMPLATE_ID). The template holds only ((subject)) and ((body)): the words stay
in caselog/accounts/emails.py, whichever backend sends them."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(settings.GOVUK_NOTIFY_API_KEY)

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            for address in message.recipients():
                try:
                    self.client.send_email_notification(
                        email_address=address,
                        template_id=settings.GOVUK_NOTIFY_TEMPLATE_ID,
                        personalisation={"subject": message.subject, "body": message.body},
                    )
                    sent += 1
                except Exception:
                    logger.exception("GOV.UK Notify did not accept an email")
                    if not self.fail_silently:
                        raise
        return sent
