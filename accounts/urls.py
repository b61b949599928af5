from django.urls import path

from accounts import sso, two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("sso/", sso.sign_in, name="sso"),
    path("sso/callback/", sso.callback, name="sso_callback"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profile/", views.profile, name="profile"),
    path("two-step/", two_factor_views.verify, name="two_factor_verify"),
    path("two-step/setup/", two_factor_views.setup, name="two_factor_setup"),
    path("two-step/off/", two_factor_views.turn_off, name="two_factor_off"),
]
