import numpy as np


def bce(z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    raise NotImplementedError
