"""Server-side sessions in Redis, written only when there is something to remember.

Litestar's backend stores every session, even an empty one, on every response: each anonymous
page view would cost a Redis write and leave a key behind for 8 hours. Here an empty session
without a cookie writes nothing, and a session emptied (log out) is deleted with its cookie.
"""

from __future__ import annotations

from typing import Any

from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.types import Empty


class LazySessionBackend(ServerSideSessionBackend):
    async def store_in_message(self, scope_session: Any, message: Any, connection: Any) -> None:
        if scope_session is not Empty and not scope_session:
            if self.config.key not in connection.cookies:
                return  # nothing to remember and nothing remembered: no write, no cookie
            scope_session = Empty  # emptied: forget it in Redis and in the browser
        await super().store_in_message(scope_session, message, connection)


class LazySessionConfig(ServerSideSessionConfig):
    _backend_class = LazySessionBackend
