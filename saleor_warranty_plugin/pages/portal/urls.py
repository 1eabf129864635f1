"""Paths under `portal/`. Views are added here as the portal's pages are built."""

from django.urls import URLPattern

app_name = "portal"
urlpatterns: list[URLPattern] = []
