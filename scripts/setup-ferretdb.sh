#!/usr/bin/env bash
# Builds FerretDB v1 (SQLite handler, SQLite translated to Go: no C compiler) into tools/bin/ferretdb
# for the local database rung, with the correctness patches in scripts/ferretdb/ (see README).
# `go install …@v1.24.2` cannot work here: the module proxy refuses the version list that
# `go install` reads for deprecations, and the module zip lacks build/version/version.txt.
# So: download the exact module, add version.txt, apply the patches in name order, build.
set -euo pipefail
VERSION=v1.24.2
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/tools/bin/ferretdb"
stamp="$root/tools/bin/ferretdb.stamp"
want="$VERSION $(cat "$root"/scripts/ferretdb/*.patch | sha256sum | cut -c1-16)"

if [ -x "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "setup:ferretdb: $out is up to date ($VERSION, patched)"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "setup:ferretdb: Go is not installed, so FerretDB cannot be built here; the service will use the next database rung." >&2
  exit 0
fi

export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Without the checksum database when it cannot be reached.
src=$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" 2>"$work/err" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p') \
  || src=$(GOSUMDB=off go mod download -json "github.com/FerretDB/FerretDB@$VERSION" 2>>"$work/err" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p') \
  || true
if [ -z "$src" ]; then
  echo "setup:ferretdb: could not download FerretDB $VERSION:" >&2
  cat "$work/err" >&2
  exit 0
fi
cp -r "$src" "$work/src"
chmod -R u+w "$work/src"
for p in "$root"/scripts/ferretdb/*.patch; do
  patch -s -p1 -d "$work/src" < "$p" || { echo "setup:ferretdb: $p does not apply to FerretDB $VERSION" >&2; exit 0; }
done
echo "$VERSION" > "$work/src/build/version/version.txt"

mkdir -p "$(dirname "$out")"
echo "setup:ferretdb: building FerretDB $VERSION (first time takes a minute or two)…"
if ! (cd "$work/src" && { go build -trimpath -o "$out.tmp" ./cmd/ferretdb 2>"$work/err" \
  || GOSUMDB=off go build -trimpath -o "$out.tmp" ./cmd/ferretdb 2>"$work/err"; }); then
  echo "setup:ferretdb: build failed:" >&2
  cat "$work/err" >&2
  exit 0
fi
mv "$out.tmp" "$out"
echo "$want" > "$stamp"
echo "setup:ferretdb: installed $("$out" --version | head -1) at $out"
