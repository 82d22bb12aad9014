import numpy as np


def sgd_step(p: np.ndarray, g: np.ndarray, lr: float) -> np.ndarray:
    raise NotImplementedError
