from django.urls import path

from expertise import views

app_name = "expertise"

urlpatterns = [
    path("expertise/", views.area_list, name="list"),
    path("expertise/<slug:slug>/", views.area_detail, name="detail"),
]
