"""Import of the previous system's candidates (CSV/XLSX) in /admin/, with django-import-export.

Each row becomes an account through ``candidate_create`` with an unusable password (imported
candidates choose theirs with « Mot de passe oublié », as the seed tells them) and the NUC
kept as it was. A NUC or an identity already known, or seen twice in the file, is a row error
in French: the preview shows it and nothing of the file is imported until it is fixed."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields, widgets

from candidates.identity import identity_key, usage_name_or_birth_name
from candidates.models import Candidate
from candidates.nuc import format_nuc, normalise_nuc
from candidates.services import candidate_create
from certifup.errors import DomainError
from certifup.import_errors import ColumnNamedErrorsMixin

REQUIRED = ("nuc", "birth_name", "first_names", "birth_date", "email")


class FrenchDateWidget(widgets.Widget):
    """« 12/04/1990 », « 1990-04-12 », or a spreadsheet date cell."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(str(value).strip(), pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
        raise ValueError(f"Date de naissance illisible : « {value} » (attendu : 12/04/1990).")


def _field(attribute: str, column: str, widget=None) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column, widget=widget)


class CandidateImportResource(ColumnNamedErrorsMixin):
    nuc = _field("nuc", "NUC")
    birth_name = _field("birth_name", "Nom de naissance")
    usage_name = _field("usage_name", "Nom d'usage")
    first_names = _field("first_names", "Prénom(s)")
    birth_date = _field("birth_date", "Date de naissance", FrenchDateWidget())
    email = _field("email", "E-mail")
    phone = _field("phone", "Téléphone")

    class Meta:
        model = Candidate
        fields = ("nuc", "birth_name", "usage_name", "first_names", "birth_date", "email", "phone")
        import_id_fields = ("nuc",)
        clean_model_instances = False
        use_transactions = True
        skip_diff = False

    @classmethod
    def get_display_name(cls) -> str:
        return "Candidats de la session précédente"

    def before_import(self, dataset, **kwargs):
        self._seen_nucs: set[str] = set()
        self._seen_keys: set[str] = set()

    def before_import_row(self, row, **kwargs):
        row["NUC"] = normalise_nuc(str(row.get("NUC") or ""))

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        errors = self._row_errors(instance)
        if errors:
            raise ValidationError(errors)

    def _row_errors(self, candidate: Candidate) -> dict[str, str]:
        errors = {
            name: "Ce champ est obligatoire." for name in REQUIRED if not getattr(candidate, name)
        }
        if errors:
            return errors
        if candidate.pk is not None or candidate.nuc in self._seen_nucs:
            errors["nuc"] = f"Le NUC {format_nuc(candidate.nuc)} est déjà attribué."
        key = identity_key(
            birth_name=candidate.birth_name,
            first_names=candidate.first_names,
            birth_date=candidate.birth_date,
        )
        # Earlier rows of the file are saved already (inside the import's transaction).
        existing = Candidate.objects.filter(identity_key=key).exclude(nuc=candidate.nuc).first()
        if key in self._seen_keys:
            errors["birth_name"] = "Cette personne apparaît deux fois dans le fichier."
        elif existing is not None:
            errors["birth_name"] = (
                f"Cette personne a déjà un compte (NUC {existing.display_nuc}) : "
                "une personne, un compte."
            )
        self._seen_nucs.add(candidate.nuc)
        self._seen_keys.add(key)
        return errors

    def save_instance(self, instance, is_create, row, **kwargs):
        """Through the service, so the NUC counter, identity key and user are right."""
        try:
            created = candidate_create(
                nuc=instance.nuc,
                birth_name=instance.birth_name,
                usage_name=usage_name_or_birth_name(
                    usage_name=instance.usage_name or "", birth_name=instance.birth_name
                ),
                first_names=instance.first_names,
                birth_date=instance.birth_date,
                email=instance.email,
                phone=str(instance.phone or ""),
                password=None,
                now=timezone.now(),
            )
        except DomainError as error:
            raise ValidationError({"nuc": error.message}) from error
        instance.pk = created.pk
        instance.user_id = created.user_id
