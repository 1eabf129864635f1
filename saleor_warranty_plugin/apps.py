from django.apps import AppConfig


class WarrantyPluginConfig(AppConfig):
    name = "saleor_warranty_plugin"
    label = "saleor_warranty_plugin"
    verbose_name = "Returns and warranty"
    default_auto_field = "django.db.models.BigAutoField"
