"""The app's own words in each language. Lessons carry their own text; this is the chrome."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "ready": "ready", "training": "training", "paused": "paused", "diverged": "diverged",
        "done": "done", "error": "error",
        "step": "step", "train": "train", "val": "val", "acc": "acc", "steps_s": "steps/s",
        "data": "Data", "model": "Model", "loss": "Loss", "optimizer": "Optimizer",
        "points": "{n} points", "noise": "noise", "hidden": "hidden", "linear_model": "no hidden layer",
        "lesson_of": "lesson {i} of {n}",
        "no_run": "Press x to run this lesson's experiment.",
        "no_experiment": "This lesson has no experiment. Press x to train the setup above; "
                         "a, o, d and [ ] change it.",
        "experiment": "Experiment", "run_hint": "press x to run", "running": "running",
        "next_hint": "press x again for the next one",
        "quiz": "Quiz", "quiz_hint": "Press 1–{n} to answer.", "correct": "Correct!",
        "wrong": "Not quite: the answer is {k}.", "your_answer": "you answered {k}",
        "all_answered": "Every quiz in this lesson is answered.",
        "no_quiz": "This lesson has no quiz.",
        "contents": "Contents", "exercises": "Exercises: implement it yourself", "contents_hint": "enter: open · esc: close",
        "done_mark": "done", "visited_mark": "visited",
        "help": "Help", "source": "Engine source", "source_hint": "esc: close · j/k: scroll",
        "diverged_hint": "Press [ to lower the learning rate, then r to run again.",
        "compare_on": "comparing with the previous run ({what})",
        "compare_none": "No earlier run in this lesson yet: change the setup (a, o, d, [ ]) and press r.",
        "compare_off": "comparison off",
        "lr_changed": "learning rate {lr:g}",
        "setup_changed": "{what}: {value}",
        "broken": "This lesson could not be loaded",
        "broken_hint": "Fix the file and restart; the other lessons work.",
        # the panel's view: legends, setup words, the setup editor, layout (panelview)
        "legend_loss": "loss", "legend_train": "train", "legend_val": "validation",
        "legend_before": "previous run",
        "legend_classes": "class", "legend_train_point": "train",
        "legend_val_point": "val", "legend_wrong": "wrong",
        "legend_fit_data": "data", "legend_fit_model": "the model's prediction",
        "field_title": "decision boundary: the model's answer",
        "fit_title": "fit",
        "lr": "lr", "n_steps": "{n} steps", "batch": "batch", "decay": "decay", "seed": "seed",
        "setup_title": "Setup",
        "setup_keys": "tab / shift+tab: move · space or ↓: open a list · enter: apply and run · esc: cancel",
        "f_dataset": "dataset", "f_n": "points", "f_noise": "noise", "f_hidden": "hidden widths",
        "f_activation": "activation", "f_loss": "loss", "f_optimizer": "optimizer",
        "f_lr": "learning rate", "f_batch_size": "batch size", "f_weight_decay": "weight decay",
        "f_steps": "steps", "f_seed": "seed",
        "loss_auto": "the dataset's own",
        "hint_hidden": "e.g. 8,8 · empty: no hidden layer", "hint_batch": "empty: all training points",
        "need_int": "Enter a whole number, such as {example}.",
        "need_number": "Enter a number, such as {example}.",
        "need_widths": "Enter widths separated by commas, such as 8,8, or leave it empty for no hidden layer.",
        "setup_fix": "Fix the fields marked in red first; each says why.",
        "setup_applied": "new setup: running from step 0",
        "layout_both": "layout: lesson and panel", "layout_panel": "layout: panel only",
        "layout_lesson": "layout: lesson only",
        "card_ready": "ready: x or space runs it", "card_training": "running", "card_paused": "paused",
        "card_done": "done", "card_diverged": "diverged", "card_error": "could not run",
        "x_replaced": "x loaded the lesson's next experiment over your changes ({what}); "
                      "r runs your own setup instead.",
        "setup_pending": "r runs it", "setup_changed_status": "setup changed: r runs it",
        "compare_same": "the same setup",
        "pace_watch": "watch pace: a run takes about 8 seconds", "pace_full": "full speed",
        "pace_on": "watch pace", "pace_off": "full speed",
        "wrong_retry": "Not quite. Think again and press another number.",
        "quiz_off_screen": "No quiz on screen: scroll to one to answer it.",
        "already_right": "This quiz is answered right already.",
        "quiz_score": "quizzes: {right}/{total} right first time",
        "train_acc": "train acc", "val_acc": "val acc",
        "log_on": "loss axis: log scale", "log_off": "loss axis: linear",
        "explain_open": "m: read «{title}»",
        "network_caption": "network (w): each neuron's output; arrows: focus",
        "predict_on": "Predictions on: x asks before an experiment runs.",
        "predict_off": "Predictions off: x runs at once (P turns them back on).",
        # exercises: the list, an exercise in the lesson pane, its check in the panel, the engine switch
        "ex_title": "Exercises: implement the network yourself",
        "ex_list_keys": "enter: open · r: check again · y: train with your code / the engine · esc: back",
        "ex_heading": "Exercise {i} of {n} · {title}",
        "ex_file": "file", "ex_reread": "reread", "ex_lesson": "lesson {order}",
        "ex_your_file": "your file, as saved",
        "ex_keys": "Save the file (e opens it in $EDITOR): it is checked within a second, the result "
                   "beside. r: check again · h: a hint · y: train with your code · esc: back to the lesson · "
                   "t: contents",
        "ex_no_editor": "This terminal cannot hand over to an editor; edit {path} in another window: "
                        "it is checked when saved.",
        "ex_check_title": "Check: {name}",
        "ex_passed_next": "Well done. esc returns to the lesson; t, then Exercises, opens the next one.",
        "ex_tries": "failed tries: {n} · a hint comes after every 3, or now with h",
        "ex_hints": "Hints",
        "f_engine": "engine", "engine_builtin": "built-in", "engine_yours": "your code",
        "engine_checking": "Checking your exercises…",
        "engine_no_workspace": "Your code can train once the layer, activation, loss and optimizer "
                               "exercises pass: open Exercises from the contents (t).",
        "engine_ready": "Your layer, activation, loss and optimizer pass: this run can train on your code.",
    },
    "ko": {
        "ready": "준비", "training": "학습 중", "paused": "일시 정지", "diverged": "발산",
        "done": "완료", "error": "오류",
        "step": "스텝", "train": "학습", "val": "검증", "acc": "정확도", "steps_s": "스텝/초",
        "data": "데이터", "model": "모델", "loss": "손실", "optimizer": "최적화",
        "points": "점 {n}개", "noise": "잡음", "hidden": "은닉층", "linear_model": "은닉층 없음",
        "lesson_of": "{n}개 중 {i}번째 강의",
        "no_run": "x 키를 누르면 이 강의의 실험이 시작됩니다.",
        "no_experiment": "이 강의에는 실험이 없습니다. x 키로 위 설정을 학습시키고, "
                         "a, o, d, [ ] 키로 설정을 바꿔 보세요.",
        "experiment": "실험", "run_hint": "x 키로 실행", "running": "실행 중",
        "next_hint": "x 키를 다시 누르면 다음 실험",
        "quiz": "퀴즈", "quiz_hint": "1–{n} 키로 답하세요.", "correct": "정답입니다!",
        "wrong": "아쉽네요. 정답은 {k}번입니다.", "your_answer": "{k}번을 골랐습니다",
        "all_answered": "이 강의의 퀴즈를 모두 풀었습니다.",
        "no_quiz": "이 강의에는 퀴즈가 없습니다.",
        "contents": "목차", "exercises": "연습: 직접 구현하기", "contents_hint": "enter: 열기 · esc: 닫기",
        "done_mark": "완료", "visited_mark": "읽음",
        "help": "도움말", "source": "엔진 소스 코드", "source_hint": "esc: 닫기 · j/k: 스크롤",
        "diverged_hint": "[ 키로 학습률을 낮춘 뒤 r 키로 다시 실행해 보세요.",
        "compare_on": "이전 실행({what})과 비교 중",
        "compare_none": "이 강의에는 아직 이전 실행이 없습니다. a, o, d, [ ] 키로 설정을 바꾸고 r 키를 누르세요.",
        "compare_off": "비교 끔",
        "lr_changed": "학습률 {lr:g}",
        "setup_changed": "{what}: {value}",
        "broken": "이 강의를 불러오지 못했습니다",
        "broken_hint": "파일을 고친 뒤 다시 실행하세요. 다른 강의는 정상입니다.",
        # the panel's view: legends, setup words, the setup editor, layout (panelview)
        "legend_loss": "손실", "legend_train": "학습", "legend_val": "검증",
        "legend_before": "이전 실행",
        "legend_classes": "클래스", "legend_train_point": "학습",
        "legend_val_point": "검증", "legend_wrong": "틀림",
        "legend_fit_data": "데이터", "legend_fit_model": "모델의 예측",
        "field_title": "결정 경계: 모델의 판단",
        "fit_title": "적합",
        "lr": "학습률", "n_steps": "{n} 스텝", "batch": "배치", "decay": "가중치 감쇠", "seed": "시드",
        "setup_title": "실행 설정",
        "setup_keys": "tab / shift+tab: 이동 · space 또는 ↓: 목록 열기 · enter: 적용하고 실행 · esc: 취소",
        "f_dataset": "데이터셋", "f_n": "점 개수", "f_noise": "잡음", "f_hidden": "은닉층 너비",
        "f_activation": "활성화 함수", "f_loss": "손실 함수", "f_optimizer": "최적화 기법",
        "f_lr": "학습률", "f_batch_size": "배치 크기", "f_weight_decay": "가중치 감쇠",
        "f_steps": "스텝 수", "f_seed": "시드",
        "loss_auto": "데이터셋 기본값",
        "hint_hidden": "예: 8,8 · 비우면 은닉층 없음", "hint_batch": "비우면 학습 데이터 전체",
        "need_int": "{example}처럼 정수를 입력하세요.",
        "need_number": "{example}처럼 숫자를 입력하세요.",
        "need_widths": "8,8처럼 너비를 쉼표로 구분해 입력하세요. 비우면 은닉층이 없습니다.",
        "setup_fix": "빨간색으로 표시된 칸을 먼저 고치세요. 각 칸에 이유가 있습니다.",
        "setup_applied": "새 설정: 0 스텝부터 실행",
        "layout_both": "화면: 강의와 패널", "layout_panel": "화면: 패널만",
        "layout_lesson": "화면: 강의만",
        "bad_n": "점 개수는 4에서 {most} 사이여야 합니다. 더 많으면 스텝마다 느려질 뿐 새로 배울 것이 없습니다.",
        "bad_noise": "잡음은 0에서 10 사이여야 합니다.",
        "bad_hidden": "은닉층은 {deepest}개까지, 너비는 1에서 {widest} 사이여야 합니다. 더 넓으면 스텝이 너무 느려 지켜볼 수 없습니다.",
        "bad_lr": "학습률은 양수여야 합니다. 학습률은 내리막으로 내딛는 한 걸음의 크기입니다.",
        "bad_batch_size": "배치 크기는 1 이상이어야 합니다. 비우면 학습 데이터 전체를 씁니다.",
        "bad_weight_decay": "가중치 감쇠는 0 이상의 숫자여야 합니다.",
        "bad_steps": "스텝 수는 1 이상이어야 합니다.",
        "bad_seed": "시드는 0 이상의 정수여야 합니다.",
        "card_ready": "준비: x 또는 space 키로 실행", "card_training": "실행 중", "card_paused": "일시 정지",
        "card_done": "완료", "card_diverged": "발산", "card_error": "실행할 수 없음",
        "x_replaced": "x 키로 강의의 다음 실험을 불러와, 바꾼 설정({what})을 덮어썼습니다. "
                      "내 설정으로 실행하려면 x 대신 r 키를 누르세요.",
        "setup_pending": "r 키로 실행", "setup_changed_status": "설정 바뀜: r 키로 실행",
        "compare_same": "같은 설정",
        "pace_watch": "관찰 속도: 한 번 실행에 약 8초", "pace_full": "최대 속도",
        "pace_on": "관찰 속도", "pace_off": "최대 속도",
        "wrong_retry": "아쉽네요. 다시 생각해 보고 다른 번호를 누르세요.",
        "quiz_off_screen": "화면에 퀴즈가 없습니다. 퀴즈가 보이도록 스크롤한 뒤 답하세요.",
        "already_right": "이미 맞힌 퀴즈입니다.",
        "quiz_score": "퀴즈: {total}개 중 {right}개를 첫 시도에 맞힘",
        "train_acc": "학습 정확도", "val_acc": "검증 정확도",
        "log_on": "손실 축: 로그 눈금", "log_off": "손실 축: 선형 눈금",
        "explain_open": "m: «{title}» 읽기",
        "network_caption": "신경망 (w): 뉴런마다 출력, 화살표: 선택",
        "predict_on": "예측 켬: 실험을 실행하기 전에 x 키가 먼저 묻습니다.",
        "predict_off": "예측 끔: x 키로 바로 실행합니다 (P 키로 다시 켭니다).",
        # exercises: the list, an exercise in the lesson pane, its check in the panel, the engine switch
        "ex_title": "연습: 신경망을 직접 구현하기",
        "ex_list_keys": "enter: 열기 · r: 다시 검사 · y: 내 코드 / 엔진으로 학습 · esc: 뒤로",
        "ex_heading": "연습 {n}개 중 {i}번째 · {title}",
        "ex_file": "파일", "ex_reread": "다시 읽기", "ex_lesson": "{order}번째 강의",
        "ex_your_file": "저장된 내 파일",
        "ex_keys": "파일을 저장하면(e 키: $EDITOR로 열기) 1초 안에 검사하고 결과를 옆에 보여 줍니다. "
                   "r: 다시 검사 · h: 힌트 · y: 내 코드로 학습 · esc: 강의로 돌아가기 · t: 목차",
        "ex_no_editor": "이 터미널은 편집기로 넘길 수 없습니다. 다른 창에서 {path}를 편집하세요: 저장하면 검사합니다.",
        "ex_check_title": "검사: {name}",
        "ex_passed_next": "잘했습니다. esc 키로 강의로 돌아가고, t 키와 연습 항목으로 다음 연습을 엽니다.",
        "ex_tries": "실패한 시도: {n}번 · 3번마다 힌트가 나오고, h 키로 지금 볼 수 있습니다",
        "ex_hints": "힌트",
        "f_engine": "엔진", "engine_builtin": "내장 엔진", "engine_yours": "내 코드",
        "engine_checking": "연습을 검사하는 중…",
        "engine_no_workspace": "층, 활성화 함수, 손실, 최적화 연습을 통과하면 내 코드로 학습할 수 있습니다. "
                               "목차(t)에서 연습을 여세요.",
        "engine_ready": "층, 활성화 함수, 손실, 최적화 연습을 통과했습니다: 이 실행을 내 코드로 학습할 수 있습니다.",
    },
}

HELP: dict[str, str] = {
    "en": """\
