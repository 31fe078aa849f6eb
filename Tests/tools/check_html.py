#!/usr/bin/env python3
"""Checks an exported HTML page in a real headless browser, with the standard library only.

    check_html.py FILE.html [--screenshot OUT.png] [--phone-screenshot OUT.png] [--timeout S]

Chromium runs with --remote-debugging-pipe (devtools_pipe.py). The page is loaded
from its file with no network; then each check prints one line, and the last line is a
JSON summary a test can parse:

  loads           the load event fires within the timeout
  console         no console.error / console.assert, no error in the browser's log
  exceptions      no uncaught exception
  failed-loads    no request failed
  self-contained  nothing is requested but data: URIs and the file itself
  no-script       the page has no <script> and no on* handler (it needs no JavaScript)
  images          every <img> loaded and decodes (img.decode() resolves)
  phone-width     at 390 px the page lays out at the phone's width and does not scroll sideways
  screenshot-390  a full-page screenshot at 390 px is not blank
  screenshot-1280 a full-page screenshot at 1280 px is not blank
  print           printing gives a PDF of at least one page

Exit status: 0 all passed, 1 some failed (named on stderr), 2 bad usage or no such file,
77 no browser could be found or started (the message says how to install one).
"""

import argparse
import base64
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

# The browser driver and the PNG decoder sit beside this file; no __pycache__ is left here.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from devtools_pipe import INSTALL_HINT, BrowserGone, CheckTimeout, DevTools, NoBrowser, ProtocolError, find_browser  # noqa: E402
from png_pixels import png_colour_stats  # noqa: E402

EXIT_FAILED, EXIT_USAGE, EXIT_NO_BROWSER = 1, 2, 77
PHONE, DESKTOP = 390, 1280
# A full-page screenshot is cut at this height: enough to see a page is not blank, and
# the pure-Python PNG decoder stays within a second or so.
MAX_SHOT_HEIGHT = 6000
START_TIMEOUT = 15.0

IMAGES_SCRIPT = """(async () => {
  const results = [];
  for (const img of Array.from(document.images)) {
    img.loading = "eager";
    let reason = "";
    try { await img.decode(); } catch (e) { reason = String((e && e.message) || e); }
    const ok = !reason && img.complete && img.naturalWidth > 0;
    if (!reason && !ok) reason = "no picture (naturalWidth 0)";
    results.push({src: (img.currentSrc || img.src || "").slice(0, 60), alt: img.alt,
                  width: img.naturalWidth, height: img.naturalHeight, ok, reason});
  }
  return results;
})()"""
SCRIPTS_SCRIPT = """(() => {
  const handlers = Array.from(document.querySelectorAll("*")).filter(
    e => Array.from(e.attributes).some(a => a.name.startsWith("on")));
  return {scripts: document.scripts.length, handlers: handlers.length};
})()"""
# At a phone's width: how wide the page laid out, and what makes it wider: the innermost
# elements whose box reaches past the screen, and those whose content spills out of their
# box without a scroll bar of its own (a long line in a <pre> without overflow-x: auto).
WIDTH_SCRIPT = """((phone) => {
  const all = Array.from(document.querySelectorAll("body *"));
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + Array.from(e.classList).map(c => "." + c).join("");
  const wide = all.filter(e => e.getBoundingClientRect().right > phone + 1);
  const boxes = wide.filter(e => !wide.some(other => other !== e && e.contains(other)))
    .map(e => `${name(e)} (${Math.round(e.getBoundingClientRect().width)} px)`);
  const spills = all.filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible")
    .map(e => `${name(e)} (content ${e.scrollWidth} px in ${e.clientWidth} px)`);
  return {innerWidth, scrollWidth: document.scrollingElement.scrollWidth,
          viewport: document.querySelector('meta[name="viewport"]') !== null,
          wide: boxes.concat(spills).slice(0, 3)};
})(%d)"""
SETTLE_SCRIPT = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"




class Checks:
    """The checks' results in order, each printed as it is decided."""

    def __init__(self):
        self.results = {}

    def record(self, name, passed, detail):
        self.results[name] = {"passed": bool(passed), "detail": detail}
        print(f"{'ok  ' if passed else 'FAIL'} {name:<16} {detail}", flush=True)

    @property
    def failed(self):
        return [name for name, result in self.results.items() if not result["passed"]]


def evaluate(browser, session, expression, deadline):
    """The value of `expression` in the page (awaited when it is a promise)."""
    params = {"expression": expression, "awaitPromise": True, "returnByValue": True}
    result = browser.call("Runtime.evaluate", params, session, deadline)
    if "exceptionDetails" in result:
        raise ProtocolError(result["exceptionDetails"].get("text", "the check's script failed"))
    return result["result"].get("value")


