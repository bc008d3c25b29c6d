"""helpcenter schema: the front matter JSON Schema, for editors' IDEs."""
import json

from core import schema


def add_parser(sub):
    p = sub.add_parser("schema", help="print the front matter JSON Schema",
                       description="Print the JSON Schema of article front matter (or of a notice).")
    p.add_argument("kind", nargs="?", choices=("article", "notice"), default="article")
    p.set_defaults(run=run)


def document(kind: str) -> dict:
    definition = schema.ARTICLE if kind == "article" else schema.NOTICE
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **definition.json_schema()}


def run(args):
    print(json.dumps(document(args.kind), indent=2))
