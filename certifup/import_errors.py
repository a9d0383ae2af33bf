"""A row error of an admin import, named as the file names the column.

django-import-export keys a row's errors by the model attribute, and its preview shows that key:
« BIRTH_NAME » for a person who typed a « Nom de naissance » column. The resources that take
files from people (candidates, centres, offers) name them by the column instead.
"""

from django.core.exceptions import ValidationError
from import_export import resources


class ColumnNamedErrorsMixin(resources.ModelResource):
    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        error = result.validation_error
        if error is not None and hasattr(error, "error_dict"):
            columns = {field.attribute: field.column_name for field in self.get_import_fields()}
            result.validation_error = ValidationError(
                {columns.get(name, name): errors for name, errors in error.error_dict.items()}
            )
        return result
