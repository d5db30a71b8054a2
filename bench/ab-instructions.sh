#!/usr/bin/env bash
# Interleaved A/B of two `workspace` binaries in instructions (valgrind's callgrind counts the
# same on a loaded machine as on an idle one): each command runs under A, then under B, on its
# own copy of a workspace the benchmark generated, so writes start from the same state.
#
#   bench/ab-instructions.sh BIN_A DB_A BIN_B DB_B [OUT] [COMMANDS]
#
# COMMANDS is a file of commands, one a line (shell quoting; $work names a scratch folder),
# instead of the list below: bench/ab-document.commands is the integration document's.
#
# DB_A and DB_B hold the same workspace (`WorkspaceBench generate --size medium`); where B's
# schema is newer, DB_B is DB_A opened once by B (migrated), so both hold the same rows. Each
# binary is stripped first, as `WorkspaceBench startup` measures. Prints one row per command:
# A's and B's instruction counts and B/A.
set -euo pipefail
bin_a=$1 db_a=$2 bin_b=$3 db_b=$4 out=${5:-/dev/stdout} list=${6:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
strip -o "$work/a" "$bin_a"
strip -o "$work/b" "$bin_b"

commands=(
    "home"
    "home --view list"
    "home --search 'flow 77'"
    "integration show 'Integration 1'"
    "flow list --integration 'Integration 1'"
    "flow show 'Flow 2'"
    "settings resolve 'flow:Flow 1' --explain"
    "audit --integration 'Integration 1' --limit 50"
    "audit --user bench --limit 50"
    "whoami"
    "flow create 'Benchmark flow' --integration 'Integration 1'"
    "settings set 'flow:Flow 3' /run 1"
    "flow move 'Flow 2501' --to 'Integration 0'"
    "alias create ab --integration 'Integration 1' --target 'flow:Flow 1001'"
    "user grant tina --integration 'Integration 1' --access monitor"
    "integration download 'Integration big' -o $work/big.json"
    "integration clone 'Integration big' --name 'AB clone'"
    "revision snapshot 'Integration big' -m AB"
    "integration delete 'Integration 5' --detach"
)
if [ -n "$list" ]; then
    commands=()
    while IFS= read -r line; do
        case "$line" in ''|'#'*) continue ;; esac
        commands+=("$line")
    done <"$list"
fi

# Counts one command's instructions on a fresh copy of a workspace.
count() {
    local side=$1 db=$2 command=$3
    cp "$db" "$work/$side.sqlite"
    rm -f "$work/$side.sqlite-wal" "$work/$side.sqlite-shm"
    eval "valgrind --tool=callgrind --callgrind-out-file=/dev/null \"$work/$side\" --db \"$work/$side.sqlite\" --as bench $command" \
        2>"$work/$side.err" >/dev/null || { echo "failed: $side $command" >&2; tail -3 "$work/$side.err" >&2; exit 1; }
    grep -o 'Collected : [0-9]*' "$work/$side.err" | grep -o '[0-9]*$'
}

# The user a grant names must exist on both sides.
for side in a b; do
    db=$([ $side = a ] && echo "$db_a" || echo "$db_b")
    cp "$db" "$work/base-$side.sqlite"
    "$work/$side" --db "$work/base-$side.sqlite" --as bench user add tina --role tile >/dev/null 2>&1 || true
done

{
    echo "| command | A | B | B/A |"
    echo "| --- | --- | --- | --- |"
    for command in "${commands[@]}"; do
        a=$(count a "$work/base-a.sqlite" "$command")
        b=$(count b "$work/base-b.sqlite" "$command")
        printf '| `%s` | %s | %s | %.3f |\n' "$command" "$a" "$b" "$(echo "$b / $a" | bc -l)"
    done
} >"$out"
