import numpy as np


def bce(z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    softplus = np.logaddexp(0.0, z)  # log(1 + e^z) without overflow
    loss = float(np.mean(softplus - y * z))
    return loss, (np.exp(z - softplus) - y) / z.size
