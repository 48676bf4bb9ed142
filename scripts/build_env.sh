# scripts/build_env.sh — sourced by the scripts that build (build.sh, bench.sh, test.sh): the
# environment every build needs and the configure step they share. Run from the repo root.

# Debian's emscripten runs its JS optimizer (acorn) from Debian's node modules.
case ":${NODE_PATH:-}:" in
  *:/usr/share/nodejs:*) ;;
  *) export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}" ;;
esac

# configure_if_stale PRESET: `cmake --preset PRESET` for a fresh tree or after an edit of
# CMakePresets.json. Ninja re-runs CMake by itself when CMakeLists.txt or the globbed file
# lists change.
configure_if_stale() {
  local dir="build/$1"
  if [[ ! -f "$dir/build.ninja" || ! -f "$dir/CMakeCache.txt" ||
        CMakePresets.json -nt "$dir/CMakeCache.txt" ]]; then
    cmake --preset "$1"
  fi
}
