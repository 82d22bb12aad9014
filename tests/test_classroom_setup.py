"""The classroom's gates without a server: learner names, the host key, the password file."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("asyncssh", reason="the classroom extra (asyncssh) is not installed")

from tui_tutor.serve import keys  # noqa: E402
from tui_tutor.serve.names import BadName, learner_dir, learner_name, printable  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", ["ada", "bob_2", "k.lee", "x-y", "_ta", "a" * 32])
def test_plain_names_are_learners(name: str, tmp_path: Path) -> None:
    assert learner_name(name) == name
    assert learner_dir(tmp_path, name) == (tmp_path / name).resolve()


@pytest.mark.parametrize("name", ["", ".", "..", "../../etc", "a/b", ".ssh", "-rf", "Ada", "a b",
                                  "a\x1b[31m", "a\nb", "a\x00", "é", "a" * 33, "con\u202eexe"])
def test_names_that_could_escape_or_confuse_are_refused(name: str) -> None:
    with pytest.raises(BadName) as refused:
        learner_name(name)
    message = str(refused.value)
    assert message.isprintable() and "lower-case" in message


def test_printable_escapes_control_characters() -> None:
    assert printable("a\x1b[2Jb\r\n") == "'a\\x1b[2Jb\\r\\n'"
    assert printable("x" * 100, limit=5) == "'xxxxx'..."


def test_the_host_key_is_made_once_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "host_key"
    made = keys.load_or_make_host_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = keys.load_or_make_host_key(path)
    assert again.export_public_key() == made.export_public_key()
    path.write_text("not a key")
    with pytest.raises(keys.SetupError, match="cannot read the host key"):
        keys.load_or_make_host_key(path)


def test_password_file_rules(tmp_path: Path) -> None:
    good = tmp_path / "pw"
    good.write_text("s3cret-class\nignored second line\n")
    secret = keys.read_password(good)
    assert keys.password_matches(secret, "s3cret-class")
    assert not keys.password_matches(secret, "s3cret-clas")
    (tmp_path / "short").write_text("abc\n")
    for bad in (tmp_path / "short", tmp_path / "missing"):
        with pytest.raises(keys.SetupError):
            keys.read_password(bad)


def test_authorized_keys_must_hold_a_key(tmp_path: Path) -> None:
    empty = tmp_path / "authorized_keys"
    empty.write_text("# nobody yet\n")
    with pytest.raises(keys.SetupError, match="holds no keys"):
        keys.read_authorized_keys(empty)
    empty.write_text("ssh-ed25519 not-base64\n")
    with pytest.raises(keys.SetupError, match="cannot be read"):
        keys.read_authorized_keys(empty)


@pytest.mark.parametrize("argv, says", [
    (["serve", "--ssh"], "no open default"),
    (["serve", "--web", "--password-file", "pw"], "--password-file is for --ssh"),
    (["serve", "--ssh", "--web"], "not allowed with"),
    (["serve", "--ssh", "--port", "70000"], "not a port number"),
    (["serve", "--ssh", "--idle-timeout", "-1"], "seconds"),
])
def test_bad_serve_arguments_are_one_line_and_status_2(argv: list[str], says: str) -> None:
    out = subprocess.run([sys.executable, "-m", "tui_tutor", *argv], capture_output=True, text=True,
                         cwd=ROOT, timeout=30)
    assert out.returncode == 2 and says in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_a_server_that_cannot_start_says_why(tmp_path: Path) -> None:
    (tmp_path / "pw").write_text("long enough password\n")
    out = subprocess.run([sys.executable, "-m", "tui_tutor", "serve", "--ssh", "--port", "0",
                          "--host", "192.0.2.1", "--password-file", str(tmp_path / "pw"),
                          "--host-key", str(tmp_path / "hk"), "--progress-dir", str(tmp_path / "l")],
                         capture_output=True, text=True, cwd=ROOT, timeout=30)
    assert out.returncode == 1 and "cannot listen on 192.0.2.1" in out.stderr
    assert "Traceback" not in out.stderr


def test_class_bench_goals_name_what_was_missed() -> None:
    from tui_tutor.commands.classbench_report import goals

    result = {"reading": {"key_p95_ms": 99.0}, "training": {"key_p95_ms": 151.0},
              "idle": {"cores_per_tutor_mean": 0.002}, "memory_mb": {"rss_per_tutor_max": 81.0},
              "failed_sessions": [], "lost_keys": 1}
    met = {g["goal"].split(":")[0].split(" (")[0]: g["met"] for g in goals(result)}
    assert met == {"reading": True, "training": False, "idle tutor": True,
                   "resident MB per learner": False, "failed sessions + lost keys": False}
    assert not any(g["met"] for g in goals({"failed_sessions": [], "lost_keys": 0})[:4])


def test_the_classroom_starts_tutors_and_never_imports_the_app() -> None:
    code = ("import sys, tui_tutor.serve.server, tui_tutor.serve.web, tui_tutor.commands.serve, "
            "tui_tutor.commands.classbench; "
            "print(sorted(m for m in sys.modules if m.startswith(('tui_tutor.app', 'textual.'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
