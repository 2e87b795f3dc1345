"""People (affiliates), staff users, their passkeys and the ways in (links, codes, recovery)."""

from enum import StrEnum

from piccolo.columns import (
    UUID,
    BigInt,
    Boolean,
    Bytea,
    ForeignKey,
    Integer,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Language(StrEnum):
    FR = "fr"
    NL = "nl"
    EN = "en"


class Person(Table, tablename="person"):
    """An affiliate: a self-employed person, helping spouse or company director."""

    id = UUID(primary_key=True)
    # NISS/INSZ, 11 digits, validated; only set once the fund knows who this is (several NULLs
    # do not clash with the unique constraint).
    national_number = Varchar(length=11, unique=True, null=True, default=None)
    # A self-registered account only *claims* a national number (typed at sign-up, next to a
    # proven e-mail address): it owns nothing of that number's file until its identity is
    # verified (identity.verify_identity). People the fund created are verified.
    identity_verified = Boolean(default=True)
    claimed_national_number = Varchar(length=11, null=True, default=None)
    first_name = Varchar(length=100)
    last_name = Varchar(length=100)
    email = Varchar(length=254, null=True, default=None, index=True)
    phone = Varchar(length=32, null=True, default=None)
    # The address's Belgian postcode (4 digits, 1000–9999, a CHECK): the region of the reports.
    postcode = Varchar(length=4, null=True, default=None)
    language = Varchar(length=2, default=Language.FR.value)
    # Bumped by "log out everywhere" and recovery: every older session is refused.
    session_epoch = Integer(default=0)
    # Set when this self-registered account was linked into the known file of the same
    # person (identity.link_verified_claimant): an inactive shell, kept for the audit trail.
    merged_into: ForeignKey[Table] = ForeignKey(
        references="self", null=True, default=None, on_delete=OnDelete.set_null
    )
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class StaffUser(Table, tablename="staff_user"):
    id = UUID(primary_key=True)
    email = Varchar(length=254, unique=True)
    full_name = Varchar(length=200)
    role = Varchar(length=16, default="agent")  # agent, supervisor, admin
    team = Varchar(length=64, default="general")
    language = Varchar(length=2, default=Language.FR.value)
    active = Boolean(default=True)
    # Bumped by "log out everywhere" and role changes: every older session is refused.
    session_epoch = Integer(default=0)
    created_at = Timestamptz(default=TimestamptzNow())


class PasskeyCredential(Table, tablename="passkey_credential"):
    """A WebAuthn credential of one person or one staff member (exactly one owner is set)."""

    id = UUID(primary_key=True)
    person = ForeignKey(references=Person, null=True, default=None, on_delete=OnDelete.cascade)
    staff = ForeignKey(references=StaffUser, null=True, default=None, on_delete=OnDelete.cascade)
    credential_id = Bytea(unique=True)
    public_key = Bytea()
    sign_count = BigInt(default=0)
    backup_eligible = Boolean(default=False)
    backed_up = Boolean(default=False)
    transports = Varchar(length=200, default="")  # comma separated, as the browser reported
    aaguid = Varchar(length=36, default="")
    name = Varchar(length=80)
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class LinkPurpose(StrEnum):
    ACTIVATION = "activation"  # a known affiliate's first passkey
    STAFF_INVITE = "staff_invite"
    RECOVERY = "recovery"  # granted by staff after every passkey was lost


class ActivationLink(Table, tablename="activation_link"):
    """A one-time link to register a passkey. Only the SHA-256 of the token is stored."""

    id = UUID(primary_key=True)
    token_hash = Varchar(length=64, unique=True)
    purpose = Varchar(length=16, default=LinkPurpose.ACTIVATION.value)
    person = ForeignKey(references=Person, null=True, default=None, on_delete=OnDelete.cascade)
    staff = ForeignKey(references=StaffUser, null=True, default=None, on_delete=OnDelete.cascade)
    created_at = Timestamptz(default=TimestamptzNow())
    used_at = Timestamptz(null=True, default=None)


class EmailCode(Table, tablename="email_code"):
    """A newcomer's 6-digit code proving their email, with the sign-up answers it confirms."""

    id = UUID(primary_key=True)
    email = Varchar(length=254, index=True)
    code_hash = Varchar(length=64)
    attempts = Integer(default=0)
    national_number = Varchar(length=11)
    first_name = Varchar(length=100)
    last_name = Varchar(length=100)
    language = Varchar(length=2, default=Language.FR.value)
    created_at = Timestamptz(default=TimestamptzNow())
    used_at = Timestamptz(null=True, default=None)


class RecoveryStatus(StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REJECTED = "rejected"


class AccountRecovery(Table, tablename="account_recovery"):
    """An affiliate who lost every passkey; staff check identity before a new link is issued."""

    id = UUID(primary_key=True)
    national_number = Varchar(length=11)
    email = Varchar(length=254)
    # Set when NISS and email match an account; never shown to the requester.
    person = ForeignKey(references=Person, null=True, default=None, on_delete=OnDelete.cascade)
    status = Varchar(length=16, default=RecoveryStatus.PENDING.value, index=True)
    ip = Varchar(length=64, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    decided_at = Timestamptz(null=True, default=None)
    decided_by = ForeignKey(
        references=StaffUser, null=True, default=None, on_delete=OnDelete.set_null
    )
