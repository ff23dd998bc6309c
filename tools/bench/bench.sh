#!/usr/bin/env bash
# make bench: build speed at scale.
#
# Builds the explainer binary once, writes synthetic sites of K = 1, 10 and
# 100 chapters (tools/bench/gen, internal/synth: 49 commitments per chapter,
# three languages, every translation current), runs the full
# `explainer build` on each several times, then on the real site, and
# prints K, pages, median wall time, peak RSS, ms per 1000 pages and the
# per-page cost relative to K = 1. Then it runs the watch-latency
# benchmark (BenchmarkEditToReload) if the repository has one.
#
# Environment: BENCH_DIR (default /tmp/explainer-bench), BENCH_KS (default
# "1 10 100"), BENCH_RUNS (runs per K below 100, default 5), BENCH_RUNS_LARGE
# (runs for K >= 100, default 3), GO (default go).
set -euo pipefail

cd "$(dirname "$0")/../.."
GO=${GO:-go}
DIR=${BENCH_DIR:-/tmp/explainer-bench}
KS=${BENCH_KS:-"1 10 100"}
RUNS=${BENCH_RUNS:-5}
RUNS_LARGE=${BENCH_RUNS_LARGE:-3}
TIME=/usr/bin/time

if ! "$TIME" -f %M true >/dev/null 2>&1; then
	echo "bench: installing GNU time (Debian package time) for peak memory"
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y -qq time >/dev/null
	else
		sudo apt-get install -y -qq time >/dev/null
	fi
fi

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
echo "bench: building the explainer and the generator"
"$GO" build -o "$DIR/explainer" ./cmd/explainer
"$GO" build -o "$DIR/gen" ./tools/bench/gen

# median reads numbers, one a line, and prints their median.
median() {
	sort -n | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'
}

# measure NAME FOLDER RUNS: runs the full build in FOLDER (paths relative to
# it, as explainer expects) RUNS times and sets MED_MS (wall), MED_CPU_MS
# (user + system), MAX_RSS_KB and PAGES.
measure() {
	local name=$1 folder=$2 runs=$3 out="$DIR/out-$1"
	local times=() cpus=() rss=() i start end
	for ((i = 0; i < runs; i++)); do
		start=$(date +%s%N)
		(cd "$folder" && "$TIME" -f '%M %U %S' -o "$DIR/rss" "$DIR/explainer" build -q --out "$out")
		end=$(date +%s%N)
		times+=("$(((end - start) / 1000))")
		read -r kb user sys < <(tail -n 1 "$DIR/rss")
		rss+=("$kb")
		cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {print (u+s)*1000}')")
	done
	MED_MS=$(printf '%s\n' "${times[@]}" | median | awk '{printf "%.1f", $1/1000}')
	MED_CPU_MS=$(printf '%s\n' "${cpus[@]}" | median)
	MAX_RSS_KB=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)
	PAGES=$(find "$out" -name '*.html' | wc -l)
}

row() { # label pages ms cpu_ms rss_kb ratio
	awk -v l="$1" -v p="$2" -v ms="$3" -v cpu="$4" -v kb="$5" -v r="$6" 'BEGIN {
		printf "%-6s %7d %10.1f %10.0f %9.1f %14.1f %16s\n", l, p, ms, cpu, kb/1024, ms*1000/p, r }'
}

echo "bench: machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(free -m | awk '/^Mem:/ {print $2}') MB RAM, $("$GO" version | cut -d' ' -f3); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %7s %10s %10s %9s %14s %16s\n' "site" "pages" "wall ms" "cpu ms" "peak MB" "ms/1000 pages" "cpu/page vs K=1"

