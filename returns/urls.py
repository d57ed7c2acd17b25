from django.urls import path

from . import views
from .census_import import views as import_views

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("census/<int:pk>/", views.census_run, name="census-run"),
    path("census/<int:pk>/cin-census.xml", views.cin_census, name="cin-census"),
    path("census/<int:pk>/problems.csv", views.census_problems_csv, name="census-problems"),
    path("annex-a/<int:number>.<str:file_format>", views.annex_a_list, name="annex-a"),
    path("import/", import_views.upload, name="census-import"),
    path("import/<int:pk>/", import_views.report, name="census-import-report"),
    path("import/<int:pk>/confirm/", import_views.confirm, name="census-import-confirm"),
]
