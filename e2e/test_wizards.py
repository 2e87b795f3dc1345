"""The seven life-event wizards on a phone (390 × 844) in Chromium: each completed once, one
resumed after closing the page, one with a validation error fixed, one filed and seen by staff."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from playwright.sync_api import Browser, Page, expect

from app.contributions.rules.simulation import simulate
from app.kit import i18n
from e2e.auth import activate_affiliate, activate_staff, log_in_with_passkey, log_out

PHONE = {"width": 390, "height": 844}


def start(page: Page, base_url: str, slug: str) -> None:
    page.goto(f"{base_url}/wizards/{slug}")
    page.get_by_role("link", name="Commencer").click()


def choose(page: Page, label: str, then: str) -> None:
    page.get_by_role("radio", name=label).check()
    next_step(page, then)


def fill(page: Page, label: str, value: str, then: str) -> None:
    page.get_by_label(label).fill(value)
    next_step(page, then)


def next_step(page: Page, then: str) -> None:
    page.get_by_role("button", name=re.compile("^(Continuer|Verder|Continue)$")).click()
    # With htmx the region is swapped and the address bar follows (pushState).
    expect(page).to_have_url(re.compile(rf"/{then}(\?.*)?$"))


def child_step(page: Page) -> None:
    """The new-child guide's 'child' step: two yes/no questions on one page, both no."""
    for legend in ("arrivée multiple", "handicap ou une maladie grave"):
        page.get_by_role("group", name=re.compile(legend)).get_by_role("radio", name="Non").check()
    next_step(page, "activity")


