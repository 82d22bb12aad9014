"""tui-tutor serve: the classroom, over SSH (one tutor per connection) or in the browser."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from ..cli import EXIT_FAIL, EXIT_OK, usage_error

SSH_PORT, WEB_PORT = 2222, 8000
MISSING_EXTRA = ("the classroom needs the optional 'classroom' extra: "
                 "pip install 'tui-tutor[classroom]'")


def run(args: argparse.Namespace) -> int:
    if args.web:
        for flag in ("authorized_keys", "password_file", "host_key", "max_sessions", "idle_timeout",
                     "progress_dir"):
            if getattr(args, flag) is not None:
                return usage_error(f"--{flag.replace('_', '-')} is for --ssh; "
                                   "the browser classroom takes only --host and --port")
        try:
            from ..serve.web import serve_web
        except ImportError:
            return _fail(MISSING_EXTRA)
        serve_web(args.host, WEB_PORT if args.port is None else args.port, args.lessons_dir)
        return EXIT_OK
    if args.authorized_keys is None and args.password_file is None:
        return usage_error("serve --ssh needs --authorized-keys FILE or --password-file FILE; "
                           "there is no open default")
    try:
        from ..serve.keys import SetupError
    except ImportError:
        return _fail(MISSING_EXTRA)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s tui-tutor serve: %(message)s")
    logging.getLogger("asyncssh").setLevel(logging.WARNING)
    try:
        config = _ssh_config(args)
        return asyncio.run(_serve_ssh(config))
    except SetupError as e:
        return _fail(str(e))
    except OSError as e:  # the port is taken, the address is not ours, ...
        port = SSH_PORT if args.port is None else args.port
        return _fail(f"cannot listen on {args.host}:{port} ({e.strerror or e}); "
                     "choose another --port or --host")


def _ssh_config(args: argparse.Namespace):  # -> SSHConfig (imported lazily, like asyncssh)
    from ..serve import keys
    from ..serve.server import SSHConfig

    return SSHConfig(
        host=args.host, port=SSH_PORT if args.port is None else args.port,
        progress_dir=args.progress_dir or keys.classroom_dir() / "learners",
        host_key=keys.load_or_make_host_key(args.host_key or keys.default_host_key()),
        password=keys.read_password(args.password_file) if args.password_file else None,
        authorized_keys=(keys.read_authorized_keys(args.authorized_keys)
                         if args.authorized_keys else None),
        max_sessions=args.max_sessions or 50,
        idle_timeout=(args.idle_timeout if args.idle_timeout is not None else 1800.0) or None,
        lessons_dir=args.lessons_dir)


async def _serve_ssh(config) -> int:  # noqa: ANN001 - SSHConfig, imported lazily
    from ..serve.server import Classroom

    classroom = Classroom(config)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(sig, stopping.set)
    await classroom.start()
    await stopping.wait()
    await classroom.stop()
    return EXIT_OK


def _fail(message: str) -> int:
    print(f"tui-tutor: {message}", file=sys.stderr)
    return EXIT_FAIL


def add_parser(sub: argparse._SubParsersAction, positive_int: Callable[[str], int]) -> None:  # type: ignore[type-arg]
    """The ``serve`` subcommand's arguments (kept here so that cli.py stays small)."""
    serve = sub.add_parser("serve", help="serve the tutor to a class over SSH or in the browser",
                           description="Serve the tutor to a class: one tutor process per learner.")
    how = serve.add_mutually_exclusive_group(required=True)
    how.add_argument("--ssh", action="store_true", help="an SSH server (needs a way to log in)")
    how.add_argument("--web", action="store_true", help="a web server (textual-serve)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, help=f"default {SSH_PORT} for --ssh, {WEB_PORT} for --web")
    serve.add_argument("--authorized-keys", type=Path, metavar="FILE",
                       help="OpenSSH authorized_keys: learners log in with these keys")
    serve.add_argument("--password-file", type=Path, metavar="FILE",
                       help="a file whose first line is the class password")
    serve.add_argument("--host-key", type=Path, metavar="FILE",
                       help="the server's private key (made on first start; default in the user data dir)")
    serve.add_argument("--max-sessions", type=positive_int, metavar="N",
                       help="learners at once (default 50); one more is told the class is full")
    serve.add_argument("--idle-timeout", type=_seconds, metavar="SECONDS",
                       help="close a session after this long without a key, progress saved "
                            "(default 1800; 0 never)")
    serve.add_argument("--progress-dir", type=Path, metavar="DIR",
                       help="one folder per learner (default in the user data dir); may be shared storage")


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0-65535): {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of seconds >= 0: {text!r}")
    return value
