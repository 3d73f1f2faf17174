# Heads Down — the two commands: `make run` and `make test`.
# Both install what is missing on Debian/Ubuntu (with sudo when not root).

GO        ?= go
BIN       := bin/headsdown
UI_BIN    := bin/headsdown-ui
# The tray binary links no Fyne and, on Linux, needs no cgo: a static build
# keeps the all-day process smallest. macOS's tray needs cgo.
TRAY_CGO  := $(if $(filter Linux,$(shell uname -s)),0,1)
# FyneApp.toml declares the fyneDo migration; plain go commands need the tag.
TAGS      := migrated_fynedo
GOFLAGS   := $(strip $(GOFLAGS) -tags=$(TAGS))
export GOFLAGS
# One version everywhere, from the git tags (scripts/version.sh): make
# VERSION=… overrides it. Computed once, not at every use.
ifeq ($(origin VERSION),undefined)
VERSION   := $(shell ./scripts/version.sh)
endif
LDFLAGS   := -X main.version=$(VERSION)
FUZZTIME  ?= 15s

SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# What Fyne's cgo build needs (Fyne 2.8 adds Wayland).
DEB_BUILD := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
             libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev
# What the tests need: a virtual X server, a private D-Bus, screenshots;
# Wine runs the Windows test programs (windows-tests) and the installer
# (wine-check), where xdotool clicks the tray icon.
DEB_TEST  := xvfb xauth dbus libgl1-mesa-dri imagemagick x11-utils \
             desktop-file-utils appstream groff-base file \
             wine wine64 libwine fonts-wine xdotool zsh
# What make dist needs: the .deb tools and lintian, zip, mingw for the
# Windows windows (Fyne needs cgo there too) and NSIS for the installer.
DEB_DIST  := dpkg-dev binutils lintian zip unzip gcc-mingw-w64-x86-64 nsis

.PHONY: run build test vet unit fuzz deps-build deps-test deps-dist check-go measure clean \
        install uninstall packaging-check dist dist-linux dist-windows dist-macos dist-check wine-check windows-tests

run: build
	./$(BIN)

# The tray links fyne.io/systray, whose D-Bus menu has a data race (see
# scripts/systrayfix): it is built against a copy with that fixed.
SYSTRAY_MOD := bin/systray/go.mod
$(SYSTRAY_MOD): go.mod go.sum scripts/systrayfix/main.go
	$(GO) run ./scripts/systrayfix -o bin/systray >/dev/null

build: deps-build check-go $(SYSTRAY_MOD)
	CGO_ENABLED=$(TRAY_CGO) $(GO) build -modfile=$(SYSTRAY_MOD) -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/headsdown
	$(GO) build -ldflags "$(LDFLAGS)" -o $(UI_BIN) ./cmd/headsdown-ui

test: deps-build deps-test deps-dist check-go vet unit fuzz packaging-check dist dist-check wine-check windows-tests

MODULE      := github.com/headsdown-app/headsdown
PACKAGES     = $(shell $(GO) list ./...)
WINDOWS_CGO := cmd/headsdown-ui scripts/baretray
DARWIN_CGO  := app/tray app/ui cmd/headsdown cmd/headsdown-ui scripts/baretray scripts/floortray scripts/genicon scripts/genpkgicons

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	@# The other platforms' code, vetted without cgo: every package that
	@# builds that way. For Windows that is all but the two that link Fyne's
	@# GL driver (dist-windows builds headsdown-ui with mingw; neither has
	@# tests for windows-tests to run under Wine). For macOS, the packages that link fyne.io/systray or Fyne's GL
	@# driver need cgo and Apple's SDK, which this machine cannot have: they
	@# are listed in DARWIN_CGO and in the README ("Other platforms").
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/headsdown
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) vet $(filter-out $(addprefix $(MODULE)/,$(WINDOWS_CGO)),$(PACKAGES))
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 $(GO) vet $(filter-out $(addprefix $(MODULE)/,$(DARWIN_CGO)),$(PACKAGES))

