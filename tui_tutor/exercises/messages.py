"""What the checker says, in English and Korean: one or two sentences, numbers included.

A check raises ``Failure(key, **fields)``; the child process renders it in the learner's
language. Every usual mistake has its own key, so a test can ask for it by name.
"""

from __future__ import annotations

from typing import NamedTuple


class Both(NamedTuple):
    """A phrase given in both languages, for a message field such as advice."""

    en: str
    ko: str

MESSAGES: dict[str, tuple[str, str]] = {
    # --- statuses that are not a comparison -------------------------------------------------
    "todo": ("{name} is not implemented yet: replace `raise NotImplementedError` in {func} with your code.",
             "{name}은(는) 아직 구현되지 않았습니다 (not implemented yet): {func}의 `raise NotImplementedError`를 코드로 바꾸세요."),
    "missing_func": ("{file} has no function called {func}: keep the name from the template.",
                     "{file}에 {func} 함수가 없습니다: 템플릿의 이름을 그대로 쓰세요."),
    "syntax": ("{file} has a syntax error at line {line}: {msg}.",
               "{file}의 {line}번째 줄에 문법 오류가 있습니다: {msg}."),
    "raised": ("Your code raised {exc}: {msg} (line {line} of {file}).",
               "코드에서 {exc} 예외가 났습니다: {msg} ({file}의 {line}번째 줄)."),
    "memory": ("Your code asked for more memory than the {limit} MB limit (line {line} of {file}): look for an array far larger than the inputs.",
               "코드가 {limit} MB 제한보다 많은 메모리를 요청했습니다 ({file}의 {line}번째 줄): 입력보다 훨씬 큰 배열이 있는지 보세요."),
    "timeout": ("Your code ran longer than {seconds:g} s and was stopped: look for a loop that never ends.",
                "코드가 {seconds:g}초 넘게 실행되어 멈췄습니다: 끝나지 않는 반복문이 있는지 보세요."),
    "crashed": ("Your code stopped the checker ({how}); it was restarted, nothing else is affected.",
                "코드가 검사기를 멈췄습니다 ({how}). 검사기는 다시 시작했고 다른 것은 영향이 없습니다."),
    # --- training with the learner's code ---------------------------------------------------
    "train_nan": ("At step {step} your {func} gave a non-finite {what} (NaN or inf); the run stopped.",
                  "{step}번째 걸음에서 {func}이(가) 유한하지 않은 {what} (NaN 또는 inf)을(를) 냈습니다. 학습을 멈췄습니다."),
    "train_failed": ("At step {step}: {message} The run stopped.",
                     "{step}번째 걸음에서: {message} 학습을 멈췄습니다."),
    "train_timeout": ("Your code took longer than {seconds:g} s for one step; the run stopped.",
                      "코드가 한 걸음에 {seconds:g}초 넘게 걸려 학습을 멈췄습니다."),
    "train_needs": ("Training with your code needs {names} to pass first: the Exercises list (t) or "
                    "tui-tutor exercises check shows where each stands.",
                    "내 코드로 학습하려면 먼저 {names}이(가) 통과해야 합니다: 연습 목록(t)이나 "
                    "tui-tutor exercises check 로 각각의 상태를 볼 수 있습니다."),
    "train_no_ce": ("Your code has no softmax cross-entropy yet: pick a dataset with two classes or a regression to train with it.",
                    "내 코드에는 아직 소프트맥스 교차 엔트로피가 없습니다: 두 클래스 데이터셋이나 회귀를 고르세요."),
    # --- comparisons ----------------------------------------------------------------------
    "not_array": ("{what} should be a numpy array, got {got}.",
                  "{what}은(는) numpy 배열이어야 하는데 {got}을(를) 받았습니다."),
    "not_float": ("{what} should be one number (a float), got {got}.",
                  "{what}은(는) 숫자 하나(float)여야 하는데 {got}을(를) 받았습니다."),
    "not_tuple": ("{func} should return {n} values ({names}), got {got}.",
                  "{func}은(는) 값 {n}개 ({names})를 반환해야 하는데 {got}을(를) 받았습니다."),
    "shape": ("{what} has shape {actual}, expected {expected}.",
              "{what}의 모양이 {actual}인데 {expected}이어야 합니다."),
    "transposed": ("{what} is transposed: expected shape {expected}, got {actual}; a transpose (.T) is missing or extra. {formula}",
                   "{what}이(가) 전치되어 있습니다: 모양 {expected}이어야 하는데 {actual}입니다. 전치(.T)가 빠졌거나 남습니다. {formula}"),
    "transposed_values": ("{what} is off at {where} (expected {expected}, got {actual}) because a transpose (.T) is missing or extra. {formula}",
                          "{what}의 {where} 값이 다릅니다 (기대값 {expected}, 실제 {actual}): 전치(.T)가 빠졌거나 남습니다. {formula}"),
    "values": ("{what} is off at {where}: expected {expected}, got {actual}.",
               "{what}의 {where} 값이 다릅니다: 기대값 {expected}, 실제 {actual}."),
    "sign": ("{what} has the wrong sign: expected {expected} at {where}, got {actual}.",
             "{what}의 부호가 반대입니다: {where}에서 기대값 {expected}, 실제 {actual}."),
    "factor": ("{what} is {ratio} times the right value everywhere (expected {expected} at {where}, got {actual}): check the constant factors{extra}.",
               "{what}이(가) 모든 곳에서 정답의 {ratio}배입니다 ({where}에서 기대값 {expected}, 실제 {actual}): 상수 인자를 확인하세요{extra}."),
    "nonfinite": ("{what} is {actual} for {case}; expected {expected}: {advice}",
                  "{case}에서 {what}이(가) {actual}입니다. 기대값은 {expected}: {advice}"),
    "overflow": ("{what} overflowed for {case} (numpy: {msg}); expected {expected}: {advice}",
                 "{case}에서 {what}이(가) 넘쳤습니다 (numpy: {msg}). 기대값 {expected}: {advice}"),
    "inplace": ("{func} changed its input {arg} in place: return a new array and leave {arg} as it was (the caller still needs it).",
                "{func}이(가) 입력 {arg}을(를) 제자리에서 바꿨습니다: 새 배열을 반환하고 {arg}은(는) 그대로 두세요 (호출한 쪽이 아직 씁니다)."),
    "gradcheck": ("Gradient check: {what} at {where} is {actual}, but the slope of your {forward} measured numerically is {expected}.",
                  "기울기 검사: {where}에서 {what}은(는) {actual}인데, {forward}의 기울기를 수치로 재면 {expected}입니다."),
    # --- the usual mistakes, each its own sentence -----------------------------------------
    "bias_not_summed": ("db has shape {actual}, one row per example, but expected {expected}, the shape of b: sum dz over the batch (axis 0).",
                        "db의 모양이 예제마다 한 행인 {actual}인데 b의 모양 {expected}이어야 합니다: dz를 배치(axis 0)에 대해 더하세요."),
    "bias_mean": ("db is the mean of dz over the batch ({actual} at {where}, expected {expected}): sum it instead; the loss already divided by N.",
                  "db가 배치에 대한 dz의 평균입니다 ({where}에서 {actual}, 기대값 {expected}): 대신 합하세요. 손실이 이미 N으로 나눴습니다."),
    "no_bias": ("{what} is off by b everywhere (expected {expected} at {where}, got {actual}): the bias b is missing.",
                "{what}이(가) 모든 곳에서 b만큼 다릅니다 ({where}에서 기대값 {expected}, 실제 {actual}): 편향 b가 빠졌습니다."),
    "no_bias_correction": ("Adam's step at t = {t} is the step without bias correction (expected {expected} at {where}, got {actual}): divide m by (1 − β1ᵗ) and v by (1 − β2ᵗ) before the step.",
                           "t = {t}에서 Adam의 걸음이 편향 보정 없는 걸음입니다 ({where}에서 기대값 {expected}, 실제 {actual}): 걸음 전에 m을 (1 − β1ᵗ), v를 (1 − β2ᵗ)로 나누세요."),
    "corrected_state": ("{what} came back bias-corrected ({actual} at {where}, expected {expected}): return the running mean itself; correct only a copy for the step.",
                        "{what}이(가) 편향 보정된 값으로 돌아왔습니다 ({where}에서 {actual}, 기대값 {expected}): 이동 평균 자체를 반환하고, 걸음에만 보정한 값을 쓰세요."),
    "momentum_g": ("The step used g instead of the new velocity (expected {expected} at {where}, got {actual}): move p by lr·v after updating v.",
                   "걸음에 새 속도 대신 g를 썼습니다 ({where}에서 기대값 {expected}, 실제 {actual}): v를 갱신한 뒤 lr·v만큼 p를 옮기세요."),
    "momentum_ema": ("v is the running-mean form β·v + (1 − β)·g ({actual} at {where}, expected {expected}): here v ← β·v + g, without the (1 − β).",
                     "v가 이동 평균 꼴 β·v + (1 − β)·g 입니다 ({where}에서 {actual}, 기대값 {expected}): 여기서는 (1 − β) 없이 v ← β·v + g 입니다."),
    "collapse_bias": ("b misses the first layer's bias passed through W2 (expected {expected} at {where}, got {actual}): b = b1·W2 + b2.",
                      "b에 W2를 지난 첫 층의 편향이 빠졌습니다 ({where}에서 기대값 {expected}, 실제 {actual}): b = b1·W2 + b2."),
    "act_on_last": ("The last layer got an activation too (expected {expected} at {where}, got {actual}): the last layer gives logits, so skip act there.",
                    "마지막 층에도 활성화를 적용했습니다 ({where}에서 기대값 {expected}, 실제 {actual}): 마지막 층은 로짓을 내므로 act를 건너뛰세요."),
    "no_act": ("No activation between the layers (expected {expected} at {where}, got {actual}): apply act after every layer but the last.",
               "층 사이에 활성화가 없습니다 ({where}에서 기대값 {expected}, 실제 {actual}): 마지막 층을 뺀 모든 층 뒤에 act를 적용하세요."),
}


def render(key: str, lang: str, fields: dict[str, object]) -> str:
    en, ko = MESSAGES[key]
    template = ko if lang == "ko" else en
    fields = {k: (v.ko if lang == "ko" else v.en) if isinstance(v, Both) else v for k, v in fields.items()}
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError):
        return en.format_map({k: fields.get(k, "?") for k in _names(en)})


def _names(template: str) -> list[str]:
    import string

    return [name.split(":")[0] for _, name, _, _ in string.Formatter().parse(template) if name]
