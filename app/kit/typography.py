"""French typography for the texts the portal shows (pure, no I/O).

French puts a non-breaking space before the high punctuation (: ; ? !), inside « », between a
number and its % sign and between groups of thousands, and writes the first of the month as
"1er". A plain space there lets a phone break the line before the "?" or inside "25 000".
The catalogue tool (scripts/i18n.py) applies `french` to every French translation and fails
its check on what `french_problems` finds; a unit test runs the same check over the templates.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space: what CLDR puts between French thousands
_HARD = NBSP + NNBSP

# A plain space, or none, between a word and : ; ? ! that end a phrase (followed by a space, a
# closing sign or the end). "14:30", "https://", "?next=" and "%(x)s" are not phrase ends.
_BEFORE = re.compile(r"(?<=[\w»)\]’'\"…%])( ?)([:;?!])(?=[\s»)\]\"'’]|$)")
_PERCENT = re.compile(r"(?<=\d) ?%(?!\()")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_QUOTE = re.compile(r"[ \u00a0\u202f]*»")
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_FIRST = re.compile(rf"(?<![\d,.])\b1[ {_HARD}](?=(?:{_MONTHS})\b)")


def french(text: str) -> str:
    """The text with French spacing: idempotent, leaves what is already right alone."""
    text = _BEFORE.sub(lambda m: NBSP + m.group(2), text)
    text = _PERCENT.sub(NBSP + "%", text)
    text = _OPEN_QUOTE.sub("«" + NBSP, text)
    text = _CLOSE_QUOTE.sub(NBSP + "»", text)
    text = _THOUSANDS.sub(NBSP, text)
    return _FIRST.sub("1er" + NBSP, text)


def french_problems(text: str) -> list[str]:
    """What `french` would change, one short description per place (empty when right)."""
    found: list[str] = []
    for match in _BEFORE.finditer(text):
        found.append(f"no non-breaking space before {match.group(2)!r} near {_near(text, match)}")
    for pattern, what in (
        (_PERCENT, "%"),
        (_THOUSANDS, "thousands"),
        (_FIRST, "1er"),
    ):
        for match in pattern.finditer(text):
            if match.group(0) != NBSP + "%":
                found.append(f"{what} near {_near(text, match)}")
    for match in re.finditer(r"«(?![" + _HARD + "])|(?<![" + _HARD + "])»", text):
        found.append(f"quotes near {_near(text, match)}")
    return found


def _near(text: str, match: re.Match[str]) -> str:
    return repr(text[max(0, match.start() - 12) : match.end() + 12])
