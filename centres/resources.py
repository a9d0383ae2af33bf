"""CSV/XLSX import (and export) of centres and of their exam offers, for UPPCTSC in the admin.

Rows name related objects the way people write them (département code, session name, exam
code, software names), never by database id. Each row is validated by the model (including
its check constraints) and shown in the preview with its own error; with
IMPORT_EXPORT_USE_TRANSACTIONS a file with one bad row imports nothing.

Columns — centres: name, city, address, postal_code, departement (code, e.g. 987), email,
phone, payment_instructions, is_accredited (1/0); a centre is matched on name + postal_code.
Exam offers: centre (name), session (name), epreuve (code), logiciels (names separated by |),
places; an offer is matched on centre + session + epreuve."""

from import_export import fields, widgets

from centres.models import Centre, Department, Exam, ExamOffer, Session, Software
from centres.territories import department_code_normalise, department_code_refusal
from certifup.import_errors import ColumnNamedErrorsMixin


class NamedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A name that matches nothing (or several rows) is a French error on its row."""

    def __init__(self, model, field: str, label: str):
        super().__init__(model, field=field)
        self.label = label

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist as error:
            raise ValueError(f"{self.label} inconnu(e) : « {value} ».") from error
        except self.model.MultipleObjectsReturned as error:
            raise ValueError(f"{self.label} ambigu(ë) : plusieurs « {value} ».") from error


class DepartmentWidget(NamedForeignKeyWidget):
    """A code as people type it (" 2a", "075"), checked against the calendar's table."""

    def __init__(self):
        super().__init__(Department, "code", "Département")

    def clean(self, value, row=None, **kwargs):
        code = department_code_normalise(str(value or ""))
        refusal = department_code_refusal(code)
        if refusal:
            raise ValueError(refusal)
        return super().clean(code, row=row, **kwargs)


class StrictManyToManyWidget(widgets.ManyToManyWidget):
    """The stock widget drops names it does not know; a typo must be a row error instead."""

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row=row, **kwargs)
        names = [name.strip() for name in str(value or "").split(self.separator) if name.strip()]
        known = {getattr(obj, self.field) for obj in found}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(f"Logiciel inconnu : {', '.join(unknown)}.")
        if not names:
            raise ValueError("Indiquez au moins un logiciel imposé.")
        return found


class CentreResource(ColumnNamedErrorsMixin):
    department = fields.Field(
        attribute="department",
        column_name="departement",
        widget=DepartmentWidget(),
    )

    class Meta:
        model = Centre
        fields = (
            "name", "city", "address", "postal_code", "department", "email", "phone",
            "payment_instructions", "is_accredited",
        )  # fmt: skip
        # A centre is known by its name in its postal code: re-importing a file updates it.
        import_id_fields = ("name", "postal_code")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        # The preview's rows keep the centre as it would be saved. django-import-export turns
        # this on for the class during the first confirmed import of the process, so without it
        # the preview's rows depended on what the process had done before.
        store_instance = True


class ExamOfferResource(ColumnNamedErrorsMixin):
    centre = fields.Field(
        attribute="centre",
        column_name="centre",
        widget=NamedForeignKeyWidget(Centre, "name", "Centre"),
    )
    session = fields.Field(
        attribute="session",
        column_name="session",
        widget=NamedForeignKeyWidget(Session, "name", "Session"),
    )
    exam = fields.Field(
        attribute="exam",
        column_name="epreuve",
        widget=NamedForeignKeyWidget(Exam, "code", "Épreuve"),
    )
    software = fields.Field(
        attribute="software",
        column_name="logiciels",
        widget=StrictManyToManyWidget(Software, separator="|", field="name"),
    )
    # A number in an XLSX export, not the text « 20 » (the admin exports native types to XLSX).
    capacity = fields.Field(
        attribute="capacity", column_name="places", widget=widgets.IntegerWidget()
    )

    class Meta:
        model = ExamOffer
        # seats_taken is never imported: only the registration services move it.
        fields = ("centre", "session", "exam", "software", "capacity")
        import_id_fields = ("centre", "session", "exam")
        clean_model_instances = True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Said in words before the database's no-overbooking constraint says it in its own.
        errors = dict(import_validation_errors or {})
        if (
            instance.pk
            and instance.capacity is not None
            and instance.capacity < instance.seats_taken
        ):
            errors["capacity"] = [
                f"{instance.seats_taken} places sont déjà prises : la capacité ne peut pas "
                "être inférieure."
            ]
        super().validate_instance(instance, errors, validate_unique)
