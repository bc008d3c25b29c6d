"""Policy settings the contract-ending rules read at call time; articles cite them by name."""

from datetime import timedelta

# How long both sides may leave feedback after a contract closes. Rules read this through the
# module (settings.FEEDBACK_WINDOW) on every call, so changing it here changes every rule that
# depends on it, and their examples fail until they are brought back in line.
FEEDBACK_WINDOW = timedelta(days=14)
