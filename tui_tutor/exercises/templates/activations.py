import numpy as np


def relu(z: np.ndarray) -> np.ndarray:
    raise NotImplementedError


def relu_grad(z: np.ndarray) -> np.ndarray:
    raise NotImplementedError


def sigmoid(z: np.ndarray) -> np.ndarray:
    raise NotImplementedError


def sigmoid_grad(z: np.ndarray) -> np.ndarray:
    raise NotImplementedError


def tanh(z: np.ndarray) -> np.ndarray:
    raise NotImplementedError


def tanh_grad(z: np.ndarray) -> np.ndarray:
    raise NotImplementedError
