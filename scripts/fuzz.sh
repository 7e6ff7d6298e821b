#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser JavaScript can reach (fuzz/fuzz_targets/): libFuzzer
# through cargo fuzz on the stable toolchain, with `--sanitizer none` (ASan needs nightly, which
# cannot be fetched here): Rust's bounds and overflow checks and debug assertions are the oracle,
# and libFuzzer's own limits catch timeouts and memory blow-ups.
#
# Usage: scripts/fuzz.sh SECONDS [TARGET...]   (every target by default)
# Each target starts from the seeds made from tests/vectors/ and from the inputs that once broke
# it (tests/vectors/fuzz/TARGET/, run first), and fails the run on any crash, panic, timeout or
# out-of-memory; the input that did it is kept in fuzz/artifacts/TARGET/. Prints, per target,
# the executions per second and in all.
set -euo pipefail
seconds=${1:-60}
shift || true
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^otp-wasm-fuzz$')
fi

corpus=fuzz/corpus
python3 scripts/fuzz-seeds.py "$corpus" >/dev/null
cargo fuzz build --fuzz-dir fuzz --sanitizer none --release --debug-assertions >/dev/null

summary=()
failed=0
for target in "${targets[@]}"; do
  regressions=tests/vectors/fuzz/$target
  mkdir -p "fuzz/artifacts/$target"
  dirs=("$corpus/$target")
  [ -d "$regressions" ] && dirs+=("$regressions")
  log=$(mktemp)
  # -timeout: one input over 10 s is a hang; -rss_limit_mb: 2 GiB is exhausting memory;
  # -max_len: 64 KiB covers every structure here many times over.
  if cargo fuzz run --fuzz-dir fuzz --sanitizer none --release --debug-assertions "$target" "${dirs[@]}" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="fuzz/artifacts/$target/" -print_final_stats=1 >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    summary+=("$(printf '%-20s %10s executions %8s/s' "$target" "${runs:-?}" "${speed:-?}")")
  else
    failed=1
    summary+=("$(printf '%-20s FAILED: see below' "$target")")
    echo "---- $target ----"
    grep -v '^#' "$log" | tail -n 40
  fi
  rm -f "$log"
done
printf 'fuzzing, %s s per target:\n' "$seconds"
printf '  %s\n' "${summary[@]}"
exit $failed
