"""The solidarity rule between a company and its directors, as data (`solidarity.toml`).

A company is jointly liable for its directors' social contributions: the fund may claim a
director's unpaid contributions from the company. Both accounts say so, with the legal source,
and flag it while the text is not confirmed. Only `load_solidarity` reads a file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SOLIDARITY_FILE = Path(__file__).resolve().with_name("solidarity.toml")


@dataclass(frozen=True, slots=True)
class Solidarity:
    source: str
    confirmed: bool


@lru_cache(maxsize=1)
def load_solidarity(path: Path = SOLIDARITY_FILE) -> Solidarity:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    source, confirmed = data.get("source"), data.get("confirmed")
    if not isinstance(source, str) or not source.strip() or not isinstance(confirmed, bool):
        raise ValueError(f"{path.name}: a source and confirmed = true|false are required")
    return Solidarity(source.strip(), confirmed)
