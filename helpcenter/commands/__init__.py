"""Sub-commands of `helpcenter`; each module has add_parser(subparsers) and sets args.run."""
from . import build, check, schema, serve

ALL = [check, build, schema, serve]
