from django.urls import path

from home import views

app_name = "team_dashboards"

urlpatterns = [
    path("", views.team_list, name="list"),
    path("<int:team_id>/", views.team_dashboard_view, name="dashboard"),
    path("<int:team_id>/export.xlsx", views.team_export, name="export"),
]
