"""Policy settings the contract-ending rules read at call time; articles cite them by name."""

from datetime import date, time, timedelta

# How long both sides may leave feedback after a contract closes. Rules read this through the
# module (settings.FEEDBACK_WINDOW) on every call, so changing it here changes every rule that
# depends on it, and their examples fail until they are brought back in line.
FEEDBACK_WINDOW = timedelta(days=14)

# Hourly billing (articles: "Get paid for your work", "Disputes for hourly work"). A billing week
# runs from Monday 00:00 UTC to Sunday 23:59 UTC; its hours are billed to the client on the
# following Monday (BILLED_DAYS_AFTER_WEEK after the week ends) and can be disputed until the end
# of the review period, the following Friday at 23:59 UTC.
BILLING_WEEK_STARTS = 0  # Monday, as datetime.weekday() counts, at 00:00 UTC
BILLED_DAYS_AFTER_WEEK = 0  # billed on the Monday that starts the next week
REVIEW_ENDS_DAYS_AFTER_BILLING = 4  # Friday ...
REVIEW_ENDS_AT = time(23, 59)  # ... at 23:59 UTC, the last minute hours can be disputed

# After review, money waits in the security period: it reaches the available balance on the
# SECURITY_PERIOD_DAYS-th day after the day the review ends (Friday + 5 days = Wednesday), and a
# released fixed-price milestone SECURITY_PERIOD_DAYS days after its release.
SECURITY_PERIOD_DAYS = 5

# Changed dates over the end-of-year holidays (article "Holiday payment schedule 2026-2027", which
# cites the rules that read these). For the billing week starting on the key (a Monday): the day its
# hours are billed and the last day of their review period (until REVIEW_ENDS_AT), instead of the
# usual Monday and Friday.
HOLIDAY_WEEKS = {
    date(2026, 12, 21): (date(2026, 12, 28), date(2026, 12, 31)),  # billed Monday as usual, review ends Thursday
    date(2026, 12, 28): (date(2027, 1, 5), date(2027, 1, 9)),  # billed Tuesday, review ends Saturday
}
# Fixed-price milestones released on these days (first, last; UTC) reach the available balance by
# the end of HOLIDAY_MILESTONES_BY (23:59 UTC) at the latest, instead of SECURITY_PERIOD_DAYS after.
HOLIDAY_MILESTONES_RELEASED = (date(2026, 12, 24), date(2027, 1, 2))
HOLIDAY_MILESTONES_BY = date(2027, 1, 7)
