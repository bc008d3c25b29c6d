"""helpcenter serve: the built site and the APIs on one port."""
import os
import sys

from ..pipeline import build
from ..progress import Progress
from publish.release import Releases
from . import options


def add_parser(sub):
    p = sub.add_parser("serve", help="serve the site and the APIs (default http://127.0.0.1:8000)",
                       description="Serve the current release of --out: the static site and the JSON APIs.")
    options.add_out(p)
    options.add_content(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--workers", type=int, default=1, help="worker processes, one per core (default: 1)")
    p.add_argument("--build", action="store_true", help="build first when there is no release yet")
    p.set_defaults(run=run)


def run(args):
    import uvicorn

    if args.build and Releases(args.out).current() is None:
        build(args.content, args.out, progress=Progress(7))
    if Releases(args.out).current() is None:
        print(f"helpcenter serve: no build in {args.out}; run `helpcenter build --out {args.out}` first "
              "or pass --build", file=sys.stderr)
        return 1
    os.environ["HELPCENTER_OUT"] = str(args.out.resolve())
    print(f"Serving {args.out} at http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)
    uvicorn.run("helpcenter.web:app_from_env", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level="warning", access_log=False)
    return 0
