"""Django's ModelBackend, without the database for permissions no model has (issue 25, ADR 70).

The service's permissions are rules' (each app's rules.py). Asked about one rules denies,
`user.has_perm` goes on to Django's ModelBackend, which reads the user's and their groups' model
permissions (two queries) to look for it there, on nearly every page. A model permission is
always "<app label>.<action>_<model name>" for one of a model's default or Meta permissions (what
`migrate` creates), so any other name is answered "no" without the queries. Model permissions
(the admin's) are checked as before.
"""

import functools

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


@functools.cache
def model_permission_names() -> frozenset[str]:
    names = set()
    for model in apps.get_models():
        opts = model._meta
        codenames = [f"{action}_{opts.model_name}" for action in opts.default_permissions]
        codenames += [codename for codename, _ in opts.permissions]
        names.update(f"{opts.app_label}.{codename}" for codename in codenames)
    return frozenset(names)


class ModelPermissionBackend(ModelBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if perm not in model_permission_names():
            return False
        return super().has_perm(user_obj, perm, obj)

    def get_user(self, user_id):
        """The signed-in user for each request, with their team and agency on the same query:
        the home page, the header and the rules read them on most pages, one query each
        otherwise (issue 25)."""
        model = get_user_model()
        try:
            user = model._default_manager.select_related("team", "agency").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
