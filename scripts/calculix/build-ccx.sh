#!/usr/bin/env bash
# Builds CalculiX ccx 2.20 once from Debian's source package (docs/theory.md, section "CalculiX user materials") into the cache folder
# given as $1 (outside the repository). Leaves $1/build/ccx_2.20.a and ccx_2.20.o, to which
# link-ccx.sh adds the exported user materials. Prints a clear reason and exits non-zero when
# something needed is missing.
set -euo pipefail
cache="$1"
build="$cache/build"
if [ -f "$build/ccx_2.20.a" ] && [ -f "$build/ccx_2.20.o" ]; then
  exit 0
fi
for tool in gcc gfortran make ar; do
  if ! command -v "$tool" >/dev/null; then
    echo "'$tool' is missing (apt-get install gcc gfortran make binutils)" >&2
    exit 3
  fi
done
missing=()
for pkg in libarpack2-dev libspooles-dev liblapack-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing build dependencies: ${missing[*]} (apt-get install gfortran libarpack2-dev libspooles-dev liblapack-dev)" >&2
  exit 3
fi
mkdir -p "$cache/src"
srcdir="$cache/src/calculix-ccx-2.20"
if [ ! -d "$srcdir" ]; then
  # apt-get source unpacks and applies Debian's patches (dpkg-source -x)
  if ! (cd "$cache/src" && apt-get source calculix-ccx >"$cache/fetch.log" 2>&1); then
    echo "'apt-get source calculix-ccx' failed (see $cache/fetch.log); it needs a deb-src entry for bookworm main in /etc/apt/sources.list.d/ and 'apt-get update'" >&2
    exit 3
  fi
fi
if [ ! -d "$srcdir/ccx_2.20/src" ]; then
  echo "$srcdir/ccx_2.20/src not found after unpacking the source package" >&2
  exit 3
fi
rm -rf "$build.tmp"
cp -r "$srcdir/ccx_2.20/src" "$build.tmp"
echo "building CalculiX 2.20 in $build (a few minutes on a busy machine; log: $cache/build.log)" >&2
if ! (cd "$build.tmp" && make -j2 \
  CFLAGS='-Wall -O2 -I/usr/include/spooles -DARCH="Linux" -DSPOOLES -DARPACK -DMATRIXSTORAGE -DUSE_MT=1' \
  FFLAGS='-O2 -fallow-argument-mismatch' >"$cache/build.log" 2>&1); then
  echo "make failed (see $cache/build.log)" >&2
  exit 3
fi
rm -rf "$build"
mv "$build.tmp" "$build"
