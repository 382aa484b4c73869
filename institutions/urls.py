from django.urls import path

from institutions import views

app_name = "institutions"

urlpatterns = [
    path("institutions/", views.institution_list, name="list"),
    path("institutions/<slug:slug>/", views.institution_detail, name="detail"),
    path("facilities/", views.facility_list, name="facility-list"),
    path("facilities/<slug:slug>/", views.facility_detail, name="facility-detail"),
]
