from django.apps import AppConfig


class WarrantyPluginConfig(AppConfig):
    name = "saleor_warranty_plugin"
    label = "saleor_warranty_plugin"
    verbose_name = "Returns and warranty"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Saleor's beat reads CELERY_BEAT_SCHEDULE (the same dict as app.conf.beat_schedule);
        # the database scheduler copies these entries into its periodic tasks at start-up.
        from django.conf import settings

        from .tasks import BEAT_SCHEDULE

        schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
        if isinstance(schedule, dict):
            for name, entry in BEAT_SCHEDULE.items():
                schedule.setdefault(name, entry)
