from django.apps import AppConfig


class ContextualConfig(AppConfig):
    name = "contextual"
    verbose_name = "Contextual Safeguarding Conferences"

    def ready(self):
        from accounts.models import RoleCode
        from children import summary
        from core import worklists as core_worklists

        from . import rules  # noqa: F401  (registers the permissions)
        from .presenters import CHILD_PAGE_LISTS, child_section
        from .worklists import csc_to_book, csc_you_chair, your_young_people_at_csc

        # The child's page: the young person's Contextual Safeguarding Conferences and plan.
        summary.register_child_section(child_section, presence=CHILD_PAGE_LISTS)
        core_worklists.register_work_list(RoleCode.CONFERENCE_COORDINATOR, csc_to_book)
        core_worklists.register_work_list(RoleCode.CHAIR, csc_you_chair)
        core_worklists.register_work_list(RoleCode.SOCIAL_WORKER, your_young_people_at_csc)
