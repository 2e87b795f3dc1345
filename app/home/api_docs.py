"""The API documentation at /schema as a plain page: the operations, their parameters and
answers, read from the OpenAPI document the app publishes.

Swagger UI loads its scripts from a CDN and starts with an inline script, both refused by the
portal's Content-Security-Policy (script-src 'self'), so /schema rendered blank. This page needs
no script at all; the machine-readable document stays at /schema/openapi.json."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.openapi.plugins import OpenAPIRenderPlugin

METHODS = ("get", "post", "put", "patch", "delete")


def _type_of(schema: dict[str, Any]) -> str:
    if "oneOf" in schema or "anyOf" in schema:
        kinds = [_type_of(s) for s in schema.get("oneOf", schema.get("anyOf", []))]
        return " | ".join(k for k in kinds if k)
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    kind = str(schema.get("type", ""))
    if kind == "array":
        return f"{_type_of(schema.get('items', {}))}[]"
    if schema.get("enum"):
        return " | ".join(str(v) for v in schema["enum"])
    return kind + (f" ({schema['format']})" if schema.get("format") else "")


def operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's operations, ready to show: method, path, texts, parameters, answers."""
    found: list[dict[str, Any]] = []
    for path, item in sorted(document.get("paths", {}).items()):
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": f"{method}-{path.strip('/').replace('/', '-') or 'root'}",
                    "summary": operation.get("summary") or "",
                    "description": operation.get("description") or "",
                    "parameters": [
                        {
                            "name": p.get("name", ""),
                            "where": p.get("in", ""),
                            "required": bool(p.get("required")),
                            "type": _type_of(p.get("schema", {})),
                            "description": p.get("description") or "",
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "responses": [
                        {"status": status, "description": answer.get("description") or ""}
                        for status, answer in sorted(operation.get("responses", {}).items())
                    ],
                }
            )
    return found


class ReadableApiPlugin(OpenAPIRenderPlugin):
    def __init__(self) -> None:
        super().__init__(path="/", favicon="", style="")

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        environment = request.app.template_engine.engine  # type: ignore[union-attr]
        page = environment.get_template("home/api_docs.html").render(
            info=openapi_schema.get("info", {}),
            operations=operations(openapi_schema),
            json_url=self.get_openapi_json_route(request),
            request=request,
        )
        return str(page).encode()
