"""Every typed answer in every form of the service has a maximum length (issue 20 item 4).

The forms are found by walking the project's modules, so a new form is covered automatically.
"""

import importlib
import pkgutil
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings

from core.forms import GovukDateField

# Sign-in and two-factor forms belong to the sign-in work (issue 20 item 5): a password and a
# six-digit code, never stored as typed.
NOT_WALKED = {
    "accounts.forms.SignInForm",
    "accounts.forms.EnrolForm",
    "accounts.forms.VerifyForm",
    "accounts.forms.EmailCodeForm",
}


def _is_project(path, base) -> bool:
    """Under the checkout, but not in its virtualenv (a fresh clone keeps .venv inside it)."""
    path = Path(path).resolve()
    return path.is_relative_to(base) and not path.is_relative_to(base / ".venv")


def _project_form_classes():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        if not _is_project(config.path, base):
            continue
        for module in pkgutil.walk_packages([config.path], f"{config.name}."):
            if ".migrations" in module.name or ".management" in module.name:
                continue
            importlib.import_module(module.name)
    seen, stack = set(), [forms.BaseForm]
    while stack:
        for subclass in stack.pop().__subclasses__():
            stack.append(subclass)
            label = f"{subclass.__module__}.{subclass.__qualname__}"
            if label.split(".")[0] in {c.name for c in apps.get_app_configs()} and _is_project(
                importlib.import_module(subclass.__module__).__file__, base
            ):
                seen.add(subclass)
    return sorted(seen, key=lambda cls: (cls.__module__, cls.__qualname__))


FORM_CLASSES = _project_form_classes()


def test_the_walk_finds_the_forms():
    names = {cls.__name__ for cls in FORM_CLASSES}
    assert {"CallForm", "ChildForm", "SocialWorkReportForm", "ChildDecisionForm"} <= names


def test_every_typed_answer_has_a_maximum_length():
    unlimited = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in FORM_CLASSES
        if f"{cls.__module__}.{cls.__qualname__}" not in NOT_WALKED
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField) and not field.max_length
    ]
    assert not unlimited, "Give these a max_length (core.forms.GovukTextField):\n" + "\n".join(
        unlimited
    )


def test_every_too_long_message_follows_the_govuk_pattern():
    wrong = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in FORM_CLASSES
        if f"{cls.__module__}.{cls.__qualname__}" not in NOT_WALKED
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field, forms.EmailField | forms.URLField)
        and "characters or fewer" not in str(field.error_messages.get("max_length", ""))
    ]
    assert not wrong, "Use core.forms.GovukTextField for these:\n" + "\n".join(wrong)


def test_every_date_is_a_govuk_date():
    plain = [
        f"{cls.__module__}.{cls.__qualname__}.{name}"
        for cls in FORM_CLASSES
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
        and not isinstance(field, GovukDateField)
    ]
    assert not plain, f"Use core.forms.GovukDateField for: {plain}"
