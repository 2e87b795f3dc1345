"""Staff accounts: creating one, inviting a colleague, changing a member's role (admins only)."""

from __future__ import annotations

import uuid

from app.identity import rules
from app.identity.account import notify_account
from app.identity.errors import AccountExists, LastAdmin
from app.identity.links import issue_activation_link
from app.identity.rules import Permission, StaffRole, role_allows
from app.identity.tables import LinkPurpose, StaffUser
from app.kit import audit
from app.kit.db import transaction
from app.kit.errors import AffilioError, Forbidden, NotFound
from app.kit.i18n import gettext as _


async def create_staff_user(
    *, email: str, full_name: str, role: str, team: str, language: str, actor: audit.Actor
) -> uuid.UUID:
    staff_id = uuid.uuid4()
    async with transaction():
        await StaffUser.insert(
            StaffUser(
                id=staff_id,
                email=email.lower(),
                full_name=full_name,
                role=role,
                team=team,
                language=language,
            )
        )
        await audit.record(
            actor, "staff.created", subject=("staff_user", staff_id), details={"role": role}
        )
    return staff_id


async def invite_staff(
    *,
    email: str,
    full_name: str,
    role: str,
    team: str,
    language: str,
    actor: audit.Actor,
) -> tuple[uuid.UUID, str]:
    """An admin invites a colleague: the account and its activation link, in one transaction."""
    role = StaffRole(role).value
    address = rules.normalise_email(email)
    if address is None:
        raise AffilioError(_("Enter a valid email address."), field="email")
    async with transaction():
        if await StaffUser.exists().where(StaffUser.email == address):
            raise AccountExists(_("A staff member with this email already exists."), field="email")
        staff_id = await create_staff_user(
            email=address,
            full_name=full_name.strip(),
            role=role,
            team=team.strip() or "general",
            language=language,
            actor=actor,
        )
        await audit.record(
            actor, "staff.invited", subject=("staff", staff_id), details={"role": role}
        )
        url = await issue_activation_link(
            "staff", staff_id, purpose=LinkPurpose.STAFF_INVITE, actor=actor
        )
    return staff_id, url


async def change_staff_role(staff_id: uuid.UUID, role: str, *, actor: audit.Actor) -> None:
    """Only an admin changes roles; the member's sessions end so the new role applies at once,
    and the member's address is told (in the same transaction)."""
    new_role = StaffRole(role).value
    async with transaction():
        await _require_admin(actor)
        row = await StaffUser.select(StaffUser.role).where(StaffUser.id == staff_id).first()
        if row is None:
            raise NotFound()
        if row["role"] == new_role:
            return
        if row["role"] == StaffRole.ADMIN.value:
            admins = await StaffUser.count().where(
                StaffUser.role == StaffRole.ADMIN.value,
                StaffUser.active.eq(True),
                StaffUser.id != staff_id,
            )
            if admins == 0:
                raise LastAdmin(
                    _(
                        "This is the last administrator: give another staff member the "
                        "administrator role first."
                    ),
                    field=f"role-{staff_id}",
                )
        await StaffUser.update(
            {StaffUser.role: new_role, StaffUser.session_epoch: StaffUser.session_epoch + 1}
        ).where(StaffUser.id == staff_id)
        await audit.record(
            actor,
            "staff.role_changed",
            subject=("staff", staff_id),
            details={"from": row["role"], "to": new_role},
        )
        await notify_account("staff", staff_id, "role_changed", link_path="/account", role=new_role)


async def _require_admin(actor: audit.Actor) -> None:
    if actor.kind != "staff" or actor.id is None:
        raise Forbidden()
    row = (
        await StaffUser.select(StaffUser.role, StaffUser.active)
        .where(StaffUser.id == actor.id)
        .first()
    )
    if row is None or not row["active"] or not role_allows(row["role"], Permission.MANAGE_ROLES):
        raise Forbidden()
