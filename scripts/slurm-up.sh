#!/usr/bin/env bash
# A single-node Slurm cluster on this machine (munge + slurmctld + slurmd), for developing and
# testing `corpuskit slurm submit` against real Slurm. Run as root. Idempotent: when the cluster
# in $SLURM_BASE already answers, it only prints the export line.
# Pitfalls: docs/clusters.md. Stop it with scripts/slurm-down.sh.
#   SLURM_BASE   state, logs and slurm.conf (default /tmp/corpuskit-slurm)
#   SLURM_UP_TIMEOUT  seconds to wait for the node to turn idle (default 30)
set -euo pipefail
base="${SLURM_BASE:-/tmp/corpuskit-slurm}"
timeout="${SLURM_UP_TIMEOUT:-30}"
conf="$base/slurm.conf"
say() { echo "slurm-up: $*" >&2; }
die() { say "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (the daemons and munge need it)"

# Already up? sinfo answering with an idle/mixed/allocated node is enough.
if [ -f "$conf" ] && command -v sinfo >/dev/null 2>&1 &&
  state="$(SLURM_CONF="$conf" timeout 5 sinfo -h -o %t 2>/dev/null)" && [[ "$state" =~ ^(idle|mix|alloc) ]]; then
  say "already up ($state)"
  echo "export SLURM_CONF=$conf"
  exit 0
fi

# Debian's postinst starts nothing here (no systemd, policy-rc.d denies), so install only.
if ! command -v slurmctld >/dev/null 2>&1; then
  say "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; } ||
    die "apt-get install slurm-wlm munge failed"
fi

# munge: the key (Debian's postinst normally made one), then the daemon as the munge user.
key=/etc/munge/munge.key
if [ ! -s "$key" ]; then
  mungekey --create --force
fi
chown munge:munge "$key" && chmod 400 "$key"
install -d -o munge -g munge -m 755 /run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- munged
  for _ in $(seq 1 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null 2>&1 || die "munged does not answer (munge -n | unmunge failed)"
fi

# slurm.conf. cgroup plugins fail every batch step in this sandbox and drain the node while the
# jobs show COMPLETED (docs/clusters.md pitfall 1), hence linuxproc + task/none. The scheduler
# settings take a 4-stage afterok chain from ~42 s to ~9 s. kill_invalid_depend cancels jobs whose
# afterok can never hold instead of leaving them pending forever; since Slurm 20.02 it is read from
# DependencyParameters only (in SchedulerParameters, 22.05 ignores it).
host="$(hostname -s)"
getent hosts "$host" >/dev/null || die "hostname $host does not resolve; add it to /etc/hosts"
cpus="$(nproc)"
mem_kib="$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
mem_mib=$(( mem_kib / 1024 - 1024 ))
mkdir -p "$base"/{spool/ctld,spool/d,log,run}
cat > "$conf" <<EOF
ClusterName=corpuskit
SlurmctldHost=$host
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
StateSaveLocation=$base/spool/ctld
SlurmdSpoolDir=$base/spool/d
SlurmctldPidFile=$base/run/slurmctld.pid
SlurmdPidFile=$base/run/slurmd.pid
SlurmctldLogFile=$base/log/slurmctld.log
SlurmdLogFile=$base/log/slurmd.log
ReturnToService=2
MpiDefault=none
SchedulerParameters=sched_interval=1,batch_sched_delay=0,sched_min_interval=0
DependencyParameters=kill_invalid_depend
NodeName=$host CPUs=$cpus RealMemory=$mem_mib State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$conf"

# Both daemonize. A stale daemon from an earlier run with this base would hold the ports.
# A live pid, not a zombie: PID 1 here does not reap, and kill -0 succeeds on a zombie.
alive() { [ -f "$1" ] && [ -r "/proc/$(cat "$1")/stat" ] && ! awk '{exit $3 != "Z"}' "/proc/$(cat "$1")/stat"; }
alive "$base/run/slurmctld.pid" || slurmctld -f "$conf" || die "slurmctld did not start; see $base/log/slurmctld.log"
alive "$base/run/slurmd.pid" || slurmd -f "$conf" || die "slurmd did not start; see $base/log/slurmd.log"

deadline=$(( $(date +%s) + timeout ))
state=""
while [ "$(date +%s)" -lt "$deadline" ]; do
  state="$(sinfo -h -o %t 2>/dev/null || true)"
  [[ "$state" =~ ^(idle|mix|alloc) ]] && break
  sleep 0.2
done
[[ "$state" =~ ^(idle|mix|alloc) ]] ||
  die "node not idle after ${timeout}s (sinfo says '${state:-nothing}'); see $base/log/slurmctld.log and $base/log/slurmd.log"
say "up: node $host, $cpus CPUs, ${mem_mib} MiB, partition debug"
echo "export SLURM_CONF=$conf"
