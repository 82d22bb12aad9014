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
        "diverged_hint": "Press r to reset, then [ to lower the learning rate.",
        "compare_on": "comparing with the previous run ({what})",
        "compare_none": "No previous run yet: change something (a, o, d, [ ]) first.",
        "compare_off": "comparison off",
        "lr_changed": "learning rate {lr:g}",
        "setup_changed": "{what}: {value}",
        "broken": "This lesson could not be loaded",
        "broken_hint": "Fix the file and restart; the other lessons work.",
        "previous": "before",
        "narrow_hint": "wider than 100 columns shows the decision boundary",
        "field_caption": "decision boundary (shade: the model's answer, dots: data)",
        "fit_caption": "fit: data (dots) and the model's prediction (line)",
        "chart_caption": "loss: train (blue) and validation (orange)",
        "chart_caption_plain": "loss: train (fine dots) and validation (x marks)",
        "explain_open": "m: read «{title}»",
        "network_caption": "network (w): each neuron's output; arrows: focus",
        "predict_on": "Predictions on: x asks before an experiment runs.",
        "predict_off": "Predictions off: x runs at once (P turns them back on).",
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
        "diverged_hint": "r 키로 초기화한 뒤 [ 키로 학습률을 낮춰 보세요.",
        "compare_on": "이전 실행({what})과 비교 중",
        "compare_none": "아직 이전 실행이 없습니다. 먼저 a, o, d, [ ] 키로 설정을 바꿔 보세요.",
        "compare_off": "비교 끔",
        "lr_changed": "학습률 {lr:g}",
        "setup_changed": "{what}: {value}",
        "broken": "이 강의를 불러오지 못했습니다",
        "broken_hint": "파일을 고친 뒤 다시 실행하세요. 다른 강의는 정상입니다.",
        "previous": "이전",
        "narrow_hint": "100칸보다 넓으면 결정 경계가 보입니다",
        "field_caption": "결정 경계 (색: 모델의 판단, 점: 데이터)",
        "fit_caption": "적합: 데이터(점)와 모델의 예측(선)",
        "chart_caption": "손실: 학습(파랑), 검증(주황)",
        "chart_caption_plain": "손실: 학습(가는 점), 검증(x 표시)",
        "explain_open": "m: «{title}» 읽기",
        "network_caption": "신경망 (w): 뉴런마다 출력, 화살표: 선택",
        "predict_on": "예측 켬: 실험을 실행하기 전에 x 키가 먼저 묻습니다.",
        "predict_off": "예측 끔: x 키로 바로 실행합니다 (P 키로 다시 켭니다).",
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
| x | run this lesson's experiment (again: the next one) |
| space | pause / resume |
| s | one training step (with the backprop step-through on screen: its next step) |
| b | the backprop step-through: one step back |
| r | reset the run |
| [ / ] | learning rate down / up |
| a | next activation |
| o | next optimizer |
| d | next dataset |
| c | compare with the previous run |
| w | network view: every neuron in place of the decision boundary (arrows move the focus) |
| m | open the lesson that explains the last run's curves |
| P | predictions before experiments on / off |
| v | the engine code behind this lesson |
| l | English / 한국어 |
| 1–9 | answer the quiz |
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
| x | 이 강의의 실험 실행 (다시 누르면 다음 실험) |
| space | 일시 정지 / 계속 |
| s | 한 스텝만 학습 (역전파 단계 보기가 화면에 있으면 그 다음 단계) |
| b | 역전파 단계 보기: 한 단계 뒤로 |
| r | 실행 초기화 |
| [ / ] | 학습률 낮추기 / 높이기 |
| a | 다음 활성화 함수 |
| o | 다음 최적화 기법 |
| d | 다음 데이터셋 |
| c | 이전 실행과 비교 |
| w | 신경망 보기: 결정 경계 자리에 모든 뉴런 (화살표로 뉴런 선택) |
| m | 마지막 실행의 곡선을 설명하는 강의 열기 |
| P | 실험 전 예측 묻기 켜기 / 끄기 |
| v | 이 강의와 관련된 엔진 코드 보기 |
| l | English / 한국어 |
| 1–9 | 퀴즈에 답하기 |
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
