"""The payment-difficulty guide reads a signed-in affiliate's real balance and ends in the
plan builder and the exemption form, prefilled (issue 14, item 4); an affiliate without an
account and a visitor keep the guidance and the generic requests.

The debt (tests/integration/payments/test_plans.py): 2026 Q1, 917,58 € and its 3 % surcharge
of 26,71 € = 944,29 € on 20 April 2026. 150 € a month: 944,29 / 150 = 6,3 -> 7 months. In the
builder, the minimum advance of 20 % is 188,86 €; 755,43 € over 7 months is 107,92 € × 6 and
107,91 €.
"""

from __future__ import annotations

import html
import re

import pytest
from httpx import AsyncClient

from app.kit import clock
from tests.integration.payments.test_plans import DAY, in_debt
from tests.integration.wizards.test_controllers import post_step
from tests.integration.wizards.test_filing import PAYMENT_DIFFICULTY, complete, offered
from tests.support.actors import log_in
from tests.support.passkey_client import activated_affiliate

pytestmark = pytest.mark.integration
GUIDE = "/wizards/payment_difficulty"


def flat(text: str) -> str:
    return html.unescape(text).replace("\u202f", " ").replace("\u00a0", " ")


async def test_the_guide_starts_from_the_balance_and_ends_in_the_account_pages(
    client: AsyncClient,
) -> None:
    person = await in_debt()
    client.cookies.set("affilio_lang", "fr")
    with clock.frozen(DAY):
        await log_in(client, "affiliate", person)
        owed = (await client.get(f"{GUIDE}/owed")).text
        # Nothing typed yet: the field holds the balance, and says where it comes from.
        assert re.search(r'name="amount_owed"[^>]*value="944,29"', owed)
        assert (
            "Repris de votre compte de cotisations : 944,29 € dus aujourd'hui pour 2026-Q1, "
            "majorations comprises." in flat(owed)
        )
        # A wrong amount is shown as typed, with its message, and the note stays.
        wrong = await post_step(client, "payment_difficulty", "owed", {"amount_owed": "beaucoup"})
        assert 'class="field-error" id="error-amount_owed"' in wrong.text
        assert 'value="beaucoup"' in wrong.text and "Repris de votre compte" in flat(wrong.text)
        answers = dict(PAYMENT_DIFFICULTY)
        answers["owed"] = {"amount_owed": "944,29"}
        answers["capacity"] = {"monthly_capacity": "150"}
        for step, data in answers.items():
            response = await post_step(client, "payment_difficulty", step, data)
            assert response.status_code == 303, (step, response.text)
        # Answered: going back shows the answer, not the account again.
        again = (await client.get(f"{GUIDE}/owed")).text
        assert "Repris de votre compte" not in flat(again)
        outcome = flat((await client.get(f"{GUIDE}/outcome")).text)
        builder = flat((await client.get("/account/contributions/plan?instalments=7")).text)
        exemption = (await client.get("/account/contributions/exemption?cause=illness")).text
        crafted = await client.get(f"{GUIDE}/review?kind=payment_plan&kind=exemption")
    assert 'href="/account/contributions/plan?instalments=7"' in outcome
    assert "Établir votre plan à partir de votre solde réel" in outcome
    assert "(2026-Q1)" in outcome
    assert 'href="/account/contributions/exemption?cause=illness"' in outcome
    # The plan and the exemption are made on their pages; the rest is still filed from here.
    boxes = offered(outcome)
    assert "payment_plan" not in boxes and "exemption" not in boxes
    assert "surcharge_waiver" in boxes and "provisional_adjustment" in boxes
    # The builder: the minimum advance over the guide's 7 months, previewed at once.
    assert 'value="188,86"' in builder and re.search(r'name="instalments"[^>]*value="7"', builder)
    assert "107,92 €" in builder and "107,91 €" in builder
    # The exemption form: the guide's cause chosen (illness), still changeable.
    assert re.search(r'<input[^>]*value="illness"[^>]*checked', exemption)
    # A request the account makes cannot be filed blank from the guide.
    assert crafted.status_code == 422
    assert "Cochez au moins une demande à introduire" in html.unescape(crafted.text)


async def test_an_affiliate_without_an_account_files_from_the_guide(client: AsyncClient) -> None:
    await activated_affiliate(client)
    client.cookies.set("affilio_lang", "fr")
    owed = flat((await client.get(f"{GUIDE}/owed")).text)
    assert "Repris de votre compte" not in owed
    assert "rien dû" not in owed
    await complete(client)
    page = flat((await client.get(f"{GUIDE}/outcome")).text)
    assert "/account/contributions/plan" not in page
    assert "payment_plan" in offered(page) and "exemption" in offered(page)


async def test_a_visitor_gets_the_guidance_without_the_links(client: AsyncClient) -> None:
    client.cookies.set("affilio_lang", "fr")
    await complete(client)
    page = flat((await client.get(f"{GUIDE}/outcome")).text)
    assert "Les demandes que nous pouvons introduire pour vous" in page
    assert "/account/contributions/" not in page
    assert "payment_plan" in offered(page)
