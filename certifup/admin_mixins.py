"""The admin's permissions for rows that the services own. Nothing is ever hard-deleted, and a
row a service creates or changes (under its lock, with its timeline event) is never added or
saved from an admin form, which would bypass it."""

from typing import TYPE_CHECKING

from django.contrib import admin

if TYPE_CHECKING:  # what each mixin is combined with, so that super() has its methods
    from django.contrib.admin.options import BaseModelAdmin as _AdminBase
else:
    _AdminBase = object


class NeverDeletedMixin(_AdminBase):
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CreatedElsewhereMixin(NeverDeletedMixin):
    """Rows created by sign-up, an import, a candidate or a centre: never from the admin."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ActionsOnlyMixin(CreatedElsewhereMixin):
    """The list keeps the change permission for its actions (which call the services); a row
    itself is shown read-only."""

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)


class ReadOnlyMixin(CreatedElsewhereMixin):
    """A trail or a log: shown, never changed."""

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False
