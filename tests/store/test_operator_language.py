"""An operator's interface language: set by a supervisor, audited, read at sign-in."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from inspect_tui.services.inspecting.workstation import Workstation
from inspect_tui.services.review.operators import (
    OperatorError,
    Supervisor,
    add_operator,
    bootstrap_supervisor,
    list_operators,
    set_operator_language,
)
from inspect_tui.services.shared.errors import WrongPin
from inspect_tui.store.audit_verify import verify_store

SAM = Supervisor("sam", "2468")


@pytest.fixture
def desk(engine: Engine) -> Engine:
    """A desk with sam (supervisor, PIN 2468) and alice (clerk)."""
    bootstrap_supervisor(engine, "sam", "2468")
    add_operator(engine, "alice", "clerk", by=SAM)
    return engine


def test_the_language_is_kept_audited_and_read_when_the_operator_signs_in(
    desk: Engine, store_url: str, tmp_path: Path
) -> None:
    view = set_operator_language(desk, "alice", "zh-CN", by=SAM)
    assert view.language == "zh_CN"
    assert {v.name: v.language for v in list_operators(desk)} == {"alice": "zh_CN", "sam": None}
    with desk.connect() as connection:
        action, payload = connection.execute(
            text("SELECT action, payload FROM audit_event ORDER BY seq DESC LIMIT 1")
        ).one()
    assert action == "operator.language" and "zh_CN" in str(payload)
    workstation = Workstation.connect(
        store_url, station="bench-1", operator="alice", data_dir=tmp_path
    )
    try:
        assert workstation.operator_language == "zh_CN"
    finally:
        workstation.close()
    assert set_operator_language(desk, "alice", None, by=SAM).language is None
    assert verify_store(desk, evidence_dir=None).problems == ()


def test_a_language_not_spoken_or_a_wrong_pin_changes_nothing(desk: Engine) -> None:
    with pytest.raises(OperatorError, match="choose one of en, zh_CN"):
        set_operator_language(desk, "alice", "fr", by=SAM)
    with pytest.raises(WrongPin):
        set_operator_language(desk, "alice", "zh_CN", by=Supervisor("sam", "0000"))
    with pytest.raises(OperatorError):
        set_operator_language(desk, "nobody", "zh_CN", by=SAM)
    assert {v.name: v.language for v in list_operators(desk)} == {"alice": None, "sam": None}
