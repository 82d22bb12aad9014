import numpy as np


def momentum_step(
    p: np.ndarray, g: np.ndarray, v: np.ndarray, lr: float, beta: float = 0.9
) -> tuple[np.ndarray, np.ndarray]:
    v_new = beta * v + g
    return p - lr * v_new, v_new
