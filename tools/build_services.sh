#!/usr/bin/env bash
# Build the service binaries that the integration tests start, and install
# the Debian packages they need.
#
#   openregi-ferretdb  FerretDB (MongoDB wire protocol, SQLite backend), from tools/ferretdb
#   daprd              the Dapr sidecar, built from the github.com/dapr/dapr module
#
# Both come from the Go module proxy and land in
# ${OPENREGI_CACHE_DIR:-$HOME/.cache/openregi}/bin, never in the repository.
# A binary is rebuilt only when its stamp file (version and build inputs) changes,
# so a run with both binaries current finishes in under a second.
#
# Usage: bash tools/build_services.sh [--force]
#
# Environment:
#   OPENREGI_CACHE_DIR    cache root (default: $HOME/.cache/openregi)
#   OPENREGI_BUILD_JOBS   packages compiled in parallel, passed to `go build -p` (default: 2)
#   GO                    path of the go command (default: go on PATH, then /usr/local/go/bin/go)
set -euo pipefail

FERRETDB_VERSION="v1.24.2"
# NOTE: daprd v1.16.5 was, in December 2026, the newest 1.16.x or 1.17.x release whose
# whole dependency graph the Go module proxy served. For each newer one the proxy returned
# 403 on a dependency (github.com/dapr/durabletask-go v0.11.1 for v1.17.5, and
# github.com/dapr/components-contrib v1.17.0 for v1.17.0 and v1.16.8 for v1.16.8) or on
# the release itself (the other releases from 1.16.6 to 1.17.4).
DAPR_VERSION="v1.16.5"
DAPR_BUILD_TAGS="stablecomponents"
MIN_GO_VERSION="1.24.11" # the go directive of github.com/dapr/dapr v1.16.5

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${OPENREGI_CACHE_DIR:-$HOME/.cache/openregi}"
BIN_DIR="$CACHE_DIR/bin"
BUILD_JOBS="${OPENREGI_BUILD_JOBS:-2}"
FORCE=0

log() {
    printf 'build_services: %s\n' "$*" >&2
}

fail() {
    printf 'build_services: error: %s\n' "$*" >&2
    exit 1
}

format_duration() {
    printf '%dm%02ds' $(($1 / 60)) $(($1 % 60))
}

parse_args() {
    local arg
    for arg in "$@"; do
        case "$arg" in
        --force) FORCE=1 ;;
        -h | --help)
            sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *) fail "unknown argument '$arg', expected --force or --help" ;;
        esac
    done

    if ! [[ "$BUILD_JOBS" =~ ^[1-9][0-9]*$ ]]; then
        fail "invalid OPENREGI_BUILD_JOBS '$BUILD_JOBS': expected a positive integer"
    fi
}

# Debian packages -------------------------------------------------------------

apt_updated=0

apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        fail "missing $*, and apt-get is not available to install it. Install $* with the system package manager."
    fi

    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || fail "installing $* needs root or sudo"
        sudo=(sudo)
    fi

    if [ "$apt_updated" -eq 0 ]; then
        log "running apt-get update"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null ||
            fail "apt-get update failed"
        apt_updated=1
    fi

    log "installing Debian packages: $*"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "$@" >/dev/null ||
        fail "apt-get install $* failed"
}

install_debian_packages() {
    local packages=()

    # The Redis-backed Dapr components and tests start their own redis-server.
    command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
    # The go command needs the system CA bundle for HTTPS to the module proxy.
    [ -e /etc/ssl/certs/ca-certificates.crt ] || packages+=(ca-certificates)

    if [ "${#packages[@]}" -gt 0 ]; then
        apt_install "${packages[@]}"
    fi
}

# Go toolchain ----------------------------------------------------------------

find_go() {
    if [ -n "${GO:-}" ]; then
        [ -x "$GO" ] || fail "GO is set to '$GO', which is not an executable file"
    elif command -v go >/dev/null 2>&1; then
        GO="$(command -v go)"
    elif [ -x /usr/local/go/bin/go ]; then
        GO=/usr/local/go/bin/go
    else
        fail "go command not found on PATH or at /usr/local/go/bin/go. Install Go $MIN_GO_VERSION or newer, or set GO=/path/to/go."
    fi

    local version
    version="$("$GO" env GOVERSION)" || fail "'$GO env GOVERSION' failed"
    version="${version#go}"

    # sort -V puts the older version first, so the minimum must come first.
    if [ "$(printf '%s\n%s\n' "$MIN_GO_VERSION" "$version" | sort -V | head -n 1)" != "$MIN_GO_VERSION" ]; then
        fail "Go $version at $GO is too old: daprd $DAPR_VERSION needs Go $MIN_GO_VERSION or newer"
    fi

    # Pure-Go builds: no C compiler is needed and the binaries have no libc dependency.
    export CGO_ENABLED=0
    log "using Go $version at $GO (module cache $("$GO" env GOMODCACHE), build cache $("$GO" env GOCACHE))"
}

# Stamps ----------------------------------------------------------------------

# A stamp file next to each binary records what it was built from. The binary is
# reused only while the stamp matches exactly.
stamp_matches() {
    local binary="$1" expected="$2"
    [ "$FORCE" -eq 0 ] && [ -x "$binary" ] && [ -f "$binary.stamp" ] &&
        [ "$(cat "$binary.stamp")" = "$expected" ]
}

