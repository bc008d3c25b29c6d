"""Policy settings the contract-ending rules read at call time; articles cite them by name."""

from datetime import time, timedelta

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
