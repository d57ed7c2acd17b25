"""The default timescale policy: every rule of DOMAIN.md's table with its value, unit and source.

The data migration seeds these; `ensure_rule` heals a database missing a rule (a new rule added
after an authority went live) with its default. Neither ever overwrites a value an authority set.
"""

# rule, value, unit, direction, source, description
DEFAULTS = [
    (
        "STRAT_RECORD",
        72,
        "hours",
        "after",
        "004 South Gloucestershire",
        "The strategy discussion record is available within 72 hours (good practice: one day).",
    ),
    (
        "STRAT_SIGNOFF",
        72,
        "hours",
        "after",
        "004 South Gloucestershire",
        "The team manager signs off the strategy discussion record.",
    ),
    (
        "ICPC_REQUEST",
        5,
        "working_days",
        "after",
        "004 South Gloucestershire",
        "The conference service is told an initial conference is needed by day 5 of the S47 enquiry.",
    ),
    (
        "ICPC_DUE",
        15,
        "working_days",
        "after",
        "all procedures (001-004)",
        "The initial conference is held within 15 working days of the strategy discussion that agreed S47.",
    ),
    (
        "CHAIR_ALLOC",
        2,
        "working_days",
        "after",
        "004 South Gloucestershire",
        "A chair is allocated within 2 working days of the request.",
    ),
    (
        "INVITES",
        1,
        "working_days",
        "after",
        "004 South Gloucestershire",
        "Invitations are sent within 1 working day of booking.",
    ),
    (
        "SW_REPORT_PARENTS",
        3,
        "working_days",
        "before",
        "004 South Gloucestershire",
        "The initial conference social work report is shared with parents at least 3 working days before.",
    ),
    (
        "SW_REPORT_CHAIR",
        2,
        "working_days",
        "before",
        "004 South Gloucestershire",
        "The initial conference social work report is sent to the chair at least 2 working days before.",
    ),
    (
        "AGENCY_REPORT",
        2,
        "working_days",
        "before",
        "004 South Gloucestershire; 001 North East Lincolnshire",
        "Each invited agency's report reaches the chair before the conference (the chair reads "
        "every report two days before and escalates a missing one to the agency's managers).",
    ),
    (
        "DECISION_RECORDED",
        1,
        "working_days",
        "after",
        "001 North East Lincolnshire, 004",
        "The conference decision is on the record within 1 working day.",
    ),
    (
        "OUTLINE_PLAN",
        1,
        "working_days",
        "after",
        "001 North East Lincolnshire, 004",
        "The outline plan is circulated within 1 working day.",
    ),
    (
        "MINUTES",
        7,
        "working_days",
        "after",
        "004 South Gloucestershire (North East Lincolnshire: 25)",
        "The minutes are circulated within 7 working days of the conference.",
    ),
    (
        "MINUTES_AMEND",
        5,
        "working_days",
        "after",
        "001 North East Lincolnshire",
        "Amendments to the minutes go back to the chair within 5 working days of receipt.",
    ),
    (
        "CG_FIRST",
        10,
        "working_days",
        "after",
        "all procedures",
        "The first core group meets within 10 working days of the conference that starts a plan.",
    ),
    (
        "CG_NEXT",
        6,
        "weeks",
        "after",
        "003 West Sussex, 004 South Gloucestershire",
        "The next core group meets within 6 weeks of the last; at least 2 between conferences.",
    ),
    (
        "VISIT",
        10,
        "working_days",
        "after",
        "004 South Gloucestershire",
        "A child on a plan is visited by the social worker at least every 10 working days.",
    ),
    (
        "RCPC_FIRST",
        3,
        "months",
        "after",
        "all procedures",
        "The first review conference is held within 3 months of the initial conference.",
    ),
    (
        "RCPC_NEXT",
        6,
        "months",
        "after",
        "all procedures",
        "Later review conferences are held within 6 months of the last.",
    ),
    (
        "RCPC_REPORT_QA",
        10,
        "calendar_days",
        "before",
        "004 South Gloucestershire",
        "The review social work report is quality assured by the team manager at least 10 days before.",
    ),
    (
        "RCPC_REPORT_PARENTS",
        7,
        "calendar_days",
        "before",
        "004 South Gloucestershire",
        "The review report is shared with parents at least 7 days before the review.",
    ),
    (
        "RCPC_REPORT_CHAIR",
        5,
        "calendar_days",
        "before",
        "004 South Gloucestershire",
        "The review report is signed off and sent to the chair at least 5 days before.",
    ),
    (
        "END_NOTICE",
        10,
        "calendar_days",
        "before",
        "004 South Gloucestershire",
        "The conference service is told at least 10 days before a review that the plan may end.",
    ),
    (
        "ADJOURN",
        5,
        "working_days",
        "after",
        "001 North East Lincolnshire",
        "An adjourned conference reconvenes within 5 working days.",
    ),
    (
        "ADJOURN_REPORT",
        3,
        "working_days",
        "after",
        "001 North East Lincolnshire",
        "While a conference is adjourned on a split, each agency whose view differed sends the "
        "chair a brief written report from its manager before it reconvenes (inside ADJOURN).",
    ),
    (
        "ESCALATION_REVIEW",
        5,
        "working_days",
        "before",
        "001 North East Lincolnshire",
        "A split that continues is escalated: a senior manager reviews the decision before the "
        "plan's first review conference is due.",
    ),
    (
        "TRANSFER_IN",
        15,
        "working_days",
        "after",
        "001 North East Lincolnshire",
        "A transfer-in conference is held within 15 working days of notice of the move.",
    ),
    (
        "CIN_REVIEW",
        20,
        "working_days",
        "after",
        "004 South Gloucestershire",
        "The first Child in Need review is held within 20 working days of a plan ending.",
    ),
    (
        "CIN_REVIEW_NEXT",
        3,
        "months",
        "after",
        "001 North East Lincolnshire (section 17); the authority sets the interval",
        "Each later Child in Need review is held within this interval of the last review.",
    ),
    (
        "LONG_PLAN",
        24,
        "months",
        "after",
        "004 South Gloucestershire",
        "A plan reaching 2 years: the head of service and QA manager are told.",
    ),
    (
        "DRIFT_REVIEW",
        5,
        "working_days",
        "before",
        "004 South Gloucestershire (social workers' item 12)",
        "The team manager reviews a plan for drift in supervision before its third review "
        "conference (raised when that review is booked, or 6 weeks before it is due).",
    ),
    (
        "PREBIRTH",
        10,
        "weeks",
        "before",
        "001 North East Lincolnshire",
        "A pre-birth initial conference is held by week 30 of pregnancy (10 weeks before the expected "
        "date of delivery), and not before week 24.",
    ),
    (
        "PREBIRTH_EARLIEST",
        16,
        "weeks",
        "before",
        "001 North East Lincolnshire",
        "A pre-birth initial conference is not normally held before week 24 of pregnancy (16 weeks "
        "before the expected date of delivery). With PREBIRTH, the window booking checks.",
    ),
    (
        "BIRTH_RECONVENE",
        10,
        "working_days",
        "after",
        "001 North East Lincolnshire",
        "A conference is reconvened following the birth of a baby who was unborn at a pre-birth "
        "conference or on a plan before birth: held within 10 working days of the birth.",
    ),
    (
        "MIDWAY_REVIEW",
        0,
        "working_days",
        "after",
        "001 North East Lincolnshire",
        "The chair reviews the plan half way between conferences: due this long after the day "
        "half way between the plan's last conference and its next review (ADR 56).",
    ),
    # Contextual Safeguarding Conferences (002 Norfolk; ADR 61). 002 names no timescale of its
    # own ("within appropriate timescales"): these defaults are the child protection
    # equivalents, which each authority changes in its policy.
    (
        "CSC_DUE",
        15,
        "working_days",
        "after",
        "002 Norfolk (the child protection equivalent: 15 working days)",
        "A Contextual Safeguarding Conference is held within 15 working days of the social "
        "worker's request.",
    ),
    (
        "CSC_PLAN",
        1,
        "working_days",
        "after",
        "002 Norfolk (a plan with measurable outcomes; the outline plan's 1 working day)",
        "The contextual safeguarding plan's measurable outcomes, with who and by when, are on the "
        "record within 1 working day of the conference that agreed the plan.",
    ),
    (
        "CSC_REVIEW",
        3,
        "months",
        "after",
        "002 Norfolk (the child protection equivalent: first review within 3 months)",
        "The first review Contextual Safeguarding Conference is held within 3 months of the "
        "conference that agreed the plan.",
    ),
    (
        "CSC_REVIEW_NEXT",
        6,
        "months",
        "after",
        "002 Norfolk (the child protection equivalent: later reviews within 6 months)",
        "Each later review Contextual Safeguarding Conference is held within 6 months of the last.",
    ),
]


def defaults_for(rule: str) -> dict:
    for code, value, unit, direction, source, description in DEFAULTS:
        if code == rule:
            return {
                "value": value,
                "unit": unit,
                "direction": direction,
                "source": source,
                "description": description,
                # Reaching 2 years is a notification to senior managers, not somebody's breach;
                # the pre-birth window's first week is checked when booking, never a deadline.
                "raises_qan": code not in ("LONG_PLAN", "PREBIRTH_EARLIEST"),
            }
    raise KeyError(rule)


def ensure_rule(policy_model, rule: str):
    """The authority's policy for a rule, created with the default when missing."""
    return policy_model.objects.get_or_create(rule=rule, defaults=defaults_for(rule))[0]
