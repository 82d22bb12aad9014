import numpy as np


def collapse(W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    raise NotImplementedError
