"""Build the bench's synthetic indexes once into a folder, for repeated experiments (not a test)."""
import sys, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_bench as sb
from search import build_index

out = Path(sys.argv[1])
for n in map(int, sys.argv[2:]):
    d = out / f"ix{n}"
    if d.exists():
        continue
    t = time.perf_counter()
    build_index(sb.synthetic_articles(n), d / "tmp", previous=None)
    (d / "tmp").rename(d / "index")
    print(n, "built in", round(time.perf_counter() - t, 1), "s", flush=True)
