"""The return policy: defaults, partial override files, and errors that name the key."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from inspect_tui.core.policy import (
    ACCEPT_REASONS,
    DISPOSITIONS,
    GRADES,
    REASON_CODES,
    REJECT_REASONS,
    RULE_CHECKS,
    Policy,
    PolicyError,
    default_policy,
    load_policy,
    policy_from_toml,
    policy_to_toml,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_cover_the_domain_vocabulary(policy: Policy) -> None:
    assert [g.code for g in policy.grades] == list(GRADES)
    assert {g.disposition for g in policy.grades} <= set(DISPOSITIONS)
    assert policy.grade("A").disposition == "restock"
    assert policy.grade("X").disposition == "quarantine"
    assert [r.code for r in policy.reasons] == list(REASON_CODES)
    assert {r.code for r in policy.reasons if r.side == "reject"} == set(REJECT_REASONS)
    assert {r.code for r in policy.reasons if r.side == "accept"} == set(ACCEPT_REASONS)
    assert [c.name for c in policy.checklist] == list(RULE_CHECKS)
    assert all(c.question.endswith("?") for c in policy.checklist)
    assert {"pre_shipment", "video", "other"} <= set(policy.evidence_kinds)


def test_default_reason_codes_require_their_evidence(policy: Policy) -> None:
    assert policy.reason("EMPTY_PARCEL").evidence == ("scale_photo", "open_box_photo")
    assert "label_photo" in policy.reason("SWAPPED_ITEM").evidence
    assert "label_photo" in policy.reason("SERIAL_MISMATCH").evidence
    assert "item_photo" in policy.reason("USED_OR_WORN").evidence
    assert "damage_photo" in policy.reason("BUYER_DAMAGE").evidence
    assert policy.reason("DEFECT_NOT_FOUND").evidence == ("test_note",)
    for reason in policy.reasons:
        assert set(reason.evidence) <= set(policy.evidence_kinds)


def test_default_windows_and_thresholds(policy: Policy) -> None:
    for platform in ("taobao", "tmall", "douyin", "kuaishou", "1688"):
        assert policy.window.days_for(platform) == 7
    assert policy.window.days_for("Shopify") == 30
    assert policy.window.days_for("tiktok") == 30
    assert policy.window.days_for("some-new-shop") == policy.window.default_days == 7
    assert policy.window.outside_window == "reject_no_reason"
    assert policy.weight.empty_ratio == 0.25
    assert policy.weight.max_parcel_g == 70_000
    assert policy.reference_patterns == (r"RMA-?\d{4,}",)
    assert re.fullmatch(policy.reference_patterns[0], "RMA-55120")
    assert policy.review.outcomes == ("reject", "partial", "refused", "escalate")
    assert policy.supervisor.max_wrong_pins == 3


def test_platform_risk_attention_from_medium(policy: Policy) -> None:
    assert not policy.risk.needs_attention("Low")
    assert policy.risk.needs_attention("Medium")
    assert policy.risk.needs_attention("HIGH")
    assert not policy.risk.needs_attention("")
    assert not policy.risk.needs_attention("unheard-of")


def test_none_path_gives_the_defaults(policy: Policy) -> None:
    assert load_policy(None) == policy


def test_partial_file_overrides_only_its_keys(tmp_path: Path, policy: Policy) -> None:
    path = write(
        tmp_path,
        """
[weight]
empty_ratio = 0.3

[window.days]
shopify = 14
pinduoduo = 7

[reasons.EMPTY_PARCEL]
evidence = ["scale_photo", "video"]

