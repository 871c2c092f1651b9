# Marginalia — `make run` opens the workbench, `make test` runs every check.
# Both install what is missing first (Debian/Ubuntu packages via apt-get,
# Go modules via the Go module proxy) and say what they do.

SHELL := /bin/bash
GO    ?= go
DB    ?=

# What Fyne needs to compile its OpenGL/X11 driver; what the window needs
# to draw Korean, Japanese and Chinese (Fyne falls back to system fonts for
# runes its bundled fonts lack; Debian's default DejaVu has no CJK, and the
# reader draws such runes as U+FFFD: see app/reader/doc.go); and what the
# tests need to run the real window without a screen.
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev
RUN_PKGS   := $(BUILD_PKGS) fonts-noto-cjk
TEST_PKGS  := $(RUN_PKGS) xvfb xauth xdotool imagemagick libxml2-utils

.PHONY: run test bench fuzz stress build deps deps-run deps-test modules fmt-check vet clean

run: deps-run modules
	@echo "==> Building bin/marginalia (the first build compiles Fyne's GLFW driver: about 5 minutes)"
	$(GO) build -o bin/marginalia ./cmd/marginalia
	@echo "==> Opening the workbench$(if $(DB), on $(DB), on the default database)"
	./bin/marginalia $(if $(DB),--db "$(DB)")

build: deps modules
	$(GO) build -o bin/marginalia ./cmd/marginalia

test: deps-test modules fmt-check vet
	@echo "==> go test -race ./... (under a virtual X display; a cold build takes several minutes)"
	MARGINALIA_REQUIRE_GUI=1 MARGINALIA_REQUIRE_FONTS=1 xvfb-run -a -s "-screen 0 1600x1000x24" $(GO) test -race -count=1 ./...

bench: deps-test modules
	@echo "==> Benchmarks (figures beside their baselines)"
	xvfb-run -a -s "-screen 0 1600x1000x24" $(GO) test -run '^$$' -bench . -benchmem ./...

# make fuzz runs every fuzz target in the repository for FUZZTIME each
# (make test runs their seed corpora only).
FUZZTIME ?= 60s
fuzz: modules
	@for f in $$(grep -rl --include='*_test.go' '^func Fuzz' . | sort); do \
		pkg=./$$(dirname $${f#./}); \
		for t in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$f | sed 's/^func //'); do \
			echo "==> $$pkg $$t for $(FUZZTIME)"; \
			$(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s $$pkg || exit 1; \
		done; \
	done

# make stress kills a worker process at random moments, STRESS times
# (make test does it 3 times), and checks that nothing is lost.
STRESS ?= 100
stress: modules
	@echo "==> $(STRESS) kill -9 trials during import, annotate, merge and export"
	MARGINALIA_STRESS=$(STRESS) $(GO) test -run 'TestKillDuringWork' -count=1 -timeout 90m -v ./app/action/ | grep -E '^(---|ok|FAIL|PASS)|killed after'

fmt-check:
	@echo "==> gofmt"
	@out=$$(gofmt -l $$(find . -name '*.go' -not -path './.git/*')); \
	if [ -n "$$out" ]; then echo "These files need gofmt -w:"; echo "$$out"; exit 1; fi

vet:
	@echo "==> go vet ./..."
	$(GO) vet ./...

modules:
	@echo "==> Fetching Go modules (go mod download)"
	@$(GO) mod download

deps:
	@$(call ensure_apt,$(BUILD_PKGS))

deps-run:
	@$(call ensure_apt,$(RUN_PKGS))

deps-test:
	@$(call ensure_apt,$(TEST_PKGS))

clean:
	rm -rf bin

# ensure_apt installs the Debian packages in $(1) that are missing, with
# sudo unless already root.
define ensure_apt
	if ! command -v dpkg >/dev/null; then \
		echo "==> Not a Debian system: make sure these are installed: $(1)"; exit 0; fi; \
	missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "==> System packages present"; exit 0; fi; \
	sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	echo "==> Installing system packages:$$missing (apt-get$${sudo:+ via sudo})"; \
	$$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q --no-install-recommends $$missing
endef
