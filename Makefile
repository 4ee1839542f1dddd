# The two commands: `make demo` runs the main job, `make test` runs every test.
# Both install the Debian packages they need when missing, then build.

APT_PACKAGES := libasound2-dev libsndfile1-dev libsqlite3-dev libsamplerate0-dev \
                libespeak-ng-dev espeak-ng-data espeak-ng libmosquitto-dev mosquitto pkg-config chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SWIFT_BUILD_FLAGS ?=
# Tests run optimised (the decoder's tests are 10x slower in a debug build); -enable-testing keeps @testable.
SWIFT_TEST_FLAGS ?= -c release -Xswiftc -enable-testing
PYTHON ?= python3
DEMO_DB ?= $(CURDIR)/.build/demo/hub.db
HUB := .build/debug/hub

.PHONY: all deps pydeps build test demo clean

all: build

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# numpy and pytest for the training-side tests (MFCC parity, model format, G2P); torch is not needed.
pydeps:
	@$(PYTHON) -c "import numpy, pytest" 2>/dev/null || $(PYTHON) -m pip install --quiet numpy pytest

build: deps
	swift build $(SWIFT_BUILD_FLAGS)

test: deps pydeps
	swift test $(SWIFT_TEST_FLAGS)
	$(PYTHON) -m pytest -q training/tests

demo: build
	@bash scripts/demo.sh $(HUB) $(DEMO_DB)

clean:
	rm -rf .build
