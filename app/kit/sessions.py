"""Server-side sessions in Redis, written only when there is something new to remember.

Litestar's backend stores every session, even an empty one, on every response: each anonymous
page view would cost a Redis write and leave a key behind for 8 hours. Here an empty session
without a cookie writes nothing, a session emptied (log out) is deleted with its cookie, and a
session read and left as it was is not written back (nor its cookie sent again).
"""

from __future__ import annotations

from typing import Any

from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.types import Empty

_LOADED = "affilio_session_loaded"  # the bytes read from the store, in the request state


class LazySessionBackend(ServerSideSessionBackend):
    async def load_from_connection(self, connection: Any) -> dict[str, Any]:
        if session_id := connection.cookies.get(self.config.key):
            store = self.config.get_store_from_app(connection.scope["app"])
            data = await self.get(session_id, store=store)
            if data is not None:
                connection.scope.setdefault("state", {})[_LOADED] = data
                loaded: dict[str, Any] = self.deserialize_data(data)
                return loaded
        return {}

    async def store_in_message(self, scope_session: Any, message: Any, connection: Any) -> None:
        if scope_session is not Empty and not scope_session:
            if self.config.key not in connection.cookies:
                return  # nothing to remember and nothing remembered: no write, no cookie
            scope_session = Empty  # emptied: forget it in Redis and in the browser
        loaded = connection.scope.get("state", {}).get(_LOADED)
        if (
            loaded is not None
            and scope_session is not Empty
            and self.serialize_data(scope_session, connection.scope) == loaded
            and self.get_session_id(connection) == connection.cookies.get(self.config.key)
        ):
            return  # unchanged, under the same id: Redis and the cookie already hold it
        await super().store_in_message(scope_session, message, connection)


class LazySessionConfig(ServerSideSessionConfig):
    _backend_class = LazySessionBackend
