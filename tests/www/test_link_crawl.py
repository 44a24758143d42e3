"""No dead links: each demo account, starting from its home page, follows every link the pages
show it (breadth first, a few URLs per view) and never meets a 403, a 404, a 405 or a 500.

A page may only show the links its viewer may follow; this crawl proves it on the demo data set,
the one people try first, for every role.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from forprev.accounts.models import User
from forprev.core.demo import load_demo

ACCOUNTS = [
    "manager@demo.forprev.fr",
    "delegate@demo.forprev.fr",
    "trainer@demo.forprev.fr",
    "instructor@demo.forprev.fr",
    "instructor.rhone@demo.forprev.fr",
    "support@demo.forprev.fr",
    "national@demo.forprev.fr",
    "ceh.lyon@demo.forprev.fr",
]

# Links that end the visit or leave the application's pages.
SKIPPED_VIEWS = {"accounts:logout"}
SKIPPED_PREFIXES = ("/static/", "/media/", "/admin/", "/api/")
URLS_PER_VIEW = 4
MAX_PAGES = 400


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(page_url, html):
    parser = _Links()
    parser.feed(html)
    for href in parser.hrefs:
        if href.startswith(("mailto:", "tel:", "#", "javascript:")):
            continue
        parts = urlsplit(urljoin(page_url, href))
        if parts.netloc not in {"", "testserver"}:
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def _view_name(path):
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def crawl(client, start="/espace/"):
    """Visit what a person would reach by clicking; return the dead ends as (from, to, status)."""
    seen, per_view, dead = {start}, {}, []
    queue = deque([(None, start)])
    visited = 0
    while queue and visited < MAX_PAGES:
        source, url = queue.popleft()
        view = _view_name(url)
        if view is None:
            dead.append((source, url, 404))
            continue
        if view in SKIPPED_VIEWS or url.startswith(SKIPPED_PREFIXES):
            continue
        response = client.get(url)
        visited += 1
        status = response.status_code
        if response.streaming:
            # A downloaded file, read to the end: the test client then closes it itself (without
            # closing the database connection, as response.close() would on PostgreSQL).
            b"".join(response.streaming_content)
            if status < 400:
                continue
        if status in {301, 302, 303}:
            target = urljoin(url, response["Location"])
            parts = urlsplit(target)
            if parts.netloc in {"", "testserver"} and target not in seen:
                seen.add(target)
                queue.append((url, parts.path + (f"?{parts.query}" if parts.query else "")))
            continue
        if status >= 400:
            dead.append((source, url, status))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in _links(url, response.content.decode()):
            if link in seen:
                continue
            seen.add(link)
            link_view = _view_name(link)
            # Pagination and filters of the same view: a few are enough.
            key = (link_view, re.sub(r"[?&]page=\d+", "", link) if link_view else link)
            count = per_view.get(link_view, 0)
            limit = 1 if urlsplit(link).path.endswith(".pdf") else URLS_PER_VIEW
            if link_view is not None and count >= limit and "?" not in key[1]:
                continue
            per_view[link_view] = count + 1
            queue.append((url, link))
    return dead, visited


@pytest.mark.django_db
@pytest.mark.parametrize("email", ACCOUNTS, ids=[e.split("@")[0] for e in ACCOUNTS])
def test_every_link_a_demo_account_sees_can_be_followed(client, email, settings):
    settings.FORPREV_STAFF_OTP_REQUIRED = False
    load_demo()
    client.force_login(User.objects.get(email=email))
    dead, visited = crawl(client)
    assert visited > 10, f"only {visited} pages reached from the home page"
    assert dead == [], "\n".join(f"{src} → {url}: {status}" for src, url, status in dead)
