"""Real, minimal files of each accepted type, and hostile look-alikes, for the upload tests."""

import io
import struct
import zlib

from PIL import Image


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes() -> bytes:
    """A 1×1 white PNG."""
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "JPEG")
    return buffer.getvalue()


PDF = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
HTML_STARTING_WITH_PDF = (
    b"%PDF-1.4\n<html><body><script>fetch('/espace/').then(r=>r.text())</script></body></html>\n"
    b"%%EOF\n"
)
PDF_WITH_HTML_APPENDED = PDF + b"<!DOCTYPE html><html><script>alert(1)</script></html>"
PDF_WITH_ZIP_APPENDED = PDF + b"PK\x05\x06" + bytes(18)
PDF_WITHOUT_END = PDF.replace(b"%%EOF\n", b"")
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(100)
