"""``build_app`` refuses an option it does not know, as a misspelt keyword always was refused."""

from __future__ import annotations

from typing import Any

import pytest

from inspect_tui.ui.app import build_app


def test_a_misspelt_option_is_refused_not_ignored() -> None:
    def connect(name: str) -> Any:
        raise AssertionError("nothing is opened while the app is built")

    options: dict[str, Any] = {"operater": "alice"}
    with pytest.raises(TypeError, match="operater"):
        build_app(connect, **options)
