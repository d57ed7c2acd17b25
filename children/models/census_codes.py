"""The DfE Children in Need census codes a child's record is coded with: sex, ethnicity,
disability, referral source, primary need and why there is no Unique Pupil Number."""

from django.db import models


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White: British"
    WIRI = "WIRI", "White: Irish"
    WIRT = "WIRT", "White: Traveller of Irish heritage"
    WOTH = "WOTH", "White: any other White background"
    WROM = "WROM", "White: Gypsy or Roma"
    MWBC = "MWBC", "Mixed: White and Black Caribbean"
    MWBA = "MWBA", "Mixed: White and Black African"
    MWAS = "MWAS", "Mixed: White and Asian"
    MOTH = "MOTH", "Mixed: any other mixed background"
    AIND = "AIND", "Asian or Asian British: Indian"
    APKN = "APKN", "Asian or Asian British: Pakistani"
    ABAN = "ABAN", "Asian or Asian British: Bangladeshi"
    AOTH = "AOTH", "Asian or Asian British: any other Asian background"
    BCRB = "BCRB", "Black or Black British: Caribbean"
    BAFR = "BAFR", "Black or Black British: African"
    BOTH = "BOTH", "Black or Black British: any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    NONE = "NONE", "No disability"
    MOB = "MOB", "Mobility: getting about the house and beyond"
    HAND = "HAND", "Hand function: holding and touching"
    PC = "PC", "Personal care: eating, washing, dressing"
    INC = "INC", "Incontinence: controlling the passage of urine or faeces"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    DDA = "DDA", "Other disability under the Equality Act"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness: seizures"
    AUT = "AUT", "Autism or Asperger syndrome diagnosed"


class ReferralSource(models.TextChoices):
    """Who referred the child to children's social care (DfE CIN census <ReferralSource>)."""

    FAMILY = "1A", "Individual: family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual: acquaintance, including neighbours and childminders"
    SELF = "1C", "Individual: self"
    INDIVIDUAL_OTHER = "1D", "Individual: other, including strangers"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    GP = "3A", "Health services: GP"
    HEALTH_VISITOR = "3B", "Health services: health visitor"
    SCHOOL_NURSE = "3C", "Health services: school nurse"
    OTHER_PRIMARY_HEALTH = "3D", "Health services: other primary health services"
    A_AND_E = "3E", "Health services: A&E"
    HEALTH_OTHER = "3F", "Health services: other, for example a hospice"
    HOUSING = "4", "Housing: local authority housing or housing association"
    LA_SOCIAL_CARE = "5A", "Local authority services: social care, for example adult social care"
    LA_OTHER_INTERNAL = (
        "5B",
        "Local authority services: other internal, for example youth offending",
    )
    LA_EXTERNAL = "5C", "Local authority services: another local authority"
    LA_EARLY_HELP = "5D", "Local authority services: early help"
    POLICE = "6", "Police"
    OTHER_LEGAL = "7", "Other legal agency: courts, probation, immigration, Cafcass or prison"
    OTHER = "8", "Other: children's centres, independent providers or voluntary organisations"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class PrimaryNeed(models.TextChoices):
    """The main reason the child is in need (DfE CIN census <PrimaryNeedCode>)."""

    N1 = "N1", "N1: Abuse or neglect"
    N2 = "N2", "N2: Child's disability"
    N3 = "N3", "N3: Parental disability or illness"
    N4 = "N4", "N4: Family in acute stress"
    N5 = "N5", "N5: Family dysfunction"
    N6 = "N6", "N6: Socially unacceptable behaviour"
    N7 = "N7", "N7: Low income"
    N8 = "N8", "N8: Absent parenting"
    N9 = "N9", "N9: Cases other than children in need"


class UpnUnknownReason(models.TextChoices):
    """Why a child has no Unique Pupil Number (DfE CIN census <UPNunknown>)."""

    UN1 = "UN1", "UN1: Aged under 6 and not yet attending school"
    UN2 = "UN2", "UN2: Has never attended a school in England"
    UN3 = "UN3", "UN3: Educated at home"
    UN4 = "UN4", "UN4: Unaccompanied asylum-seeking child or newly arrived from abroad"
    UN5 = "UN5", "UN5: Sources collating UPNs reflect a discrepancy"
    UN6 = "UN6", "UN6: Aged 6 or over and not attending school"
    UN7 = "UN7", "UN7: Referral with no further action"
