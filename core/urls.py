from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("engage/<int:page_id>/helpful/", views.helpful, name="helpful"),
    path("engage/<int:page_id>/comments/", views.comment, name="comment"),
    path("engage/comments/<int:comment_id>/remove/", views.remove, name="remove_comment"),
    path("notifications/", views.notifications, name="notifications"),
]
