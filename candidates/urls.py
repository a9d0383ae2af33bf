app_name = "candidates"
urlpatterns = []
