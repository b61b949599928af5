from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("engage/<int:page_id>/helpful/", views.helpful, name="helpful"),
    path("engage/<int:page_id>/comments/", views.comment, name="comment"),
    path("engage/comments/<int:comment_id>/edit/", views.edit, name="edit_comment"),
    path("engage/comments/<int:comment_id>/delete/", views.delete, name="delete_comment"),
    path("engage/comments/<int:comment_id>/report/", views.report, name="report_comment"),
    path("engage/comments/<int:comment_id>/hide/", views.hide, name="hide_comment"),
    path("notifications/", views.notifications, name="notifications"),
]
