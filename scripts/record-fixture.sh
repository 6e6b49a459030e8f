#!/usr/bin/env bash
# Re-records the old-logs fixture, runtime/src/test/resources/fixtures/drive-log: a 2-s drive of cut-in on the
# four-sensor fixture rig (fixtures/fixture-rig.yaml), with 1 MiB Chronicle blocks so the log stays small.
# OldDriveLogFixtureTest replays it with --verify, so a change that breaks reading old logs fails CI.
#
# Re-record only when what a drive records changes on purpose (e.g. the planner joining replay: trajectories
# then get recorded and verified), and say so in the commit; never to make a failing fixture test pass.
set -euo pipefail
cd "$(dirname "$0")/.."
fixture=runtime/src/test/resources/fixtures/drive-log
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

FUSEBOX_JAVA_OPTS="-Dfusebox.drive.log.block.size=1m ${FUSEBOX_JAVA_OPTS:-}" ./fusebox drive \
    --rig runtime/src/test/resources/fixtures/fixture-rig.yaml --scenario cut-in --seed 42 --duration 2s \
    --drives "$work"
drive=$(ls -d "$work"/*/)
./fusebox replay "$drive" --rate max --verify
rm -rf "$fixture"
mkdir -p "$fixture"
cp "$drive"/* "$fixture"/
./fusebox info "$fixture"
