from django.urls import path

from learning import views

app_name = "learning"

urlpatterns = [
    path("my/", views.my_learning_view, name="my_learning"),
    path("courses/<int:course_id>/enrol/", views.enrol_in_course, name="enrol"),
    path("lessons/<int:lesson_id>/complete/", views.mark_lesson_complete, name="complete_lesson"),
]
