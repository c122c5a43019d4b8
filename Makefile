# Readalong: make run opens the demo episode, make test runs every check.
# Both install the Debian/Ubuntu packages they need first (with sudo when
# not root).

GO        ?= go
BIN       := bin/readalong
FUZZTIME  ?= 5s

# Packages to build Fyne (cgo, X11, OpenGL) and the sound output (ALSA).
BUILD_PKGS := gcc libc6-dev pkg-config libgl-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libasound2-dev \
	libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us
# Packages the tests use: a virtual X server, clicks, a recordable sound
# server, the tools that make and check test audio, and read speech for
# the alignment tests.
TEST_PKGS := xvfb xdotool pulseaudio pulseaudio-utils libasound2-plugins flac vorbis-tools \
	espeak-ng lame sox ffmpeg python3 dbus playerctl desktop-file-utils appstream pocketsphinx-testdata
# The cross-compiler make windows builds readalong.exe with.
WINDOWS_PKGS := gcc-mingw-w64-x86-64
# The peers make bench compares Readalong with (installed only by make bench).
BENCH_PKGS := mpv

# Alignment (package align) needs PocketSphinx; without it Readalong builds
# and runs everything else, and says alignment is not available. Looked up
# when used (=, not :=), so after make deps has installed it.
TAGS = $(shell pkg-config --exists pocketsphinx 2>/dev/null && echo pocketsphinx)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# install: apt-get install whichever of the named packages are missing.
define install
	@if ! command -v dpkg-query >/dev/null; then \
		echo "Not a Debian/Ubuntu system: install the equivalents of: $(1)"; exit 0; fi; \
	missing=""; for p in $(1); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

# Where make install puts Readalong: for the user by default; for everyone
# with sudo make install PREFIX=/usr/local. DESTDIR stages it elsewhere.
PREFIX    ?= $(HOME)/.local
DESTDIR   ?=
ICONS     := bin/icons

.PHONY: all run build deps deps-build go-check test check-fmt vet unit fuzz e2e screenshots bench demo-assets icon clean \
	install uninstall icons check-install windows

all: build

## run: install what is missing, build, and open the demo episode.
run: build
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		echo "readalong: no display to open a window on (DISPLAY is not set); run make run in a desktop session"; \
	else ./$(BIN); fi

build: deps-build
	$(GO) build -tags "$(TAGS)" -o $(BIN) .

# Go 1.21 or newer: it fetches the toolchain go.mod asks for by itself.
# Debian 12's own golang-go is 1.19, so there it comes from backports.
go-check:
	@if ! $(GO) version 2>/dev/null | grep -Eq 'go1\.(2[1-9]|[3-9][0-9])|go[2-9]'; then \
		echo "Go 1.21 or newer is needed: installing golang-go with apt-get"; \
		. /etc/os-release; \
		if [ "$$ID" = debian ] && [ "$${VERSION_ID%%.*}" -le 12 ] 2>/dev/null; then \
			echo "deb http://deb.debian.org/debian $$VERSION_CODENAME-backports main" | \
				$(SUDO) tee /etc/apt/sources.list.d/readalong-backports.list >/dev/null; \
			$(SUDO) apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq -t $$VERSION_CODENAME-backports golang-go; \
		else \
			$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq golang-go; \
		fi; \
		$(GO) version; \
	fi

deps-build: go-check
	$(call install,$(BUILD_PKGS))

## deps: everything the build and the tests need.
deps: go-check
	$(call install,$(BUILD_PKGS) $(TEST_PKGS))

## test: formatting, vet, race-enabled unit tests, brief fuzzing, end to end.
## The cross-build of readalong.exe (a compile, mostly on one core) runs
## beside the unit tests; their output is shown as each ends.
test: deps check-fmt vet
	@$(MAKE) --no-print-directory -j2 --output-sync=target unit windows
	@$(MAKE) --no-print-directory fuzz check-install e2e

check-fmt:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet -tags "$(TAGS)" ./...

unit:
	$(GO) test -tags "$(TAGS)" -race -count=1 ./...
	@# The build without PocketSphinx: alignment says it is not available.
	$(GO) vet ./align/ && $(GO) test -count=1 ./align/

