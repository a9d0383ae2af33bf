from django.db import migrations, models
from django.db.models import Sum


def record_existing_amounts(apps, schema_editor):
    """Requests paid or financed before the amounts were recorded: the payments received, and
    for a financed request the fee of every exam not removed (removal needs an unpaid request,
    so these are the exams it was financed for)."""
    Registration = apps.get_model("registrations", "Registration")
    Payment = apps.get_model("payments", "Payment")
    paid = (
        Payment.objects.exclude(method="training")
        .values("registration_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in paid:
        Registration.objects.filter(pk=row["registration_id"]).update(amount_paid=row["total"])
    for registration in Registration.objects.filter(financed_by_training=True).only(
        "pk", "fee_per_exam"
    ):
        exams = registration.lines.exclude(status="removed").count()
        Registration.objects.filter(pk=registration.pk).update(
            amount_financed=registration.fee_per_exam * exams
        )


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0003_event_kinds_for_deferrals"),
        ("payments", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="amount_financed",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=8,
                null=True,
                verbose_name="montant pris en charge",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="amount_paid",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=8, null=True, verbose_name="montant réglé"
            ),
        ),
        migrations.RunPython(record_existing_amounts, migrations.RunPython.noop),
    ]