def set_width(browser, session, width, deadline):
    """Lays the page out at `width` CSS pixels (a phone below 600), and waits for a frame."""
    mobile = width < 600
    metrics = {"width": width, "height": 844 if mobile else 800, "deviceScaleFactor": 1, "mobile": mobile}
    browser.call("Emulation.setDeviceMetricsOverride", metrics, session, deadline)
    evaluate(browser, session, SETTLE_SCRIPT, deadline)


def screenshot(browser, session, width, deadline):
    """A full-page PNG at `width`, cut at MAX_SHOT_HEIGHT; and its size in CSS pixels."""
    set_width(browser, session, width, deadline)
    size = browser.call("Page.getLayoutMetrics", None, session, deadline)["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": max(width, int(size["width"])), "height": min(MAX_SHOT_HEIGHT, max(1, int(size["height"]))), "scale": 1}
    params = {"format": "png", "clip": clip, "captureBeyondViewport": True}
    data = base64.b64decode(browser.call("Page.captureScreenshot", params, session, deadline)["data"])
    return data, int(size["height"])


def describe_console(event):
    """One line for a console message, log entry or exception the page reported."""
    params = event["params"]
    method = event["method"]
    if method == "Runtime.consoleAPICalled":
        words = [str(a.get("value", a.get("description", a.get("type")))) for a in params.get("args", [])]
        return f"console.{params['type']}: {' '.join(words)}"
    if method == "Log.entryAdded":
        entry = params["entry"]
        return f"{entry.get('source', 'log')}: {entry.get('text', '')} {entry.get('url', '')}".strip()
    if method == "Runtime.exceptionThrown":
        details = params["exceptionDetails"]
        text = details.get("exception", {}).get("description") or details.get("text", "")
        return f"{text.splitlines()[0] if text else 'exception'} (line {details.get('lineNumber', 0) + 1})"
    return method


def listing(items, limit=3):
    """The first few of `items` for a check's line, and how many more there are."""
    shown = "; ".join(items[:limit])
    return shown + (f"; and {len(items) - limit} more" if len(items) > limit else "")


