"""The SSH classroom against a real server on loopback: who gets in, what is refused, and that
every learner's progress survives whatever the others (or the network) do."""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import socket
import subprocess
from pathlib import Path

import pytest

asyncssh = pytest.importorskip("asyncssh", reason="the classroom extra (asyncssh) is not installed")

from classroom_server import PASSWORD, Server  # noqa: E402
from tui_tutor.lessons import default_lessons_dir, load_course  # noqa: E402
from tui_tutor.serve.client import Learner  # noqa: E402

LESSONS = load_course(default_lessons_dir()).in_language("en")
START = 60.0  # seconds a tutor may take to appear: generous, for a CI machine under load


def title(n: int) -> str:
    """What the header shows on lesson ``n`` (1-based): '2/9 The four key components'."""
    return f"{n}/{len(LESSONS)} {LESSONS[n - 1].title}"


def saved(progress_dir: Path, user: str) -> dict:
    return json.loads((progress_dir / user / "progress.json").read_text())


async def wait_saved(progress_dir: Path, user: str, lesson: int, timeout: float = 10.0) -> dict:
    for _ in range(int(timeout / 0.1)):
        try:
            data = saved(progress_dir, user)
            if data["last_lesson"] == LESSONS[lesson - 1].id:
                return data
        except (OSError, ValueError):
            pass
        await asyncio.sleep(0.1)
    raise AssertionError(f"{user}'s progress never reached lesson {lesson}")


@pytest.fixture(scope="module")
def class_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("classroom")


@pytest.fixture(scope="module")
def server(class_dir: Path):
    srv = Server(class_dir, class_dir / "learners")
    yield srv
    assert srv.stop() == 0, srv.log


async def test_no_or_wrong_credentials_are_refused(server: Server, class_dir: Path) -> None:
    stranger = asyncssh.generate_private_key("ssh-ed25519")
    attempts = [dict(client_keys=[]), dict(client_keys=[], password="wrong password"),
                dict(client_keys=[stranger])]
    for how in attempts:
        with pytest.raises(asyncssh.PermissionDenied):
            await asyncssh.connect("127.0.0.1", server.port, username="eve", known_hosts=None,
                                   agent_path=None, **how)
    assert server.wait_log(r"wrong password for eve")
    assert PASSWORD not in server.log and "wrong password\n" not in server.log
    assert not (class_dir / "learners" / "eve").exists()


async def test_exec_sftp_and_forwarding_are_refused(server: Server, class_dir: Path) -> None:
    async with asyncssh.connect("127.0.0.1", server.port, username="mallory",
                                client_keys=[str(class_dir / "learner_key")], known_hosts=None,
                                agent_path=None) as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.run("cat /etc/passwd", check=True)
        with pytest.raises(asyncssh.ChannelOpenError):  # one session per connection
            await conn.create_session(asyncssh.SSHClientSession, term_type="xterm")
    async with asyncssh.connect("127.0.0.1", server.port, username="mallory", password=PASSWORD,
                                client_keys=[], known_hosts=None, agent_path=None) as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.start_sftp_client()
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.open_connection("127.0.0.1", server.port)
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", server.port)
    for refusal in ("exec request", "subsystem 'sftp'", "port forwarding to",
                    "remote port forwarding", "a second session"):
        assert server.wait_log(f"refused {refusal}"), server.log


@pytest.mark.skipif(shutil.which("ssh") is None, reason="no OpenSSH client (apt-get install openssh-client)")
def test_the_openssh_client_gets_nothing_but_the_tutor(server: Server, class_dir: Path) -> None:
    base = ["ssh", "-p", str(server.port), "-i", str(class_dir / "learner_key"), "-F", "/dev/null",
            "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no",
            "-o", f"UserKnownHostsFile={class_dir / 'known_hosts'}", "-o", "ExitOnForwardFailure=yes"]
    for options, command, says in (([], ["ls", "/"], "exec request failed"),
                                   (["-s"], ["sftp"], "subsystem request failed"),
                                   (["-N", "-R", "0:127.0.0.1:9"], [], "remote port forwarding failed"),
                                   (["-T"], [], "needs a terminal")):
        out = subprocess.run([*base, *options, "oscar@127.0.0.1", *command], capture_output=True,
                             text=True, timeout=30, stdin=subprocess.DEVNULL)
        assert out.returncode != 0 and says in out.stdout + out.stderr, (options, out)


