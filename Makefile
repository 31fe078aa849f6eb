SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
APT_PACKAGES := libedit-dev libopenblas-dev gnuplot-nox
TEST_PACKAGES := tmux
# The .npy tests check files against NumPy: Debian's python3-numpy when no python3 here has it.
NUMPY_PACKAGE = $(shell python3 -c 'import numpy' 2>/dev/null || /usr/bin/python3 -c 'import numpy' 2>/dev/null || echo python3-numpy)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: deps test-deps install-packages python-safetensors lint format build demo docs test record-sessions bench clean

# The packages are installed when missing: `deps` for building and running,
# `test-deps` adds tmux, which the terminal tests drive sprout through, and NumPy.
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(APT_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(APT_PACKAGES) $(TEST_PACKAGES) $(NUMPY_PACKAGE)"
	@$(MAKE) --no-print-directory python-safetensors

# The .safetensors tests check files against Python's safetensors, from PyPI, for the python3
# the NumPy tests use. Quiet and idempotent; Debian's system python needs
# --break-system-packages (PEP 668), and pip itself may need python3-pip.
TEST_PYTHON = $(shell python3 -c 'import numpy' 2>/dev/null && echo python3 || echo /usr/bin/python3)
python-safetensors:
	@command -v $(TEST_PYTHON) >/dev/null 2>&1 || { echo "test-deps: no python3, so the safetensors tests will be skipped"; exit 0; }; \
	$(TEST_PYTHON) -c 'import safetensors' 2>/dev/null && exit 0; \
	$(TEST_PYTHON) -m pip --version >/dev/null 2>&1 || $(MAKE) --no-print-directory install-packages PACKAGES=python3-pip; \
	echo "installing safetensors (pip)"; \
	export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1; \
	$(TEST_PYTHON) -m pip install --quiet safetensors 2>/dev/null \
		|| $(TEST_PYTHON) -m pip install --quiet --break-system-packages safetensors

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
