"""Mail jobs: render and send one queued mail (app.kit.mail)."""

from __future__ import annotations

import uuid
from typing import Any

from app.kit import mail


async def send(
    mail_id: str,
    to: str,
    template: str,
    language: str,
    context: dict[str, Any],
    attachments: list[dict[str, str]] | None = None,
) -> None:
    await mail.deliver_mail(
        mail_id=uuid.UUID(mail_id), to=to, template=template, language=language,
        context=context, attachments=attachments,
    )  # fmt: skip