# Keys

| key | does |
|---|---|
| n / → | next lesson |
| p / ← | previous lesson |
| j k ↑ ↓ PgUp PgDn | scroll |
| t | contents |
| x | run this lesson's next experiment |
| r | run the setup again from step 0, with your changes |
| space | start / pause / resume |
| s | one training step (with the backprop step-through on screen: its next step) |
| b | the backprop step-through: one step back |
| f | watch pace / full speed |
| g | loss axis: linear / log |
| [ / ] | learning rate down / up |
| a | next activation |
| o | next optimizer |
| d | next dataset |
| c | compare with the previous run of this lesson |
| e | setup editor: every field of the run, enter runs it |
| z | layout: lesson and panel / panel only / lesson only |
| w | network view: every neuron in place of the decision boundary (arrows move the focus) |
| m | open the lesson that explains the last run's curves |
| P | predictions before experiments on / off |
| v | the engine code behind this lesson |
| l | English / 한국어 |
| 1–9 | answer the quiz on screen (tab: the other one) |
| ctrl+p | command palette: go to a lesson, run an experiment |
| ? | this help |
| q | quit (progress is saved) |

The chart shows the loss on the training data (what the
optimizer sees) and on validation data it never trains on.
""",
    "ko": """\
# 키 안내

| 키 | 기능 |
|---|---|
| n / → | 다음 강의 |
| p / ← | 이전 강의 |
| j k ↑ ↓ PgUp PgDn | 스크롤 |
| t | 목차 |
| x | 이 강의의 다음 실험 실행 |
| r | 바꾼 설정으로 처음부터 다시 실행 |
| space | 시작 / 일시 정지 / 계속 |
| s | 한 스텝만 학습 (역전파 단계 보기가 화면에 있으면 그 다음 단계) |
| b | 역전파 단계 보기: 한 단계 뒤로 |
| f | 관찰 속도 / 최대 속도 |
| g | 손실 축: 선형 / 로그 |
| [ / ] | 학습률 낮추기 / 높이기 |
| a | 다음 활성화 함수 |
| o | 다음 최적화 기법 |
| d | 다음 데이터셋 |
| c | 이 강의의 이전 실행과 비교 |
| e | 실행 설정 편집: 모든 항목, enter로 실행 |
| z | 화면: 강의와 패널 / 패널만 / 강의만 |
| w | 신경망 보기: 결정 경계 자리에 모든 뉴런 (화살표로 뉴런 선택) |
| m | 마지막 실행의 곡선을 설명하는 강의 열기 |
| P | 실험 전 예측 묻기 켜기 / 끄기 |
| v | 이 강의와 관련된 엔진 코드 보기 |
| l | English / 한국어 |
| 1–9 | 화면의 퀴즈에 답하기 (tab: 다른 퀴즈) |
| ctrl+p | 명령 팔레트: 강의로 이동, 실험 실행 |
| ? | 이 도움말 |
| q | 종료 (진행 상황은 저장됩니다) |

