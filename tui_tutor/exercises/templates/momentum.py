import numpy as np


def momentum_step(
    p: np.ndarray, g: np.ndarray, v: np.ndarray, lr: float, beta: float = 0.9
) -> tuple[np.ndarray, np.ndarray]:
    raise NotImplementedError
