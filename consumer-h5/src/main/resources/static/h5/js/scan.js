// Checks each event's proof on the phone (WebCrypto), using only what the log publishes: the
// inclusion path up to the tree head's root, the log's signature on that tree head against the
// log's keys (/.well-known/veritrace-log), and the independent witnesses' cosignatures on it
// against the witnesses' keys listed there. Says in plain words what was verified; the hashes and
// receipts sit in the folded technical details. No third-party requests.
import { verifyCosignatures, verifyInclusion, verifySignedTreeHead } from './proof-verify.js';

const messages = document.getElementById('proof-messages').dataset;

let logDescription;
function log() {
  logDescription ??= fetch(messages.logUrl, { headers: { Accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status))));
  return logDescription;
}

function failed(status, li, reason, words) {
  li.dataset.result = 'INVALID:' + reason;
  status.textContent = messages.failed.replace('{0}', words);
  status.className = 'proof-status bad';
}

async function check(li) {
  const status = li.querySelector('.proof-status');
  const ledger = li.querySelector('.proof-ledger');
  status.textContent = messages.checking;
  let proof;
  try {
    const response = await fetch(li.dataset.proofUrl, { headers: { Accept: 'application/json' } });
    proof = await response.json();
  } catch (e) {
    status.textContent = messages.invalid + ' (' + e.message + ')';
    status.className = 'proof-status bad';
    return;
  }
  if (proof.status === 'PENDING') {
    status.textContent = messages.pending.replace('{0}', proof.expectedBy ?? '');
    li.dataset.result = 'PENDING';
    return;
  }
  if (proof.status === 'REFUSED') {
    // a record the service did not write: never anchored, no proof to check
    status.textContent = messages.refused;
    status.className = 'proof-status bad';
    li.dataset.result = 'REFUSED';
    return;
  }
  const inclusion = await verifyInclusion(proof);
  if (!inclusion.valid) {
    failed(status, li, inclusion.reason, messages.reasonInclusion);
    return;
  }
  let description;
  try {
    description = await log();
  } catch (e) {
    failed(status, li, 'LOG_UNAVAILABLE', messages.reasonLog);
    return;
  }
  const head = await verifySignedTreeHead(proof, (description.keys ?? []).map((k) => k.publicKey));
  const sth = proof.signedTreeHead ?? {};
  li.querySelector('.proof-head').textContent = messages.head.replace('{0}', proof.treeSize)
    .replace('{1}', proof.rootHash).replace('{2}', sth.publicKey ?? '');
  const receipt = proof.ledger;
  if (receipt && receipt.txHash) {
    ledger.textContent = messages.ledger.replace('{0}', receipt.chainId ?? receipt.kind)
      .replace('{1}', receipt.blockNumber).replace('{2}', receipt.txHash);
  }
  if (!head.valid && head.reason === 'UNSUPPORTED_SIGNATURE') {
    li.dataset.result = 'UNSUPPORTED';
    status.textContent = messages.unsupported;
    status.className = 'proof-status';
    return;
  }
  if (!head.valid) {
    const words = { BAD_SIGNATURE: messages.reasonSignature, UNTRUSTED_KEY: messages.reasonKey,
      HEAD_MISMATCH: messages.reasonHead }[head.reason] ?? messages.reasonSignature;
    failed(status, li, head.reason, words);
    return;
  }
  const witnesses = await verifyCosignatures(proof, description.witnesses);
  if (witnesses.failedBy.length > 0) {
    failed(status, li, 'BAD_COSIGNATURE', messages.reasonWitness.replace('{0}', witnesses.failedBy.join(', ')));
    return;
  }
  li.dataset.result = 'VALID';
  li.dataset.witnesses = String(witnesses.confirmedBy.length);
  const confirmed = witnesses.confirmedBy.length;
  const witnessed = confirmed === 1 ? messages.witnessedOne : messages.witnessedMany;
  status.textContent = messages.valid + (confirmed > 0
    ? witnessed.replace('{0}', confirmed).replace('{1}', witnesses.confirmedBy.join(', '))
    : messages.unwitnessed);
  status.className = 'proof-status ok';
}

// a check that throws (a verifier bug, a browser without BigInt) says so on its line and lets the others finish
async function checkSafely(li) {
  try {
    await check(li);
  } catch (e) {
    failed(li.querySelector('.proof-status'), li, 'ERROR', e.message);
  }
}

const items = [...document.querySelectorAll('li[data-proof-url]')];
Promise.all(items.map(checkSafely)).then(() => {
  // any record that failed its check: said at the top too, not only at the bottom of the page
  // and in a word on the folded "How we know", whose status line has its room from the start
  const status = document.getElementById('how-status');
  if (items.some((li) => (li.dataset.result ?? '').startsWith('INVALID'))) {
    document.getElementById('proof-alert').hidden = false;
    status.textContent = messages.someFailed;
    status.classList.add('bad');
    document.getElementById('how').open = true;
  } else if (items.every((li) => li.dataset.result === 'VALID')) {
    status.textContent = messages.allChecked.replace('{0}', items.length);
    status.classList.add('ok');
  }
  document.body.dataset.proofsChecked = 'true';
});
