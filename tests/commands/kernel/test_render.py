"""Messages are built once and rendered to both bodies; HTML escaping happens there only."""

from __future__ import annotations

from commands.kernel.render import At, B, C, Link, bullets, doc, para
from protocols.ids import UserId


def test_one_document_gives_the_plain_body_and_the_html() -> None:
    reply = doc(
        para("🚨 ", B("CE-2026-0001 <activated>")),
        bullets([["Protocol: ", C("high-risk"), " v3"], ["By ", At("@a:hs"), " (HOTLINE)"]]),
        para("Huddle thread: ", Link("https://matrix.to/#/!r:hs/$e?via=hs", "open it")),
        mentions=[UserId("@a:hs")],
    )
    assert reply.text == (
        "🚨 CE-2026-0001 <activated>\nProtocol: high-risk v3\nBy @a:hs (HOTLINE)\n"
        "Huddle thread: https://matrix.to/#/!r:hs/$e?via=hs"
    )
    assert reply.html == (
        "<p>🚨 <b>CE-2026-0001 &lt;activated&gt;</b></p><ul><li>Protocol: <code>high-risk</code>"
        ' v3</li><li>By <a href="https://matrix.to/#/@a:hs">@a:hs</a> (HOTLINE)</li></ul>'
        '<p>Huddle thread: <a href="https://matrix.to/#/!r:hs/$e?via=hs">open it</a></p>'
    )
    assert reply.mentions == ("@a:hs",)


def test_typed_text_is_escaped_everywhere_it_can_stand() -> None:
    typed = '<script>x</script> & "q"'
    reply = doc(para(typed, B(typed), C(typed)), bullets([typed], marker="- "))
    assert "<script>" not in (reply.html or "")
    assert reply.text.splitlines()[-1] == f"- {typed}"
    assert (reply.html or "").count("&lt;script&gt;") == 4


def test_line_breaks_inside_a_paragraph_become_br() -> None:
    assert doc(para("one\ntwo")).html == "<p>one<br>two</p>"
