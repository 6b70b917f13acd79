#!/usr/bin/env bash
# Builds FerretDB v1 (SQLite handler) into tools/bin/ferretdb for the local database rung.
# `go install …@v1.24.2` cannot work on the project's machines: the module proxy refuses the
# version list that `go install` reads for deprecations, and the module zip lacks the
# generated build/version/version.txt. So: download the exact module, add version.txt,
# apply our small patches (scripts/ferretdb/*.patch, and scripts/ferretdb/modernc-*/*.patch to its
# SQLite driver and that driver's C library; see README), build.
set -euo pipefail
VERSION=v1.24.2
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/tools/bin/ferretdb"
stamp="$root/tools/bin/ferretdb.stamp"
want="$VERSION $(cat "$root"/scripts/ferretdb/*.patch "$root"/scripts/ferretdb/modernc-*/*.patch | sha256sum | cut -c1-16)"

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

# patched_copy MODULE VERSION DEST PATCH...: downloads the exact module version (without the
# checksum database when it cannot be reached), copies it to DEST and applies the patches in order.
# Exits (with success, so the next database rung is used) when the module cannot be had.
patched_copy() {
  local module=$1 version=$2 dest=$3 src=""
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
    exit 0
  fi
  cp -r "$src" "$dest"
  chmod -R u+w "$dest"
  for p in "$@"; do
    patch -s -p1 -d "$dest" < "$p"
  done
}

# The build embeds build/version/version.txt, which the module zip lacks.
patched_copy github.com/FerretDB/FerretDB "$VERSION" "$work/src" "$root"/scripts/ferretdb/*.patch
echo "$VERSION" > "$work/src/build/version/version.txt"

# Modules FerretDB builds with get our patches too, through replace directives, at the versions
# its go.mod requires: scripts/ferretdb/modernc-sqlite/*.patch for its SQLite driver
# (modernc.org/sqlite), scripts/ferretdb/modernc-libc/*.patch for that driver's C library.
for patches in "$root"/scripts/ferretdb/modernc-*/; do
  name=$(basename "$patches")
  module="modernc.org/${name#modernc-}"
  version=$(cd "$work/src" && go list -m -f '{{.Version}}' "$module" 2>>"$work/err") || true
  patched_copy "$module" "$version" "$work/$name" "$patches"*.patch
  (cd "$work/src" && go mod edit -replace "$module=$work/$name")
done

mkdir -p "$(dirname "$out")"
echo "setup:ferretdb: building FerretDB $VERSION (first time takes a minute or two)…"
if ! (cd "$work/src" && go build -trimpath -o "$out.tmp" ./cmd/ferretdb 2>"$work/build-err" \
      || GOSUMDB=off go build -trimpath -o "$out.tmp" ./cmd/ferretdb 2>"$work/build-err"); then
  echo "setup:ferretdb: build failed:" >&2
  cat "$work/build-err" >&2
  exit 0
fi
mv "$out.tmp" "$out"
echo "$want" > "$stamp"
echo "setup:ferretdb: installed $("$out" --version | head -1) at $out"
