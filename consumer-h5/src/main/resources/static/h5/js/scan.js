// Checks each event's inclusion proof on the phone (WebCrypto), using only the proof document the
// public proof API returns and the anchored root it names. No third-party requests.
import { verifyInclusion } from './proof-verify.js';

const messages = document.getElementById('proof-messages').dataset;

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
  const result = await verifyInclusion(proof);
  li.dataset.result = result.valid ? 'VALID' : 'INVALID:' + result.reason;
  status.textContent = result.valid ? messages.valid : messages.invalid + ' (' + result.reason + ')';
  status.className = 'proof-status ' + (result.valid ? 'ok' : 'bad');
  const receipt = proof.ledger;
  if (result.valid && receipt && receipt.txHash) {
    ledger.textContent = messages.ledger.replace('{0}', receipt.chainId ?? receipt.kind)
      .replace('{1}', receipt.blockNumber).replace('{2}', receipt.txHash);
  }
}

const items = [...document.querySelectorAll('li[data-proof-url]')];
Promise.all(items.map(check)).then(() => { document.body.dataset.proofsChecked = 'true'; });
