"""The choices and limits of plans: categories (with North East Lincolnshire's numbers and the
DfE census codes), secondary factors, statuses, end reasons, what follows a plan, and who set a
row (a conference or the core group)."""

from django.db import models

# --- Categories and secondary factors ------------------------------------------------------------

# North East Lincolnshire numbers the categories 1 to 4 (procedures, 001 section 3).
_NEL_NUMBERS = {"neglect": 1, "physical_abuse": 2, "sexual_abuse": 3, "emotional_abuse": 4}
# The DfE Children in Need census codes for the category of abuse (MUL: more than one).
_DFE_CODES = {
    "neglect": "NEG",
    "physical_abuse": "PHY",
    "sexual_abuse": "SAB",
    "emotional_abuse": "EMO",
}
DFE_MULTIPLE_CATEGORIES = "MUL"


class PlanCategory(models.TextChoices):
    NEGLECT = "neglect", "Neglect"
    PHYSICAL_ABUSE = "physical_abuse", "Physical abuse"
    SEXUAL_ABUSE = "sexual_abuse", "Sexual abuse"
    EMOTIONAL_ABUSE = "emotional_abuse", "Emotional abuse"

    @property
    def nel_number(self) -> int:
        """North East Lincolnshire's category number: 1 neglect, 2 physical, 3 sexual, 4 emotional."""
        return _NEL_NUMBERS[self.value]

    @property
    def dfe_code(self) -> str:
        """The DfE Children in Need census code: NEG, PHY, SAB or EMO."""
        return _DFE_CODES[self.value]


def dfe_category_code(categories) -> str:
    """The census code for one or more categories: the category's own, or MUL for several."""
    distinct = {PlanCategory(category) for category in categories}
    if not distinct:
        return ""
    if len(distinct) > 1:
        return DFE_MULTIPLE_CATEGORIES
    return distinct.pop().dfe_code


class SecondaryFactor(models.TextChoices):
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    CHILD_SEXUAL_EXPLOITATION = "child_sexual_exploitation", "Child sexual exploitation"
    CHILD_CRIMINAL_EXPLOITATION = "child_criminal_exploitation", "Child criminal exploitation"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance or alcohol misuse"
    PARENTAL_MENTAL_HEALTH = "parental_mental_health", "Parental mental health"
    DISABILITY = "disability", "Disability"
    NEGLECT_OF_HEALTH = "neglect_of_health", "Neglect of health needs"
    RADICALISATION = "radicalisation", "Radicalisation"
    FEMALE_GENITAL_MUTILATION = "female_genital_mutilation", "Female genital mutilation"
    TRAFFICKING = "trafficking", "Trafficking"
    OTHER = "other", "Other"


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    # An initial conference adjourned (a 50% split, or no majority on the category): the child is
    # on an interim plan until it reconvenes (plans.interim, ADR 36).
    INTERIM = "interim", "Interim (conference adjourned)"


# A child has at most one plan in one of these statuses (the partial unique index).
CURRENT_PLAN_STATUSES = ("active", "interim")


class PlanEndReason(models.TextChoices):
    """Why a child protection plan ended (001 section 12). A review conference ends a plan
    because the child is no longer at risk; the others end it outside a conference (plans.ending).
    OTHER is kept only so plans ended with it before issue 17 stay valid: no new ending uses it."""

    NO_LONGER_AT_RISK = "no_longer_at_risk", "No longer at risk of significant harm"
    MOVED_AWAY = "moved_away", "Moved to another local authority"
    REACHED_18 = "reached_18", "Reached 18"
    DIED = "died", "Died"
    LEFT_UK = "left_uk", "Left the UK permanently"
    OTHER = "other", "Other"
    # Only for an interim plan: the adjourned initial conference reconvened and decided no plan.
    NO_PLAN_NEEDED = "no_plan_needed", "The reconvened conference decided no plan was needed"


class StepDown(models.TextChoices):
    """What follows a child protection plan that ends."""

    CHILD_IN_NEED = "cin_plan", "A Child in Need plan"
    EARLY_HELP = "early_help", "Early Help"
    NONE = "none", "No further support"


class CinEndReason(models.TextChoices):
    """Why a Child in Need plan ended (issue 22 item 4)."""

    NEEDS_MET = "needs_met", "The child's needs are met"
    EARLY_HELP = "early_help", "Stepped down to Early Help"
    CHILD_PROTECTION = "child_protection", "A child protection plan started"
    FAMILY_DECLINED = "family_declined", "The family no longer agrees to the plan"
    MOVED_AWAY = "moved_away", "Moved to another local authority"
    REACHED_18 = "reached_18", "Reached 18"


# A step-down Child in Need plan lasts at least this long unless a team manager agrees (004).
STEP_DOWN_MINIMUM_MONTHS = 3
# A Child in Need plan a conference decided lasts at least this long (004 social workers' item 9:
# "CIN plan should be in place for at least 6 weeks"), on the same terms.
CONFERENCE_CIN_MINIMUM_WEEKS = 6


class Source(models.TextChoices):
    """Who set a danger statement or an action: a conference, or the core group (which may add,
    never change or remove what a conference set)."""

    CONFERENCE = "conference", "Set by the conference"
    CORE_GROUP = "core_group", "Added by the core group"


MAX_CONFERENCE_DANGER_STATEMENTS = 4
MIN_VISIT_FREQUENCY, MAX_VISIT_FREQUENCY = 1, 10
