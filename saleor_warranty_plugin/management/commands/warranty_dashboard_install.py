"""`manage.py warranty_dashboard_install`: register (or upgrade) the dashboard app and its
extensions; `--uninstall` removes it."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Register the returns & warranty pages as a Saleor Dashboard app (re-running upgrades "
        "it in place); --uninstall removes it."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--public-url",
            help="Saleor's public URL (default: PUBLIC_URL or the Site's domain)",
        )
        parser.add_argument("--uninstall", action="store_true", help="remove the app")

    def handle(self, *args: Any, **options: Any) -> None:
        from ...pages.dashboard.install import install, uninstall
        from ...pages.dashboard.manifest import public_base_url

        if options["uninstall"]:
            removed = uninstall()
            self.stdout.write("Dashboard app removed." if removed else "Not installed.")
            return
        base_url = public_base_url(options.get("public_url"))
        try:
            result = install(base_url)
        except ValidationError as error:
            raise CommandError(f"The manifest was refused: {error}") from error
        verb = "Installed" if result.created else "Upgraded"
        self.stdout.write(
            f"{verb} the dashboard app ({result.app.version}) with its pages at "
            f"{result.app.app_url}: Orders -> Returns & warranty, Orders -> Return policy, "
            "a card and a menu entry on each order."
        )