class _Banner(asyncssh.SSHClient):
    said = ""

    def auth_banner_received(self, msg: str, lang: str) -> None:
        _Banner.said += msg


@pytest.mark.parametrize("name", ["../../etc", "a\x1b[31mb", ".profile", "Ada", "x" * 33])
async def test_a_hostile_user_name_is_refused_with_a_message(server: Server, class_dir: Path,
                                                             name: str, monkeypatch) -> None:
    # asyncssh's client, like OpenSSH's, will not even send a name with control characters:
    # switch that off to see what the server does with one.
    monkeypatch.setattr(asyncssh.connection, "saslprep", lambda s: s)
    _Banner.said = ""
    with pytest.raises(asyncssh.DisconnectError) as refused:
        await asyncssh.connect("127.0.0.1", server.port, username=name, password=PASSWORD,
                               client_keys=[], known_hosts=None, agent_path=None,
                               client_factory=_Banner)
    said = _Banner.said + refused.value.reason
    if "\x1b" in name:  # refused by asyncssh before any of our code sees it
        assert "Prohibited character" in said
    else:  # refused before any password is asked for, with the rule as the reason
        assert isinstance(refused.value, asyncssh.IllegalUserName)
        assert "cannot be used" in refused.value.reason and "lower-case" in _Banner.said
        assert server.wait_log("refused user name")
    assert "\x1b" not in said and "\x1b" not in server.log
    assert [p.name for p in class_dir.rglob("*") if p.name in ("etc", ".profile", "Ada")] == []


