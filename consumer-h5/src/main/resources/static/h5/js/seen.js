// The scan page's confirmation: this script ran, so a person's browser (not a plain request, a prefetch
// or a crawler) showed the page. It sets the first-party device cookie if there is none (a random id,
// nothing else: it only lets repeat scans from this browser count once), then posts the page's token to
// Veritrace, which counts this client among the code's confirmed clients and answers the verdict.

const COOKIE = 'vt_device';

/** 16 random bytes, base64url without padding (22 characters). */
export function newDeviceId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function ensureDevice() {
  const found = document.cookie.split('; ').find((c) => c.startsWith(COOKIE + '='));
  if (found && /^[A-Za-z0-9_-]{22}$/.test(found.substring(COOKIE.length + 1))) {
    return;
  }
  // first party, a year, sent on top-level navigations (a scan opens the page) but not cross-site
  // subrequests; Secure when the page itself is served over https
  document.cookie = COOKIE + '=' + newDeviceId() + '; Path=/; Max-Age=31536000; SameSite=Lax'
    + (location.protocol === 'https:' ? '; Secure' : '');
}

const verdict = document.getElementById('verdict');
if (verdict && verdict.dataset.token && window.fetch && window.crypto) {
  ensureDevice();
  fetch('/h5/scans/seen?lang=' + encodeURIComponent(document.documentElement.lang), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ token: verdict.dataset.token }),
    keepalive: true,
  }).then(async (response) => {
    if (!response.ok || verdict.dataset.placed) {
      return;
    }
    const answer = await response.json();
    verdict.className = 'verdict v-' + answer.verdict;
    verdict.querySelector('h1').textContent = answer.label;
    verdict.querySelector('p').textContent = answer.reason;
    verdict.dataset.seen = answer.verdict;
  }).catch(() => { /* the page stands as shown */ });
}
