from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from forprev.accreditations.selectors import directory_entity_ids


class DirectorySitemap(Sitemap):
    """The directory's home and the public page of every entity it lists today."""

    changefreq = "weekly"

    def items(self):
        # None stands for the directory's home, then one public_id per entity.
        return [None, *directory_entity_ids(day=timezone.localdate())]

    def location(self, item):
        if item is None:
            return reverse("directory:entity_list")
        return reverse("directory:entity_detail", kwargs={"public_id": item})
