import numpy as np


def dense_backward(x: np.ndarray, W: np.ndarray, dz: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    raise NotImplementedError
