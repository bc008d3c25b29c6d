"""Sub-commands of `helpcenter`; each module has add_parser(subparsers) and sets args.run."""
from . import build, check, report, schema, search, serve
from . import rules
from . import new, notices, preview, timeline, translations

ALL = [check, build, schema, serve, report, search, rules]
ALL += [notices, preview, timeline, new, translations]
