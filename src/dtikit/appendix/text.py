"""Text helpers shared by the appendix readers, tree builder and recogniser."""

from __future__ import annotations

import re
import unicodedata

from ..model import nfc

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


def tidy(text: str | None) -> str:
    """NFC, runs of spaces made one, each line stripped, blank lines dropped."""
    if not text:
        return ""
    lines = (_SPACES.sub(" ", line).strip() for line in nfc(text).replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def one_line(text: str | None) -> str:
    """:func:`tidy`, with line breaks made spaces (names, headers)."""
    return tidy(text).replace("\n", " ")


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    return base.lower() if base else ch


def fold(text: str) -> str:
    """Lower case without diacritics, **one character for one character** of the
    NFC text, so a match found in the folded text has the same position in the
    original ("Điểm tối đa" → "diem toi da")."""
    return "".join(_fold_char(ch) for ch in nfc(text))
