#!/usr/bin/env bash
# The image's base, made here without Docker and without any registry: a Java 17 runtime cut by jlink from
# the JDK that runs the build, the shared libraries it needs copied from this (Debian) system, a non-root
# user and a writable /tmp, written as an image archive in the format of `docker save` that Jib takes as
# its base (from.image = tar://...).
#
#   deploy/image/base-image.sh <out-dir> [java-home]
#
# Writes <out-dir>/base.tar (one layer, its config: User 65532, JAVA_HOME, PATH) and reuses it while the
# script, the JDK and the module list are unchanged (<out-dir>/base.stamp). Needs jlink (Debian:
# openjdk-17-jdk-headless, whose jmods it reads), ldd, ldconfig, GNU tar and sha256sum; no root.
# The layer is reproducible: sorted entries, fixed times and owners (root, and 65532 for the data folder).
set -euo pipefail

out="${1:?usage: base-image.sh <out-dir> [java-home]}"
jhome="${2:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}"
# Modules of the service (Spring, Hibernate, Tomcat, H2, Kafka, Lettuce, web3j, BouncyCastle, ImageIO for
# product images and labels), checked by starting the image (ContainerImageIntegrationTests). jdk.localedata:
# zh-CN dates and numbers; jdk.crypto.ec: TLS with EC keys; jdk.unsupported: Unsafe for Netty and Hibernate.
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,\
java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,\
java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets,jdk.crypto.ec,jdk.localedata,jdk.management,\
jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs
uid=65532
data=/var/lib/veritrace

for tool in ldd ldconfig tar sha256sum; do
	command -v "$tool" > /dev/null || { echo "base-image.sh: $tool is missing (Debian: libc-bin, tar, coreutils)" >&2; exit 2; }
done
[ -x "$jhome/bin/jlink" ] && [ -d "$jhome/jmods" ] || {
	echo "base-image.sh: $jhome has no jlink or no jmods (Debian: apt-get install openjdk-17-jdk-headless)" >&2
	exit 2
}

mkdir -p "$out"
out="$(cd "$out" && pwd)"
stamp="$( (sha256sum < "$0"; cat "$jhome/release"; echo "$modules") | sha256sum | cut -c1-64)"
if [ -f "$out/base.tar" ] && [ "$(cat "$out/base.stamp" 2> /dev/null)" = "$stamp" ]; then
	echo "base-image.sh: $out/base.tar is up to date"
	exit 0
fi

root="$out/rootfs"
rm -rf "$root" "$out/base.tar" "$out/base.stamp" "$out/archive"
mkdir -p "$root"

# 1. The runtime, with the default CDS archive of its own classes (lib/server/classes.jsa)
"$jhome/bin/jlink" --module-path "$jhome/jmods" --add-modules "$modules" --output "$root/opt/java" \
	--strip-debug --no-man-pages --no-header-files --generate-cds-archive 2>&1 | grep -v "^\[.*\]\[warning\]\[cds\]" || true
[ -x "$root/opt/java/bin/java" ] || { echo "base-image.sh: jlink made no runtime" >&2; exit 1; }
# headless only: the X11 toolkit, splash screen and JAWT would pull in X libraries, sound ALSA
rm -f "$root/opt/java/lib/"{libawt_xawt,libsplashscreen,libjawt,libjsound}.so
# Debian's JDK keeps its CA certificates in ca-certificates-java, updated with the system's; take those when present
if [ -s /etc/ssl/certs/java/cacerts ]; then
	rm -f "$root/opt/java/lib/security/cacerts"
	cp -L /etc/ssl/certs/java/cacerts "$root/opt/java/lib/security/cacerts"
fi

# 2. The shared libraries the runtime links against (glibc, libstdc++, zlib, libjpeg, lcms, freetype...),
# at their real paths under /usr, with Debian's merged-/usr links and a loader cache
mkdir -p "$root/usr/lib" "$root/usr/lib64" "$root/usr/bin" "$root/etc"
ln -s usr/lib "$root/lib"
ln -s usr/lib64 "$root/lib64"
ln -s usr/bin "$root/bin"
find "$root/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -print0 | xargs -0 -n 20 ldd 2> /dev/null \
	| awk -v runtime="$root/" '!/^\t/ { next }
		/not found/ && $1 != "libjvm.so" { print "MISSING " $1; next }
		$2 == "=>" && $3 ~ /^\// && index($3, runtime) != 1 { print $3 }
		$1 ~ /^\// { print $1 }' | sort -u > "$out/libraries.txt"
if grep -q '^MISSING' "$out/libraries.txt"; then
	echo "base-image.sh: libraries not found on this system: $(grep '^MISSING' "$out/libraries.txt" | tr '\n' ' ')" >&2
	exit 1
fi
while read -r lib; do
	real="$(readlink -f "$lib")"
	install -D -m 0755 "$real" "$root$real"
	# the name the binaries ask for (libz.so.1, /lib64/ld-linux-x86-64.so.2) as a link to the real file
	asked="$(readlink -f "$(dirname "$lib")")/$(basename "$lib")"
	if [ "$asked" != "$real" ] && [ ! -e "$root$asked" ]; then
		mkdir -p "$(dirname "$root$asked")"
		ln -s "$real" "$root$asked"
	fi
done < "$out/libraries.txt"
# LANG=C.UTF-8 (UTF-8 file names and default charset): Debian's libc-bin ships that locale as files
if [ -d /usr/lib/locale/C.utf8 ]; then
	mkdir -p "$root/usr/lib/locale"
	cp -r /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"
fi
printf '/usr/lib/x86_64-linux-gnu\n/usr/lib\n' > "$root/etc/ld.so.conf"
ldconfig -r "$root"

# 3. Users, name lookup, folders
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:%s:%s:veritrace:%s:/sbin/nologin\n' "$uid" "$uid" "$data" > "$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:%s:\n' "$uid" > "$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
mkdir -p "$root/tmp" "$root$data" "$root/proc" "$root/dev" "$root/sys" "$root/root"
chmod 1777 "$root/tmp"
chmod 0750 "$root$data"

# 4. The layer and the archive (docker save format: manifest.json, config, layer)
tarflags=(--sort=name --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime
	--mtime=@1 --numeric-owner)
mkdir -p "$out/archive"
tar -C "$root" "${tarflags[@]}" --owner=0 --group=0 --exclude="./${data#/}" -cf "$out/archive/layer.tar" .
tar -C "$root" "${tarflags[@]}" --owner=$uid --group=$uid --no-recursion -rf "$out/archive/layer.tar" "./${data#/}"
diff_id="sha256:$(sha256sum "$out/archive/layer.tar" | cut -c1-64)"
cat > "$out/archive/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
"config":{"User":"$uid:$uid","WorkingDir":"$data",
"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"]},
"rootfs":{"type":"layers","diff_ids":["$diff_id"]},
"history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/image/base-image.sh: jlink ($(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$jhome/release")) and Debian libraries"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["veritrace/base:local"],"Layers":["layer.tar"]}]\n' > "$out/archive/manifest.json"
tar -C "$out/archive" "${tarflags[@]}" --owner=0 --group=0 -cf "$out/base.tar" manifest.json config.json layer.tar
rm -rf "$out/archive"
echo "$stamp" > "$out/base.stamp"
echo "base-image.sh: $out/base.tar ($(du -h "$out/base.tar" | cut -f1), runtime $(du -sh "$root/opt/java" | cut -f1), $(wc -l < "$out/libraries.txt") libraries)"
