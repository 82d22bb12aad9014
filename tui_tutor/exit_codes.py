"""Exit statuses, shared by the command line and every command (DESIGN: not in ``cli`` itself)."""

from __future__ import annotations

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_DIVERGED = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl+C


def usage_error(message: str) -> int:
    """Say what is wrong in one line on stderr; the status for bad arguments."""
    import sys

    from .safe_text import shown

    print(shown(f"tui-tutor: {message}"), file=sys.stderr)
    return EXIT_USAGE
