#!/usr/bin/env bash
# Unpacks an image archive (docker save format, as jib:buildTar writes it) into <dir>/rootfs, layer by layer
# in the manifest's order, keeping owners and modes (as root). For benchmarks and the CDS training run;
# ContainerImageIntegrationTests does the same in Java and checks each layer's digest on the way.
#
#   deploy/image/unpack-image.sh <image.tar> <dir>
set -euo pipefail
archive="$(readlink -f "$1")"; dir="$2"
rm -rf "$dir/archive" "$dir/rootfs"
mkdir -p "$dir/archive" "$dir/rootfs"
tar -xf "$archive" -C "$dir/archive"
layers=$(tr -d '\n ' < "$dir/archive/manifest.json" | grep -o '"[Ll]ayers":\[[^]]*\]' | sed 's/^[^[]*\[//; s/\]$//' | tr ',' '\n' | tr -d '"')
[ -n "$layers" ] || { echo "unpack-image.sh: no layers in $archive" >&2; exit 1; }
for layer in $layers; do
	tar -xpf "$dir/archive/$layer" --numeric-owner --warning=no-unknown-keyword -C "$dir/rootfs"
done
rm -rf "$dir/archive"
echo "unpack-image.sh: $(echo "$layers" | wc -l) layers in $dir/rootfs"
