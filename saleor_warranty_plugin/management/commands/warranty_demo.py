"""python manage.py warranty_demo: see saleor_warranty_plugin/demo/."""

from django.core.management.base import BaseCommand, CommandError

from ...demo import Demo, DemoError, row_counts, where_to_look


class Command(BaseCommand):
    help = (
        "On a Saleor with its sample data (populatedb): a preset policy per channel, orders "
        "bought, paid through the dummy gateway and shipped through Saleor's API, ship and "
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
        parser.add_argument(
            "--counts",
            action="store_true",
            help="Print the rows of the plugin's tables and of the Saleor tables the demo "
            "writes to, before and after the run.",
        )

    def handle(self, *args, **options):
        before = row_counts() if options["counts"] else None
        demo = Demo(self.stdout)
        try:
            made = demo.run()
        except DemoError as error:
            self.print_counts(before)
            raise CommandError(str(error)) from error
        if demo.changes == 0:
            self.stdout.write("Everything was already in place; nothing changed.")
        self.print_counts(before)
        self.stdout.write(
            where_to_look(made, demo.guest, options["api_url"], options["dashboard_url"])
        )

    def print_counts(self, before: dict[str, int] | None) -> None:
        if before is None:
            return
        after = row_counts()
        self.stdout.write("\nRows (before -> after):")
        for table, count in after.items():
            mark = "" if count == before[table] else "  changed"
            self.stdout.write(f"  {table:45} {before[table]:>7} -> {count:>7}{mark}")
