"""helpcenter schema: the JSON Schema of what editors write, generated from core's schema declarations."""
import json

from core import schema


def add_parser(sub):
    p = sub.add_parser("schema", help="print the front matter JSON Schema",
                       description="Print the JSON Schema of article front matter, of one notice, of the "
                                   "notices file or of the synonyms file, generated from the declarations "
                                   "`helpcenter check` validates with.")
    p.add_argument("kind", nargs="?", choices=tuple(schema.SCHEMAS), default="article",
                   help="what to describe (default: article)")
    p.set_defaults(run=run)


def document(kind: str) -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema.SCHEMAS[kind].json_schema()}


def run(args):
    print(json.dumps(document(args.kind), indent=2))
