"""The API documentation in real Chromium, as a supplier's developer reads it without signing
in: the contents list jumps to its sections and the reference's operations, with JavaScript or
without; the code blocks can be scrolled from the keyboard; the page passes axe-core."""

from playwright.sync_api import expect

from caselog.channels.api.api import api
from caselog.channels.web.api_docs.reference import read


def test_a_developer_reads_the_api_documentation(live_server, page, check_accessibility):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="API documentation").click()
    expect(page.get_by_role("heading", level=1, name="API documentation")).to_be_visible()
    assert page.title() == "API documentation - Caselog - GOV.UK"
    check_accessibility(page, "api-documentation")

    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="Errors", exact=True).click()
    assert page.url.endswith("#errors")
    expect(page.get_by_role("heading", level=2, name="Errors", exact=True)).to_be_in_viewport()

    reference = read(api.get_openapi_schema())
    first = reference.groups[0]
    contents.get_by_role("link", name=first.title, exact=True).click()
    expect(page.get_by_role("heading", level=3, name=first.title, exact=True)).to_be_in_viewport()
    for op in reference.operations:
        expect(page.get_by_role("heading", level=4, name=f"{op.method} {op.path}", exact=True)).to_have_count(1)

    # on a phone the page fits the screen (WCAG reflow); a code block too wide for it scrolls
    # sideways on its own, from the keyboard too
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    block = page.locator("pre.app-code-block").filter(has_text="curl").first
    assert block.evaluate("el => el.scrollWidth > el.clientWidth")
    block.focus()
    expect(block).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(block).not_to_have_js_property("scrollLeft", 0)
    check_accessibility(page, "api-documentation-narrow")


def test_it_needs_no_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/api/documentation")
    page.get_by_role("navigation", name="Contents").get_by_role("link", name="Rate limits").click()
    assert page.url.endswith("#rate-limits")
    expect(page.get_by_role("heading", level=2, name="Rate limits")).to_be_in_viewport()
    expect(page.locator("h4.app-operation__title")).to_have_count(len(read(api.get_openapi_schema()).operations))
    context.close()
