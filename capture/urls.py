from django.urls import path

from capture import views

app_name = "capture"

urlpatterns = [
    path("share/", views.share, name="share"),
    path("autosave/", views.autosave, name="autosave_new"),
    path("mine/", views.mine, name="mine"),
    path("<int:experience_id>/", views.detail, name="detail"),
    path("<int:experience_id>/edit/", views.edit, name="edit"),
    path("<int:experience_id>/autosave/", views.autosave, name="autosave"),
    path("<int:experience_id>/delete/", views.delete_draft, name="delete"),
    path("lessons/<int:lesson_id>/recommend/", views.recommend_lesson, name="recommend"),
]
