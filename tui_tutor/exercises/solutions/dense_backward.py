import numpy as np


def dense_backward(x: np.ndarray, W: np.ndarray, dz: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    dW = x.T @ dz
    db = dz.sum(axis=0)
    dx = dz @ W.T
    return dW, db, dx
