import numpy as np


def adam_step(
    p: np.ndarray,
    g: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float = 0.001,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m_new = beta1 * m + (1.0 - beta1) * g
    v_new = beta2 * v + (1.0 - beta2) * g**2
    m_hat = m_new / (1.0 - beta1**t)  # bias correction: m and v started at 0
    v_hat = v_new / (1.0 - beta2**t)
    return p - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new