[checklist]
box_original = "Is it in the original box?"
""",
    )
    loaded = load_policy(path)
    assert loaded.weight.empty_ratio == 0.3
    assert loaded.weight.tolerance_g == policy.weight.tolerance_g
    assert loaded.window.days_for("shopify") == 14
    assert loaded.window.days_for("pinduoduo") == 7
    assert loaded.window.days_for("tmall") == 7
    assert loaded.reason("EMPTY_PARCEL").evidence == ("scale_photo", "video")
    assert loaded.reason("EMPTY_PARCEL").description == policy.reason("EMPTY_PARCEL").description
    assert [c.name for c in loaded.checklist] == [*RULE_CHECKS, "box_original"]
    assert loaded.deductions == policy.deductions


def test_unknown_top_level_key_lists_the_allowed_ones(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as error:
        load_policy(write(tmp_path, "[wieght]\nempty_ratio = 0.3\n"))
    message = str(error.value)
    assert message.startswith("unknown key 'wieght' (allowed: ")
    assert "weight" in message and "window" in message


def test_unknown_nested_key_names_its_path() -> None:
    with pytest.raises(PolicyError, match=r"unknown key 'weight\.tolerence_g' \(allowed: .*"):
        policy_from_toml("[weight]\ntolerence_g = 40\n")
    with pytest.raises(PolicyError, match=r"unknown key 'reasons\.EMPTY_BOX'"):
        policy_from_toml("[reasons.EMPTY_BOX]\nevidence = []\n")
    with pytest.raises(PolicyError, match=r"unknown key 'grades\.E'"):
        policy_from_toml('[grades.E]\ndescription = "eh"\n')


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[weight]\nempty_ratio = "abc"',
            "weight.empty_ratio: must be a number between 0 and 1, got 'abc'",
        ),
        (
            "[weight]\nempty_ratio = 1.5",
            "weight.empty_ratio: must be a number between 0 and 1, got 1.5",
        ),
        (
            "[weight]\ntolerance_g = 2.5",
            "weight.tolerance_g: must be a whole number between 0 and 10000, got 2.5",
        ),
        (
            "[window.days]\ntaobao = true",
            "window.days.taobao: must be a whole number between 0 and 3650, got True",
        ),
        (
            '[window]\noutside_window = "sometimes"',
            "window.outside_window: must be one of reject_no_reason, escalate, allow, "
            "got 'sometimes'",
        ),
        (
            '[grades.B]\ndisposition = "bin"',
            "grades.B.disposition: must be one of restock, open_box",
        ),
        (
            '[reasons.EMPTY_PARCEL]\nevidence = ["selfie"]',
            "reasons.EMPTY_PARCEL.evidence: 'selfie' is not allowed (allowed: scale_photo",
        ),
        (
            '[risk]\nattention_from = "severe"',
            "risk.attention_from: must be one of none, low, medium, high, got 'severe'",
        ),
        (
            '[review]\noutcomes = ["reject", "maybe"]',
            "review.outcomes: 'maybe' is not allowed (allowed: accept, partial, reject",
        ),
        ('[review]\noverrides = "yes"', "review.overrides: must be true or false, got 'yes'"),
        ('[references]\npatterns = ["RMA-("]', "references.patterns: 'RMA-(' is not a valid"),
        ('[references]\npatterns = ["(A+)+B"]', "references.patterns: '(A+)+B' repeats a group"),
        ('[references]\npatterns = ["(a|ab)*c"]', "references.patterns: '(a|ab)*c' repeats an"),
        (
            "[deductions]\nused_pct = 30\nopened_pct = 50",
            "deductions.opened_pct: must not exceed deductions.used_pct (30), got 50",
        ),
        (
            "weight = 5",
            "weight: must be a table, got 5",
        ),
        (
            'evidence_kinds = ["scale_photo"]',
            "evidence_kinds: must include 'pre_shipment'",
        ),
        ('[checklist]\nseal_intact = ""', "checklist.seal_intact: must be a non-empty string"),
    ],
)
def test_bad_values_name_the_key_and_what_is_allowed(toml: str, message: str) -> None:
    with pytest.raises(PolicyError) as error:
        policy_from_toml(toml)
    assert str(error.value).startswith(message)


def test_evidence_kinds_must_cover_the_reasons() -> None:
    text = 'evidence_kinds = ["pre_shipment", "video", "other", "scale_photo"]'
    with pytest.raises(PolicyError, match=r"reasons\.EMPTY_PARCEL\.evidence: 'open_box_photo'"):
        policy_from_toml(text)


def test_missing_file_and_bad_toml_are_policy_errors(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="policy file not found"):
        load_policy(tmp_path / "nope.toml")
    with pytest.raises(PolicyError, match="not valid TOML"):
        load_policy(write(tmp_path, "[weight\n"))


def test_policy_show_output_reads_back_unchanged(tmp_path: Path, policy: Policy) -> None:
    custom = policy_from_toml(
        '[window.days]\n"tiktok shop" = 15\n[references]\npatterns = [\'ORD-"\\d+"\']\n'
        '[checklist]\nbox = "Original \\"box\\"?"\n'
    )
    for each in (policy, custom):
        text = policy_to_toml(each)
        assert tomllib.loads(text)["weight"]["empty_ratio"] == each.weight.empty_ratio
        assert load_policy(write(tmp_path, text)) == each
    assert custom.window.days_for("TikTok Shop") == 15
    assert "[reasons.EMPTY_PARCEL]  # reject side" in policy_to_toml(policy)


def test_default_document_is_the_shipped_file(policy: Policy) -> None:
    assert policy_from_toml("") == policy
    assert default_policy() is default_policy()


@pytest.mark.parametrize("first", ["policy", "policy_toml"])
def test_policy_modules_import_in_either_order(first: str) -> None:
    # policy_toml builds policy's dataclasses and policy reads its TOML through policy_toml.
    code = (
        f"import inspect_tui.core.{first}; "
        "from inspect_tui.core.policy import load_policy; "
        "print(load_policy(None).repeat_returner.returns)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3"
