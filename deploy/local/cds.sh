#!/usr/bin/env bash
# The embedded default with application class-data sharing (AppCDS, Java 17): unpacks the boot jar into
# <dir> (Spring Boot's extracted layout: <dir>/veritrace.jar and <dir>/lib/, plain jars on the class path instead
# of jars nested in a jar), then a training run writes the classes it loaded to <dir>/veritrace.jsa: the service on
# a fresh embedded default in a temporary folder until the demo is seeded, the demo scan page and the portal's login
# page fetched once, then stopped (SIGTERM; -XX:ArchiveClassesAtExit writes at exit). Run by ./mvnw -Pcds package
# (README "Two commands"); start with
#   java -XX:SharedArchiveFile=<dir>/veritrace.jsa -jar <dir>/veritrace.jar
# The archive fits only the JDK and the jars it was made with: rebuild after either changes (an archive that does
# not fit is ignored with a warning, and the service starts without it). docs/DECISIONS.md "Start-up".
#   deploy/local/cds.sh <boot jar> <dir>
set -euo pipefail
jar="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; out="$2"
# the java on the PATH, as the README's command runs it (an archive fits one JDK build only)
java=java
rm -rf "$out"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$out" > /dev/null
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
pid=
trap '[ -n "$pid" ] && kill $pid 2> /dev/null; rm -rf "$work"' EXIT
( cd "$work" && exec "$java" -XX:ArchiveClassesAtExit="$out/veritrace.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
	-jar "$out/veritrace.jar" --server.port=0 --veritrace.bootstrap.admin-key=cds-training-admin-key-0123456789 \
	> app.log 2>&1 ) &
pid=$!
deadline=$((SECONDS + 600))
until grep -q "Scan page:" "$work/app.log" 2> /dev/null; do
	kill -0 $pid 2> /dev/null || { echo "cds.sh: the training run failed:" >&2; tail -30 "$work/app.log" >&2; exit 1; }
	[ $SECONDS -lt $deadline ] || { echo "cds.sh: the training run did not start in 10 minutes:" >&2; tail -30 "$work/app.log" >&2; exit 1; }
	sleep 0.2
done
port=$(grep -o "Tomcat started on port [0-9]*" "$work/app.log" | awk '{print $5}')
path=$(grep -o "Scan page: *http[^ ]*" "$work/app.log" | awk '{print $3}' | sed 's|^https\?://[^/]*||')
for page in "$path" "$path?lang=zh-CN" /portal/login /actuator/health; do
	curl -s --max-time 120 -o /dev/null "http://localhost:$port$page"
done
kill -TERM $pid
wait $pid || true
pid=
[ -s "$out/veritrace.jsa" ] || { echo "cds.sh: no archive written" >&2; tail -30 "$work/app.log" >&2; exit 1; }
echo "cds.sh: $out/veritrace.jar and $out/veritrace.jsa ($(du -h "$out/veritrace.jsa" | cut -f1))"
