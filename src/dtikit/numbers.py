"""Exact numbers: Decimal in, Decimal out, rounding half-up only where asked.

No float ever becomes a score. Spreadsheet and TOML numbers cross into
Decimal through ``str``; Vietnamese text uses a decimal comma ("91,27").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact
from typing import Literal

from .messages import Text

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

_PLAIN = re.compile(r"^[+-]?(\d+(\.\d+)?|\.\d+)$")
_COMMA = re.compile(r"^[+-]?\d+(,\d+)?$")
# Thousands grouped with dots and a decimal comma: "1.000", "1.234,5"
_VI_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_FRACTION = re.compile(r"^(\d+)\s*/\s*(\d+)$")
_EXACT = Context(prec=60, traps=[Inexact])

MAX_INTEGER_DIGITS = 15
"""Digits before the decimal point of any number dtikit reads (points, counts, maxima):
a DTI value has at most a few; 15 is what Excel keeps exactly."""
MAX_DIGITS = 28
"""Significant digits of any number dtikit reads (Decimal's default precision)."""
_MAX_TEXT = 64  # characters of a number written as text (digits, sign, point, exponent)


def check_digits(value: Decimal, *, where: str = "") -> Decimal:
    """``value`` when it fits the digit limits (:data:`MAX_INTEGER_DIGITS` before
    the point, :data:`MAX_DIGITS` in all); a located ``ValueError`` otherwise — so
    that no later sum or rounding can fail on an absurd input (``1e400``, a
    27-digit maximum)."""
    if not value.is_finite():
        raise ValueError(Text("number.not_finite", where=where or Text("number.value"), value=value))
    if value and (value.adjusted() >= MAX_INTEGER_DIGITS
                  or len(value.as_tuple().digits) > MAX_DIGITS):
        shown = f"{value:.6E}" if value.adjusted() >= MAX_INTEGER_DIGITS else str(value)[:40]
        raise ValueError(Text("number.too_many_digits", where=where or Text("number.value"), value=shown,
                              integer=MAX_INTEGER_DIGITS, digits=MAX_DIGITS))
    return value


def to_decimal(value: object, *, where: str = "") -> Decimal:
    """Turn an int, a Decimal or a plain decimal string into a Decimal.

    Floats and bools are refused: a float has already lost the exact value.
    Numbers beyond the digit limits (:func:`check_digits`) are refused.
    """
    if isinstance(value, bool):
        raise TypeError(Text("number.bool", where=where or Text("number.value")))
    if isinstance(value, Decimal):
        return check_digits(value, where=where)
    if isinstance(value, int):
        if abs(value).bit_length() > 3 * MAX_DIGITS + 8:  # never str() a 100,000-digit int
            raise ValueError(Text("number.long_int", where=where or Text("number.value"), digits=MAX_DIGITS))
        return check_digits(Decimal(value), where=where)
    if isinstance(value, float):
        raise TypeError(Text("number.float", where=where or Text("number.value"), value=value))
    if isinstance(value, str):
        text = value.strip()
        if len(text) > _MAX_TEXT:
            raise ValueError(Text("number.long_text", where=where or Text("number.value"), value=text[:20],
                                  count=len(text), digits=MAX_DIGITS))
        m = _FRACTION.match(text)
        if m:
            num, den = Decimal(m.group(1)), Decimal(m.group(2))
            if den == 0:
                raise ValueError(Text("number.div_zero", where=where or Text("number.value"), value=value))
            # Only fractions with an exact decimal value: a rounded 2/3 would put
            # a leaf on the wrong side of a half (see docs/rubric-data.md).
            try:
                return check_digits(_EXACT.divide(num, den), where=where)
            except Inexact:
                raise ValueError(Text("number.inexact", where=where or Text("number.value"), value=value)) from None
        if _PLAIN.match(text):
            return check_digits(Decimal(text), where=where)
        raise ValueError(Text("number.not_decimal", where=where or Text("number.value"), value=value))
    raise TypeError(Text("number.type", where=where or Text("number.value"), type=type(value).__name__))


def parse_number_text(text: str) -> Decimal:
    """Parse a number typed by a person in a Vietnamese spreadsheet, strictly.

    Accepted: ``91,27`` (decimal comma), ``91.27`` (decimal point, when it
    cannot be a thousands group), ``1.000`` and ``1.234,5`` (dot thousands,
    comma decimals), ``85%`` (a percentage, returned as 85). Refused with
    ``ValueError``: anything else, including ``1,234.5`` and ``12a``.
    """
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if raw.endswith("%"):
        raw = raw[:-1]
    if not raw:
        raise ValueError("empty")
    if len(raw) > _MAX_TEXT:
        raise ValueError(f"{raw[:20]!r}… ({len(raw):,} characters) is not a number dtikit "
                         f"reads (at most {MAX_DIGITS} digits)")
    if _COMMA.match(raw):
        return check_digits(Decimal(raw.replace(",", ".")))
    if _VI_GROUPED.match(raw):
        return check_digits(Decimal(raw.replace(".", "").replace(",", ".")))
    if _PLAIN.match(raw):
        return check_digits(Decimal(raw))
    raise ValueError(f"{text!r} is not a number")


DecimalStyle = Literal["vi", "en"]
"""How a table writes its numbers: ``vi`` — ``1.234,5`` (dot thousands, decimal
comma); ``en`` — ``1,234.5`` (comma thousands, decimal point)."""

DECIMAL_STYLE_NAMES: dict[str, str] = {
    "vi": "kiểu Việt Nam (1.234,5: dấu phẩy thập phân)",
    "en": "kiểu tiếng Anh (1,234.5: dấu chấm thập phân)",
    "plain": "số không có phần thập phân (60, 100)",
}

_STYLE_FORMS: dict[str, tuple[re.Pattern[str], ...]] = {
    "vi": (re.compile(r"^[+-]?\d+(,\d+)?$"), _VI_GROUPED),
    "en": (re.compile(r"^[+-]?\d+(\.\d+)?$"), re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")),
}


def _bare(text: str) -> str:
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    return raw[:-1] if raw.endswith("%") else raw


def styles_fitting(text: str) -> frozenset[str]:
    """The decimal styles (``vi``, ``en``) in which ``text`` is a number.

    ``91,27`` fits only ``vi``; ``82.53`` only ``en``; ``60``, ``77.955`` and
    ``1,234`` fit both (``77.955`` is 77955 in one and 77.955 in the other)."""
    raw = _bare(text)
    return frozenset(s for s, forms in _STYLE_FORMS.items() if any(f.match(raw) for f in forms))


def ambiguous_number(text: str) -> bool:
    """Whether ``text`` is a number in both styles with two different values."""
    fits = styles_fitting(text)
    return len(fits) == 2 and parse_number_as(text, "vi") != parse_number_as(text, "en")


def decide_decimal_style(texts: Iterable[str]) -> DecimalStyle | Literal["plain", "mixed"]:
    """The one decimal style of a set of numbers written as text, decided once:
    ``vi`` or ``en`` when the values that fit one style only all fit it;
    ``plain`` when every value reads the same in both (whole numbers);
    ``mixed`` when some fit only ``vi`` and others only ``en``; an ambiguous
    value (``77.955``) with no other evidence gives ``mixed`` too: it is
    never guessed."""
    evidence: set[str] = set()
    ambiguous = False
    for text in texts:
        fits = styles_fitting(text)
        if len(fits) == 1:
            evidence |= fits
        elif len(fits) == 2 and not ambiguous:
            ambiguous = ambiguous_number(text)
    if len(evidence) == 1:
        style = evidence.pop()
        return "vi" if style == "vi" else "en"
    return "mixed" if evidence or ambiguous else "plain"


def parse_number_as(text: str, style: DecimalStyle) -> Decimal:
    """Parse ``text`` written in one decimal style (``85%`` gives 85).
    Raises ``ValueError`` when it is not a number in that style."""
    raw = _bare(text)
    if not any(f.match(raw) for f in _STYLE_FORMS[style]):
        raise ValueError(Text("number.not_written", value=text, style=DECIMAL_STYLE_NAMES[style]))
    if style == "vi":
        return Decimal(raw.replace(".", "").replace(",", "."))
    return Decimal(raw.replace(",", ""))


_QUANTA = tuple(Decimal(1).scaleb(-p) for p in range(16))


def quantize(value: Decimal, places: int) -> Decimal:
    """Round half-up to ``places`` decimals, as Excel and the decisions do."""
    quantum = _QUANTA[places] if 0 <= places < 16 else Decimal(1).scaleb(-places)
    return value.quantize(quantum, ROUND_HALF_UP)  # positional: twice as fast as rounding=


def format_vi(value: Decimal | None, places: int = 2, *, trim: bool = True,
              whole: bool = False) -> str:
    """Format for a Vietnamese reader: decimal comma, no thousands separator.

    ``trim`` drops trailing zeros (``645,7``, ``60``); ``trim=False`` prints
    exactly ``places`` decimals, as the outputs do (``645,70`` at the rubric's
    2 places); ``whole`` prints a whole number without decimals (a maximum:
    ``100``, not ``100,00``) and any other at ``places``.
    """
    if value is None:
        return "—"
    if whole and value == value.to_integral_value():
        places = 0
    if 0 <= places <= 6:  # str() writes an exponent only below 1E-6: the text of :f, faster
        text = str(value.quantize(_QUANTA[places], ROUND_HALF_UP))
    else:
        text = f"{quantize(value, places):f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",")


def decimals_shown(value: Decimal) -> int:
    """How many decimals a Decimal carries as written (``Decimal('645.7')`` → 1)."""
    exp = value.as_tuple().exponent
    return -exp if isinstance(exp, int) and exp < 0 else 0
