"""The runner model the fuzz targets rely on: it must see every command the runner would act on."""

from __future__ import annotations

import pytest

from tests.fuzz.actions_log import Command, acted_on


@pytest.mark.parametrize(
    ("output", "names"),
    [
        pytest.param("::error file=a.yaml,line=3::broken\n", ["error"], id="v2"),
        pytest.param("  \u3000::warning::x", ["warning"], id="v2-after-white-space"),
        pytest.param("text ##[error]forged", ["error"], id="v1-anywhere"),
        pytest.param("a\r::notice::b\r\n::Group::t", ["notice", "group"], id="cr-breaks-lines-names-any-case"),
        pytest.param("::stop-commands::tok\n::error::hidden\n##[error]hidden\n::tok::\n::error::seen",
                     ["stop-commands", "tok", "error"], id="stopped-until-the-token"),
        pytest.param("a ::error::x\n\\x3a:error::x\n#\\x23[error]x\n::error without end", [], id="none"),
    ],
)
def test_the_model_finds_what_the_runner_acts_on(output: str, names: list[str]) -> None:
    assert [command.name for command in acted_on(output)] == names


def test_properties_and_data_are_unescaped_as_the_runner_does() -> None:
    assert acted_on("::error file=a%3Ab%2Cc,line=3,empty=::100%25%0Anext") == [
        Command("error", "100%\nnext", {"file": "a:b,c", "line": "3"})]