declare -A ms_of cpu_of kb_of pages_of
base=""
for k in $KS; do
	rm -rf "$DIR/k$k"
	"$DIR/gen" -k "$k" -out "$DIR/k$k" -root . >/dev/null
	runs=$RUNS
	if [ "$k" -ge 100 ]; then runs=$RUNS_LARGE; fi
	measure "k$k" "$DIR/k$k" "$runs"
	ms_of[$k]=$MED_MS cpu_of[$k]=$MED_CPU_MS kb_of[$k]=$MAX_RSS_KB pages_of[$k]=$PAGES
	# CPU per page: wall time also counts waiting for a busy machine.
	per=$(awk -v ms="$MED_CPU_MS" -v p="$PAGES" 'BEGIN {print ms/p}')
	if [ -z "$base" ]; then base=$per; fi
	ratio=$(awk -v a="$per" -v b="$base" 'BEGIN {printf "%.2f", a/b}')
	row "K=$k" "$PAGES" "$MED_MS" "$MED_CPU_MS" "$MAX_RSS_KB" "${ratio}x"
done
measure real . "$RUNS"
real_ms=$MED_MS
row "real" "$PAGES" "$MED_MS" "$MED_CPU_MS" "$MAX_RSS_KB" "-"
echo "(medians of $RUNS runs, $RUNS_LARGE for K >= 100, of the whole process: start, parse, render, minify, write"
echo " into a fresh folder and swap; cpu = user + system; peak MB = largest max RSS; load average after: $(cut -d' ' -f1-3 /proc/loadavg))"

echo
echo "targets:"
verdict() { if awk "BEGIN {exit !($1)}"; then echo "met"; else echo "NOT met"; fi; }
echo "  real site, full build in a fresh process: $real_ms ms (Hugo 0.111: 130 ms); the 20 ms target is the watch latency below"
if [ -n "${ms_of[100]:-}" ]; then
	mb=$(awk -v kb="${kb_of[100]}" 'BEGIN {printf "%.0f", kb/1024}')
	echo "  K=100 <= 1500 ms: ${ms_of[100]} ms, $(verdict "${ms_of[100]} <= 1500")"
	echo "  K=100 <= 300 MB peak: $mb MB, $(verdict "$mb <= 300")"
	if [ -n "${ms_of[10]:-}" ]; then
		lin=$(awk -v a="${cpu_of[100]}" -v pa="${pages_of[100]}" -v b="${cpu_of[10]}" -v pb="${pages_of[10]}" 'BEGIN {printf "%.2f", (a/pa)/(b/pb)}')
		echo "  linear growth (CPU per page at K=100 within 1.25x of K=10): ${lin}x, $(verdict "$lin <= 1.25")"
	fi
fi

echo
echo "watch latency (write to reload event), real site:"
if ! out=$("$GO" test -run '^$' -bench 'EditToReload' -benchtime 20x -count 5 -timeout 180s ./... 2>&1); then
	echo "  BenchmarkEditToReload failed or did not finish within 180 s:"
	echo "$out" | grep -v '^ok\|no test files' | tail -n 15 | sed 's/^/    /'
	exit 1
fi
lines=$(echo "$out" | grep -E '^BenchmarkEditToReload' || true)
if [ -z "$lines" ]; then
	echo "  BenchmarkEditToReload is not there yet"
else
	# Each line gives the benchmark's own median (ms-median-edit-to-reload)
	# when it reports one, else its mean (ns/op); print the median of the runs.
	echo "$lines" | awk '{name=$1; sub(/-[0-9]+$/, "", name); v = ""; ns = ""
		for (i = 2; i < NF; i++) { if ($(i+1) == "ms-median-edit-to-reload") v = $i; if ($(i+1) == "ns/op" && v == "") ns = $i/1e6 }
		if (v == "") v = ns; print name, v}' |
		sort -k1,1 -k2,2n |
		awk '{v[$1] = v[$1] " " $2; n[$1]++} END {for (k in v) {split(substr(v[k], 2), a, " "); m = (n[k] % 2) ? a[(n[k]+1)/2] : (a[n[k]/2] + a[n[k]/2+1]) / 2; printf "  %s: median %.1f ms over %d runs, %s\n", k, m, n[k], (m <= 20 ? "met (<= 20 ms)" : "NOT met (> 20 ms)")}}'
	echo "$lines" | sed 's/^/  /'
fi
