SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
APT_PACKAGES := libedit-dev libopenblas-dev gnuplot-nox
TEST_PACKAGES := tmux
# The .npy tests check files against NumPy: Debian's python3-numpy when no python3 here has it.
NUMPY_PACKAGE = $(shell python3 -c 'import numpy' 2>/dev/null || /usr/bin/python3 -c 'import numpy' 2>/dev/null || echo python3-numpy)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: deps test-deps install-packages python-packages test-browser lint format build demo docs test record-sessions bench clean

# The packages are installed when missing: `deps` for building and running,
# `test-deps` adds tmux, which the terminal tests drive sprout through, NumPy, the Python
# packages below and a headless Chromium.
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(APT_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(APT_PACKAGES) $(TEST_PACKAGES) $(NUMPY_PACKAGE)"
	@$(MAKE) --no-print-directory python-packages
	@$(MAKE) --no-print-directory test-browser

# From PyPI, for the python3 the NumPy tests use: safetensors, which the .safetensors tests
# check files against, and nbformat, which validates exported notebooks
# (Tests/tools/check_notebook.py). Quiet and idempotent; Debian's system python needs
# --break-system-packages (PEP 668), and pip itself may need python3-pip.
TEST_PYTHON = $(shell python3 -c 'import numpy' 2>/dev/null && echo python3 || echo /usr/bin/python3)
PIP_PACKAGES := safetensors nbformat
python-packages:
	@command -v $(TEST_PYTHON) >/dev/null 2>&1 || { echo "test-deps: no python3, so the safetensors and notebook tests will be skipped"; exit 0; }; \
	missing=""; \
	for package in $(PIP_PACKAGES); do $(TEST_PYTHON) -c "import $$package" 2>/dev/null || missing="$$missing $$package"; done; \
	[ -z "$$missing" ] && exit 0; \
	$(TEST_PYTHON) -m pip --version >/dev/null 2>&1 || $(MAKE) --no-print-directory install-packages PACKAGES=python3-pip; \
	echo "installing$$missing (pip)"; \
	export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1; \
	$(TEST_PYTHON) -m pip install --quiet $$missing 2>/dev/null \
		|| $(TEST_PYTHON) -m pip install --quiet --break-system-packages $$missing

# Exported HTML pages are checked in a headless Chromium (Tests/tools/check_html.py):
# Debian's chromium-headless-shell (a 60 MB download with chromium-common), or the whole
# chromium where a release lacks it. Nothing is installed when any Chromium the checker
# finds (or $$SPROUT_BROWSER) is already there.
test-browser:
	@for browser in $$SPROUT_BROWSER chromium-headless-shell chromium chromium-browser google-chrome; do \
		command -v $$browser >/dev/null 2>&1 && exit 0; \
	done; \
	command -v apt-get >/dev/null 2>&1 || { echo "test-deps: no apt-get here; install Chromium by hand, or the HTML checks will be skipped"; exit 0; }; \
	echo "installing chromium-headless-shell"; \
	$(APT_GET) update </dev/null; \
	$(APT_GET) install -y chromium-headless-shell </dev/null || $(APT_GET) install -y chromium </dev/null

install-packages:
	@command -v dpkg >/dev/null 2>&1 || { echo "deps: no dpkg here; install $(PACKAGES) by hand"; exit 0; }; \
	missing=""; \
	for package in $(PACKAGES); do \
		dpkg -s $$package 2>/dev/null | grep -q "^Status: install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		$(APT_GET) update </dev/null && $(APT_GET) install -y$$missing </dev/null; \
	fi

build: deps
	$(SWIFT) build -c release

demo: build
	.build/release/sprout demo

# The walkthroughs of the recipe and the whole digits session as web pages in docs/:
# each session replayed by a release build, its plots drawn by gnuplot, one
# self-contained page each (sprout export).
DOC_SESSIONS = $(sort $(wildcard sessions/walk_*.sprout)) sessions/digits.sprout
docs: build
	@mkdir -p docs
	@set -e; for session in $(DOC_SESSIONS); do \
		.build/release/sprout export $$session --to html -o docs/$$(basename $$session .sprout).html; \
	done

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test
	.build/debug/sprout run --check sessions/*.sprout
	$(MAKE) --no-print-directory lint

# The house style is the toolchain's swift-format with .swift-format; `make format`
# rewrites the tree to it, `make lint` (part of `make test`) fails on any difference.
SWIFT_SOURCES := Package.swift Sources Tests
lint:
	$(SWIFT) format lint --strict --recursive --parallel $(SWIFT_SOURCES)

format:
	$(SWIFT) format format --in-place --recursive --parallel $(SWIFT_SOURCES)

# After an intended change of output: rewrite the sessions' #> lines, review the diff.
record-sessions: deps
	$(SWIFT) build --product sprout
	.build/debug/sprout run --record sessions/*.sprout

bench: deps
	$(SWIFT) build -c release --product Bench
	$(SWIFT) build -c release --product sprout
	.build/release/Bench

clean:
	rm -rf .build