# -race on every package. The smoke tests build the real binary without
# -race (see README, "Testing") and drive it from the race-enabled test.
# The timeout is go test's per-package limit: cmd/headsdown builds both
# binaries (race-enabled, once per run) inside its test process before its
# smoke tests run, and on a loaded two-core machine that build alone has
# taken minutes; one run timed out at 654 s against the default 10 min.
unit:
	$(GO) test -race -count=1 -timeout 30m ./...

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParseDuration$$' -fuzztime $(FUZZTIME) ./focus
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./app/config
	$(GO) test -run '^$$' -fuzz '^FuzzParseDayText$$' -fuzztime $(FUZZTIME) ./app/config

measure: deps-build deps-test check-go
	./scripts/measure.sh

check-go:
	@command -v $(GO) >/dev/null || { echo "Go 1.26 or newer is needed: https://go.dev/dl/ (Debian's golang package is too old)"; exit 1; }

# Install only the Debian packages that are missing. Elsewhere, say what is needed.
deps-build:
	@$(call install,$(DEB_BUILD))

deps-test:
	@$(call install,$(DEB_TEST))

deps-dist:
	@$(call install,$(DEB_DIST))

define install
	if command -v dpkg-query >/dev/null 2>&1; then \
	  missing=""; for p in $(1); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    echo "Installing:$$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	  fi; \
	else \
	  echo "Not Debian/Ubuntu: make sure these (or your system's equivalents) are installed: $(1)"; \
	fi
endef

# make install / make uninstall: PREFIX (default /usr/local) and DESTDIR as
# usual. Build first as yourself (`make build && sudo make install`): install
# builds only binaries that are missing. The launcher runs `headsdown` by
# name, so it survives upgrades and a move between /usr and /usr/local.
PREFIX    ?= /usr/local
APP_ID    := dev.headsdown.app
ICON_SIZES := 16 22 24 32 48 64 128 256 512
D_BIN     := $(DESTDIR)$(PREFIX)/bin
D_SHARE   := $(DESTDIR)$(PREFIX)/share
# headsdown-ui is started by headsdown, never by a person: not on PATH, but
# in libexec/headsdown beside bin/, where headsdown finds it (app.UIProgram).
D_LIBEXEC := $(DESTDIR)$(PREFIX)/libexec/headsdown
# zsh reads completions from its fpath: Debian's and Ubuntu's zsh has
# /usr/share/zsh/vendor-completions there for packages (not
# /usr/share/zsh/site-functions), and /usr/local/share/zsh/site-functions
# for what is installed by hand.
ZSH_DIR   := share/zsh/$(if $(filter /usr,$(PREFIX)),vendor-completions,site-functions)
# Every file install writes, relative to $(DESTDIR)$(PREFIX); uninstall
# removes exactly these (scripts/packaging-check.sh has its own list, the
# spec, and checks that install writes it and uninstall leaves nothing).
INSTALLED := bin/headsdown libexec/headsdown/headsdown-ui \
             share/applications/$(APP_ID).desktop \
             share/metainfo/$(APP_ID).metainfo.xml \
             $(foreach n,$(ICON_SIZES),share/icons/hicolor/$(n)x$(n)/apps/$(APP_ID).png) \
             share/icons/hicolor/scalable/apps/$(APP_ID).svg \
             share/man/man1/headsdown.1.gz \
             share/bash-completion/completions/headsdown \
             $(ZSH_DIR)/_headsdown \
             share/fish/vendor_completions.d/headsdown.fish

$(BIN) $(UI_BIN):
	$(MAKE) build

install: $(BIN) $(UI_BIN)
	install -d $(D_BIN) $(D_LIBEXEC) $(D_SHARE)/applications $(D_SHARE)/metainfo $(D_SHARE)/man/man1 \
	  $(D_SHARE)/bash-completion/completions $(DESTDIR)$(PREFIX)/$(ZSH_DIR) $(D_SHARE)/fish/vendor_completions.d \
	  $(D_SHARE)/icons/hicolor/scalable/apps $(foreach n,$(ICON_SIZES),$(D_SHARE)/icons/hicolor/$(n)x$(n)/apps)
	install -m 755 $(BIN) $(D_BIN)/
	install -m 755 $(UI_BIN) $(D_LIBEXEC)/
	install -m 644 packaging/$(APP_ID).desktop $(D_SHARE)/applications/
	@# The newest release the metainfo names is the one built: a build
	@# between releases (0.2.0+g1234567) is added as a development release.
	./scripts/metainfo-release.sh $(VERSION) $$(date -u -d @$(SOURCE_DATE_EPOCH) +%Y-%m-%d) \
	  < packaging/$(APP_ID).metainfo.xml > $(D_SHARE)/metainfo/$(APP_ID).metainfo.xml
	chmod 644 $(D_SHARE)/metainfo/$(APP_ID).metainfo.xml
	for n in $(ICON_SIZES); do \
	  install -m 644 packaging/icons/hicolor/$${n}x$${n}/apps/$(APP_ID).png $(D_SHARE)/icons/hicolor/$${n}x$${n}/apps/ || exit 1; \
	done
	install -m 644 packaging/icons/hicolor/scalable/apps/$(APP_ID).svg $(D_SHARE)/icons/hicolor/scalable/apps/
	gzip -9n < packaging/headsdown.1 > $(D_SHARE)/man/man1/headsdown.1.gz
	chmod 644 $(D_SHARE)/man/man1/headsdown.1.gz
	@# The completions come from the command table, through the built binary.
	./$(BIN) completion bash > $(D_SHARE)/bash-completion/completions/headsdown
	@# zsh autoloads _headsdown from $$fpath: the first call sets up the
	@# bash-emulated completion (which redefines _headsdown) and completes.
	{ echo '#compdef headsdown'; ./$(BIN) completion zsh; echo '_bash_complete -F _headsdown "$$@"'; } \
	  > $(DESTDIR)$(PREFIX)/$(ZSH_DIR)/_headsdown
	./$(BIN) completion fish > $(D_SHARE)/fish/vendor_completions.d/headsdown.fish
	chmod 644 $(D_SHARE)/bash-completion/completions/headsdown $(DESTDIR)$(PREFIX)/$(ZSH_DIR)/_headsdown \
	  $(D_SHARE)/fish/vendor_completions.d/headsdown.fish
	$(refresh-icon-cache)

uninstall:
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/,$(INSTALLED))
	$(refresh-icon-cache)

