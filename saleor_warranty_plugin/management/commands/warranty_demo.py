"""python manage.py warranty_demo: see saleor_warranty_plugin/demo.py."""

from django.core.management.base import BaseCommand, CommandError

from ...demo import Demo, DemoError, where_to_look


class Command(BaseCommand):
    help = (
        "On a Saleor with its sample data (populatedb): a preset policy per channel, ship and "
        "delivery dates, and claims in every state through the plugin's API. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--api-url",
            default="http://localhost:8000",
            help="Where Saleor's API is served (for the links printed at the end).",
        )
        parser.add_argument(
            "--dashboard-url",
            default="http://localhost:9000/dashboard",
            help="Where the Saleor dashboard is served.",
        )

    def handle(self, *args, **options):
        demo = Demo(self.stdout)
        try:
            made = demo.run()
        except DemoError as error:
            raise CommandError(str(error)) from error
        if demo.changes == 0:
            self.stdout.write("Everything was already in place; nothing changed.")
        self.stdout.write(where_to_look(made, options["api_url"], options["dashboard_url"]))
