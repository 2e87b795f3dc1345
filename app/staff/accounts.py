"""Staff pages about accounts: the recovery queue, and the team (invite, change a role).

Served under /staff/identity with the identity.* route names and templates/identity/staff_*.
"""

from __future__ import annotations

import uuid

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.affiliation import queries as affiliation
from app.identity import queries, schemas, service
from app.identity import queries as identity
from app.identity.guards import (
    logged_in_actor,
    require_permission,
    require_staff,
    require_step_up,
    step_up_fresh,
)
from app.identity.rules import DEFAULT_TEAM, Permission, StaffRole
from app.kit import audit, i18n
from app.kit.errors import AffilioError, NotFound
from app.kit.http import AnyRequest, Form


async def _recoveries_for(
    actor: audit.Actor, member: identity.StaffMember
) -> list[identity.PendingRecovery]:
    """The recovery requests this staff member may handle: an agent, those of the people their
    team follows (and, in the default team, those of nobody's team: no account matched, or no
    account manager yet); supervisors, all. Reading the queue is audited: it shows national
    numbers and addresses."""
    pending = await _within_reach(member, await identity.pending_recoveries(actor))
    await audit.record(actor, "staff.recovery_queue_read", details={"shown": len(pending)})
    return pending


async def _within_reach(
    member: identity.StaffMember, pending: list[identity.PendingRecovery]
) -> list[identity.PendingRecovery]:
    if member.allows(Permission.SUPERVISE_TEAMS):
        return pending
    teams = await affiliation.manager_teams([i.person_id for i in pending if i.person_id])

    def team_of(item: identity.PendingRecovery) -> str:
        # Nobody's team (no account matched, or no account manager yet): the default team.
        found = teams.get(item.person_id) if item.person_id else None
        return found or DEFAULT_TEAM

    return [item for item in pending if team_of(item) == member.team]


async def _check_recovery(request: AnyRequest, recovery_id: uuid.UUID) -> audit.Actor:
    """The audit actor, once the recovery is one this staff member may decide (else 404)."""
    me = await logged_in_actor(request)
    actor = me.audit_actor(request)
    member = await identity.staff_member(me.id)
    if member is None:
        raise NotFound()
    pending = [i for i in await identity.pending_recoveries(actor) if i.id == recovery_id]
    if not await _within_reach(member, pending):
        raise NotFound()
    return actor


class StaffIdentityController(Controller):
    path = "/staff/identity"
    include_in_schema = False
    guards = [require_staff]

    @get("/recovery", name="identity.staff_recovery")
    async def recovery_list(
        self, request: AnyRequest, done: FromQuery[str | None] = None
    ) -> Template:
        me = await logged_in_actor(request)
        member = await identity.staff_member(me.id)
        if member is None:
            raise NotFound()
        requests = await _recoveries_for(me.audit_actor(request), member)
        return Template(
            template_name="identity/staff_recovery.html",
            context={"requests": requests, "done": done},
        )

    # Granting revokes every passkey of a person: a decision, so a fresh passkey check first.
    @post(
        "/recovery/{recovery_id:uuid}/grant",
        name="identity.staff_recovery_grant",
        guards=[require_step_up],
    )
    async def grant(self, request: AnyRequest, recovery_id: FromPath[uuid.UUID]) -> Redirect:
        actor = await _check_recovery(request, recovery_id)
        await service.grant_recovery(recovery_id, actor=actor)
        return Redirect(path="/staff/identity/recovery?done=granted", status_code=303)

    @post("/recovery/{recovery_id:uuid}/reject", name="identity.staff_recovery_reject")
    async def reject(self, request: AnyRequest, recovery_id: FromPath[uuid.UUID]) -> Redirect:
        actor = await _check_recovery(request, recovery_id)
        await service.reject_recovery(recovery_id, actor=actor)
        return Redirect(path="/staff/identity/recovery?done=rejected", status_code=303)

    @get("/team", name="identity.staff_team", guards=[require_permission(Permission.INVITE_STAFF)])
    async def team(self, request: AnyRequest, done: FromQuery[str | None] = None) -> Template:
        return await self._team_page(request, done=done)

    async def _team_page(
        self,
        request: AnyRequest,
        *,
        done: str | None = None,
        form: dict[str, str] | None = None,
        errors: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        actor = await logged_in_actor(request)
        return Template(
            template_name="identity/staff_team.html",
            context={
                "members": await queries.staff_members(actor.audit_actor(request)),
                "roles": [r.value for r in StaffRole],
                "done": done,
                "form": form
                or {
                    "role": StaffRole.AGENT.value,
                    "team": DEFAULT_TEAM,
                    "language": i18n.current_language(),
                },
                "languages": list(i18n.LANGUAGE_NAMES.items()),
                "errors": errors or {},
                "fresh": step_up_fresh(actor),
            },
            status_code=status_code,
        )

    # Inviting a colleague and changing a role hand out access: a fresh passkey check first
    # (the team page offers it before the forms are filled in).
    @post(
        "/team",
        name="identity.staff_invite",
        guards=[require_permission(Permission.INVITE_STAFF), require_step_up],
    )
    async def invite(self, request: AnyRequest, data: Form) -> Template | Redirect:
        actor = await logged_in_actor(request)
        parsed = schemas.parse_staff_invite(data, default_team=DEFAULT_TEAM)
        form, errors, invite = parsed.form, dict(parsed.errors), parsed.value
        if invite is not None:
            try:
                await service.invite_staff(
                    email=invite.email,
                    full_name=invite.full_name,
                    role=invite.role,
                    team=invite.team,
                    language=invite.language,
                    actor=actor.audit_actor(request),
                )
            except AffilioError as exc:
                errors[exc.field or "email"] = exc.message
        if errors:
            return await self._team_page(request, form=form, errors=errors, status_code=400)
        return Redirect(path="/staff/identity/team?done=invited", status_code=303)

    @post(
        "/team/{staff_id:uuid}/role",
        name="identity.staff_role",
        guards=[require_permission(Permission.MANAGE_ROLES), require_step_up],
    )
    async def change_role(
        self, request: AnyRequest, staff_id: FromPath[uuid.UUID], data: Form
    ) -> Template | Redirect:
        actor = await logged_in_actor(request)
        role = data.get("role") or ""
        if role not in {r.value for r in StaffRole}:
            return Redirect(path="/staff/identity/team", status_code=303)
        try:
            await service.change_staff_role(staff_id, role, actor=actor.audit_actor(request))
        except service.LastAdmin as exc:
            return await self._team_page(
                request, errors={f"role-{staff_id}": exc.message}, status_code=exc.status_code
            )
        return Redirect(path="/staff/identity/team?done=role", status_code=303)
