#!/usr/bin/env bash
# make deb: the Debian packages, built from a clean clone of the committed tree (what is not
# committed is not shipped), into the directory given (default artifacts/deb).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-artifacts/deb}")
bash installer/apt-install.sh installer/apt-packages-build.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q . "$work/mashang"
(cd "$work/mashang" && dpkg-buildpackage -us -uc -b) > "$work/build.log" 2>&1 || {
  tail -40 "$work/build.log"; echo "打包失败 / package build failed" >&2; exit 1; }
mkdir -p "$out"
rm -f "$out"/*.deb
cp "$work"/*.deb "$out"/
ls -l "$out"/*.deb