# Every Fuzz target in the module (found in the test files' text, so that
# no test binary is built just to list them), FUZZTIME each. No minimising: a new
# input found just before the time is up would otherwise end the run with
# "context deadline exceeded"; a failing input is still saved as found.
# Go 1.26's fuzz coordinator can also end a clean run that way when the
# time runs out while a worker is busy (golang/go#75804, fixed in 1.27):
# such a run, which wrote no failing input, counts as passed.
fuzz:
	@set -e; for pkg in $$(grep -l '^func Fuzz' $$(find . -name '*_test.go' -not -path './.git/*') | xargs -n1 dirname | sort -u); do \
		for f in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$pkg/*_test.go); do \
			echo "fuzz $$pkg $$f ($(FUZZTIME))"; \
			$(GO) test -tags "$(TAGS)" $$pkg -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 0 >/tmp/readalong-fuzz.log 2>&1 && continue; \
			if grep -q '^    context deadline exceeded$$' /tmp/readalong-fuzz.log && ! grep -q 'Failing input written' /tmp/readalong-fuzz.log; then \
				echo "  (the fuzz coordinator's end-of-time race, golang/go#75804: no failing input)"; continue; \
			fi; \
			cat /tmp/readalong-fuzz.log; exit 1; \
		done; \
	done

## e2e: the real binary under Xvfb with a pulseaudio null sink, recorded
## and clicked (e2e/); prints a table of the latencies it measured.
e2e:
	@# GOFLAGS: the binary the tests build is built with the same tags.
	READALONG_E2E=1 GOFLAGS="-tags=$(TAGS)" $(GO) test -count=1 -v -timeout 15m ./e2e

## screenshots: the demo in the real window under Xvfb, light and dark,
## saved as assets/screenshot-light.png and assets/screenshot-dark.png.
screenshots:
	READALONG_SCREENSHOTS=1 $(GO) test -count=1 -v -timeout 5m -run '^TestScreenshots$$' ./e2e

## bench: every Go benchmark, then Readalong against mpv and ffmpeg on
## 1-hour and 3-hour episodes (made once, cached under $XDG_CACHE_HOME or
## ~/.cache/readalong-bench), printed as a Markdown table.
bench: deps
	$(call install,$(BENCH_PKGS))
	$(GO) test -tags "$(TAGS)" -run '^$$' -bench . -benchmem ./...
	READALONG_BENCH=1 GOFLAGS="-tags=$(TAGS)" $(GO) test -count=1 -v -timeout 40m -run '^TestBench$$' ./e2e

## demo-assets: regenerate the demo episode, its transcript and the icon.
demo-assets: deps
	bash assets/demo/make-demo.sh
	$(GO) run assets/gen_icon.go

## install: the binary, the menu entry (io.github.readalong.desktop, for
## the episodes, transcripts and podcast links it opens), the icons and the
## AppStream metainfo under PREFIX; the desktop's caches refreshed. Under
## sudo it installs what make built before (run make first, as yourself).
install: $(if $(SUDO_USER),,build icons)
	@[ -x $(BIN) ] && [ -d $(ICONS) ] || { echo "make install: run make build icons first (without sudo)"; exit 1; }
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" BIN="$(BIN)" ICONS="$(ICONS)" sh assets/desktop/install.sh install

## uninstall: removes exactly what make install put under PREFIX.
uninstall:
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" sh assets/desktop/install.sh uninstall

## icons: the application icon at the usual sizes, from assets/icon.png.
icons: $(ICONS)/512x512/apps/io.github.readalong.png

$(ICONS)/512x512/apps/io.github.readalong.png: assets/icon.png assets/gen_sizes.go
	$(GO) run assets/gen_sizes.go $(ICONS)

## check-install: make install into a temporary DESTDIR, validated, and
## make uninstall leaving it empty.
check-install: build icons
	MAKE="$(MAKE) --no-print-directory" sh assets/desktop/check-install.sh

clean:
	rm -rf bin

## windows: cross-compile bin/readalong.exe for 64-bit Windows with
## mingw-w64 (sound through oto there; alignment and the media controls
## are left out). make test builds it, so that nothing Linux-only creeps
## into the player, the transcripts, the feeds or the window.
windows: go-check
	$(call install,$(WINDOWS_PKGS))
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc $(GO) build -o bin/readalong.exe .
	@echo "bin/readalong.exe built"
