"""Register the plugin as a dashboard app in-process (no HTTP round trip), upgrade it in
place, or remove it. Validation is Saleor's own (`clean_manifest_data`)."""

import copy
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from saleor.app.manifest_validations import clean_manifest_data
from saleor.app.models import App, AppExtension
from saleor.app.types import AppType

from ...compat import app_extension_identifiers
from .manifest import APP_IDENTIFIER, APP_NAME, build_manifest


@dataclass(frozen=True)
class Installed:
    app: Any
    created: bool


def installed_app() -> Any:
    return App.objects.not_removed().filter(identifier=APP_IDENTIFIER).first()


def clean(manifest: dict[str, Any], *, upgrading: bool) -> dict[str, Any]:
    """Saleor's validation of a manifest; returns the cleaned copy (permission objects,
    lower-case mounts and targets). Saleor refuses an identifier already installed, so an
    upgrade validates under a stand-in identifier."""
    data = copy.deepcopy(manifest)
    if upgrading:
        data["id"] = APP_IDENTIFIER + ".upgrade-check"
    clean_manifest_data(data, raise_for_saleor_version=True)
    data["id"] = APP_IDENTIFIER
    return data


@transaction.atomic
def install(base_url: str) -> Installed:
    manifest = build_manifest(base_url)
    app = installed_app()
    data = clean(manifest, upgrading=app is not None)
    fields = {
        "name": APP_NAME,
        "is_active": True,
        "is_installed": True,
        "type": AppType.THIRDPARTY,
        "about_app": data.get("about"),
        "app_url": data["appUrl"],
        "manifest_url": base_url + "app/manifest",
        "version": data["version"],
        "author": data.get("author"),
        "audience": data.get("audience"),
    }
    created = app is None
    if created:
        app = App.objects.create(identifier=APP_IDENTIFIER, **fields)
    else:
        App.objects.filter(pk=app.pk).update(**fields)
        app.refresh_from_db()
        app.extensions.all().delete()
    app.permissions.set(data["permissions"])
    for extension in data["extensions"]:
        options = extension.get("options") or {}
        target_options = options.get("widgetTarget") or options.get("newTabTarget") or {}
        identifier = (
            {"identifier": extension.get("identifier")} if app_extension_identifiers() else {}
        )
        row = AppExtension.objects.create(
            app=app,
            label=extension["label"],
            url=extension["url"],
            mount=extension["mount"],
            target=extension["target"],
            http_target_method=target_options.get("method"),
            settings=options,
            **identifier,
        )
        row.permissions.set(extension.get("permissions", []))
    if created:
        from django.conf import settings
        from saleor.plugins.manager import PluginsManager

        PluginsManager(plugins=getattr(settings, "PLUGINS", [])).app_installed(app)
    return Installed(app=app, created=created)


def uninstall() -> bool:
    """Remove the app as Saleor's `appDelete` does; False when it was not installed."""
    app = installed_app()
    if app is None:
        return False
    from saleor.plugins.manager import get_plugins_manager

    from ...compat import delete_app

    delete_app(app, get_plugins_manager(allow_replica=False))
    return True
