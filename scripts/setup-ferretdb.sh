#!/usr/bin/env bash
# Builds FerretDB v1 (SQLite handler) into tools/bin/ferretdb for the local database rung.
# `go install …@v1.24.2` cannot work on the project's machines: the module proxy refuses the
# version list that `go install` reads for deprecations, and the module zip lacks the
# generated build/version/version.txt. So: download the exact module, add version.txt,
# apply our small patches (scripts/ferretdb/*.patch; see README), build.
# With a C compiler, FerretDB is built on SQLite compiled from C (github.com/mattn/go-sqlite3,
# scripts/ferretdb/native/): its inserts take about 40 % less time than with modernc.org/sqlite,
# SQLite translated to Go, which FerretDB ships with. Without one, or if that build fails, the
# pure-Go driver is used, with scripts/ferretdb/modernc-*/*.patch applied to it and to its C library.
set -euo pipefail
VERSION=v1.24.2
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/tools/bin/ferretdb"
stamp="$root/tools/bin/ferretdb.stamp"
want="$VERSION $(cat "$root"/scripts/ferretdb/*.patch "$root"/scripts/ferretdb/wire/*.patch "$root"/scripts/ferretdb/modernc-*/*.patch \
  "$root"/scripts/ferretdb/native/*.patch "$root"/scripts/ferretdb/native/*/*.patch | sha256sum | cut -c1-16)"

if [ -x "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "setup:ferretdb: $out is up to date ($VERSION, patched)"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "setup:ferretdb: Go is not installed, so FerretDB cannot be built here; the service will use the next database rung." >&2
  exit 0
fi

export GOTOOLCHAIN=local GOFLAGS=-mod=mod
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: > "$work/build-err"

# patched_copy MODULE VERSION DEST PATCH...: downloads the exact module version (without the
# checksum database when it cannot be reached), copies it to DEST and applies the patches in order.
# Fails, saying why, when the module cannot be had or a patch does not apply.
patched_copy() {
  local module=$1 version=$2 dest=$3 src="" p
  shift 3
  if [ -n "$version" ]; then
    src=$(cd "$work" && go mod download -json "$module@$version" 2>>"$work/err" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p') || true
    if [ -z "$src" ]; then
      src=$(cd "$work" && GOSUMDB=off go mod download -json "$module@$version" 2>>"$work/err" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p') || true
    fi
  fi
  if [ -z "$src" ]; then
    echo "setup:ferretdb: could not download $module ${version:-(version unknown)}:" >&2
    cat "$work/err" >&2
    return 1
  fi
  cp -r "$src" "$dest"
  chmod -R u+w "$dest"
  for p in "$@"; do
    patch -s -p1 -d "$dest" < "$p" || { echo "setup:ferretdb: $p does not apply to $module $version" >&2; return 1; }
  done
}

# build DIR [GO BUILD FLAGS...]: builds FerretDB from DIR into $out.tmp; the error goes to build-err.
build() {
  local dir=$1
  shift
  (cd "$dir" && { go build "$@" -trimpath -o "$out.tmp" ./cmd/ferretdb 2>"$work/build-err" \
    || GOSUMDB=off go build "$@" -trimpath -o "$out.tmp" ./cmd/ferretdb 2>"$work/build-err"; })
}

# native_build: FerretDB on SQLite compiled from C, in $work/native. dbstat and STAT4 are compiled in
# because FerretDB uses them (collection statistics, ANALYZE); its tests check both.
native_build() {
  command -v "${CC:-gcc}" >/dev/null 2>&1 || { echo "no C compiler (${CC:-gcc})" > "$work/build-err"; return 1; }
  cp -r "$work/src" "$work/native"
  patch -s -p1 -d "$work/native" < "$root/scripts/ferretdb/native/use-native-sqlite.patch" >"$work/build-err" 2>&1 || return 1
  local version
  version=$(cd "$work/native" && go list -m -f '{{.Version}}' github.com/mattn/go-sqlite3 2>"$work/build-err") || return 1
  patched_copy github.com/mattn/go-sqlite3 "$version" "$work/mattn-go-sqlite3" "$root"/scripts/ferretdb/native/mattn-go-sqlite3/*.patch || return 1
  (cd "$work/native" && go mod edit -replace "github.com/mattn/go-sqlite3=$work/mattn-go-sqlite3") || return 1
  CGO_ENABLED=1 CGO_CFLAGS="-O2 -DSQLITE_ENABLE_DBSTAT_VTAB=1" build "$work/native" -tags sqlite_stat4
}

# The build embeds build/version/version.txt, which the module zip lacks.
patched_copy github.com/FerretDB/FerretDB "$VERSION" "$work/src" "$root"/scripts/ferretdb/*.patch || exit 0
echo "$VERSION" > "$work/src/build/version/version.txt"
# FerretDB's wire-protocol module gets scripts/ferretdb/wire/*.patch through a replace directive,
# at the version FerretDB's go.mod requires; both builds below start from this source.
wire_version=$(cd "$work/src" && go list -m -f '{{.Version}}' github.com/FerretDB/wire 2>>"$work/err") || true
patched_copy github.com/FerretDB/wire "$wire_version" "$work/wire" "$root"/scripts/ferretdb/wire/*.patch || exit 0
(cd "$work/src" && go mod edit -replace "github.com/FerretDB/wire=$work/wire")

mkdir -p "$(dirname "$out")"
echo "setup:ferretdb: building FerretDB $VERSION on SQLite compiled from C (first time takes a minute or two)…"
if native_build; then
  sqlite="SQLite compiled from C"
else
  echo "setup:ferretdb: could not build with SQLite compiled from C, so FerretDB uses SQLite translated to Go (slower imports):" >&2
  cat "$work/build-err" >&2
  # The pure-Go driver and its C library get our patches through replace directives, at the
  # versions FerretDB's go.mod requires: scripts/ferretdb/modernc-sqlite/*.patch for the driver
  # (modernc.org/sqlite), scripts/ferretdb/modernc-libc/*.patch for its C library.
  for patches in "$root"/scripts/ferretdb/modernc-*/; do
    name=$(basename "$patches")
    module="modernc.org/${name#modernc-}"
    version=$(cd "$work/src" && go list -m -f '{{.Version}}' "$module" 2>>"$work/err") || true
    patched_copy "$module" "$version" "$work/$name" "$patches"*.patch || exit 0
    (cd "$work/src" && go mod edit -replace "$module=$work/$name")
  done
  if ! CGO_ENABLED=0 build "$work/src"; then
    echo "setup:ferretdb: build failed:" >&2
    cat "$work/build-err" >&2
    exit 0
  fi
  sqlite="SQLite translated to Go"
fi
mv "$out.tmp" "$out"
echo "$want" > "$stamp"
echo "setup:ferretdb: installed $("$out" --version | head -1) on $sqlite at $out"
