#!/usr/bin/env bash
# Every C++ file as clang-format writes it (.clang-format: Google style, 100 columns); fails
# naming each file and line that differs. Fix with:
#   git ls-files '*.cc' '*.h' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.cc' '*.h')
if clang-format --dry-run --Werror "${files[@]}"; then
  echo "check_format: ${#files[@]} C++ files as clang-format $(clang-format --version | grep -o '[0-9][0-9.]*' | head -1) writes them" >&2
else
  echo "check_format: the files above differ from clang-format's layout" >&2
  exit 1
fi
