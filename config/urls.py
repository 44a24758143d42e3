from django.contrib import admin
from django.urls import include, path

from forprev.api.urls import public_urls as api_urls
from forprev.www.admin_site import harden_admin

harden_admin(admin.site)

urlpatterns = [
    # First: the most requested page (every QR code scanned) is resolved without trying the others.
    path("verifier/", include("forprev.www.verification_views.urls")),
    path("", include("forprev.www.public_views.urls")),
    path("", include("forprev.www.accounts_views.urls")),
    path("espace/", include("forprev.www.dashboard_views.urls")),
    path("entites/", include("forprev.www.entities_views.urls")),
    path("habilitations/prolongations/", include("forprev.www.extensions_views.urls")),
    path("habilitations/", include("forprev.www.accreditations_views.urls")),
    path("annuaire/", include("forprev.www.directory_views.urls")),
    path("formateurs/", include("forprev.www.trainers_views.urls")),
    path("sessions/", include("forprev.www.training_views.urls")),
    path("regularisations/", include("forprev.www.regularisations_views.urls")),
    path("doublons/", include("forprev.www.duplicates_views.urls")),
    path("individus/", include("forprev.www.people_views.urls")),
    path("certificats/", include("forprev.www.certificates_views.urls")),
    path("demander-une-habilitation/", include("forprev.www.apply_views.urls")),
    path("referentiels/", include("forprev.www.referentials_views.urls")),
    path("administration/", include("forprev.www.audit_views.urls")),
    path("reprise/", include("forprev.www.switchover_views.urls")),
    path("gels/", include("forprev.www.freezes_views.urls")),
    path("taches-planifiees/", include("forprev.www.scheduler_views.urls")),
    path("api/v1/", api_urls()),
    path("admin/", admin.site.urls),
]

handler400 = "forprev.www.public_views.views.bad_request"
handler403 = "forprev.www.public_views.views.permission_denied"
handler404 = "forprev.www.public_views.views.page_not_found"
handler500 = "forprev.www.public_views.views.server_error"