차트는 학습 데이터(최적화 기법이 보는 데이터)의 손실과,
학습에 쓰지 않는 검증 데이터의 손실을 함께 보여 줍니다.
""",
}


def t(lang: str, key: str, **kwargs: object) -> str:
    """The string ``key`` in ``lang`` (English when missing), formatted with ``kwargs``."""
    text = STRINGS.get(lang, STRINGS["en"]).get(key) or STRINGS["en"][key]
    return text.format(**kwargs) if kwargs else text


#: Footer labels by their English description, so keys added or renamed elsewhere keep working:
#: a label without a translation stays English.
KEY_LABELS: dict[str, dict[str, str]] = {
    "ko": {
        "next": "다음", "prev": "이전", "toc": "목차", "run": "실행", "pause": "멈춤",
        "step": "한 스텝", "reset": "초기화", "again": "다시", "pace": "속도", "log": "로그",
        "lr-": "학습률-", "lr+": "학습률+", "act": "활성화", "opt": "최적화", "data": "데이터",
        "compare": "비교", "code": "코드", "help": "도움말", "quit": "종료",
        "setup": "설정", "layout": "화면",
        "edit": "편집", "check": "검사", "hint": "힌트", "your code": "내 코드", "back": "뒤로",
    },
}


def key_label(lang: str, english: str) -> str:
    """The footer label of a key in ``lang``, from its English description."""
    return KEY_LABELS.get(lang, {}).get(english, english)
