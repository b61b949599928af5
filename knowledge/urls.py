from django.urls import path

from knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("pages/<int:page_id>/apply/", views.apply, name="apply"),
    path("pages/<int:page_id>/outcomes/", views.outcomes, name="outcomes"),
    path("pages/<int:page_id>/notes/", views.add_field_note, name="add_note"),
    path("applications/<int:application_id>/outcome/", views.report_outcome, name="report_outcome"),
    path("notes/<int:note_id>/", views.handle_field_note, name="handle_note"),
    path("following/", views.following, name="following"),
    path("follow/", views.toggle_follow, name="follow"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("experts/", views.experts, name="experts"),
    path("experts/<int:user_id>/ask/", views.ask, name="ask"),
    path("questions/", views.questions, name="questions"),
    path("questions/<int:question_id>/answer/", views.answer, name="answer"),
    path("credit/", views.rankings, name="rankings"),
    path("reuse/", views.reuse_figures, name="reuse"),
]
