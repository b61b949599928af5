from django.urls import path

from learning import views
from learning.media_files import media_file
from learning.scorm.serving import courseware_file

app_name = "learning"

urlpatterns = [
    path("my/", views.my_learning_view, name="my_learning"),
    path("courses/<int:course_id>/enrol/", views.enrol_in_course, name="enrol"),
    path("lessons/<int:lesson_id>/complete/", views.mark_lesson_complete, name="complete_lesson"),
    path("lessons/<int:lesson_id>/checks/<str:block_id>/", views.answer_lesson_check, name="answer_check"),
    path("lessons/<int:lesson_id>/media/<int:media_id>/viewing/", views.record_media_viewing, name="media_viewing"),
    path(
        "lessons/<int:lesson_id>/courseware/<int:package_id>/commit/",
        views.courseware_commit,
        name="courseware_commit",
    ),
    path("courseware/<str:token>/<path:path>", courseware_file, name="courseware_file"),
    path("recordings/<int:media_id>/<str:filename>", media_file, name="media_file"),
]
