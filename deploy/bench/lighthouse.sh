#!/usr/bin/env bash
# Lighthouse (mobile, the npm package, Debian's chromium) on the consumer scan page, as a new user would try it:
# the embedded default (H2, demo data) with a picture added to the demo tea through the portal, the demo tins'
# pages in English and Chinese, each run on the next tin (issue 21 item 3).
#   deploy/bench/lighthouse.sh [runs=3]
# Prints one CSV row per run (scores 0-100, CLS, LCP and TBT in ms) and the medians per language.
# Needs: the jar (./mvnw -q -DskipTests package; JAR=path for another build), chromium (deploy/local/services.sh
# check installs it), node and npm. Lighthouse 12 (LIGHTHOUSE_VERSION) is installed into deploy/.run/lighthouse
# (git-ignored): Lighthouse 13 needs Node 22, Debian 12 has Node 18/20.
# The page is asked for with a phone's User-Agent, not Lighthouse's (which the scan page treats as a crawler: no
# scan counted, no scripts for the scan), so that Lighthouse measures what a shopper's phone gets.
set -euo pipefail
runs="${1:-3}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${JAR:-$root/trace-service/target/veritrace.jar}"
version="${LIGHTHOUSE_VERSION:-12.8.2}"
tools="$root/deploy/.run/lighthouse"
lighthouse="$tools/node_modules/.bin/lighthouse"
if [ ! -x "$lighthouse" ] || ! grep -q "\"version\": \"$version\"" "$tools/node_modules/lighthouse/package.json"; then
  echo "lighthouse: installing lighthouse@$version into $tools" >&2
  mkdir -p "$tools"
  ( cd "$tools" && { [ -f package.json ] || echo '{"private":true}' > package.json; } \
    && npm install --no-audit --no-fund --silent "lighthouse@$version" )
fi
port=${PORT:-18282}; base="http://127.0.0.1:$port"; password="lighthouse-demo-0123456789"
work="$tools/work-$$"; mkdir -p "$work" # not under /tmp, which others clean
( cd "$work" && exec java -Xmx512m -jar "$jar" --server.port=$port --veritrace.public-base-url="$base" \
    --veritrace.demo.password=$password > "$work/app.log" 2>&1 ) &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true; rm -rf "$work"' EXIT
until curl -sf "$base/actuator/health" >/dev/null; do kill -0 $app || { cat "$work/app.log"; exit 1; }; sleep 0.5; done
for _ in $(seq 1 120); do grep -q "Demo tin codes:" "$work/app.log" && break; sleep 0.5; done
gtin=$(grep -o "Scan page: *$base/01/[0-9]*" "$work/app.log" | grep -o '[0-9]*$')
lot=$(grep -o "Scan page: *$base/01/[0-9]*/10/[^/]*" "$work/app.log" | sed 's|.*/10/||')
read -r -a tins <<< "$(grep -o 'Demo tin codes: .*' "$work/app.log" | sed 's/Demo tin codes: *//; s/,/ /g')"
# a picture for the demo tea (a 640 x 480 PNG drawn by the JDK), through the portal's form as the brand's owner
jshell -q -R-Djava.awt.headless=true >/dev/null <<JSHELL
var image = new java.awt.image.BufferedImage(640, 480, java.awt.image.BufferedImage.TYPE_INT_RGB);
var g = image.createGraphics();
g.setColor(new java.awt.Color(0x4d7c2a)); g.fillRect(0, 0, 640, 480);
g.setColor(new java.awt.Color(0xb5d98a)); g.fillOval(180, 90, 280, 300); g.dispose();
javax.imageio.ImageIO.write(image, "png", new java.io.File("$work/tea.png"));
/exit
JSHELL
jar_cookies="$work/cookies"
csrf() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
token=$(curl -sf -c "$jar_cookies" -b "$jar_cookies" "$base/portal/login" | csrf)
curl -sf -o /dev/null -c "$jar_cookies" -b "$jar_cookies" --data-urlencode "email=brand@demo.example" \
  --data-urlencode "password=$password" --data-urlencode "_csrf=$token" "$base/portal/login"
token=$(curl -sf -c "$jar_cookies" -b "$jar_cookies" "$base/portal/products/$gtin" | csrf)
curl -sf -o /dev/null -c "$jar_cookies" -b "$jar_cookies" -F "_csrf=$token" -F "image=@$work/tea.png;type=image/png" \
  "$base/portal/products/$gtin/image"
curl -sf "$base/01/$gtin/10/$lot" -H 'User-Agent: Lighthouse' | grep -q 'class="product-image" src=' \
  && echo "picture: added to $gtin" >&2 || echo "picture: NOT added (the page shows the empty slot)" >&2
phone="Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36"
echo "date: $(date -u +%FT%TZ); commit: $(git -C "$root" rev-parse --short HEAD); lighthouse $version; $(/usr/bin/chromium --version 2>/dev/null | head -1); cores: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "lang,run,performance,accessibility,best_practices,seo,cls,lcp_ms,tbt_ms,url"
i=0
for lang in en zh-CN; do
  for run in $(seq 1 "$runs"); do
    serial=${tins[$((i % ${#tins[@]}))]}; i=$((i + 1))
    url="$base/01/$gtin/10/$lot/21/$serial?lang=$lang"
    CHROME_PATH=/usr/bin/chromium "$lighthouse" "$url" --quiet --output=json --output-path="$work/report.json" \
      --only-categories=performance,accessibility,best-practices,seo --emulated-user-agent="$phone" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --user-data-dir=$work/chrome-$i" \
      >/dev/null 2>"$work/lighthouse.log" || { cat "$work/lighthouse.log" >&2; exit 1; }
    python3 - "$work/report.json" "$lang" "$run" "$url" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c, a = r["categories"], r["audits"]
score = lambda k: round(c[k]["score"] * 100)
print(",".join(map(str, [sys.argv[2], sys.argv[3], score("performance"), score("accessibility"), score("best-practices"),
  score("seo"), round(a["cumulative-layout-shift"]["numericValue"], 3), round(a["largest-contentful-paint"]["numericValue"]),
  round(a["total-blocking-time"]["numericValue"]), sys.argv[4]])))
failed = [k for k, v in a.items() if v.get("score") is not None and v["score"] < 0.9 and v.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]
if failed: print("#   below 0.9: " + ", ".join(sorted(failed)))
PY
  done
done | tee "$work/rows.csv"
python3 - "$work/rows.csv" <<'PY'
import csv, statistics, sys
rows = [r for r in csv.reader(open(sys.argv[1])) if r and not r[0].startswith("#")]
for lang in sorted({r[0] for r in rows}):
    mine = [r for r in rows if r[0] == lang]
    med = lambda i: statistics.median(float(r[i]) for r in mine)
    print(f"median,{lang}: performance {med(2):g}, accessibility {med(3):g}, best practices {med(4):g}, SEO {med(5):g}, "
          f"CLS {med(6):g}, LCP {med(7):g} ms, TBT {med(8):g} ms ({len(mine)} runs)")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