def error_checks(checks, events, page_url):
    """The checks over what the page reported while it was loaded, laid out and printed."""
    console = [describe_console(e) for e in events if (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert")) or (e["method"] == "Log.entryAdded" and e["params"]["entry"].get("level") == "error")]
    checks.record("console", not console, listing(console) if console else "no errors in the console")
    thrown = [describe_console(e) for e in events if e["method"] == "Runtime.exceptionThrown"]
    checks.record("exceptions", not thrown, listing(thrown) if thrown else "no uncaught exceptions")
    requests = {e["params"]["requestId"]: e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"}
    failures = [f"{e['params'].get('errorText', 'failed')} for {requests.get(e['params']['requestId'], '?')[:80]}" for e in events if e["method"] == "Network.loadingFailed"]
    checks.record("failed-loads", not failures, listing(failures) if failures else f"{len(requests)} requests, none failed")
    outside = sorted({url[:80] for url in requests.values() if not url.startswith("data:") and url.split("#")[0] != page_url})
    checks.record("self-contained", not outside, "requests " + listing(outside) if outside else "only the file itself and data: URIs")


def run_checks(browser, checks, path, timeout, shots, summary):
    """Loads the page and runs every check, recording each in `checks`."""
    page_url = Path(path).resolve().as_uri()
    started = time.monotonic()
    deadline = started + START_TIMEOUT
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"}, deadline=deadline)["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True}, deadline=deadline)["sessionId"]
        version = browser.call("Browser.getVersion", deadline=deadline)
    except (CheckTimeout, BrowserGone, ProtocolError) as error:
        reason = f"no answer in {START_TIMEOUT:g} s" if isinstance(error, CheckTimeout) else str(error)
        said = browser.log_tail()
        raise NoBrowser(f"{browser.executable} did not start ({reason}{': ' + said if said else ''}); {INSTALL_HINT}")
    summary["browser"] = version.get("product")
    deadline = time.monotonic() + timeout
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.call(f"{domain}.enable", None, session, deadline)
    set_width(browser, session, PHONE, deadline)
    mark = len(browser.events)
    navigated = browser.call("Page.navigate", {"url": page_url}, session, deadline)
    if navigated.get("errorText"):
        checks.record("loads", False, f"{navigated['errorText']} for {page_url}")
        error_checks(checks, browser.events, page_url)
        return
    try:
        browser.wait_event("Page.loadEventFired", session, deadline, after=mark)
    except CheckTimeout:
        checks.record("loads", False, f"no load event within {timeout:g} s")
        error_checks(checks, browser.events, page_url)
        return
    checks.record("loads", True, f"load event after {time.monotonic() - started:.2f} s")

    found = evaluate(browser, session, SCRIPTS_SCRIPT, deadline)
    checks.record("no-script", found["scripts"] == 0 and found["handlers"] == 0, f"{found['scripts']} <script> elements, {found['handlers']} elements with on* handlers")

    images = evaluate(browser, session, IMAGES_SCRIPT, deadline)
    broken = [f"{i['alt'] or i['src']}: {i['reason']}" for i in images if not i["ok"]]
    summary["images"] = len(images)
    detail = f"{len(broken)} of {len(images)} images did not decode: {listing(broken)}" if broken else f"{len(images)} images decoded"
    checks.record("images", not broken, detail)

    widths = evaluate(browser, session, WIDTH_SCRIPT % PHONE, deadline)
    summary["phone"] = {"innerWidth": widths["innerWidth"], "scrollWidth": widths["scrollWidth"]}
    laid_out = max(widths["innerWidth"], widths["scrollWidth"])
    if laid_out <= PHONE + 1:
        checks.record("phone-width", True, f"content {widths['scrollWidth']} px wide in {widths['innerWidth']} px")
    elif not widths["viewport"]:
        checks.record("phone-width", False, f"the page lays out {laid_out} px wide on a {PHONE} px phone: it needs <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    else:
        checks.record("phone-width", False, f"content {laid_out} px wide on a {PHONE} px phone: it scrolls sideways (too wide: {listing(widths['wide']) or '?'})")

    summary["screenshots"] = {}
    for width in (PHONE, DESKTOP):
        png, page_height = screenshot(browser, session, width, deadline)
        if shots.get(width):
            Path(shots[width]).write_bytes(png)
        stats = png_colour_stats(png)
        stats["pageHeight"] = page_height
        summary["screenshots"][str(width)] = stats
        blank = stats["contentShare"] < 0.01 or stats["colours"] <= 4
        detail = f"{stats['width']}x{stats['height']} px, {stats['colours']} colours, {stats['contentShare']:.1%} not background"
        checks.record(f"screenshot-{width}", not blank, detail + (": blank" if blank else ""))

    pdf = base64.b64decode(browser.call("Page.printToPDF", {"printBackground": True}, session, deadline)["data"])
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    summary["pdfPages"] = pages
    checks.record("print", pdf.startswith(b"%PDF-") and pages >= 1, f"a PDF of {pages} pages, {len(pdf)} bytes")

    error_checks(checks, browser.events, page_url)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--screenshot", help=f"write the {DESKTOP} px screenshot here")
    parser.add_argument("--phone-screenshot", help=f"write the {PHONE} px screenshot here")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds for the checks once the browser runs")
    options = parser.parse_args()
    if not os.path.isfile(options.file):
        print(f"check_html: no such file: {options.file}", file=sys.stderr)
        return EXIT_USAGE
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(128 + signal.SIGHUP))
    summary = {"file": options.file}
    started = time.monotonic()
    folder = tempfile.mkdtemp(prefix="sprout-check-html-")
    browser, checks = None, Checks()
    try:
        browser = DevTools(find_browser(), folder)
        browser.start()
        shots = {PHONE: options.phone_screenshot, DESKTOP: options.screenshot}
        run_checks(browser, checks, options.file, options.timeout, shots, summary)
    except NoBrowser as error:
        print(f"check_html: cannot run: {error}", file=sys.stderr)
        print(json.dumps({"file": options.file, "skipped": str(error)}))
        return EXIT_NO_BROWSER
    except (CheckTimeout, BrowserGone, ProtocolError) as error:
        # What was decided stands; what the page reported until then is still checked.
        reason = f"timed out after {options.timeout:g} s" if isinstance(error, CheckTimeout) else str(error)
        checks.record("finished", False, f"{reason} {browser.log_tail()}".strip())
        error_checks(checks, browser.events, Path(options.file).resolve().as_uri())
    finally:
        if browser:
            browser.stop()
        shutil.rmtree(folder, ignore_errors=True)
    summary.update(passed=not checks.failed, failed=checks.failed, checks=checks.results, seconds=round(time.monotonic() - started, 2))
    if checks.failed:
        print(f"check_html: {options.file}: failed {', '.join(checks.failed)}", file=sys.stderr)
    print(json.dumps(summary))
    return 0 if not checks.failed else EXIT_FAILED


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        # main's cleanup has run: the browser is killed and its folder removed.
        print("check_html: interrupted", file=sys.stderr)
        sys.exit(128 + signal.SIGINT)
