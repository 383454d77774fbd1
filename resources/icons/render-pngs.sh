#!/usr/bin/env bash
# Renders deltadesk.svg into the PNG sizes of the hicolor icon theme. Run it by
# hand after editing the SVG and commit the PNGs: the build only copies them,
# so it never needs rsvg-convert (Debian package librsvg2-bin).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
command -v rsvg-convert >/dev/null || { echo "render-pngs: apt-get install librsvg2-bin" >&2; exit 1; }
for size in 16 22 24 32 48 64 128 256; do
  rsvg-convert --width "$size" --height "$size" deltadesk.svg --output "deltadesk-$size.png"
done
