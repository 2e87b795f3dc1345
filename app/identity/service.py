"""Writes about people, staff users, passkeys, links and recovery; each call is one transaction.

A facade: the writes live in modules named after what they are about, and this module lists
them so callers (other domains, workers, tests) keep writing `service.create_person(...)`.
"""

from __future__ import annotations

from app.identity.account import (
    ContactChange,
    log_out_everywhere,
    update_contact_details,
    update_language,
    verify_identity,
)
from app.identity.credentials import (
    Ceremony,
    authenticate_passkey,
    register_passkey,
    rename_passkey,
    revoke_passkey,
)
from app.identity.errors import (
    AccountExists,
    CodeRefused,
    IdentityTaken,
    LastAdmin,
    LinkInvalid,
    PasskeyRefused,
    TooManyAttempts,
)
from app.identity.links import (
    LINK_MAILS,
    issue_activation_link,
    link_url,
    note_refused_link,
    purge_expired_tokens,
)
from app.identity.merge import MERGED_JOB, link_verified_claimant, prove_identity
from app.identity.people import NewPerson, create_person, create_unverified_person
from app.identity.recovery import grant_recovery, reject_recovery, request_recovery
from app.identity.signup import Signup, start_signup, verify_signup_code
from app.identity.staff_accounts import change_staff_role, create_staff_user, invite_staff
from app.identity.tables import LinkPurpose

__all__ = [
    "LINK_MAILS",
    "MERGED_JOB",
    "AccountExists",
    "Ceremony",
    "CodeRefused",
    "ContactChange",
    "IdentityTaken",
    "LastAdmin",
    "LinkInvalid",
    "LinkPurpose",
    "NewPerson",
    "PasskeyRefused",
    "Signup",
    "TooManyAttempts",
    "authenticate_passkey",
    "change_staff_role",
    "create_person",
    "create_staff_user",
    "create_unverified_person",
    "grant_recovery",
    "invite_staff",
    "issue_activation_link",
    "link_url",
    "link_verified_claimant",
    "log_out_everywhere",
    "note_refused_link",
    "prove_identity",
    "purge_expired_tokens",
    "register_passkey",
    "reject_recovery",
    "rename_passkey",
    "request_recovery",
    "revoke_passkey",
    "start_signup",
    "update_contact_details",
    "update_language",
    "verify_identity",
    "verify_signup_code",
]
