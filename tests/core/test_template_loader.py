"""Templates are parsed once per process outside development too (issue 25, ADR 70): Django wraps
its loaders in the cached loader whenever `loaders` is not set, as in config/settings."""

from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader


def test_the_template_engine_uses_the_cached_loader():
    loaders = engines["django"].engine.template_loaders
    assert len(loaders) == 1 and isinstance(loaders[0], CachedLoader)
