"""Paths under `dashboard/` (the app's `appUrl`)."""

from django.urls import path

from . import claim_page, order_pages, policy_page, queue_page

app_name = "dashboard"
urlpatterns = [
    path("", queue_page.claims_queue, name="home"),
    path("claims/", queue_page.claims_queue, name="claims"),
    path("claims/<str:claim_id>/", claim_page.claim_page, name="claim"),
    path("claims/<str:claim_id>/preview/", claim_page.resolution_preview, name="claim_preview"),
    path("orders/widget/", order_pages.order_widget, name="order_widget"),
    path("orders/claim/", order_pages.order_claim, name="order_claim"),
    path("policy/", policy_page.policy_page, name="policy"),
    path("policy/check/", policy_page.policy_check, name="policy_check"),
]
