from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("members/", views.member_list, name="list"),
    path("members/<slug:slug>/", views.member_detail, name="detail"),
]

# Collaboration requests and /find/ (members.collaboration_views, members.find_views).
from members import collaboration_views, find_views  # noqa: E402

urlpatterns += [
    path("find/", find_views.find, name="find"),
    path("members/<slug:slug>/request/", collaboration_views.request_new, name="request-new"),
    path("requests/", collaboration_views.request_list, name="requests"),
    path("requests/<int:pk>/", collaboration_views.request_detail, name="request-detail"),
    path("requests/<int:pk>/accept/", collaboration_views.request_accept, name="request-accept"),
    path("requests/<int:pk>/decline/", collaboration_views.request_decline, name="request-decline"),
    path("requests/<int:pk>/withdraw/", collaboration_views.request_withdraw, name="request-withdraw"),
    path("requests/<int:pk>/message/", collaboration_views.request_message, name="request-message"),
    path("requests/<int:pk>/report/", collaboration_views.request_report, name="request-report"),
    # Inside /admin/ for the admins, but routed here: this include comes before admin.site.urls.
    path("admin/requests-dashboard/", collaboration_views.requests_dashboard, name="requests-dashboard"),
]
