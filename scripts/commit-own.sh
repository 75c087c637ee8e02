#!/bin/bash
# Commits exactly the given paths (whole files) and patches (hunks) through a private index based on
# HEAD, so nothing someone else staged meanwhile goes in; then resets only those paths in the shared
# index. For several people (or agents) committing in one working tree. Usage:
#   scripts/commit-own.sh -m MSG [-p PATCH]... PATH...
set -euo pipefail
cd "$(dirname "$0")/.."
msg=""; patches=(); paths=()
while [ $# -gt 0 ]; do
  case "$1" in
    -m) msg="$2"; shift 2;;
    -p) patches+=("$2"); shift 2;;
    *) paths+=("$1"); shift;;
  esac
done
[ -n "$msg" ] || { echo "no message"; exit 2; }
idx=$(mktemp /tmp/own-index.XXXXXX)
trap 'rm -f "$idx"' EXIT
export GIT_INDEX_FILE="$idx"
git read-tree HEAD
for p in "${patches[@]}"; do git apply --cached "$p"; done
[ ${#paths[@]} -gt 0 ] && git add -- "${paths[@]}"
tree=$(git write-tree)
parent=$(git rev-parse HEAD)
commit=$(git commit-tree "$tree" -p "$parent" -m "$msg")
git update-ref HEAD "$commit" "$parent"
unset GIT_INDEX_FILE
# Bring the shared index's entries of our files to the new HEAD (others' staged files untouched).
changed=$(git diff-tree --no-commit-id --name-only -r "$parent" "$commit")
[ -n "$changed" ] && git reset -q "$commit" -- $changed
git log --oneline -1
git show --stat --format= HEAD
