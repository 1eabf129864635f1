"""Paths after `/plugins/global/saleor.warranty/`, resolved inside the plugin's webhook."""

from django.urls import include, path, re_path

from . import views
from .dashboard import urls as dashboard_urls
from .portal import urls as portal_urls

urlpatterns = [
    path("graphql/", views.graphql, name="graphql"),
    path("graphql", views.graphql),
    re_path(r"^evidence/(?P<token>[^/]+)/?$", views.evidence, name="evidence"),
    re_path(r"^static/(?P<version>[0-9a-f]{1,16})/(?P<name>.+)$", views.static, name="static"),
    path("app/manifest", views.manifest, name="manifest"),
    path("app/register", views.register, name="register"),
    path("dashboard/", include(dashboard_urls)),
    path("portal/", include(portal_urls)),
]
