# Deferral requests (« reports ») come with their own issue; the app is installed from the start
# so that its migrations only ever add.
