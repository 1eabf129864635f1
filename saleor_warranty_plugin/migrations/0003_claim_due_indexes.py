from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_warranty_plugin", "0002_resolutions"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["status", "due_at", "created_at", "id"], name="warranty_claim_stat_due"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("status__in", ["APPROVED", "PENDING", "RECEIVED"])),
                fields=["due_at", "created_at", "id"],
                name="warranty_claim_open_due",
            ),
        ),
    ]
