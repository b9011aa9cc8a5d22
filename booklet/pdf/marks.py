"""How a booklet is split for layout reuse: the marks its personal part carries (see reuse.py).

Kept apart so the worker processes that render PDFs need not import the templating side.
"""

import re

# Where an athlete's personal part leaves room for the shared chapters.
RESERVED_MARK = "<!-- booklet: reserved chapter pages -->"
# The data-page value of a reference into the chapters, before its page number is known.
PAGE_MARK = "booklet-page:"
# Such a reference's attribute; its group is the anchor it points at.
PAGE_REF = re.compile(r' data-page="' + re.escape(PAGE_MARK) + r'([^"]*)"')
