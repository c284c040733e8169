"""Run the training loop both models share.

A step or time budget, evenly spaced validations and the state with the best validation error
(see training.height.train, training.matcher.train).
"""
import math
import os
import platform
import time

import numpy as np
import torch


def hardware_summary():
    """CPU model, logical CPU count and torch version/threads, for the training record."""
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{model}, {os.cpu_count()} logical CPUs, torch {torch.__version__}, "
            f"torch threads {torch.get_num_threads()}")


class Budget:
    """Training progress in [0, 1] over a step or wall-time budget.

    The fraction of ``steps`` when given (repeatable runs), else of ``minutes`` of wall time
    counted from construction.
    """

    def __init__(self, steps, minutes):
        self.steps, self.seconds = steps, minutes * 60.0
        self.start = time.perf_counter()

    def elapsed(self):
        """Return the wall time since construction, in seconds."""
        return time.perf_counter() - self.start

    def fraction(self, step):
        """Return the fraction of the budget spent after ``step`` steps (time budget: spent by now).

        1.0 or more means the budget is spent; a time budget can overshoot past 1.0.
        """
        if self.steps:
            return step / self.steps
        return self.elapsed() / self.seconds


def budget_text(steps, minutes):
    """Return the budget as the logs say it: "N steps" or "M min"."""
    return f"{steps} steps" if steps else f"{minutes:g} min"


def run_steps(budget, validations, train_step, validate):
    """Call ``train_step(fraction)`` until ``budget`` is spent; return the step count.

    ``validate()`` is called after the step that crosses each of ``validations`` evenly spaced
    fractions of the budget (k / (validations + 1)). A validation that itself uses up several
    thresholds (short time budgets) skips them.
    """
    step, next_validation = 0, 1
    while budget.fraction(step) < 1.0:
        train_step(budget.fraction(step))
        step += 1
        if budget.fraction(step) >= next_validation / (validations + 1):
            validate()
            next_validation = math.floor(budget.fraction(step) * (validations + 1)) + 1
    return step


def set_learning_rate(optimiser, lr):
    """Set the learning rate ``lr`` on every parameter group of ``optimiser``."""
    for group in optimiser.param_groups:
        group["lr"] = lr


def evenly_spread(count, limit):
    """Return the indices of at most ``limit`` of ``count`` items, evenly spread (deterministic)."""
    if count <= limit:
        return np.arange(count)
    return np.linspace(0, count - 1, limit).round().astype(int)


class BestState:
    """The model state with the lowest validation error so far, with its step.

    The first state offered is kept whatever its error, so that a NaN validation still leaves a
    state to restore.
    """

    def __init__(self):
        self.error, self.state, self.step, self.extra = float("inf"), None, 0, None

    def offer(self, error, model, step, extra=None):
        """Keep a copy of ``model``'s state if ``error`` is the lowest so far (or none is kept).

        ``step`` and ``extra`` are kept with it. A NaN ``error`` never replaces a kept state (the
        comparison is False).
        """
        if error < self.error or self.state is None:
            state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            self.error, self.state, self.step, self.extra = error, state, step, extra


def fastest_memory_format(model, input_shape, repeats=2):
    """Return (format, seconds per step of each) of the faster layout for training ``model``.

    Times a training step on a batch of ``input_shape`` in channels-last and contiguous layout
    on this CPU and leaves the model in the faster one.

    Which one wins depends on the CPU's oneDNN kernels for the depth-wise dilated convolutions:
    channels-last was 1.6x faster on an Intel Xeon, contiguous 1.35x faster on an AMD EPYC.
    The weights are unchanged; gradients are zeroed after timing.
    """
    times = {}
    for fmt in (torch.channels_last, torch.contiguous_format):
        model.to(memory_format=fmt)
        x = torch.zeros(input_shape).contiguous(memory_format=fmt)
        best = math.inf
        for _ in range(repeats + 1):  # the first step warms the kernels up
            start = time.perf_counter()
            model(x).sum().backward()
            best = min(best, time.perf_counter() - start)
        times[fmt] = best
        model.zero_grad(set_to_none=True)
    chosen = min(times, key=times.get)
    model.to(memory_format=chosen)
    return chosen, {str(k).replace("torch.", ""): round(v, 3) for k, v in times.items()}