install_binary() {
    local built="$1" binary="$2" stamp="$3"
    chmod 0755 "$built"
    mv -f "$built" "$binary"
    printf '%s\n' "$stamp" >"$binary.stamp"
}

# FerretDB --------------------------------------------------------------------

ferretdb_stamp() {
    local source_hash
    source_hash="$(cd "$REPO_ROOT/tools/ferretdb" && cat go.mod go.sum main.go | sha256sum | cut -d ' ' -f 1)"
    printf 'FerretDB %s, tools/ferretdb sha256 %s' "$FERRETDB_VERSION" "$source_hash"
}

build_ferretdb() {
    local binary="$BIN_DIR/openregi-ferretdb" stamp
    local module_dir="$REPO_ROOT/tools/ferretdb"

    grep -q "github.com/FerretDB/FerretDB $FERRETDB_VERSION\$" "$module_dir/go.mod" ||
        fail "tools/ferretdb/go.mod does not require github.com/FerretDB/FerretDB $FERRETDB_VERSION; update FERRETDB_VERSION or go.mod so they agree"

    stamp="$(ferretdb_stamp)"
    if stamp_matches "$binary" "$stamp"; then
        log "openregi-ferretdb is up to date ($stamp)"
        return
    fi

    log "building openregi-ferretdb (FerretDB $FERRETDB_VERSION)"
    local started=$SECONDS

    (cd "$module_dir" && "$GO" mod download) ||
        fail "downloading the modules of tools/ferretdb failed. Check that the Go module proxy is reachable."
    local downloaded=$SECONDS

    (cd "$module_dir" && "$GO" build -p "$BUILD_JOBS" -buildvcs=false -trimpath -ldflags "-s -w" \
        -o "$binary.tmp" .) ||
        fail "compiling tools/ferretdb failed, see the go output above"

    install_binary "$binary.tmp" "$binary" "$stamp"
    log "built $binary in $(format_duration $((SECONDS - started))) (module download $(format_duration $((downloaded - started))), compile $(format_duration $((SECONDS - downloaded))))"
}

# daprd -----------------------------------------------------------------------

daprd_stamp() {
    printf 'daprd %s, tags %s' "$DAPR_VERSION" "$DAPR_BUILD_TAGS"
}

# The dapr module has replace directives, so `go install github.com/dapr/dapr/cmd/daprd@VERSION`
# is rejected. Instead the module source is copied out of the read-only module cache and
# built as the main module, where its replace directives apply.
build_daprd() {
    local binary="$BIN_DIR/daprd" stamp
    stamp="$(daprd_stamp)"
    if stamp_matches "$binary" "$stamp"; then
        log "daprd is up to date ($stamp)"
        return
    fi

    log "building daprd $DAPR_VERSION with tags $DAPR_BUILD_TAGS"
    local started=$SECONDS

    local download_json module_dir
    download_json="$("$GO" mod download -json "github.com/dapr/dapr@$DAPR_VERSION")" ||
        fail "downloading github.com/dapr/dapr@$DAPR_VERSION failed: $download_json"
    module_dir="$(printf '%s\n' "$download_json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
    [ -d "$module_dir" ] ||
        fail "go mod download returned no module directory for github.com/dapr/dapr@$DAPR_VERSION: $download_json"

    local work_dir
    work_dir="$(mktemp -d "${TMPDIR:-/tmp}/openregi-daprd.XXXXXX")"
    # The trap deletes the copied source whether the build succeeds or fails.
    # shellcheck disable=SC2064
    trap "rm -rf '$work_dir'" EXIT
    cp -R "$module_dir" "$work_dir/dapr"
    chmod -R u+w "$work_dir/dapr"

    # Listing the packages of ./cmd/daprd downloads only the modules that the build
    # needs, not the whole module graph. -mod=mod lets the go command add go.sum lines
    # that the release's go.sum lacks, and it still verifies each download against the
    # checksum database.
    (cd "$work_dir/dapr" && "$GO" list -mod=mod -tags "$DAPR_BUILD_TAGS" -deps ./cmd/daprd >/dev/null) ||
        fail "resolving the dependencies of daprd $DAPR_VERSION failed. A '403 Forbidden' above means that the module proxy does not serve that dependency version, so pick another DAPR_VERSION."
    local downloaded=$SECONDS

    local ldflags="-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=${DAPR_VERSION#v}"
    (cd "$work_dir/dapr" && "$GO" build -mod=mod -p "$BUILD_JOBS" -buildvcs=false -trimpath \
        -tags "$DAPR_BUILD_TAGS" -ldflags "$ldflags" -o "$binary.tmp" ./cmd/daprd) ||
        fail "compiling daprd $DAPR_VERSION failed, see the go output above"

    install_binary "$binary.tmp" "$binary" "$stamp"
    rm -rf "$work_dir"
    trap - EXIT
    log "built $binary in $(format_duration $((SECONDS - started))) (module download $(format_duration $((downloaded - started))), compile $(format_duration $((SECONDS - downloaded))))"
}

main() {
    parse_args "$@"
    install_debian_packages
    find_go
    mkdir -p "$BIN_DIR"

    build_ferretdb
    build_daprd

    log "binaries are in $BIN_DIR"
}

main "$@"
