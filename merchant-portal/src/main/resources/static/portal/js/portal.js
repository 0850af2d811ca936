// The portal's behaviour beyond plain forms (every page works without it):
// - a button with data-confirm asks before its form is sent;
// - htmx (from its WebJar) swaps the fragments that pages mark with hx-* attributes.
document.addEventListener('submit', (event) => {
  const button = event.submitter;
  const text = button && button.dataset.confirm;
  if (text && !window.confirm(text)) {
    event.preventDefault();
  }
});
// htmx sends the CSRF token of the page with every request it makes
document.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('meta[name="_csrf"]');
  const header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.content] = token.content;
  }
});