# A hicolor icon cache that exists must be rebuilt, or it hides the new icon
# (or keeps a removed one). One that does not exist is not created: a cache
# nobody maintains would hide the next app's icons. Packages leave this to
# dpkg's trigger; DESTDIR staging leaves it alone.
define refresh-icon-cache
	@if [ -z "$(DESTDIR)" ] && [ -f $(D_SHARE)/icons/hicolor/icon-theme.cache ] && \
	  command -v gtk-update-icon-cache >/dev/null; then \
	  gtk-update-icon-cache -q -t -f $(D_SHARE)/icons/hicolor || true; \
	fi
endef

# Installs into a temporary DESTDIR, compares the tree with INSTALLED,
# validates the .desktop file, the metainfo and the man page, uninstalls.
packaging-check: build
	./scripts/packaging-check.sh

# make dist: the release artefacts for VERSION in dist/ — the Linux tarball
# (the install tree and an INSTALL note), the .deb (installs to /usr), the
# Windows zip (two GUI-subsystem programs with icon and version info) and
# the Windows installer (NSIS, per user: packaging/windows/headsdown.nsi).
# Stripped, -trimpath, files dated to the last commit (SOURCE_DATE_EPOCH),
# so the same commit gives the same archives.
DIST      := dist
DIST_NAME := headsdown_$(VERSION)
DIST_LDFLAGS := $(LDFLAGS) -s -w
WIN_CC    ?= x86_64-w64-mingw32-gcc
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH
TAR_NAME  := $(DIST_NAME)_linux_amd64
DEB_NAME  := $(DIST_NAME)_amd64.deb
ZIP_NAME  := $(DIST_NAME)_windows_amd64
SETUP_NAME := $(ZIP_NAME)_setup.exe
L         := $(DIST)/.linux
W         := $(DIST)/.windows/$(ZIP_NAME)

