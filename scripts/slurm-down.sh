#!/usr/bin/env bash
# Stops the single-node cluster scripts/slurm-up.sh started: slurmctld and slurmd through
# `scontrol shutdown`, munged by its pid. Idempotent: nothing running is not an error.
# There is no systemd here and PID 1 does not reap, so the stopped daemons may linger as
# zombies; they hold no ports (docs/clusters.md pitfall 5).
set -uo pipefail
base="${SLURM_BASE:-/tmp/corpuskit-slurm}"
conf="$base/slurm.conf"
say() { echo "slurm-down: $*" >&2; }

# A live pid, not a zombie: PID 1 here does not reap, and kill -0 succeeds on a zombie.
alive() { [ -f "$1" ] && [ -r "/proc/$(cat "$1")/stat" ] && ! awk '{exit $3 != "Z"}' "/proc/$(cat "$1")/stat"; }

if [ -f "$conf" ] && command -v scontrol >/dev/null 2>&1; then
  SLURM_CONF="$conf" timeout 10 scontrol shutdown >/dev/null 2>&1 && say "scontrol shutdown sent"
fi
# If slurmctld was already gone, shutdown could not reach slurmd: stop each by its own pid file.
for daemon in slurmctld slurmd; do
  pidfile="$base/run/$daemon.pid"
  for _ in $(seq 1 50); do alive "$pidfile" || break; sleep 0.1; done
  if alive "$pidfile"; then
    kill "$(cat "$pidfile")" && say "stopped $daemon"
  fi
done

munge_pid=/run/munge/munged.pid
if alive "$munge_pid"; then
  kill "$(cat "$munge_pid")" && say "stopped munged"
fi
say "down"
