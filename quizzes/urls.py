from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("quiz/<int:quiz_id>/start/", views.start, name="start"),
    path("quiz/attempts/<int:attempt_id>/", views.take, name="take"),
    path("quiz/attempts/<int:attempt_id>/autosave/", views.autosave, name="autosave"),
    path("quiz/attempts/<int:attempt_id>/result/", views.result, name="result"),
    path("quiz/grading/", views.grading, name="grading"),
    path("quiz/grading/<int:answer_id>/", views.grade, name="grade"),
    path("quiz/sign-offs/", views.sign_offs, name="sign_offs"),
    path("quiz/sign-offs/<int:sign_off_id>/", views.sign_off, name="sign_off"),
    path("certificates/", views.my_certificates, name="my_certificates"),
    path("quiz/mistakes/", views.mistake_book, name="mistakes"),
    path("certificates/verify/", views.verify, name="verify_form"),
    path("certificates/verify/<str:code>/", views.verify, name="verify"),
    path("certificates/<str:code>/", views.certificate, name="certificate"),
]
