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
