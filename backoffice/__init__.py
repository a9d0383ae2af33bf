"""The centre back-office at /centre/: custom views for the staff of one or more centres.

Every view is wrapped in ``centre_staff_required`` and reads through ``backoffice.selectors``, so
another centre's objects answer 404; every change goes through a service."""
