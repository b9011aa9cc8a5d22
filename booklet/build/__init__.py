"""The build: a project in, the plan site and the PDF booklets written to its output folder.

``builder.build`` reads the project, renders every page and booklet in memory, renders the
PDFs (in worker processes) and only then swaps the new output in (``output``: a staging folder,
so a failed build leaves the last one untouched). ``manifest`` records every output with the
hash of its inputs, so an unchanged booklet is kept rather than rendered again; ``progress``
shows how the PDFs are going. This package may import every earlier stage (``booklet.plan``,
``library``, ``project``, ``render``, ``pdf``, ``exports``); only the command line and the
preview server import it.
"""

from ..render import RESERVED_IDS
from .builder import ZIP_NAME, BuildResult, PdfBatch, build
from .manifest import Manifest, exports_hash, inputs_hash, read_manifest
from .output import StagedOutput
from .progress import BarReporter, LineReporter, Reporter, reporter_for

__all__ = [
    "RESERVED_IDS", "ZIP_NAME", "BarReporter", "BuildResult", "LineReporter", "Manifest",
    "PdfBatch", "Reporter", "StagedOutput", "build", "exports_hash", "inputs_hash", "read_manifest",
    "reporter_for",
]
