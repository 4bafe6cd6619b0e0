"""Matrix ids of agencies on their own servers: ports and IPv6 literals, and links to them."""

from __future__ import annotations

import pytest

from protocols.ids import is_room_id_or_alias, is_user_id, matrix_to, server_of


@pytest.mark.parametrize(
    "user_id",
    [
        "@sam:localhost",
        "@sam:hospital.example",
        "@sam:127.0.0.1:28448",
        "@sam:[::1]:8448",
        "@sam:[::1]",
        "@sam:[2001:db8::7]:443",
    ],
)
def test_server_names_with_ports_and_ipv6_literals_are_accepted(user_id: str) -> None:
    assert is_user_id(user_id)
    assert is_room_id_or_alias("#coordination:" + server_of(user_id))
    assert is_room_id_or_alias("!room:" + server_of(user_id))


@pytest.mark.parametrize(
    "bad", ["@sam", "@sam:", "@sam:[::1", "@sam:::1", "@sam:host:99999999", "@Sam:[zz::1]"]
)
def test_malformed_ids_are_refused(bad: str) -> None:
    assert not is_user_id(bad)


def test_server_of_keeps_the_port_and_the_brackets() -> None:
    assert server_of("@a:127.0.0.1:28448") == "127.0.0.1:28448"
    assert server_of("@a:[::1]:8448") == "[::1]:8448"
    assert server_of("!Tgay-c0") == ""


def test_links_encode_what_a_url_cannot_hold() -> None:
    assert matrix_to("@a:127.0.0.1:28448") == "https://matrix.to/#/@a:127.0.0.1:28448"
    assert matrix_to("@a:[::1]:8448") == "https://matrix.to/#/@a:%5B::1%5D:8448"
    link = matrix_to("!room:[::1]:8448", "$ev", via="[::1]:8448")
    assert link == "https://matrix.to/#/!room:%5B::1%5D:8448/$ev?via=%5B::1%5D:8448"
    assert matrix_to("!-Tgay_c0", "$5dPn", via="127.0.0.1:18448") == (
        "https://matrix.to/#/!-Tgay_c0/$5dPn?via=127.0.0.1:18448"
    )
