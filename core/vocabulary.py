"""Controlled vocabularies: the allow-lists editors choose from, checked at build time."""

AUDIENCES = ("freelancer", "agency", "client")
USERTYPES = ("new", "standard", "top-rated", "enterprise")
CATEGORIES = (
    "getting-started",
    "contracts",
    "payments",
    "feedback",
    "disputes",
    "account",
    "policies",
    "support",
)
CATEGORY_TITLES = {
    "getting-started": "Getting started",
    "contracts": "Contracts",
    "payments": "Payments",
    "feedback": "Feedback",
    "disputes": "Disputes and refunds",
    "account": "Account and profile",
    "policies": "Policies",
    "support": "Support staff",
}
# What each category holds, in one line for its card on the home page, and its card icon (a
# Material icon shipped with the theme).
CATEGORY_DESCRIPTIONS = {
    "getting-started": "Set up your account and find your way around your first project.",
    "contracts": "Offers, hourly and fixed-price contracts, pausing and ending them.",
    "payments": "Getting paid, fees, refunds, taxes and withdrawal methods.",
    "feedback": "Leaving feedback after a contract and how it shows on your profile.",
    "disputes": "What to do when you and the other side disagree about money or work.",
    "account": "Your profile, verification, sign-in security and badges.",
    "policies": "The rules everyone on the platform agrees to, and how to report a breach.",
    "support": "Guides for support staff handling escalations and reports.",
}
CATEGORY_ICONS = {
    "getting-started": "material/rocket-launch-outline",
    "contracts": "material/file-sign",
    "payments": "material/cash-multiple",
    "feedback": "material/star-outline",
    "disputes": "material/scale-balance",
    "account": "material/account-circle-outline",
    "policies": "material/shield-check-outline",
    "support": "material/lifebuoy",
}
VISIBILITIES = ("public", "internal")

# Notice icons, by the name editors write, mapped to the Material icon set shipped with the theme.
ICONS = {
    "info": "material/information-outline",
    "warning": "material/alert-outline",
    "alert": "material/alert-octagon-outline",
    "success": "material/check-circle-outline",
    "tip": "material/lightbulb-on-outline",
    "calendar": "material/calendar-clock",
    "money": "material/cash-multiple",
    "security": "material/shield-lock-outline",
}

# ISO 3166-1 alpha-2, officially assigned codes.
COUNTRIES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
    BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
    EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
    HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
    LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
    NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """.split()
)
