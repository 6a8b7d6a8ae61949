# cli_lib.sh -- the harness every command-line test shares (cli_test.sh, stack_cli_test.sh,
# image_cli_test.sh, hostile_cli_test.sh). Source it with the script's arguments:
#
#   source "$(dirname "$0")/cli_lib.sh" "$@"
#
# It takes the tool's path (a .js path runs under plain node: the wasm build), makes a scratch
# folder $WORK (removed on exit), and gives:
#   run ARGS...                   the tool with empty stdin (at most $CLI_TIMEOUT s, default 600); sets $status, $out, $err
#   run_with_input TEXT ARGS...   the same with TEXT on stdin
#   check NAME RESULT [DETAIL]    counts a check (RESULT 0 = passed); a failure prints what ran
#   check_refused NAME WORD...    the failure contract: exit 2, nothing on stdout, one stderr line
#                                 "strideconv: ..." naming every WORD
#   has TEXT PART, lines TEXT     substring test; number of lines (0 for empty text)
#   finish LABEL                  prints "LABEL: N passed, M failed"; exit status 1 if any failed

if [ $# -ne 1 ]; then
    echo "usage: $0 <path-to-strideconv>" >&2
    exit 2
fi
TOOL=$1
RUN=("$TOOL")
case "$TOOL" in *.js) RUN=(node "$TOOL") ;; esac

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
passed=0
failed=0

run_with_input() {
    local input=$1
    shift
    printf "%s" "$input" | timeout "${CLI_TIMEOUT:-600}" "${RUN[@]}" "$@" >"$WORK/out" 2>"$WORK/err"
    status=$?
    out=$(cat "$WORK/out")
    err=$(cat "$WORK/err")
    ran="strideconv $*"
}

run() { run_with_input '' "$@"; }

check() {
    if [ "$2" -eq 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $1${3:+ -- $3}"
        echo "  ran: $ran"
        echo "  exit $status; stdout: $(head -c 600 "$WORK/out")"
        echo "  stderr: $(head -c 400 "$WORK/err")"
    fi
}

has() { case "$1" in *"$2"*) return 0 ;; *) return 1 ;; esac; }
lines() { if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l | tr -d ' '; fi; }

check_refused() {
    local name=$1 ok=0
    shift
    [ "$status" -eq 2 ] || ok=1
    [ -z "$out" ] || ok=1
    [ "$(lines "$err")" -eq 1 ] || ok=1
    has "$err" "strideconv: " || ok=1
    for word in "$@"; do has "$err" "$word" || ok=1; done
    check "$name" $ok "expected exit 2, empty stdout, one stderr line mentioning: $*"
}

finish() {
    echo "$1: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
