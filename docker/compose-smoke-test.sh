#!/usr/bin/env bash
# The compose smoke test CI runs (.ci/run): docker-compose.yml brought up for real, on the images in the environment
# (KAFKA_IMAGE, REGISTRY_IMAGE, SALESVELOCITY_IMAGE: docker/build-local-images.sh's by default), then checked as a
# user would: every service healthy, the engine RUNNING, /api/teams answering with velocity figures of the generator's
# teams, the engine restarted by its restart policy after a crash (its process killed with SIGKILL, as the OOM killer
# does) and going on from where it was, its final daily points across the crash equal to a backtest of the same
# simulation (`velocity generate --history` and `velocity backtest` on this host: run after the build), a clean
# stop on SIGTERM (exit code 0), and `down -v`.
set -euo pipefail
cd "$(dirname "$0")/.."
export KAFKA_IMAGE=${KAFKA_IMAGE:-salesvelocity-local/kafka:4.4.0}
export REGISTRY_IMAGE=${REGISTRY_IMAGE:-salesvelocity-local/apicurio-registry-mem:2.6.13.Final}
export SALESVELOCITY_IMAGE=${SALESVELOCITY_IMAGE:-salesvelocity-local/salesvelocity:latest}
project=salesvelocity-smoke
api=http://127.0.0.1:8080
if docker compose version > /dev/null 2>&1; then
  compose() { docker compose -p "$project" "$@"; }
else
  compose() { docker-compose -p "$project" "$@"; }
fi

fail() {
  echo "compose smoke test FAILED: $*"
  compose ps || true
  compose logs --tail 60 || true
  exit 1
}
trap 'compose down -v > /dev/null 2>&1 || true' EXIT

container() { compose ps -q "$1"; }

# waits up to $1 seconds for the command to succeed
within() {
  local limit=$1 start=$SECONDS
  shift
  until "$@" > /dev/null 2>&1; do
    (( SECONDS - start < limit )) || return 1
    sleep 1
  done
}

# the velocity figures /api/teams answers: "team velocity asOf" per line, teams without a figure left out
figures() {
  curl -fsS --max-time 10 "$api/api/teams" | python3 -c '
import json, sys
for t in json.load(sys.stdin)["teams"]:
    if t["velocityPerDay"] is not None:
        print(t["teamId"], round(t["velocityPerDay"]), t["asOf"])'
}
has_figures() { [[ -n "$(figures)" ]]; }
ready() { curl -fsS --max-time 5 "$api/health/ready" | grep -q '"state":"RUNNING"'; }
healthy() { [[ $(docker inspect -f '{{.State.Health.Status}}' "$(container "$1")") == healthy ]]; }

echo "-- docker compose up -d ($KAFKA_IMAGE, $REGISTRY_IMAGE, $SALESVELOCITY_IMAGE)"
# the generator's simulated start: 365 days before the day it starts (velocity generate, live), seed 42 (compose)
live_start=$(date -u -d '-365 days' +%F)
start=$SECONDS
compose up -d
within 240 has_figures || fail "no velocity on /api/teams within 240 s of up"
echo "  from up to the first velocity on /api/teams: $((SECONDS - start)) s"
for service in kafka schema-registry engine; do
  healthy "$service" || fail "$service is not healthy"
  echo "  $service: healthy"
done
ready || fail "the engine's /health/ready is not RUNNING"
curl -fsS "$api/health/ready"; echo
# the teams' first figures come within seconds of each other: wait for two of them
two_teams() { [[ $(figures | wc -l) -ge 2 ]]; }
within 120 two_teams || fail "fewer than two teams with a velocity on /api/teams within 120 s"
figures | sed 's/^/  /'
# every team answered is one of the generator's (load-generator's Scenario)
figures | awk '{print $1}' | grep -qvxE 'emea-enterprise|emea-smb|na-enterprise|apac-midmarket' \
  && fail "a team the generator does not send"

echo "-- the engine crashes (SIGKILL to its process): its restart policy starts it again"
before=$(figures | awk '{print $3}' | sort | tail -1)
engine=$(container engine)
kill -9 "$(docker inspect -f '{{.State.Pid}}' "$engine")"
crashed=$SECONDS
within 60 bash -c "[[ \$(docker inspect -f '{{.RestartCount}}' $engine) -ge 1 ]]" || fail "the engine was not restarted"
within 180 ready || fail "the restarted engine is not RUNNING within 180 s"
echo "  RUNNING again $((SECONDS - crashed)) s after the crash"
moved_on() { [[ "$(figures | awk '{print $3}' | sort | tail -1)" > "$before" ]]; }
within 120 moved_on || fail "the restarted engine's figures did not go on past $before"
echo "  figures go on past $before: $(figures | awk '{print $3}' | sort | tail -1)"

echo "-- nothing lost: the final daily points, across the crash, equal a backtest of the generator's history"
crash_day=${before:0:10}
final_through() { python3 docker/daily-vs-backtest.py --final-through "$api"; }
past_crash() { [[ "$(final_through)" > "$(date -u -d "$crash_day +2 days" +%F)" ]]; }
within 240 past_crash || fail "no final daily points two days past the crash ($crash_day) within 240 s"
last=$(final_through)
work=$(mktemp -d)
# the same simulation as the live generator, written to a file: its events up to two days past the last final day
./velocity generate --history "$work/history.jsonl" --start "$live_start" --seed 42 \
  --until "$(date -u -d "$last +2 days" +%F)" > /dev/null 2>&1 || fail "velocity generate --history failed"
./velocity backtest --input "$work/history.jsonl" --out "$work/velocity.csv" --quiet > /dev/null \
  || fail "velocity backtest failed"
python3 docker/daily-vs-backtest.py "$api" "$work/velocity.csv" "$last" \
  || fail "the engine's final daily points differ from the backtest of the same history"
rm -rf "$work"

echo "-- SIGTERM: a clean stop within the stop grace period"
stop_start=$SECONDS
compose stop engine
code=$(docker inspect -f '{{.State.ExitCode}}' "$engine")
echo "  stopped in $((SECONDS - stop_start)) s, exit code $code"
[[ $code == 0 ]] || fail "the engine exited with $code on SIGTERM"
docker logs "$engine" 2>&1 | grep -q "Stopped cleanly" || fail "the engine's log does not say it stopped cleanly"

echo "-- docker compose down -v"
compose down -v
trap - EXIT
echo "compose smoke test passed"