# SHA256SUMS: what a person checks a download with (`sha256sum -c`).
dist: dist-linux dist-windows
	cd $(DIST) && sha256sum $(TAR_NAME).tar.gz $(DEB_NAME) $(ZIP_NAME).zip $(SETUP_NAME) > SHA256SUMS
	@cd $(DIST) && ls -l $(TAR_NAME).tar.gz $(DEB_NAME) $(ZIP_NAME).zip $(SETUP_NAME) SHA256SUMS

dist-linux: deps-build deps-dist check-go $(SYSTRAY_MOD)
	rm -rf $(L) $(DIST)/$(TAR_NAME).tar.gz $(DIST)/$(DEB_NAME) && mkdir -p $(L)
	CGO_ENABLED=$(TRAY_CGO) $(GO) build -modfile=$(SYSTRAY_MOD) -trimpath -ldflags "$(DIST_LDFLAGS)" -o $(L)/headsdown ./cmd/headsdown
	@# PIE: the windows program links C (GLFW), so it gets ASLR like distribution binaries.
	$(GO) build -trimpath -buildmode=pie -ldflags "$(DIST_LDFLAGS)" -o $(L)/headsdown-ui ./cmd/headsdown-ui
	@# The tarball: bin/ and share/ to copy under a prefix, with an INSTALL note.
	$(MAKE) --no-print-directory -s install BIN=$(L)/headsdown UI_BIN=$(L)/headsdown-ui \
	  DESTDIR=$(L)/tar/$(TAR_NAME) PREFIX=
	install -d $(L)/tar/$(TAR_NAME)/share/doc/headsdown
	install -m 644 README.md CHANGELOG.md LICENSE $(L)/tar/$(TAR_NAME)/share/doc/headsdown/
	sed 's/@VERSION@/$(VERSION)/g' packaging/INSTALL.linux > $(L)/tar/$(TAR_NAME)/INSTALL
	tar -C $(L)/tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@$(SOURCE_DATE_EPOCH) \
	  -cf - $(TAR_NAME) | gzip -9n > $(DIST)/$(TAR_NAME).tar.gz
	@# The .deb: the same programs installed to /usr.
	$(MAKE) --no-print-directory -s install BIN=$(L)/headsdown UI_BIN=$(L)/headsdown-ui \
	  DESTDIR=$(L)/deb PREFIX=/usr
	./scripts/mkdeb.sh $(VERSION) $(L)/deb $(DIST)/$(DEB_NAME)

