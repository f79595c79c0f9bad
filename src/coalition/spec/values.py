"""The kinds of value a scenario's fields hold, each refusing what it cannot mean.

Pydantic's lax defaults read `true` as 1, the text "5" as 5, a Unix timestamp as a date and NaN as
a number; a scenario typed by a person (or sent by a stranger) means none of these, so every field
here is strict, numbers are finite and of a size the model can compute with, text is printable,
and collections are frozen once validated.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, Strict, WrapSerializer

MAX_MAGNITUDE = 1e12
"""The largest number a scenario may hold: five orders of magnitude above the largest default of
the model (12.7 million people in need, humanitarian.people_in_need), and small enough that sums
and products of such numbers stay finite."""


def _whole_number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("expected a whole number, not true or false")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise ValueError(f"expected a whole number, got {value:g}")
        return int(value)
    return value


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("expected a number, not true or false")
    return value


def _within_magnitude(value: float) -> float:
    if abs(value) > MAX_MAGNITUDE:
        raise ValueError(
            f"must lie between -{MAX_MAGNITUDE:g} and {MAX_MAGNITUDE:g}, got {value:g}"
        )
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole_number), Strict()]
"""An integer; an integral float (`1e4`) is read as one, `true` and "5" are refused."""

Number = Annotated[
    float,
    BeforeValidator(_not_bool),
    Strict(),
    Field(allow_inf_nan=False),
    AfterValidator(_within_magnitude),
]
"""A finite number within ±`MAX_MAGNITUDE`; integers are accepted, `true` and "5" are not."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _calendar_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date (YYYY-MM-DD), not a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value} is not a real date ({exc})") from None
    raise ValueError(f"expected a date written YYYY-MM-DD, got {value!r}")


CalendarDate = Annotated[dt.date, BeforeValidator(_calendar_date)]
"""A real calendar date, written YYYY-MM-DD (`2027-02-30` is refused)."""

_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def is_control(char: str) -> bool:
    """A character that moves or recolours what a terminal shows, or reorders text: C0 and C1
    controls (escape, carriage return …), lone surrogates and bidirectional overrides."""
    return unicodedata.category(char) in ("Cc", "Cs") or char in _BIDI_CONTROLS


def _unprintable(text: str, allowed: str) -> str | None:
    return next((char for char in text if char not in allowed and is_control(char)), None)


def _printable_line(text: str) -> str:
    char = _unprintable(text, "")
    if char is not None:
        raise ValueError(f"contains the control character {char!r}; use printable text on one line")
    return text


def _printable_text(text: str) -> str:
    char = _unprintable(text, "\n\t")
    if char is not None:
        raise ValueError(f"contains the control character {char!r}; use printable text")
    return text


Line = Annotated[
    str, Strict(), Field(min_length=1, max_length=200), AfterValidator(_printable_line)
]
"""A name or title: one printable line of at most 200 characters."""

Paragraphs = Annotated[str, Strict(), Field(max_length=10_000), AfterValidator(_printable_text)]
"""A description: printable text (new lines and tabs allowed), at most 10,000 characters."""

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
NAME_PATTERN = r"^[A-Za-z0-9_.\-]+$"
PARAMETER_PATTERN = r"^[A-Za-z0-9_.\->]+$"
PATTERN_WORDS = {
    ID_PATTERN: "lowercase letters, digits and '-', starting with a letter or digit",
    NAME_PATTERN: "letters, digits, '_', '.' and '-'",
    PARAMETER_PATTERN: "letters, digits, '_', '.', '-' and '>'",
}
"""What each pattern allows, as messages say it."""

K = TypeVar("K")
V = TypeVar("V")


def _frozen(mapping: Mapping[K, V]) -> Mapping[K, V]:
    return MappingProxyType(dict(mapping))


FrozenMapping = Annotated[
    Mapping[K, V],
    AfterValidator(_frozen),
    WrapSerializer(lambda value, handler: handler(dict(value))),
]
"""A mapping that cannot be changed once validated (read-only view of its own copy)."""
