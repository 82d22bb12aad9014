"""Every exercise's check, by name. Runs in the child process only (see ``child``)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from .checks_math import check_activations, check_affine_forward, check_bce, check_collapse, check_mlp_forward, check_mse
from .checks_optim import check_adam, check_dense_backward, check_momentum, check_sgd

CHECKS: dict[str, Callable[[ModuleType], None]] = {
    "affine_forward": check_affine_forward,
    "activations": check_activations,
    "mse": check_mse,
    "bce": check_bce,
    "collapse": check_collapse,
    "dense_backward": check_dense_backward,
    "mlp_forward": check_mlp_forward,
    "sgd": check_sgd,
    "momentum": check_momentum,
    "adam": check_adam,
}