def see_rights(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez vos réponses")
    page.get_by_role("link", name="Voir mes droits").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos droits")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def tick(page: Page, label: str) -> None:
    """A request offered on the outcome: never ticked for the person (issue 12), ticked here."""
    box = page.get_by_label(label)
    expect(box).not_to_be_checked()
    box.check()
    expect(box).to_be_checked()


def money_fr(value: Decimal) -> str:
    return i18n.format_money(value, "fr")


def test_starting_out(page: Page, base_url: str) -> None:
    start(page, base_url, "starting_out")
    choose(page, "Comme travailleur indépendant en personne physique", "activity")
    choose(page, "Activité à titre principal", "first_time")
    choose(page, "Oui", "reduction")
    choose(page, "Oui", "start")  # the first quarter's reduction, asked for
    fill(page, "Quand commencez-vous ?", date.today().replace(day=1).isoformat(), "enterprise")
    fill(page, "Votre numéro d'entreprise (BCE)", "0403.170.701", "income")
    fill(page, "Quel revenu professionnel", "30 000", "check")
    expect(page.locator('[data-answer="expected_income"]')).to_have_text(money_fr(Decimal(30000)))
    see_rights(page)
    expect(page.get_by_text("Votre catégorie : primo-starter")).to_be_visible()
    expect(page.get_by_text("Votre premier trimestre, réduit")).to_be_visible()
    expected = simulate(date.today().year, "starter", income=Decimal(30000)).quarterly_total
    expect(page.locator("#rights")).to_contain_text(money_fr(expected))
    tick(page, "Affiliation à la caisse")


def test_new_child_in_place_with_htmx(page: Page, base_url: str) -> None:
    start(page, base_url, "new_child")
    page.evaluate("window.stillTheSamePage = true")
    choose(page, "Une naissance", "role")
    choose(page, "Je suis la mère", "date")
    # The back link swaps the previous question in place, with its answer.
    page.get_by_role("link", name="Retour").click()
    expect(page).to_have_url(re.compile(r"/wizards/new_child/role$"))
    expect(page.get_by_role("radio", name="Je suis la mère")).to_be_checked()
    next_step(page, "date")
    fill(page, "Date de la naissance", date.today().isoformat(), "child")
    child_step(page)
    choose(page, "Activité à titre principal", "paid")
    choose(page, "Oui", "check")
    # Every step was an htmx swap: no page load happened since the first question.
    assert page.evaluate("window.stillTheSamePage") is True
    see_rights(page)
    expect(page.locator("#rights")).to_contain_text("105 titres-services gratuits")
    # One exempt quarter until 2025, two from 2026: the heading follows the count.
    expect(page.locator("#rights")).to_contain_text(
        re.compile("Trimestres? exonérés? après la naissance")
    )
    tick(page, "Aide à la maternité (titres-services)")


def test_illness_caregiver_shows_unconfirmed_amounts(page: Page, base_url: str) -> None:
    start(page, base_url, "illness")
    choose(page, "Un proche a besoin de mes soins", "interruption")
    choose(page, "Complètement", "caregiver_start")
    fill(page, "À partir de quelle date", date.today().isoformat(), "months")
    fill(page, "Pendant combien de mois ?", "3", "check")
    see_rights(page)
    card = page.locator("#rights li").filter(has_text="Allocation d'aidant proche")
    expect(card).to_contain_text("par mois pour une interruption complète")
    # The year's figure is not published (status U): the page says so and gives the source.
    expect(card.locator(".tag")).to_contain_text(["non confirmé"])
    card.get_by_text("Source").click()
    expect(card.locator("details")).to_contain_text("ucm.be")


def test_payment_difficulty_with_a_validation_error_fixed(page: Page, base_url: str) -> None:
    start(page, base_url, "payment_difficulty")
    fill(page, "Combien devez-vous à la caisse ?", "2 500", "capacity")
    page.get_by_label("Combien pourriez-vous payer").fill("deux cents")
    page.get_by_role("button", name="Continuer").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Indiquez un montant en euros")
    expect(page.locator("#error-monthly_capacity")).to_contain_text("Indiquez un montant en euros")
    expect(page.get_by_label("Combien pourriez-vous payer")).to_have_value("deux cents")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#field-monthly_capacity")
    fill(page, "Combien pourriez-vous payer", "300", "cause")
    choose(page, "Une maladie ou un accident", "duration")
    choose(page, "Moins de 6 mois", "activity")
    choose(page, "Activité à titre principal", "active")
    choose(page, "Oui", "income")
    fill(page, "Quel revenu professionnel", "", "stopping")
    choose(page, "Non", "check")
    see_rights(page)
    expect(page.locator("#rights")).to_contain_text("cela fait 9 mois")
    tick(page, "Plan d'apurement")
    tick(page, "Dispense de cotisations")


def test_bankruptcy_forced_interruption(page: Page, base_url: str) -> None:
    start(page, base_url, "bankruptcy")
    choose(page, "Interruption forcée", "date")
    fill(page, "À quelle date", "2025-06-10", "days")
    fill(page, "Combien de jours", "45", "main")
    choose(page, "Oui", "paid")
    choose(page, "Oui", "career")
    fill(page, "Depuis combien", "10", "family")
    choose(page, "Non", "check")
    see_rights(page)
    # 2025 figures (facts.md §2): 1 638,26 € a month, 45 days = 1 month + 50 % = 2 457,39 €.
    expect(page.locator("#rights")).to_contain_text(money_fr(Decimal("1638.26")))
    expect(page.locator("#rights")).to_contain_text(money_fr(Decimal("2457.39")))
    expect(page.locator("#actions")).to_contain_text("31 décembre 2025")


def test_pension(page: Page, base_url: str) -> None:
    start(page, base_url, "pension")
    fill(page, "Quelle est votre date de naissance ?", "1962-09-14", "career")
    fill(page, "Combien d'années avez-vous travaillé", "40", "plans")
    choose(page, "Continuer à travailler comme indépendant", "survivor")
    choose(page, "Non", "plci")
    choose(page, "Oui", "check")
    see_rights(page)
    expect(page.locator("#rights")).to_contain_text(
        "66 ans : votre pension peut prendre cours le 1er octobre 2028"
    )
    expect(page.locator("#rights")).to_contain_text("Travailler après votre pension")
    expect(page.locator("#referrals")).to_contain_text("mypension.be")


def test_cessation_in_dutch(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/wizards/cessation")
    page.get_by_role("button", name="NL").click()
    page.get_by_role("link", name="Beginnen").click()
    fill(page, "Op welke datum stopt u uw activiteit?", date.today().isoformat(), "reason")
    choose(page, "Economische moeilijkheden", "insurance")
    choose(page, "Ja", "check")
    page.get_by_role("link", name="Mijn rechten bekijken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw rechten")
    expect(page.locator("#rights")).to_contain_text("Voortgezette verzekering")
    expect(page.locator("#referrals")).to_contain_text("Faillissement of economische moeilijkheden")
    tick(page, "Stopzetting")


def test_resume_after_closing_the_page(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, locale="fr-BE")
    page = context.new_page()
    start(page, base_url, "new_child")
    choose(page, "Une adoption", "date")
    fill(page, "Date de la naissance", date.today().isoformat(), "child")
    page.close()
    page = context.new_page()
    page.goto(f"{base_url}/wizards/new_child")
    expect(page.get_by_text("Bon retour")).to_be_visible()
    page.get_by_role("link", name="Reprendre là où je me suis arrêté").click()
    expect(page).to_have_url(re.compile(r"/wizards/new_child/child$"))
    page.get_by_role("link", name="Retour").click()
    expect(page.get_by_label("Date de la naissance")).to_have_value(date.today().isoformat())
    context.close()


def test_filed_request_reaches_the_staff_queue(page: Page, browser: Browser, base_url: str) -> None:
    activate_affiliate(page, base_url)
    log_out(page)
    # Anonymous: the answers are kept through the login, and offered to them after it.
    start(page, base_url, "new_child")
    choose(page, "Une naissance", "role")
    choose(page, "Je suis la mère", "date")
    fill(page, "Date de la naissance", date.today().isoformat(), "child")
    child_step(page)
    choose(page, "Activité à titre principal", "paid")
    choose(page, "Oui", "check")
    see_rights(page)
    tick(page, "Aide à la maternité (titres-services)")
    page.get_by_role("button", name="Se connecter pour continuer").click()
    review = "/wizards/new_child/review%3Fkind%3Dmaternity_aid"
    expect(page).to_have_url(re.compile(rf"/login\?next={re.escape(review)}$"))
    log_in_with_passkey(page, base_url, next_path=review)
    # Logged in, they are asked first: the device's answers become theirs only if they confirm.
    expect(page).to_have_url(re.compile(r"/wizards/claim\?next=/wizards/new_child/review"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Continuer le guide commencé avant de vous connecter ?"
    )
    page.get_by_role("button", name="Continuer avec ces réponses").click()
    # Back where they were: the check page of what they ticked before logging in.
    expect(page).to_have_url(re.compile(r"/wizards/new_child/review\?kind=maternity_aid$"))
    expect(page.locator("#planned > li")).to_have_count(1)
    page.get_by_label("Je confirme que ces réponses sont exactes").check()
    page.get_by_role("button", name="Confirmer et introduire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos demandes ont été introduites")
    reference = page.locator("#references strong").first.inner_text()
    assert re.fullmatch(r"[A-Z]{2}-\d{4}-\d{6}", reference), reference

    staff_context = browser.new_context(viewport=PHONE, locale="fr-BE")
    staff_page = staff_context.new_page()
    activate_staff(staff_page, base_url, role="supervisor")
    staff_page.goto(f"{base_url}/staff/?kind=maternity_aid")
    expect(staff_page.get_by_text(reference)).to_be_visible()
    staff_context.close()
