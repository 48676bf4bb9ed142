#!/usr/bin/env bash
# The repository stands alone: no file outside docs/ may point at design notes kept outside it
# (the project's early design, data, style and .tflite format notes, or the folder beside the
# checkout that held them). What a reader needs from them lives in docs/. Prints each offending line and exits 1 if any.
# The patterns are bracketed so that this script does not match itself.
# Usage: bash scripts/check_standalone.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

pattern='DESIGN[.]md|DATA[.]md|STYLE[.]md|TFLITE_FORMA[T]|[.][.]/share[d]|/work/share[d]|shared/re[f]/'

# Tracked and new (not ignored) files; without git, every file but dependencies and outputs.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard | grep -v '^docs/')
else
  mapfile -t files < <(find . -type f -not -path './docs/*' -not -path './node_modules/*' \
                         -not -path './build/*' -not -path './data/*' -not -path './.git/*' |
                         sed 's|^\./||')
fi

existing=()
for file in "${files[@]}"; do [[ -f "$file" ]] && existing+=("$file"); done
if hits=$(grep -I -n -E "$pattern" -- "${existing[@]}"); then
  echo "$hits"
  echo "check_standalone: the lines above point outside the repository; say it in docs/ and" \
       "point there" >&2
  exit 1
fi
echo "check_standalone: no file outside docs/ points at notes outside the repository" >&2
