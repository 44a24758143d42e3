"""Dossier pieces: the type told by the content (exactly one accepted type, no polyglot), the
stored name generated, the given name cleaned (issue 12 item 11)."""

import re
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forprev.accreditations.documents import (
    JPEG,
    PDF,
    PNG,
    UNKNOWN,
    check_upload,
    clean_filename,
    content_disposition,
    detect_type,
    download_filename,
    file_type_of,
    upload_to,
)
from forprev.core.exceptions import DomainError

from . import sample_files as files


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(files.PDF, PDF, id="pdf"),
        pytest.param(files.PDF + b"\r\n\x00\x00", PDF, id="pdf-with-padding"),
        pytest.param(files.png_bytes(), PNG, id="png"),
        pytest.param(files.jpeg_bytes(), JPEG, id="jpeg"),
        pytest.param(files.jpeg_bytes() + b"\x00" * 30, JPEG, id="jpeg-with-padding"),
    ],
)
def test_accepted_types_are_told_by_their_content(data, expected):
    assert detect_type(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(files.HTML_STARTING_WITH_PDF, id="html-starting-with-pdf"),
        pytest.param(files.PDF_WITH_HTML_APPENDED, id="pdf-then-html"),
        pytest.param(files.PDF_WITH_ZIP_APPENDED, id="pdf-then-zip"),
        pytest.param(files.PDF_WITHOUT_END, id="pdf-truncated"),
        pytest.param(b"%PDF-", id="pdf-header-only"),
        pytest.param(files.png_bytes() + b"<html><script>x</script>", id="png-then-html"),
        pytest.param(files.png_bytes() + b"PK\x03\x04zip", id="png-then-zip"),
        pytest.param(files.png_bytes()[:40], id="png-truncated"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"0" * 20, id="png-signature-only"),
        pytest.param(files.jpeg_bytes() + b"PK\x05\x06" + bytes(18), id="jpeg-then-zip"),
        pytest.param(b"\xff\xd8\xff\xe0" + b"0" * 20, id="jpeg-without-end"),
        pytest.param(
            files.jpeg_bytes()[:20] + b"<svg onload=alert(1)>" + files.jpeg_bytes()[20:],
            id="jpeg-with-svg",
        ),
        pytest.param(files.SVG, id="svg"),
        pytest.param(files.GIF, id="gif"),
        pytest.param(files.EXE, id="exe"),
        pytest.param(b"<html>not a pdf</html>", id="html"),
        pytest.param(b"", id="empty"),
    ],
)
def test_anything_but_exactly_one_accepted_type_is_refused(data):
    assert detect_type(data) is None


def test_check_upload_refuses_with_a_french_message_whatever_the_name():
    upload = SimpleUploadedFile("dossier.pdf", files.HTML_STARTING_WITH_PDF)

    with pytest.raises(DomainError) as raised:
        check_upload(upload)

    assert raised.value.message == (
        "Seuls les fichiers PDF, PNG et JPEG sont acceptés, complets et sans contenu d'une "
        "autre nature."
    )
    assert raised.value.field == "file"


def test_check_upload_gives_the_detected_type_not_the_named_one():
    upload = SimpleUploadedFile("rapport.pdf", files.png_bytes())

    assert check_upload(upload) == PNG
    assert upload.read() == files.png_bytes()  # left at the start for storing


def test_stored_name_is_random_with_the_detected_extension():
    document = SimpleNamespace(content_type="image/png")

    first = upload_to(document, "../../etc/passwd.pdf")
    second = upload_to(document, "../../etc/passwd.pdf")

    assert re.fullmatch(r"dossiers/\d{4}/\d{2}/[0-9a-f]{32}\.png", first)
    assert first != second
    assert upload_to(SimpleNamespace(content_type="text/html"), "a.html").endswith(".bin")


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("engagement.pdf", "engagement.pdf"),
        ("C:\\Users\\moi\\Kbis société.pdf", "Kbis société.pdf"),
        ("../../etc/passwd", "passwd"),
        ("facture\u202egpj.exe", "facturegpj.exe"),  # right-to-left override removed
        ("a\x00b\x1bc\u200b.pdf", "abc.pdf"),
        ("  trop\u00a0 d'espaces .pdf ", "trop d'espaces .pdf"),
        ("...", "document"),
        ("", "document"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    ],
)
def test_given_names_are_cleaned_for_display(given, shown):
    assert clean_filename(given) == shown


def test_download_name_takes_the_detected_extension():
    assert download_filename("rapport.pdf", PNG) == "rapport.png"
    assert download_filename("page.html", PDF) == "page.pdf"
    assert download_filename("sans extension", JPEG) == "sans extension.jpg"
    assert download_filename("", PDF) == "document.pdf"


def test_content_disposition_is_an_attachment_with_a_utf8_name():
    header = content_disposition('Kbis "société"; x.pdf')

    assert header == (
        'attachment; filename="Kbis _societe__ x.pdf"; '
        "filename*=UTF-8''Kbis%20%22soci%C3%A9t%C3%A9%22%3B%20x.pdf"
    )


def test_unknown_recorded_types_are_served_as_bytes():
    assert file_type_of("text/html") == UNKNOWN
    assert UNKNOWN.content_type == "application/octet-stream"
    assert file_type_of("application/pdf") == PDF
