"""Bytes to text: UTF-8 first, then the encodings French web pages and wires still use."""
from __future__ import annotations

import codecs

from veille.read.errors import ReadError

# A UTF-8 byte order mark stays in the text, as a U+FEFF character: offsets count it,
# as they do for any reader of the file as UTF-8.
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"))
BINARY_SIGNATURES = (b"\x89PNG", b"\x7fELF", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04",
                     b"\x1f\x8b")
# Control characters that never occur in text (tab, newlines, form feed excluded).
CONTROL = set(range(0, 9)) | {11} | set(range(14, 32)) | {127}


def looks_binary(data: bytes) -> bool:
    """A NUL byte, a known binary signature, or many control bytes in the first 4 KiB."""
    head = data[:4096]
    if head.startswith(BINARY_SIGNATURES) or b"\x00" in head:
        return True
    return sum(b in CONTROL for b in head) > len(head) * 0.05


def decode(data: bytes, origin: str) -> tuple[str, list[str]]:
    """Decode ``data`` to text with universal newlines; return it with any warnings.

    Raises ReadError for empty, whitespace-only or binary content.
    """
    warnings: list[str] = []
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            break
    else:
        if looks_binary(data):
            raise ReadError(origin, "binary file, not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text, encoding = decode_fallback(data)
            warnings.append(f"not UTF-8; decoded as {encoding}")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(origin, "empty file" if not text else "file holds only white space")
    return text, warnings


def decode_fallback(data: bytes) -> tuple[str, str]:
    """cp1252 (Windows French) where it applies, else latin-1, which decodes any bytes."""
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"
