"""Paths under `portal/`."""

from django.urls import path, re_path

from . import account, claims, views

app_name = "portal"
urlpatterns = [
    path("", account.home, name="home"),
    path("session/", account.hand_over, name="session"),
    path("signout/", account.sign_out, name="signout"),
    path("policy/", views.policy, name="policy"),
    re_path(r"^claims/(?P<claim_id>[^/]{1,200})/$", claims.claim_page, name="claim"),
    re_path(
        r"^claims/(?P<claim_id>[^/]{1,200})/(?P<action>cancel|quote)/$",
        claims.claim_action,
        name="claim-action",
    ),
]