dist-windows: deps-dist check-go
	rm -rf $(DIST)/.windows $(DIST)/$(ZIP_NAME).zip $(DIST)/$(SETUP_NAME) && mkdir -p $(W)
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) build -trimpath \
	  -ldflags "$(DIST_LDFLAGS) -H windowsgui" -o $(W)/headsdown.exe ./cmd/headsdown
	GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=$(WIN_CC) $(GO) build -trimpath \
	  -ldflags "$(DIST_LDFLAGS) -H windowsgui" -o $(W)/headsdown-ui.exe ./cmd/headsdown-ui
	$(GO) run ./scripts/winres -version $(VERSION) -ico $(W)/headsdown.ico $(W)/headsdown.exe $(W)/headsdown-ui.exe
	install -m 644 README.md CHANGELOG.md $(W)/
	install -m 644 LICENSE $(W)/LICENSE.txt
	sed -e 's/@VERSION@/$(VERSION)/g' -e 's/$$/\r/' packaging/INSTALL.windows > $(W)/INSTALL.txt
	find $(DIST)/.windows -exec touch -d @$(SOURCE_DATE_EPOCH) {} +
	cd $(DIST)/.windows && find $(ZIP_NAME) | LC_ALL=C sort | zip -q -X -9 ../$(ZIP_NAME).zip -@
	@# The installer (per user, no admin): the same files, from the same folder.
	makensis -V2 -INPUTCHARSET UTF8 -DVERSION=$(VERSION) \
	  -DVERSION_NUMERIC=$$($(GO) run ./scripts/winres -version $(VERSION) -numeric) \
	  -DAPPID=$(APP_ID) -DSRC=$(abspath $(W)) -DOUTFILE=$(abspath $(DIST)/$(SETUP_NAME)) \
	  packaging/windows/headsdown.nsi

# On a Mac (cgo needs the SDK): Heads Down.app with both programs, an
# Info.plist with LSUIElement (menu bar only, no Dock icon) and the icon.
dist-macos: check-go $(SYSTRAY_MOD)
	@[ "$$(uname -s)" = Darwin ] || { echo "make dist-macos runs on macOS (cgo needs Apple's SDK)"; exit 1; }
	rm -rf $(DIST)/.macos && mkdir -p $(DIST)/.macos
	$(GO) build -modfile=$(SYSTRAY_MOD) -trimpath -ldflags "$(DIST_LDFLAGS)" -o $(DIST)/.macos/headsdown ./cmd/headsdown
	$(GO) build -trimpath -ldflags "$(DIST_LDFLAGS)" -o $(DIST)/.macos/headsdown-ui ./cmd/headsdown-ui
	$(GO) run ./scripts/macapp -version $(VERSION) -tray $(DIST)/.macos/headsdown -ui $(DIST)/.macos/headsdown-ui \
	  -o "$(DIST)/Heads Down.app"
	cd $(DIST) && ditto -c -k --keepParent "Heads Down.app" $(DIST_NAME)_macos_$$(uname -m).zip

# Every package's Windows test program, run under Wine (scripts/winetest):
# a private prefix in bin/wine with the ProcessPrng stand-in, the programs
# built -trimpath with scripts/wine/overlay.sh. One line per package, the
# skip reasons counted, a failing package's output; any failure fails.
# WINETEST_FLAGS='-run X -skip-pkgs Y' narrows it while iterating.
windows-tests: deps-test deps-dist check-go
	GO=$(GO) $(GO) run ./scripts/winetest -cc $(WIN_CC) $(WINETEST_FLAGS)

# Checks the artefacts of make dist as a user would meet them; installs the
# .deb on this machine with apt-get (and removes it again).
dist-check: dist
	VERSION=$(VERSION) ./scripts/dist-check.sh

# The Windows installer and the programs it installs, under Wine in a
# private prefix on a private X display: silent install and upgrade, the
# files, the registry and the shortcut, the CLI against --headless, the
# tray icon and its menu, the Settings window (screenshots in artifacts/),
# and a silent uninstall that closes the running tray and leaves the
# user's data (cmd/headsdown/wine_smoke_test.go). It uses make dist's build.
wine-check: dist deps-test
	HEADSDOWN_WINE_SETUP=$(abspath $(DIST)/$(SETUP_NAME)) HEADSDOWN_WINE_ZIP=$(abspath $(DIST)/$(ZIP_NAME).zip) \
	  $(GO) test -count=1 -timeout 15m -run '^(TestWineInstallerAndApp|TestInstallerScriptAppID)$$' ./cmd/headsdown

clean:
	rm -rf bin artifacts dist
