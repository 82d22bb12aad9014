"""Words the command line and the app both show, and cleaning the learner's printed output."""

from __future__ import annotations

import re

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "init": "{n} new exercise files in {path} (existing files are never overwritten)",
        "all_pass": "Every exercise passes. Train with your code: tui-tutor exercises train",
        "edit": "edit {path}",
        "hint": "hint {i}/{n}: {text}",
        "hint_later": "(a hint comes after three tries, or now with --hint)",
        "printed": "your code printed:",
        "progress": "step {step:>5}  loss {loss:.4g}  val acc {val_accuracy:.1%}",
        "bench": ("your code: val acc {y_acc:.1%}, {y_sps:,.0f} steps/s in its child process, "
                  "{app_sps:,.0f} steps/s as the app drives it\n"
                  "engine:    val acc {e_acc:.1%}, {e_sps:,.0f} steps/s\n"
                  "(your code's run took {wall:.2f} s with start-up)"),
        "pass": "passes", "fail": "fails", "todo": "not implemented yet", "error": "error",
        "unchecked": "not checked yet", "checking": "checking…",
    },
    "ko": {
        "init": "{path}에 새 연습 파일 {n}개 (있는 파일은 절대 덮어쓰지 않습니다)",
        "all_pass": "모든 연습을 통과했습니다. 내 코드로 학습: tui-tutor exercises train",
        "edit": "편집: {path}",
        "hint": "힌트 {i}/{n}: {text}",
        "hint_later": "(세 번 시도하면 힌트가 나옵니다. 지금 보려면 --hint)",
        "printed": "코드가 출력한 내용:",
        "progress": "걸음 {step:>5}  손실 {loss:.4g}  검증 정확도 {val_accuracy:.1%}",
        "bench": ("내 코드: 검증 정확도 {y_acc:.1%}, 자식 프로세스에서 초당 {y_sps:,.0f} 걸음, "
                  "앱이 돌릴 때 초당 {app_sps:,.0f} 걸음\n"
                  "엔진:    검증 정확도 {e_acc:.1%}, 초당 {e_sps:,.0f} 걸음\n"
                  "(내 코드 실행: 시작 포함 {wall:.2f}초)"),
        "pass": "통과", "fail": "실패", "todo": "아직 구현되지 않음", "error": "오류",
        "unchecked": "아직 검사 안 함", "checking": "검사 중…",
    },
}

MARKS = {"pass": "✓", "fail": "✗", "todo": "·", "error": "!"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strings(lang: str) -> dict[str, str]:
    return STRINGS.get(lang, STRINGS["en"])


def status_mark(status: str) -> str:
    return MARKS.get(status, "?")


def clean(text: str) -> str:
    """The learner's output without control characters or escape sequences (tabs, newlines kept)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n"))
