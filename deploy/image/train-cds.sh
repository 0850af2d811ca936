#!/usr/bin/env bash
# The training run for an application class-data-sharing archive (AppCDS): starts the service in an unpacked
# image (deploy/image/unpack-image.sh) as the image runs it (same runtime, same class path, same paths), on a
# fresh embedded default, until its application context is refreshed (spring.context.exit=onRefresh), and
# writes the classes it loaded to <out.jsa> (-XX:ArchiveClassesAtExit, on top of the runtime's own archive).
#
#   deploy/image/train-cds.sh <rootfs> <out.jsa>
set -euo pipefail
root="$(cd "$1" && pwd)"; out="$2"
data=/var/lib/veritrace
find "$root$data" -mindepth 1 -delete
rm -f "$root/tmp/veritrace.jsa"
env -i PATH=/opt/java/bin:/usr/bin:/bin JAVA_HOME=/opt/java LANG=C.UTF-8 \
	"$(dirname "$0")/run-rootfs.sh" "$root" 65532:65532 "$data" /opt/java/bin/java \
	-XX:ArchiveClassesAtExit=/tmp/veritrace.jsa -Xlog:cds=off -Xlog:cds+dynamic=info -Djava.io.tmpdir=/tmp \
	-Djava.awt.headless=true -Dspring.context.exit=onRefresh -cp @/app/jib-classpath-file \
	"$(cat "$root/app/jib-main-class-file")" --server.port=0
[ -s "$root/tmp/veritrace.jsa" ] || { echo "train-cds.sh: no archive written" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
mv "$root/tmp/veritrace.jsa" "$out"
find "$root$data" -mindepth 1 -delete
echo "train-cds.sh: $out ($(du -h "$out" | cut -f1))"
