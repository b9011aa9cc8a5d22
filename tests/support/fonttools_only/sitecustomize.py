"""Put on PYTHONPATH by tests/test_reproducible.py: makes WeasyPrint subset fonts with fontTools
(as on a machine without HarfBuzz's subsetter) in this process and in every process started
from it, build workers included, and records each use in $BOOKLET_FONTTOOLS_LOG."""

import os

from weasyprint.pdf import fonts

fonts.harfbuzz_subset = None
_subset = fonts.Font._fonttools_subset


def _recorded(self, *args, **kwargs):
    with open(os.environ["BOOKLET_FONTTOOLS_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {self.family}\n")
    return _subset(self, *args, **kwargs)


fonts.Font._fonttools_subset = _recorded
