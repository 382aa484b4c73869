from django.urls import path

from accounts import views

app_name = "accounts"

# No URL here names a member: each view works on the signed-in person's own profile.
urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile_edit, name="profile"),
    path("profile/new/", views.profile_create, name="profile-create"),
    path("profile/claim/", views.profile_claim, name="profile-claim"),
    path("profile/preview/", views.preview, name="preview"),
    path("profile/availability/confirm/", views.availability_confirm, name="availability-confirm"),
    path("profile/publications/", views.publications, name="publications"),
    path("profile/publications/<int:pk>/", views.publication_edit, name="publication-edit"),
    path("profile/publications/<int:pk>/remove/", views.publication_delete, name="publication-delete"),
    path("profile/photo/", views.photo, name="photo"),
    path("profile/photo/remove/", views.photo_remove, name="photo-remove"),
    path("privacy/", views.privacy, name="privacy"),
    path("my-data/", views.data_export, name="data"),
    path("delete/", views.account_delete, name="delete"),
    path("expertise-areas/", views.expertise_search, name="expertise-search"),
]
