"""Paths under `dashboard/` (the app's `appUrl`)."""

from django.urls import path

from . import policy_page, views

app_name = "dashboard"
urlpatterns = [
    path("", views.claims_queue, name="home"),
    path("claims/", views.claims_queue, name="claims"),
    path("claims/<str:claim_id>/", views.claim_page, name="claim"),
    path("claims/<str:claim_id>/preview/", views.resolution_preview, name="claim_preview"),
    path("orders/widget/", views.order_widget, name="order_widget"),
    path("orders/claim/", views.order_claim, name="order_claim"),
    path("policy/", policy_page.policy_page, name="policy"),
    path("policy/check/", policy_page.policy_check, name="policy_check"),
]
