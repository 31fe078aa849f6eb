"""A headless Chromium driven over --remote-debugging-pipe, with the standard library only.

The DevTools protocol runs as NUL-terminated JSON messages on the browser's file
descriptors 3 (commands to it) and 4 (answers and events from it). The browser runs in its
own process group with a fresh profile folder, no network (names resolve to nothing and
anything else goes to a closed port), and `stop` kills the whole group, whatever state
the page is in.
"""

import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path

BROWSERS = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")
INSTALL_HINT = (
    "install one with `make test-deps` (or `apt-get install chromium-headless-shell`), "
    "or set SPROUT_BROWSER to a Chromium"
)


class NoBrowser(Exception):
    """No browser found, or the one found did not start: the check cannot run (exit 77)."""


class CheckTimeout(Exception):
    """The browser did not answer in time."""


class BrowserGone(Exception):
    """The browser closed its end of the pipe (it exited or crashed)."""


class ProtocolError(Exception):
    """The browser answered a command with an error."""


def find_browser():
    """The browser to run: $SPROUT_BROWSER, else the first of BROWSERS on PATH."""
    named = os.environ.get("SPROUT_BROWSER")
    if named:
        path = shutil.which(named)
        if not path:
            raise NoBrowser(f"SPROUT_BROWSER={named} is not an executable; {INSTALL_HINT}")
        return path
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    raise NoBrowser(f"no headless browser found (looked for {', '.join(BROWSERS)}); {INSTALL_HINT}")


def fd_is_open(fd):
    """Whether `fd` is open in this process (so it must be kept, not clobbered, by dup2)."""
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


def high_fd(fd):
    """`fd` moved to a number of 10 or more (close-on-exec), so 3 and 4 stay free for the child."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class DevTools:
    """A browser in its own process group, and the DevTools protocol over its pipes.

    Events are kept in `events` as they arrive, whatever is being waited for, so the
    error checks see everything the page reported.
    """

    def __init__(self, executable, folder):
        self.executable = executable
        self.folder = folder
        self.process = None
        self.next_id = 0
        self.buffer = b""
        self.events = []
        self.log_path = os.path.join(folder, "browser.log")

    def start(self):
        to_read, to_write = (high_fd(fd) for fd in os.pipe())
        from_read, from_write = (high_fd(fd) for fd in os.pipe())
        saved = {fd: high_fd(os.dup(fd)) for fd in (3, 4) if fd_is_open(fd)}
        arguments = [
            self.executable,
            "--headless",
            "--remote-debugging-pipe",
            f"--user-data-dir={self.folder}/profile",
            "--disable-gpu",
            "--hide-scrollbars",
            "--mute-audio",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-sync",
            "--disable-dev-shm-usage",
            # No network: names resolve to nothing, and anything else goes to a closed port.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://127.0.0.1:9",
            "about:blank",
        ]
        if os.geteuid() == 0:
            arguments.insert(1, "--no-sandbox")
        environment = dict(os.environ, XDG_CONFIG_HOME=self.folder, XDG_CACHE_HOME=self.folder)
        try:
            os.dup2(to_read, 3)
            os.dup2(from_write, 4)
            with open(self.log_path, "wb") as log:
                self.process = subprocess.Popen(
                    arguments,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=log,
                    pass_fds=(3, 4),
                    start_new_session=True,
                    env=environment,
                )
        except OSError as error:
            raise NoBrowser(f"{self.executable} did not start ({error.strerror}); {INSTALL_HINT}")
        finally:
            for fd in (3, 4):
                if fd in saved:
                    os.dup2(saved[fd], fd)
                    os.close(saved[fd])
                else:
                    os.close(fd)
            os.close(to_read)
            os.close(from_write)
        self.to_browser, self.from_browser = to_write, from_read

    def log_tail(self):
        """The last lines the browser wrote to its stderr, for a message."""
        try:
            lines = Path(self.log_path).read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return " | ".join(lines[-3:])

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            try:
                written = os.write(self.to_browser, data)
            except BrokenPipeError:
                raise BrowserGone(f"the browser exited before {method} could be sent")
            data = data[written:]
        return self.next_id

    def read_message(self, deadline):
        while b"\0" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise CheckTimeout()
            ready, _, _ = select.select([self.from_browser], [], [], remaining)
            if not ready:
                raise CheckTimeout()
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise BrowserGone("the browser exited")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        return json.loads(message)

    def call(self, method, params=None, session=None, deadline=None):
        """Sends a command and waits for its answer; events that arrive meanwhile are kept."""
        ident = self.send(method, params, session)
        while True:
            message = self.read_message(deadline)
            if message.get("id") == ident:
                if "error" in message:
                    raise ProtocolError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_event(self, name, session, deadline, after=0):
        """The first event `name` from `session` at or after index `after` of `events`."""
        seen = after
        while True:
            for event in self.events[seen:]:
                if event["method"] == name and event.get("sessionId") == session:
                    return event
            seen = len(self.events)
            message = self.read_message(deadline)
            if "method" in message:
                self.events.append(message)

    def stop(self):
        """Kills the browser's whole process group and waits for it; safe to call twice."""
        for name in ("to_browser", "from_browser"):
            if getattr(self, name, None) is not None:
                os.close(getattr(self, name))
                setattr(self, name, None)
        if self.process is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            end = time.monotonic() + 3
            while group_alive(self.process.pid) and time.monotonic() < end:
                time.sleep(0.05)
            if not group_alive(self.process.pid):
                break
        try:
            self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            pass
        self.process = None


def group_alive(group):
    """Whether a process of `group` is still running (zombies waiting for their reaper,
    which may be slow in a container, do not count)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != b"Z":
            return True
    return False
