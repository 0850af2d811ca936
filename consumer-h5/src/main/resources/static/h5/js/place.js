// The optional place: with the consumer's consent, the phone's approximate area is added to this scan.
// The position is rounded HERE, to one decimal of latitude and longitude (a cell of about 10 km), so the
// precise position never leaves the phone. The cell goes to Veritrace only (no map or geocoding service),
// with the page's single-use token (on #verdict, shared with seen.js); the answer is the verdict with the
// place counted.

/** The cell of a position: each coordinate rounded to one decimal, e.g. "31.2,121.5". */
export function cellOf(latitude, longitude) {
  const round = (degrees) => (Math.round(degrees * 10) / 10).toFixed(1);
  return round(latitude) + ',' + round(longitude);
}

// The box is shown from the start with its button disabled (so that nothing below it moves when this runs):
// enabled here, or put away on a browser that cannot locate.
const box = document.getElementById('place');
if (box && !('geolocation' in navigator && window.fetch)) {
  box.hidden = true;
}
if (box && 'geolocation' in navigator && window.fetch) {
  const messages = box.dataset;
  const button = document.getElementById('place-button');
  const status = document.getElementById('place-status');
  const show = (text, result) => { status.textContent = text; box.dataset.result = result; };
  button.disabled = false;
  button.addEventListener('click', () => {
    button.disabled = true;
    show(messages.locating, 'LOCATING');
    navigator.geolocation.getCurrentPosition(async (position) => {
      const cell = cellOf(position.coords.latitude, position.coords.longitude);
      try {
        const response = await fetch('/h5/scans/place?lang=' + encodeURIComponent(document.documentElement.lang), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ token: document.getElementById('verdict').dataset.token, cell }),
        });
        const answer = await response.json();
        if (!response.ok) {
          show(messages.failed.replace('{0}', answer.detail ?? response.status), 'FAILED');
          return;
        }
        const verdict = document.getElementById('verdict');
        verdict.dataset.placed = 'true'; // seen.js's answer, if later, is older than this one
        verdict.className = 'verdict v-' + answer.verdict;
        verdict.querySelector('h1').textContent = answer.label;
        verdict.querySelector('p').textContent = answer.reason;
        button.hidden = true;
        show(messages.added.replace('{0}', answer.cell.replace(',', ', ')), 'ADDED');
      } catch (e) {
        show(messages.failed.replace('{0}', e.message), 'FAILED');
        button.disabled = false;
      }
    }, () => {
      show(messages.denied, 'DENIED');
      button.disabled = false;
    }, { enableHighAccuracy: false, timeout: 20000, maximumAge: 600000 });
  });
}
