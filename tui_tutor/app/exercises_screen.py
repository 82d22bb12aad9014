"""The Exercises screen: the list with each one's status; open one to see its file and its check.

Saving the open file re-checks it within about a second. We poll the file's modification time and
size every 0.4 s rather than use a watcher library: it needs no new dependency, behaves the same on
every filesystem (network mounts, containers, a classroom server's home directories) and costs one
``stat`` per tick. Checks run in a thread worker, the learner's code in a child process beyond it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.syntax import Syntax
from rich.text import Text
from textual import work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..exercises import Result, check, ensure_workspace, exercises, get
from ..exercises.text import clean, status_mark, strings
from .your_code import toggle_your_code

if TYPE_CHECKING:
    from .app import TutorApp

POLL_SECONDS = 0.4
STYLE = {"pass": "bold green", "fail": "bold red", "error": "bold red", "todo": "bold yellow"}
WORDS = {
    "en": {"title": "Exercises: implement the network yourself", "keys":
           "enter: open · e: edit in $EDITOR · h: hint · r: check again · y: train with your code / the engine · esc: back",
           "reread": "reread", "no_editor": "This terminal cannot hand over to an editor; edit {path} in another window: it is checked when saved.",
           "file": "file"},
    "ko": {"title": "연습: 신경망을 직접 구현하기", "keys":
           "enter: 열기 · e: $EDITOR로 편집 · h: 힌트 · r: 다시 검사 · y: 내 코드 / 엔진으로 학습 · esc: 뒤로",
           "reread": "다시 읽기", "no_editor": "이 터미널은 편집기로 넘길 수 없습니다. 다른 창에서 {path}를 편집하세요: 저장하면 검사합니다.",
           "file": "파일"},
}


class ExercisesScreen(Screen[None]):
    DEFAULT_CSS = """
    ExercisesScreen { layout: vertical; }
    ExercisesScreen #ex-title { height: 1; background: $primary-background; padding: 0 1; text-style: bold; }
    ExercisesScreen #ex-main { height: 1fr; }
    ExercisesScreen #ex-left { width: 1fr; min-width: 24; }
    ExercisesScreen #ex-right { width: 46%; border-left: vkey $surface-lighten-2; padding: 0 1; }
    ExercisesScreen #ex-code { height: auto; }
    ExercisesScreen #ex-keys { height: auto; color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape,q", "back", "back"),
        Binding("e", "edit", "edit"),
        Binding("h", "hint", "hint"),
        Binding("r", "recheck", "check"),
        Binding("y", "your_code", "your code"),
    ]

    def __init__(self, workspace: Path, lang: str, lesson_titles: dict[str, str] | None = None) -> None:
        super().__init__()
        self.workspace, self.lang = workspace, lang
        self.lesson_titles = lesson_titles or {}
        self.words = WORDS.get(lang, WORDS["en"])
        self.results: dict[str, Result] = {}
        self.current: str | None = None
        self._stamp: tuple[int, int] | None = None
        self.checks_done = 0  # for tests and for the curious: how many check rounds came back

    def compose(self) -> ComposeResult:
        yield Static(self.words["title"], id="ex-title")
        with Horizontal(id="ex-main"):
            with Vertical(id="ex-left"):
                yield OptionList(*[Option(self._label(ex.name), id=ex.name) for ex in exercises()], id="ex-list")
                with VerticalScroll(id="ex-file"):
                    yield Static(id="ex-code")
            with VerticalScroll(id="ex-right"):
                yield Static(id="ex-result")
        yield Static(self.words["keys"], id="ex-keys")

    def on_mount(self) -> None:
        self.query_one("#ex-file").display = False
        try:
            ensure_workspace(self.workspace, self.lang)
        except OSError as e:
            self.query_one("#ex-result", Static).update(Text(f"{self.workspace}: {e.strerror}", style="red"))
            return
        self.query_one("#ex-list", OptionList).focus()
        self.run_check(None)
        self.set_interval(POLL_SECONDS, self._poll)

    # -- showing ---------------------------------------------------------------------------------
    def _label(self, name: str) -> Text:
        r = self.results.get(name)
        status = r.status if r else "unchecked"
        label = Text(f"{status_mark(status) if r else ' '} {name:<15} ", style=STYLE.get(status, ""))
        label.append(get(name).title.get(self.lang, name), style="")
        return label

    def _show_results(self, results: list[Result]) -> None:
        self.checks_done += 1
        option_list = self.query_one("#ex-list", OptionList)
        for r in results:
            self.results[r.name] = r
            index = [ex.name for ex in exercises()].index(r.name)
            option_list.replace_option_prompt_at_index(index, self._label(r.name))
        self._show_detail()

    def _show_detail(self) -> None:
        name = self.current or next((r.name for r in self.results.values() if not r.passed), None)
        out = Text()
        if name is None:
            out.append(strings(self.lang)["all_pass"], style="bold green")
        else:
            ex, r = get(name), self.results.get(name)
            out.append(f"{ex.title.get(self.lang, name)}\n", style="bold")
            out.append(f"{self.words['file']}: {self.workspace / (name + '.py')}\n", style="dim")
            out.append(f"{self.words['reread']}: {self.lesson_titles.get(ex.lesson, ex.lesson)}\n\n", style="dim")
            if r is None:
                out.append(strings(self.lang)["checking"], style="italic")
            else:
                out.append(f"{status_mark(r.status)} {strings(self.lang)[r.status]}\n", style=STYLE.get(r.status, ""))
                if r.message:
                    out.append(clean(r.message) + "\n")
                for i, hint in enumerate(r.hints, 1):
                    out.append("\n" + strings(self.lang)["hint"].format(i=i, n=len(ex.hints[self.lang]), text=hint),
                               style="cyan")
                if r.output.strip():
                    out.append(f"\n\n{strings(self.lang)['printed']}\n", style="dim")
                    out.append("\n".join(clean(r.output).splitlines()[:8]))
        self.query_one("#ex-result", Static).update(out)

    def _show_file(self) -> None:
        if self.current is None:
            return
        try:
            text = (self.workspace / f"{self.current}.py").read_text("utf-8", errors="replace")
        except OSError as e:
            text = f"# {e.strerror}"
        line = self.results[self.current].line if self.current in self.results else None
        self.query_one("#ex-code", Static).update(Syntax(
            clean(text), "python", line_numbers=True, theme="ansi_dark", word_wrap=True,
            highlight_lines={line} if line else None))

    # -- checking --------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="exercise-check")
    def run_check(self, name: str | None, ask_hint: bool = False) -> None:
        results = check(self.workspace, [name] if name else None, lang=self.lang, ask_hint=ask_hint)
        self.app.call_from_thread(self._after_check, results)

    def _after_check(self, results: list[Result]) -> None:
        if self.is_attached:
            self._show_results(results)
            self._show_file()

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            st = (self.workspace / f"{self.current}.py").stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def _poll(self) -> None:
        """Saved since we last looked? Then show the new text and check it again."""
        if self.current is None:
            return
        stamp = self._file_stamp()
        if stamp != self._stamp:
            self._stamp = stamp
            self._show_file()
            self.run_check(self.current)

    # -- keys ------------------------------------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.open(str(event.option.id))

    def open(self, name: str) -> None:
        self.current = name
        self._stamp = self._file_stamp()
        self.query_one("#ex-list").display = False
        self.query_one("#ex-file").display = True
        self.query_one("#ex-file").focus()  # arrows and PgUp/PgDn scroll the file
        self._show_file()
        self._show_detail()
        self.run_check(name)

    def action_back(self) -> None:
        if self.current is not None:
            self.current = None
            self.query_one("#ex-file").display = False
            self.query_one("#ex-list").display = True
            self.query_one("#ex-list", OptionList).focus()
            self._show_detail()
        elif self.is_current:
            self.dismiss(None)

    def action_recheck(self) -> None:
        self.run_check(self.current)

    def action_hint(self) -> None:
        name = self.current or next((r.name for r in self.results.values() if not r.passed), None)
        if name is not None:
            self.run_check(name, ask_hint=True)

    def action_edit(self) -> None:
        name = self.current or next((r.name for r in self.results.values() if not r.passed), None)
        if name is None:
            return
        path = self.workspace / f"{name}.py"
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), str(path)], check=False)
        except (SuspendNotSupported, OSError, ValueError):
            self.notify(self.words["no_editor"].format(path=path), timeout=8)
        if self.current != name:
            self.open(name)
        else:
            self._stamp = self._file_stamp()
            self._show_file()
            self.run_check(name)  # at once on return, whether or not the poll saw the save

    def action_your_code(self) -> None:
        """Back to the lesson; the panel switches once the exercises the setup needs pass."""
        app = cast("TutorApp", self.app)
        if self.is_current:
            self.dismiss(None)
        toggle_your_code(app, then_run=True)
