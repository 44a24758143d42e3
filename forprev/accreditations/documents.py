"""Upload checks for the electronic dossier, and how a stored piece is named and served.

A piece is accepted only when its content is exactly one of the accepted types, told by the
content, never by the name: a PDF (``%PDF-`` header, ``%%EOF`` at the very end), a PNG (signature,
``IHDR`` first, nothing after ``IEND``) or a JPEG (start and end of image markers, nothing after
but padding); and no HTML anywhere (an HTML page starting with ``%PDF-``, a polyglot). The file
is stored under a random name whose extension follows the detected type; the name the person
gave is kept, cleaned, only to be shown and to name the download.
"""

import re
import unicodedata
import uuid
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.core.exceptions import DomainError


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str


PDF = FileType("application/pdf", "pdf")
PNG = FileType("image/png", "png")
JPEG = FileType("image/jpeg", "jpg")
ACCEPTED_TYPES = {file_type.content_type: file_type for file_type in (PDF, PNG, JPEG)}
# Served for a stored piece whose recorded type is none of the above (never the case so far).
UNKNOWN = FileType("application/octet-stream", "bin")

_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_HEADER_CHUNK = b"\x00\x00\x00\rIHDR"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
_JPEG_START = b"\xff\xd8\xff"
_JPEG_END = b"\xff\xd9"
_PDF_END = b"%%EOF"
_PDF_END_WINDOW = 1024  # %%EOF is among the file's last bytes
# What a browser would take for a web page or a script, anywhere in the file.
_HTML = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|frame|svg|object|embed|meta|"
    rb"link|style|base|form|img|a\s+href)[\s/>]",
    re.IGNORECASE,
)
_PADDING = b"\x00\r\n\t "


def max_upload_bytes() -> int:
    return getattr(settings, "FORPREV_MAX_UPLOAD_MB", 10) * 1024 * 1024


def detect_type(data: bytes) -> FileType | None:
    """The one accepted type ``data`` is, or ``None`` (another type, damaged, or a polyglot)."""
    if _HTML.search(data):
        return None
    end = data.rstrip(_PADDING)
    if _PDF_HEADER.match(data):
        return PDF if end.endswith(_PDF_END) and _PDF_END in data[-_PDF_END_WINDOW:] else None
    if data.startswith(_PNG_SIGNATURE):
        ok = data[8:16] == _PNG_HEADER_CHUNK and data.endswith(_PNG_END)
        return PNG if ok else None
    if data.startswith(_JPEG_START):
        return JPEG if len(data) > 4 and end.endswith(_JPEG_END) else None
    return None


def check_upload(uploaded) -> FileType:
    """The detected type of ``uploaded``, or a French ``DomainError``."""
    if uploaded.size == 0:
        raise DomainError(_("Le fichier est vide."), field="file", code="empty_file")
    if uploaded.size > max_upload_bytes():
        raise DomainError(
            _("Le fichier dépasse la taille maximale de %(mb)d Mo.")
            % {"mb": max_upload_bytes() // (1024 * 1024)},
            field="file",
            code="file_too_large",
        )
    uploaded.seek(0)
    data = uploaded.read(max_upload_bytes() + 1)
    uploaded.seek(0)
    file_type = detect_type(data)
    if file_type is None:
        raise DomainError(
            _(
                "Seuls les fichiers PDF, PNG et JPEG sont acceptés, complets et sans contenu "
                "d'une autre nature."
            ),
            field="file",
            code="file_type",
        )
    return file_type


def file_type_of(content_type: str) -> FileType:
    return ACCEPTED_TYPES.get(content_type, UNKNOWN)


def upload_to(document, filename: str) -> str:
    """``dossiers/AAAA/MM/<random>.<extension of the detected type>``: nothing of the name the
    person gave reaches the storage."""
    extension = file_type_of(document.content_type).extension
    return f"dossiers/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def clean_filename(name: str, *, max_length: int = 150) -> str:
    """The name a person gave, fit to be shown: no folders, no control or invisible characters
    (right-to-left overrides that disguise « gpj.exe » as « exe.jpg »), spaces collapsed."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        " " if unicodedata.category(char).startswith("Z") else char
        for char in name
        if not unicodedata.category(char).startswith("C")
    )
    name = " ".join(name.split()).strip(" .")
    if len(name) > max_length:
        stem, dot, extension = name.rpartition(".")
        name = (
            f"{stem[: max_length - len(extension) - 1]}.{extension}" if dot else name[:max_length]
        )
    return name or "document"


def download_filename(original_name: str, file_type: FileType) -> str:
    """The name the file is downloaded under: the given name with the DETECTED extension."""
    stem = clean_filename(original_name)
    if "." in stem:
        stem = stem.rsplit(".", 1)[0] or "document"
    return f"{stem}.{file_type.extension}"


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name (RFC 6266, RFC 5987)."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9._ -]", "_", ascii_name).strip() or "document"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
