import numpy as np


def mse(y_hat: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    diff = y_hat - y
    return float(np.mean(diff**2)), 2.0 * diff / diff.size
