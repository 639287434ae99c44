#!/usr/bin/env bash
# make soak: SOAK_MINUTES (default 10) of two soaks at once, each a test that runs only when SOAK_MINUTES is set:
#  - WebhookSoakTests: the webhook program (a child process, no cluster) takes steady admission load, every recorded
#    AdmissionReview and FsCheck-generated hostile ones, on /validate and /mutate, while its serving certificate is
#    rotated every 30 s as the kubelet updates a mounted Secret; every answer is checked, none may fail.
#  - ReconcilerSoakTests: batches of memoized workflows through the reconciler against the in-process API emulator,
#    a fault per batch (500s, 503s, conflicts, dropped watches, compaction), every entry and hit checked.
# Prints one summary line per side and fails on any failed request, lost entry, error log line or memory growth.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes="${SOAK_MINUTES:-10}"
dotnet="${DOTNET:-dotnet}"
out=.soak
rm -rf "$out"; mkdir -p "$out"

"$dotnet" build tests/Memoize.Webhook.Tests -c Release -v q -nologo >/dev/null
"$dotnet" build tests/Memoize.Reconciler.Tests -c Release -v q -nologo >/dev/null

SOAK_MINUTES="$minutes" SOAK_WEBHOOK_REPORT="$PWD/$out/webhook.txt" "$dotnet" test tests/Memoize.Webhook.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~WebhookSoakTests" >"$out/webhook-test.log" 2>&1 &
webhook=$!
trap 'kill "$webhook" 2>/dev/null || true' EXIT

status=0
SOAK_MINUTES="$minutes" SOAK_REPORT="$PWD/$out/reconciler.txt" "$dotnet" test tests/Memoize.Reconciler.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~ReconcilerSoakTests" >"$out/reconciler-test.log" 2>&1 || status=$?
wait "$webhook" || status=$?

cat "$out/webhook.txt" 2>/dev/null || { echo "webhook soak: no report"; tail -40 "$out/webhook-test.log"; }
cat "$out/reconciler.txt" 2>/dev/null || { echo "reconciler soak: no report"; tail -40 "$out/reconciler-test.log"; }
if (( status != 0 )); then
  echo "soak: FAILED (details in $out/webhook-test.log and $out/reconciler-test.log)"
  grep -h -A12 '\[FAIL\]' "$out/webhook-test.log" "$out/reconciler-test.log" | head -60 || true
fi
exit "$status"
