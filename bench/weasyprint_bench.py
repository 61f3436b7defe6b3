"""Renders the HTML pages written by the bench_drafts example with WeasyPrint and prints the
median time per page: `weasyprint_bench.py HTML_DIR RUNS` (not named weasyprint.py, which would shadow the package) -> `kind<TAB>median_ms<TAB>pages<TAB>bytes`.

Each run parses the HTML and its stylesheet and writes the PDF, as a server would per request.
"""

import statistics
import sys
import time
from pathlib import Path

import weasyprint


def main() -> None:
    html_dir = Path(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    print(f"# weasyprint {weasyprint.__version__}")
    for kind in ["imy", "imy-supplement", "police", "data-subjects", "register"]:
        path = html_dir / f"{kind}.html"
        source = path.read_text(encoding="utf-8")
        pdf = weasyprint.HTML(string=source, base_url=str(html_dir)).write_pdf()
        pages = len(weasyprint.HTML(string=source, base_url=str(html_dir)).render().pages)
        (html_dir / f"{kind}.weasyprint.pdf").write_bytes(pdf)
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            weasyprint.HTML(string=source, base_url=str(html_dir)).write_pdf()
            samples.append(time.perf_counter() - start)
        print(f"{kind}\t{statistics.median(samples) * 1000:.3f}\t{pages}\t{len(pdf)}")


if __name__ == "__main__":
    main()
