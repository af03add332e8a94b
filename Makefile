# Chatlane: two commands on a fresh machine.
#   make run    install what is missing, build (release), migrate, seed the demo, serve
#   make test   install what is missing, run every test (unit, integration, PostgreSQL, Playwright)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
# tools/node_modules/.bin first: cargo-leptos takes the first wasm-opt on PATH, and it must be
# binaryen's from npm (see scripts/install-tools.sh), not an older one the system may have.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# Backend tests also run on PostgreSQL when DATABASE_URL_TEST_PG is set, or when a server answers
# on 127.0.0.1:5432 with trust auth (each test makes its own database and drops it).
DATABASE_URL_TEST_PG ?= $(shell command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432 && psql -h 127.0.0.1 -U postgres -d test -Atc 'select 1' >/dev/null 2>&1 && echo postgres://postgres@127.0.0.1:5432/test)
export DATABASE_URL_TEST_PG

.PHONY: run test bench tools test-tools build-release build-dev test-rust test-e2e test-api-contract fmt lint clean-data

run: tools build-release
	@mkdir -p data
	@./target/release/chatlane migrate
	@echo "Demo logins (for trying Chatlane out, not for production):"
	@./target/release/chatlane demo
	@echo "Open http://$${CHATLANE_ADDR:-127.0.0.1:3000} and sign in with the admin line above."
	@LEPTOS_SITE_ROOT=target/site ./target/release/chatlane serve

test: test-tools lint test-rust test-e2e test-api-contract

tools:
	@scripts/install-tools.sh build

test-tools:
	@scripts/install-tools.sh test

# The build `make run` serves and `make test` tests: optimised wasm split into the main bundle and
# lazily loaded chunks (#[lazy_route]), precompressed site files.
build-release:
	cargo leptos build --release --precompress --split

build-dev:
	cargo leptos build

test-rust:
	@if [ -n "$(DATABASE_URL_TEST_PG)" ]; then echo "Backend tests run on SQLite and PostgreSQL ($(DATABASE_URL_TEST_PG))"; \
	  else echo "No PostgreSQL found: backend tests run on SQLite only (set DATABASE_URL_TEST_PG to add it)"; fi
	# frontend is the wasm entry only; building it here would unify Leptos's `hydrate` feature into the
	# server and make browser-only effects run during server rendering.
	cargo test --workspace --exclude frontend

# Playwright against the release build (the one `make run` serves) on a free port with a fresh
# temporary database: what users run is what we test. When every test passed, the site's content
# hash is recorded: scripts/wasm-size.sh reports figures only for that site.
test-e2e: build-release
	@rm -f target/site-tested.sha256
	@data=$$(mktemp -d); port=$$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	  status=0; E2E_PORT=$$port E2E_DATA_DIR=$$data npm --prefix end2end exec -- playwright test -c end2end/playwright.config.ts || status=$$?; \
	  rm -rf "$$data"; if [ $$status -eq 0 ]; then scripts/site-hash.sh --record; fi; exit $$status

# The REST API against its OpenAPI document, fuzzed by schemathesis (an independent tool).
test-api-contract: build-release
	scripts/api-contract.sh

# Speed goals: list queries over 10,000 conversations (SQLite, and PostgreSQL when present),
# integration runs (10 upstreams of 50–500 ms, and fully cached), cards while upstreams fail
# (200 sheets at once, 10 % failing, one hanging: breaker, p99), webhook deliveries per second
# to a loopback receiver (SQLite, and PostgreSQL when present), template rendering (1,000
# repeating items; the Customer overview preset), and REST throughput on 10,000
# contacts against a hello-JSON route, loaded by wrk (Debian's package); live event fan-out to
# 1,000 SSE streams (SQLite, and two replicas on PostgreSQL when present); the size of the
# shipped wasm + JS (release build, brotli); and page loads in Chromium (bytes and time until the
# inbox and the template builder are interactive, 4x CPU throttling, Fast 4G, cold and warm).
bench: test-tools
	@command -v wrk >/dev/null 2>&1 || scripts/install-tools.sh wrk
	cargo bench -p backend --bench inbox_lists
	cargo bench -p backend --bench integration_runs
	cargo bench -p backend --bench webhook_deliveries
	cargo bench -p backend --bench resilient_cards
	cargo bench -p template --bench render
	cargo bench -p server --bench api
	# 1,000 streams need more descriptors than the usual soft limit of 1,024.
	ulimit -n 8192 && cargo bench -p server --bench live_fanout
	$(MAKE) build-release
	scripts/wasm-size.sh
	scripts/bench-page-load.sh

# leptosfmt formats the view! macros rustfmt skips (leptosfmt.toml), then rustfmt the rest.
fmt:
	leptosfmt --quiet app/src
	cargo fmt --all

# No module cycle inside a crate (scripts/module-cycles.py), formatting, and clippy, warnings as
# errors. The wasm entry is checked for its own target: on the
# native target its `hydrate` feature would unify into the server build.
lint:
	@command -v leptosfmt >/dev/null 2>&1 || scripts/install-tools.sh test
	python3 scripts/module-cycles.py
	leptosfmt --check app/src
	cargo fmt --all --check
	cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

clean-data:
	rm -rf data
