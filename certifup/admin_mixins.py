"""The admin's permissions for rows that the services own. Nothing is ever hard-deleted, and a
row a service creates or changes (under its lock, with its timeline event) is never added or
saved from an admin form, which would bypass it."""

from django.contrib import admin


class NeverDeletedMixin:
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
        return obj is None and super().has_change_permission(request)  # type: ignore[misc]


class ReadOnlyMixin(CreatedElsewhereMixin):
    """A trail or a log: shown, never changed."""

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False
