from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Child protection plans"

    def ready(self):
        from children import summary

        from . import selectors

        # A child protection plan first; else a Child in Need plan.
        summary.register_plan_lookup(selectors.plans_for_children)
        summary.register_plan_lookup(selectors.child_in_need_plans_for_children)

        # The team manager's drift reviews before the third review (issue 17).
        from accounts.models import RoleCode
        from core import worklists as core_worklists

        from .worklists import drift_reviews_due, early_review_prompts, midway_reviews_due

        core_worklists.register_work_list(
            RoleCode.TEAM_MANAGER, drift_reviews_due, before=core_worklists.open_qans
        )
        # The chair's mid-way reviews between conferences (issue 22).
        core_worklists.register_work_list(RoleCode.CHAIR, midway_reviews_due)
        # The social worker's early reviews to consider (issue 22).
        core_worklists.register_work_list(RoleCode.SOCIAL_WORKER, early_review_prompts)

        # The hourly sweep's plan steps (issue 7, issue 17): plans of children who turned 18
        # end, plans that reached 2 years are reported, drift reviews fall due.
        from django.utils import timezone

        from timescales.sweep import register_sweep_step

        from . import services
        from .drift import raise_drift_reviews_due

        register_sweep_step(
            "plans: ended at 18",
            lambda now: services.end_plans_of_adults(timezone.localdate(now)),
        )
        register_sweep_step("plans: two years", services.notify_long_plans)
        register_sweep_step("plans: drift reviews", raise_drift_reviews_due)
