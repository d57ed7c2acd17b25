"""The child (born or unborn), family and network, professionals involved, strategy discussions."""

from django.db import models
from simple_history.models import HistoricalRecords


class Child(models.Model):
    """A child known to the authority. Extended by the children issue."""

    legal_forename = models.CharField(max_length=100)
    legal_surname = models.CharField(max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "children"

    def __str__(self):
        return f"{self.legal_forename} {self.legal_surname}"