async def test_a_flood_of_dropped_connections_leaves_the_class_open(server: Server) -> None:
    async def drop(i: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        if i % 2:
            writer.write(b"SSH-2.0-flood\r\n")  # half a handshake, then gone
            await writer.drain()
        writer.transport.abort()

    await asyncio.gather(*(drop(i) for i in range(50)))
    learner = await Learner.connect(server.port, "newcomer", password=PASSWORD)
    assert await learner.wait_for(title(1), timeout=START), learner.text()
    assert await learner.quit() == 0


async def test_a_dropped_learner_keeps_progress_and_others_carry_on(server: Server,
                                                                    class_dir: Path) -> None:
    ada, bob = await asyncio.gather(Learner.connect(server.port, "ada", password=PASSWORD),
                                    Learner.connect(server.port, "bob", password=PASSWORD))
    for learner in (ada, bob):
        assert await learner.wait_for(title(1), timeout=START)
    _, mark = ada.press("n")
    assert await ada.wait_for(title(2), mark)
    _, mark = ada.press("x")
    ada.press("1")  # the experiment's prediction: a guess, then the run plays
    assert await ada.wait_for("step", mark)
    ada.abort()  # mid-run, no goodbye
    await wait_saved(class_dir / "learners", "ada", 2)
    assert (class_dir / "learners" / "ada").stat().st_mode & 0o777 == 0o700
    _, mark = bob.press("n")
    assert await bob.wait_for(title(2), mark, timeout=10), "bob's tutor stopped answering"
    assert await bob.quit() == 0
    # 129 = 128 + SIGHUP: the tutor left through its hang-up handler, which saves first
    assert server.wait_log(r"tutor of ada from \S+ exited with status 129"), server.log


async def test_the_same_learner_twice_both_work_and_progress_stays_whole(
        server: Server, class_dir: Path) -> None:
    first, second = await asyncio.gather(Learner.connect(server.port, "carol", password=PASSWORD),
                                         Learner.connect(server.port, "carol", password=PASSWORD))
    for learner in (first, second):
        assert await learner.wait_for(title(1), timeout=START)
    for learner, lesson in ((first, 4), (second, 2)):
        for n in range(2, lesson + 1):
            _, mark = learner.press("n")
            assert await learner.wait_for(title(n), mark)
    assert await first.quit() == 0, server.log[-3000:]  # saved lessons 1-4
    assert await second.quit() == 0  # saved lessons 1-2, loaded before the first saved
    data = saved(class_dir / "learners", "carol")
    assert data["last_lesson"] == LESSONS[1].id
    assert not list((class_dir / "learners" / "carol").glob("*.corrupt-*"))
    # Both sessions' visits are kept: saves merge with what is on disk instead of overwriting.
    assert {lesson.id for lesson in LESSONS[:4]} <= set(data["visited"])


async def test_terminal_type_colour_and_window_changes_reach_the_tutor(server: Server) -> None:
    deep, plain = await asyncio.gather(
        Learner.connect(server.port, "dee", password=PASSWORD, cols=80, rows=24,
                        env={"COLORTERM": "truecolor"}),
        Learner.connect(server.port, "pat", password=PASSWORD, cols=80, rows=24))
    for learner in (deep, plain):
        assert await learner.wait_for(title(1), timeout=START)
    assert "\x1b[38;2;" in deep.text() and "\x1b[38;2;" not in plain.text()
    assert "\x1b[38;5;" in plain.text()
    # SSH_CONNECTION reached the tutor: its SSH mode asks for no mouse tracking
    assert "\x1b[?1000h" not in deep.text() and "\x1b[?1003h" not in deep.text()
    assert "\x1b[30;1H" not in deep.text()  # nothing below row 24 yet
    mark = deep.total
    deep.resize(120, 40)
    assert await deep.wait_for("\x1b[40;1H", mark), "the tutor did not redraw at the new size"
    mark = deep.total
    deep.resize(100_000, 100_000)  # absurd sizes are cut to 500x200
    assert await deep.wait_for("\x1b[200;1H", mark), "the tutor did not redraw at 500x200"
    assert "\x1b[201;" not in deep.text(mark)
    assert await deep.quit() == 0 and await plain.quit() == 0


async def test_two_servers_sharing_a_progress_dir_keep_a_learner_s_place(
        server: Server, class_dir: Path, tmp_path: Path) -> None:
    other = Server(tmp_path, class_dir / "learners")
    try:
        for port, lessons in ((server.port, 3), (other.port, 0)):
            learner = await Learner.connect(port, "dora", password=PASSWORD)
            # on the second server dora starts where she left off on the first
            assert await learner.wait_for(title(1 if lessons else 3), timeout=START)
            for n in range(2, lessons + 1):
                _, mark = learner.press("n")
                assert await learner.wait_for(title(n), mark)
            assert await learner.quit() == 0
    finally:
        assert other.stop() == 0


async def test_class_full_idle_timeout_and_sigterm(tmp_path: Path) -> None:
    learners = tmp_path / "learners"
    srv = Server(tmp_path, learners, "--max-sessions", "1", "--idle-timeout", "3")
    try:
        ada = await Learner.connect(srv.port, "ada", password=PASSWORD)
        assert await ada.wait_for(title(1), timeout=START)
        _, mark = ada.press("n")
        assert await ada.wait_for(title(2), mark)
        late = await Learner.connect(srv.port, "late", password=PASSWORD)
        assert await late.closed()
        assert late.text().strip() == "The class is full (1 learners); please try again in a few minutes."
        # ada presses nothing more: closed after the idle timeout, progress saved
        assert await ada.wait_for("without a key press; your progress is saved", timeout=15)
        assert await ada.closed()
        await wait_saved(learners, "ada", 2, timeout=1)
        cy = await Learner.connect(srv.port, "cy", password=PASSWORD)
        assert await cy.wait_for(title(1), timeout=START)
        _, mark = cy.press("n")
        assert await cy.wait_for(title(2), mark)
        srv.proc.send_signal(signal.SIGTERM)
        assert await cy.wait_for("The class server is stopping; your progress is saved.")
        assert await asyncio.to_thread(srv.proc.wait, 5) == 0
        await wait_saved(learners, "cy", 2, timeout=1)
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", srv.port), timeout=1).close()
        for line in ("refused late from", "closing idle session of ada", "stopping: asking 1 tutors",
                     "tutor of ada from", "exited with status 129", "exited with status 143"):
            assert line in srv.log, srv.log
    finally:
        srv.stop()
