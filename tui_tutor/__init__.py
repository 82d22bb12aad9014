"""tui-tutor: the first day of deep learning, in a terminal, with a real network training live."""

from __future__ import annotations

import os

__version__ = "0.1.0"

# The networks here are small: a BLAS thread pool only adds hand-offs, and its spinning threads
# take the second core from the interface (a 2-64-64-1 net trained at 15 steps/s with it, 450
# without). Set before numpy loads; a value the user has set wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
