from django.urls import path

from competencies import views

app_name = "competencies"

urlpatterns = [
    path("", views.my_profile, name="profile"),
    path("people/<int:user_id>/", views.person_profile, name="person_profile"),
    path("people/<int:user_id>/remind/", views.remind_person, name="remind"),
    path("self-assessment/", views.self_assessment, name="self_assessment"),
    path("plan/", views.my_plan, name="plan"),
    path("plan/suggest/", views.suggest, name="suggest"),
    path("plan/add/", views.add, name="add"),
    path("plan/items/<int:item_id>/drop/", views.drop, name="drop"),
    path("plan/items/<int:item_id>/move/", views.move, name="move"),
    path("plan/items/<int:item_id>/done/", views.done, name="done"),
    path("assign/<int:page_id>/", views.assign_learning, name="assign"),
]
