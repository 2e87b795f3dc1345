"""Structured logs: JSON lines in production, readable lines in development; request id bound."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from typing import Any

import msgspec
import structlog

_access = {"json": False, "level": logging.INFO}


def configure_logging(*, json: bool, level: int = logging.INFO) -> None:
    processors: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer()
        if json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    _access.update(json=json, level=level)
    structlog.configure(
        processors=[*processors, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s %(message)s")
    # uvicorn's own access log duplicates ours (which carries the request id).
    logging.getLogger("uvicorn.access").disabled = True


class AccessLog:
    """The access log line of every request. In JSON it is written directly, the same fields
    structlog's processors would give: at thousands of requests a second, their chain cost
    more than the request itself."""

    def __init__(self, name: str) -> None:
        self._name = name

    def info(self, event: str, **fields: Any) -> None:
        if _access["level"] > logging.INFO:
            return
        if not _access["json"]:
            structlog.get_logger(self._name).info(event, **fields)
            return
        line = {**fields, "event": event, **structlog.contextvars.get_contextvars()}
        line["level"] = "info"
        line["timestamp"] = datetime.now(UTC).isoformat().replace("+00:00", "Z")
        sys.stderr.write(msgspec.json.encode(line).decode() + "\n")
