"""Every route of the app with its methods, handler and guards: for `python -m app.cli routes`
and for tests that must cover every route (a route added without a guard shows at once)."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute


@dataclass(frozen=True, slots=True)
class RouteRow:
    path: str
    methods: tuple[str, ...]
    name: str
    handler: str
    guards: tuple[str, ...]

    def line(self) -> str:
        guards = ", ".join(self.guards) or "public"
        return f"{','.join(self.methods):<12} {self.path:<58} {guards}  [{self.name}]"


def route_table(app: Litestar) -> list[RouteRow]:
    rows: list[RouteRow] = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if not isinstance(handler, HTTPRouteHandler):
                continue
            methods = tuple(sorted(m for m in handler.http_methods if m != "OPTIONS"))
            if not methods:
                continue
            rows.append(
                RouteRow(
                    path=route.path,
                    methods=methods,
                    name=handler.name or "",
                    handler=f"{handler.handler_id}",
                    guards=tuple(getattr(g, "__name__", repr(g)) for g in handler.resolve_guards()),
                )
            )
    return sorted(rows, key=lambda r: (r.path, r.methods))
