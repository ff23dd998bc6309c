# On a fresh machine with Go installed, two commands matter:
#   make serve   build the site and preview it at http://127.0.0.1:1313, rebuilding on every edit
#   make test    run every test and check that needs no browser
# `make check` runs the browser, HTML and link checks on a fresh build (see tools/check).

GO ?= go
STATICCHECK_VERSION ?= v0.8.2
EXPLAINER = $(GO) run ./cmd/explainer

# The date of the open data (programme.json, commitments.csv): that of the
# last commit that changed the programme or its editorial content, never the
# clock, so two builds of one commit are identical. Empty outside git: the
# data is then published without a date.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct -- seeds content 2>/dev/null)

.PHONY: build serve test vet staticcheck unit status determinism check check-install bench netlify netlify-preview clean

build:
	$(EXPLAINER) build

serve:
	$(EXPLAINER) serve

test: vet staticcheck unit status determinism

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal)" || { echo "gofmt needed:"; gofmt -l cmd internal; exit 1; }

staticcheck:
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

unit:
	$(GO) test -race -count=1 ./...

# The seeds parse; the site is complete (status --strict fails on every
# warning of the build: a stale or missing translation, a missing title,
# topic or interface string, a glossary form found in no text...); the
# French interface strings carry their no-break spaces. go test reads only
# fixtures, so this is where the real content is held to these.
status:
	$(EXPLAINER) parse > /dev/null
	$(EXPLAINER) status --strict
	@! grep -nE '^[a-z]+ = ".*( [:;!?»]|« )' i18n/fr.toml || { echo "i18n/fr.toml: ordinary space before : ; ! ? » or after «; type a no-break space"; exit 1; }

# Two builds of the same input are byte-identical.
determinism:
	rm -rf /tmp/explainer-det-a /tmp/explainer-det-b
	$(EXPLAINER) build -q --out /tmp/explainer-det-a
	$(EXPLAINER) build -q --out /tmp/explainer-det-b
	diff -r /tmp/explainer-det-a /tmp/explainer-det-b
	@echo "determinism: two builds are byte-identical"

check-install:
	bash tools/check/install.sh

check: check-install
	$(EXPLAINER) build -q
	bash tools/check/run-all.sh build

# Build speed at scale: full builds of synthetic sites of 1, 10 and 100
# chapters and of the real site (median wall time, peak memory), then the
# watch latency. See tools/bench/bench.sh and README.md, "Speed".
bench:
	GO=$(GO) bash tools/bench/bench.sh | tee /tmp/explainer-bench.txt

netlify:
	$(EXPLAINER) build --base-url "$${URL:?URL is set by Netlify}"

netlify-preview:
	$(EXPLAINER) build --noindex --base-url "$${DEPLOY_PRIME_URL:?DEPLOY_PRIME_URL is set by Netlify}"

clean:
	rm -rf build
