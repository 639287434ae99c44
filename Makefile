# The project's commands. `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIGURATION ?= Release
SOLUTION := Webhook.sln
CLI := $(DOTNET) run --project src/Memoize.Cli -c $(CONFIGURATION) --
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: build test run lint-examples lint run-reconciler manifests-check dev-certs fmt fmt-check bench bench-quick soak clean

build:
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION)

# Runs every test project, then prints one closing line that adds up all of them: `tests: N passed, N failed`.
test:
	@set -o pipefail; $(DOTNET) test $(SOLUTION) -c $(CONFIGURATION) 2>&1 | tee .test-output.log; status=$$?; \
	awk '/(Passed|Failed)! +- +Failed:/ { gsub(",", ""); f += $$4; p += $$6; s += $$8 } \
	     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' .test-output.log; \
	rm -f .test-output.log; exit $$status

# The main job on an embedded default: the admission webhook with an in-memory dev certificate, admission on
# https://127.0.0.1:8443, health and metrics on http://127.0.0.1:8080 (Ctrl-C stops it). Without a kubeconfig it runs
# with no cluster; with one (KUBECONFIG, else ~/.kube/config) it uses that cluster for RBAC hints and the cache index.
RUN_KUBECONFIG := $(or $(firstword $(subst :, ,$(KUBECONFIG))),$(wildcard $(HOME)/.kube/config))
run:
	$(DOTNET) run --project src/Memoize.Webhook -c $(CONFIGURATION) -- --dev $(if $(RUN_KUBECONFIG),--kubeconfig $(RUN_KUBECONFIG))

# Lint the valid examples with the webhook's rules (exit 0).
lint-examples:
	$(CLI) lint examples/valid

# Lint every example, including the invalid ones (exits 1: they are meant to fail).
lint:
	$(CLI) lint examples

# The reconciler against the current kubeconfig (KUBECONFIG or ~/.kube/config).
run-reconciler:
	$(DOTNET) run --project src/Memoize.Reconciler -c $(CONFIGURATION) -- $(RECONCILER_ARGS)

# Render every kustomization, as `kubectl apply -k` would.
manifests-check:
	@for d in manifests/base manifests/overlays/*/; do d=$${d%/}; \
	  kubectl kustomize $$d >/dev/null || { echo "kustomize failed for $$d"; exit 1; }; echo "$$d: ok"; done

# A dev CA and serving certificate in .dev/certs (git-ignored), and the caBundle to paste.
dev-certs:
	certs/dev-certs.sh

fmt:
	$(DOTNET) format $(SOLUTION)

fmt-check:
	$(DOTNET) format $(SOLUTION) --verify-no-changes

# Not part of `make test`: SOAK_MINUTES (default 10) of mixed admission load on the webhook and memoized workflows
# through the reconciler against the API emulator, loopback only; stops by itself, fails on any error.
SOAK_MINUTES ?= 10
soak:
	SOAK_MINUTES=$(SOAK_MINUTES) DOTNET=$(DOTNET) tests/soak/soak.sh

# Issue 9's benchmarks (docs/performance.md): admission load and allocation, cache API cost against Argo's algorithm,
# growth (lint, reconciler caches, Workflows in the informers, the webhook under 5 minutes of load). Not part of
# `make test`. `make bench` is the full run (under 15 minutes on 2 cores, build included); `make bench-quick` (or
# `make bench QUICK=1`) the short one (under 3). The admission benchmark drives load with wrk (Debian's package),
# installed here when missing. Each prints the elapsed time per part; this prints the total, build included.
BENCH_ARGS := $(if $(QUICK),--quick)
bench:
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; } || { echo "install wrk (apt-get install -y wrk) for the admission benchmark"; exit 1; }
	@start=$$(date +%s); status=0; \
	$(DOTNET) run --project bench/Memoize.Bench -c Release -- $(BENCH_ARGS) || status=$$?; \
	elapsed=$$(( $$(date +%s) - start )); \
	echo "make bench$(if $(QUICK), (quick)): $$((elapsed / 60)) min $$((elapsed % 60)) s in all, build included (budget: $(if $(QUICK),3,15) min); exit $$status"; \
	exit $$status

bench-quick:
	@$(MAKE) --no-print-directory bench QUICK=1

clean:
	$(DOTNET) clean $(SOLUTION)
