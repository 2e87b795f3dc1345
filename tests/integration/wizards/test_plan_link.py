"""The payment-difficulty guide leads a signed-in affiliate to the plan builder, which reads
their real balance (issue 14, item 4, in part); a visitor keeps the guidance alone."""

from __future__ import annotations

import html

import pytest
from httpx import AsyncClient

from tests.integration.wizards.test_filing import complete
from tests.support.passkey_client import activated_affiliate

pytestmark = pytest.mark.integration
LINK = 'href="/account/contributions/plan"'


async def test_the_signed_in_affiliate_is_sent_to_the_builder(client: AsyncClient) -> None:
    await activated_affiliate(client)
    client.cookies.set("affilio_lang", "fr")
    await complete(client)
    page = html.unescape((await client.get("/wizards/payment_difficulty/outcome")).text)
    assert "Établir votre plan à partir de votre solde réel" in page
    assert LINK in page


async def test_a_visitor_gets_the_guidance_without_the_link(client: AsyncClient) -> None:
    client.cookies.set("affilio_lang", "fr")
    await complete(client)
    page = (await client.get("/wizards/payment_difficulty/outcome")).text
    assert "Les demandes que nous pouvons introduire pour vous" in html.unescape(page)
    assert LINK not in page
