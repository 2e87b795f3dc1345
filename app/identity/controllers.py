"""Getting in and managing one's account: passkey login, activation, sign-up, recovery.

Passkey ceremonies are JSON endpoints driven by static/js/passkeys.js; every other page is a
plain form that works without JavaScript. The staff pages about accounts are in
app/staff/accounts.py.
"""

from __future__ import annotations

from litestar import Controller

from app.identity.account_controllers import AccountController
from app.identity.federal_controllers import FederalLoginController
from app.identity.login_controllers import LoginController
from app.identity.recovery_controllers import RecoveryController
from app.identity.registration_controllers import RegistrationController
from app.identity.signup_controllers import SignupController

ROUTE_HANDLERS: list[type[Controller]] = [
    LoginController,
    FederalLoginController,
    RegistrationController,
    SignupController,
    AccountController,
    RecoveryController,
]
