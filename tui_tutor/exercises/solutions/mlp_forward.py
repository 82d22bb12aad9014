from collections.abc import Callable

import numpy as np


def mlp_forward(
    x: np.ndarray,
    params: list[tuple[np.ndarray, np.ndarray]],
    act: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    h = x
    for i, (W, b) in enumerate(params):
        h = h @ W + b
        if i < len(params) - 1:  # the last layer gives logits: no activation
            h = act(h)
    return h
