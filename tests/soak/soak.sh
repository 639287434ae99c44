#!/usr/bin/env bash
# make soak: SOAK_MINUTES (default 10) of mixed admission load on the webhook (loopback, --dev certificate, no
# cluster) while memoized workflows go through the reconciler against the in-process API emulator
# (ReconcilerSoakTests). Stops by itself; prints one summary line per side and fails on any error.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes="${SOAK_MINUTES:-10}"
dotnet="${DOTNET:-dotnet}"
out=.soak
rm -rf "$out"; mkdir -p "$out"

"$dotnet" build src/Memoize.Webhook -c Release -v q -nologo >/dev/null
"$dotnet" build tests/Memoize.Reconciler.Tests -c Release -v q -nologo >/dev/null

# The webhook on ephemeral-looking fixed loopback ports, with no kubeconfig to find (HOME is a fresh directory).
admission=127.0.0.1:18443 health=127.0.0.1:18080
env -u KUBECONFIG -u KUBERNETES_SERVICE_HOST HOME="$out" \
  "$dotnet" src/Memoize.Webhook/bin/Release/net10.0/Memoize.Webhook.dll --dev --admission-address "$admission" --health-address "$health" \
  >"$out/webhook.log" 2>&1 &
webhook=$!
trap 'kill "$webhook" 2>/dev/null || true; [[ -n "${loader:-}" ]] && kill "$loader" 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://$health/readyz" >/dev/null && break; sleep 0.2; done
curl -sf "http://$health/readyz" >/dev/null || { echo "soak: the webhook did not get ready"; cat "$out/webhook.log"; exit 1; }

# Mixed admission load: every AdmissionReview fixture (Workflows, templates, CronWorkflows, ConfigMaps; create,
# update, dry run) to /validate and /mutate, one connection per round, until the deadline.
reviews=()
for f in tests/fixtures/admission/*.json; do grep -q '"kind":"AdmissionReview"' "$f" && reviews+=("$f"); done
deadline=$(( $(date +%s) + ${minutes%.*} * 60 + 60 ))
(
  while (( $(date +%s) < deadline )); do
    args=()
    for f in "${reviews[@]}"; do
      for path in validate mutate; do
        args+=(--next -sk -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' --data-binary "@$f" "https://$admission/$path")
      done
    done
    curl "${args[@]:1}" >>"$out/codes.txt" || echo "curl-failed" >>"$out/codes.txt"
    sleep 0.2 # a steady load, not a benchmark: leave CPU for the reconciler side
  done
) &
loader=$!
sleep 30 # warm-up before the first memory reading
rss_start=$(awk '/VmRSS/ {print $2}' "/proc/$webhook/status")

status=0
SOAK_MINUTES="$minutes" SOAK_REPORT="$out/reconciler.txt" "$dotnet" test tests/Memoize.Reconciler.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~ReconcilerSoakTests" >"$out/reconciler-test.log" 2>&1 || status=$?

rss_end=$(awk '/VmRSS/ {print $2}' "/proc/$webhook/status")
kill "$loader" 2>/dev/null || true; wait "$loader" 2>/dev/null || true
total=$(wc -l <"$out/codes.txt"); ok=$(grep -c '^200$' "$out/codes.txt" || true)
errors=$(grep -vc '^200$' "$out/codes.txt" || true)
printf 'webhook soak: %d admission reviews (%d fixtures x /validate and /mutate), %d answered 200, %d errors; RSS %d MiB (after 30 s) -> %d MiB\n' \
  "$total" "${#reviews[@]}" "$ok" "$errors" $((rss_start / 1024)) $((rss_end / 1024)) | tee "$out/webhook.txt"
cat "$out/reconciler.txt" 2>/dev/null || { echo "reconciler soak: no report"; tail -40 "$out/reconciler-test.log"; }
if grep -Eiq 'fail|exception|error' "$out/webhook.log"; then echo "soak: the webhook logged errors:"; grep -Ei 'fail|exception|error' "$out/webhook.log" | head; status=1; fi
(( errors == 0 )) || status=1
exit "$status"
