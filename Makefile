# Cloudpick. `make run` starts the app; `make test` runs every test.
# Both install what is missing first (see scripts/setup.sh).

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo

.PHONY: run test setup setup-test ui build test-rust test-interop test-ui test-e2e test-package package lint icons bench fuzz

# The demo: the drive emulator runs inside the app on generated demo files.
run: setup ui
	$(CARGO) run -p cloudpick -- --demo

test: setup-test ui lint test-rust test-interop test-ui build test-e2e test-package

setup:
	@scripts/setup.sh run

setup-test:
	@scripts/setup.sh test

ui:
	cd ui && npm run --silent build

# The app binary the end-to-end suite drives.
build: ui
	$(CARGO) build -p cloudpick

lint: ui
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --quiet -- -D warnings
	cd ui && npm run --silent check

test-rust: ui
	@# The keyring tests need a Secret Service: a private D-Bus session with GNOME Keyring.
	tests/keyring-session.sh $(CARGO) test --workspace
	@# cargo test rewrites the TypeScript twins of the Rust DTOs: they must be committed as generated.
	@if git rev-parse --git-dir >/dev/null 2>&1 && ! git diff --quiet -- ui/src/lib/bindings; then \
	  echo "ui/src/lib/bindings changed: commit the regenerated bindings"; git diff --stat -- ui/src/lib/bindings; exit 1; fi

# The providers' official SDKs (Python dropbox, box-sdk-gen, msgraph-sdk), unchanged,
# against the emulator: see tests/interop/README.md.
test-interop:
	$(CARGO) build -p cloudpick-emulator
	tests/interop/run.sh -q

test-ui:
	cd ui && npm test

test-e2e: build
	tests/e2e/run.sh

icons:
	icons/generate.sh

# The .deb, with the Tauri bundler: target/release/bundle/deb/.
package: setup ui
	scripts/package.sh

# Installs the .deb in a scratch root, runs it, removes it.
test-package: package
	tests/package/install.sh

# Benchmarks: targets from the issues, measured here and printed.
bench: setup-test ui
	bench/emulator-download.sh
	bench/picker.sh
	bench/convert.sh
	bench/objects.sh

# Fuzzes the image conversions for 60 s (FUZZ_SECONDS to change).
fuzz: setup-test
	scripts/fuzz.sh
