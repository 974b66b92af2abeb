"""Argument checks shared by the package, in the style of scikit-learn's `check_scalar`: each
returns the value, converted, or raises a `ValueError` naming the argument and what it received."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def check_integer(value: Any, name: str, *, minimum: int = 1) -> int:
    """Returns `value` as an `int` when it is an integer (not a bool) of at least `minimum`.

    Raises:
        ValueError: ``"`name` must be an integer >= minimum. Received: name=value"``.
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"`{name}` must be an integer >= {minimum}. Received: {name}={value!r}")
    return int(value)


def check_real(value: Any, name: str, *, minimum: float = 0.0, strict: bool = False) -> float:
    """Returns `value` as a `float` when it is a finite number >= `minimum` (> when `strict`).

    Raises:
        ValueError: ``"`name` must be a finite number >= minimum. Received: name=value"``.
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if (
        isinstance(value, bool)
        or not math.isfinite(number)
        or number < minimum
        or (strict and number == minimum)
    ):
        relation = ">" if strict else ">="
        raise ValueError(
            f"`{name}` must be a finite number {relation} {minimum:g}. Received: {name}={value!r}"
        )
    return number
