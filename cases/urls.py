from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("case/<int:case_id>/", views.team_discussion, name="team_discussion"),
]
