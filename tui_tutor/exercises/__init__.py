"""Exercises: the learner implements the pieces of a network, a checker grades each piece.

A room of its own: imports the engine, never the app. Learner code runs only in a child process
(``child``) with a time and memory limit; this side only starts it and reads its JSON lines.
"""

from __future__ import annotations

from .checker import Result, check
from .manifest import Exercise, exercises, get, names
from .workspace import default_workspace, ensure_workspace

__all__ = ["Exercise", "Result", "check", "default_workspace", "ensure_workspace", "exercises", "get", "names"]
