from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from members import admin_curation, stale_views
from members.api import api
from mmin import dashboard, health, sitemaps, views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("members.urls")),
    path("", include("institutions.urls")),
    path("", include("expertise.urls")),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("profile-check/<str:token>/", stale_views.profile_check, name="profile-check"),
    path("api/v1/", api.urls),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": sitemaps.SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("healthz", health.healthz, name="healthz"),
    # Curation pages inside the admin; before admin.site.urls, whose patterns would otherwise take these paths.
    path("admin/dashboard/", admin.site.admin_view(dashboard.dashboard), name="admin-dashboard"),
    path("admin/members/member/merge/", admin.site.admin_view(admin_curation.merge_view), name="admin-member-merge"),
    path("admin/", admin.site.urls),
]

# Uploaded photos in development; production serves MEDIA_ROOT from the web server.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "mmin.views.page_not_found"
handler500 = "mmin.views.server_error"
