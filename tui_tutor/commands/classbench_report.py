"""The class benchmark's goals and its table for people (the JSON is the raw result)."""

from __future__ import annotations

from typing import Any

GOALS = {"reading_p95_ms": 100.0, "training_p95_ms": 150.0, "idle_cores_per_tutor": 0.01,
         "rss_mb_per_learner": 80.0}


def goals(r: dict[str, Any]) -> list[dict[str, Any]]:
    def goal(name: str, value: Any, limit: float, met: bool) -> dict[str, Any]:
        return {"goal": name, "value": value, "limit": limit, "met": bool(met)}

    out = []
    for phase, key in (("reading", "reading_p95_ms"), ("training", "training_p95_ms")):
        p95 = r.get(phase, {}).get("key_p95_ms")
        out.append(goal(f"{phase}: key p95 (ms)", p95, GOALS[key], p95 is not None and p95 <= GOALS[key]))
    idle = r.get("idle", {}).get("cores_per_tutor_mean")
    out.append(goal("idle tutor: share of a core", idle, GOALS["idle_cores_per_tutor"],
                    idle is not None and idle < GOALS["idle_cores_per_tutor"]))
    rss = r.get("memory_mb", {}).get("rss_per_tutor_max")
    out.append(goal("resident MB per learner (max)", rss, GOALS["rss_mb_per_learner"],
                    rss is not None and rss <= GOALS["rss_mb_per_learner"]))
    failed = len(r.get("failed_sessions", [])) + r.get("lost_keys", 0)
    out.append(goal("failed sessions + lost keys", failed, 0, failed == 0))
    return out


def table(r: dict[str, Any]) -> str:
    lines = [f"class of {r['plan']['learners']} ({r['plan']['training']} training) on "
             f"{r['machine']['cpus']} CPUs, load average at start {r['machine']['loadavg_at_start'][0]:.1f}",
             f"  all connected in {r.get('connect_all_s', '?')} s"]
    idle = r.get("idle", {})
    lines.append(f"  idle:     {idle.get('cores_total', '?')} cores in all, "
                 f"{idle.get('cores_per_tutor_mean', '?')} per tutor")
    for phase in ("reading", "training"):
        p = r.get(phase)
        if p:
            lines.append(f"  {phase + ':':9} key p50 {p['key_p50_ms']} ms, p95 {p['key_p95_ms']} ms "
                         f"({p['keys']} keys); CPU {p['cpu']['cores_total']} cores "
                         f"(server {p['cpu']['cores_server']}, the simulated learners "
                         f"{p['cpu']['cores_bench_client']}; the whole machine "
                         f"{p['cpu']['cores_busy_machine']}); a tutor waited "
                         f"{p['cpu']['cpu_wait_ms_per_s_per_tutor']} ms/s for a CPU; "
                         f"{p['bytes_per_learner_per_s_mean']} B/s per learner")
    m = r.get("memory_mb", {})
    lines.append(f"  memory:   RSS {m.get('rss_per_tutor_mean')} MB per tutor (max "
                 f"{m.get('rss_per_tutor_max')}), PSS {m.get('pss_per_tutor_mean')} MB; "
                 f"server {m.get('server_rss')} MB")
    lines.append(f"  failed sessions: {len(r['failed_sessions'])}, lost keys: {r['lost_keys']}")
    for s in r["failed_sessions"][:5]:
        lines.append(f"    {s['learner']}: {s['why']}")
    for g in r["goals"]:
        lines.append(f"  [{'met' if g['met'] else 'MISSED'}] {g['goal']}: {g['value']} (goal {g['limit']})")
    return "\n".join(lines)
