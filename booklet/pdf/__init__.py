"""PDF: booklet HTML in, PDF files out, with WeasyPrint (and pypdf to impose).

``writer`` renders HTML to PDF, reading only files inside the allowed folders; ``jobs`` runs
one job per athlete, in this process or in worker processes; ``packed`` and ``cluster`` send
the jobs to a Dask cluster, with the files they point at (imported only for a build that
names a scheduler); ``reuse`` lays shared chapters out once and splices them into each
booklet, at the places the booklet HTML marks with ``marks``; ``impose`` lays A5 pages out
two-up for saddle stitching (imported on demand, as pypdf is only needed then); ``fonts`` are
the typefaces the booklet uses. This package may import only ``booklet.errors`` and
``booklet.paths`` (the confinement the site shares): it takes HTML strings and knows nothing
of plans or projects.
"""

from .fonts import SANS, SERIF, font_dirs, font_face_css
from .jobs import Edition, PdfJob, PdfOutcome, render_job, run_jobs
from .marks import PAGE_MARK, RESERVED_MARK
from .writer import FetchRefused, PdfWriter, ProjectURLFetcher

__all__ = [
    "PAGE_MARK", "RESERVED_MARK", "SANS", "SERIF", "Edition", "FetchRefused", "PdfJob",
    "PdfOutcome", "PdfWriter", "ProjectURLFetcher", "font_dirs", "font_face_css",
    "render_job", "run_jobs",
]
