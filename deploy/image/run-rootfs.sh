#!/usr/bin/env bash
# Runs a command inside an unpacked image's root file system without a container runtime, roughly as one
# would: new PID and mount namespaces (the command is PID 1 there), a fresh /proc, a /dev with only null,
# zero, full, random, urandom, tty and a /dev/shm, chroot into the root, the image's working folder and
# user. The network is the host's (a port bound inside is reachable on 127.0.0.1). SIGTERM or SIGINT to this
# script is passed to the command as SIGTERM, and the script returns when the command has stopped. Needs
# root (or CAP_SYS_ADMIN) and util-linux's unshare.
#
#   deploy/image/run-rootfs.sh <rootfs> <uid:gid> <workdir> <command> [args...]
#
# The environment passes through: run it under `env -i` with the image's Env for the image's environment.
# Used by ContainerImageIntegrationTests and deploy/bench/image-startup.sh.
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: run-rootfs.sh <rootfs> <uid:gid> <workdir> <command> [args...]" >&2; exit 2; }
root="$(cd "$1" && pwd)"
# unshare --fork waits for its child and ignores SIGTERM itself; the child (sh, then the chrooted unshare,
# then the command: one process) is the one to signal. --kill-child covers this script being killed
# before the command changes user (which clears the parent-death signal).
/usr/bin/unshare --mount --pid --fork --kill-child=SIGKILL -- /bin/sh -c '
	set -e
	r=$1; u=$2; w=$3; shift 3
	/usr/bin/mount -t proc proc "$r/proc"
	/usr/bin/mount -t tmpfs -o nosuid,mode=0755 dev "$r/dev"
	for d in null zero full random urandom tty; do
		: > "$r/dev/$d"
		/usr/bin/mount --bind "/dev/$d" "$r/dev/$d"
	done
	mkdir "$r/dev/shm"
	/usr/bin/mount -t tmpfs -o nosuid,nodev,mode=1777 shm "$r/dev/shm"
	exec /usr/bin/unshare --root="$r" --wd="$w" --setuid="${u%%:*}" --setgid="${u##*:}" -- "$@"
' run-rootfs "$root" "$2" "$3" "${@:4}" &
launcher=$!
stop() {
	local child
	child="$(cat "/proc/$launcher/task/$launcher/children" 2> /dev/null || true)"
	[ -n "$child" ] && kill -TERM $child 2> /dev/null || true
}
trap stop TERM INT
status=0
# wait returns early when a trapped signal arrives: then wait again for the command to finish stopping
wait $launcher || status=$?
while kill -0 $launcher 2> /dev/null; do
	wait $launcher || status=$?
done
exit $status
