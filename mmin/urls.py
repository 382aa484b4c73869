from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from mmin import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("members.urls")),
    path("", include("institutions.urls")),
    path("", include("expertise.urls")),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]

# Uploaded photos in development; production serves MEDIA_ROOT from the web server.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "mmin.views.page_not_found"
handler500 = "mmin.views.server_error"
