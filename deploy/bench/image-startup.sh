#!/usr/bin/env bash
# Start-up of the service inside an unpacked image, with and without an application class-data-sharing
# archive (AppCDS), runs alternating: each run on a fresh embedded default (empty working folder, so Flyway
# migrates and the demo is seeded), as the image's user, through deploy/image/run-rootfs.sh; the time is
# the JVM's own ("process running for", from JVM start to "Started") and the wall time to that line.
#
#   deploy/bench/image-startup.sh <rootfs> <jsa-in-image> <runs> -- <java> [args...]
#
# e.g. after ./mvnw -Pimage package and unpacking target/veritrace-image.tar's layers into R:
#   deploy/bench/image-startup.sh R /app/veritrace.jsa 3 -- /opt/java/bin/java -XX:MaxRAMPercentage=75.0 \
#     -Djava.io.tmpdir=/tmp -cp @/app/jib-classpath-file com.veritrace.VeritraceApplication
# Take the benchmark lock exclusively: flock /tmp/veritrace-bench.lock deploy/bench/image-startup.sh ...
set -euo pipefail
root="$(cd "$1" && pwd)"; jsa="$2"; runs="$3"; shift 3
[ "$1" = "--" ] && shift
java="$1"; shift
here="$(cd "$(dirname "$0")/../image" && pwd)"
data=/var/lib/veritrace
port=18280
pid=
trap '[ -n "$pid" ] && kill $pid 2> /dev/null' EXIT
echo "run,cds,process_s,wall_s,load1"
for i in $(seq 1 "$runs"); do
	for mode in off on; do
		find "$root$data" -mindepth 1 -delete
		flags=()
		# -Xshare:on: the run fails rather than going on without the archive
		[ "$mode" = on ] && flags=("-XX:SharedArchiveFile=$jsa" -Xshare:on)
		log="$(mktemp)"
		t0=$(date +%s.%N)
		env -i PATH=/opt/java/bin:/usr/bin:/bin JAVA_HOME=/opt/java LANG=C.UTF-8 \
			"$here/run-rootfs.sh" "$root" 65532:65532 "$data" "$java" "${flags[@]}" "$@" \
			--server.port=$port --veritrace.bootstrap.admin-key=bench-image-admin-key-0123456789 > "$log" 2>&1 &
		pid=$!
		until grep -q "Started VeritraceApplication" "$log"; do
			kill -0 $pid 2> /dev/null || { echo "start failed:" >&2; tail -30 "$log" >&2; exit 1; }
			sleep 0.1
		done
		t1=$(date +%s.%N)
		process=$(grep -o "process running for [0-9.]*" "$log" | awk '{print $4}')
		printf '%s,%s,%s,%.1f,%s\n' "$i" "$mode" "$process" "$(echo "$t1 - $t0" | bc)" "$(cut -d' ' -f1 /proc/loadavg)"
		child=$(pgrep -P $pid || true)
		kill $pid; wait $pid 2> /dev/null || true
		while [ -n "$child" ] && kill -0 "$child" 2> /dev/null; do sleep 0.2; done
		rm -f "$log"
	done
done
