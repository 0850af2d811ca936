// Replays the golden proof vectors (src/test/resources/proof-vectors.json, also replayed by the
// Java ProofVectorsTests) through the browser verifier of consumer-h5.
// Run: cd chain-anchor && node --test src/test/js/proof-verify.test.mjs   (Maven runs it in `test`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const { verifyInclusion, toHex } = await import(
  resolve(here, '../../../../consumer-h5/src/main/resources/static/h5/js/proof-verify.js'));
const vectors = JSON.parse(readFileSync(resolve(here, '../resources/proof-vectors.json'), 'utf8'));

test('the vector file has valid and invalid cases', () => {
  assert.ok(vectors.cases.length > 40);
  assert.ok(vectors.cases.some((c) => c.expected.valid));
  assert.ok(vectors.cases.some((c) => !c.expected.valid));
});

for (const c of vectors.cases) {
  test(`vector: ${c.name}`, async () => {
    const expected = c.expectedInBrowser ?? c.expected;
    const result = await verifyInclusion(c.proof);
    assert.equal(result.valid, expected.valid, result.message);
    assert.equal(result.reason, expected.valid ? null : expected.reason, result.message);
  });
}

test('accepts the JSON text as well as the object', async () => {
  const c = vectors.cases.find((v) => v.expected.valid && v.proof.hashAlgorithm === 'SHA-256');
  assert.deepEqual((await verifyInclusion(JSON.stringify(c.proof))).valid, true);
  assert.equal((await verifyInclusion('{not json')).reason, 'MALFORMED_INPUT');
  assert.equal((await verifyInclusion(null)).reason, 'MALFORMED_INPUT');
  assert.equal((await verifyInclusion([])).reason, 'MALFORMED_INPUT');
});

test('RFC 9162 published root: the 1-leaf tree of the empty entry', async () => {
  // transparency-dev/merkle proof/verify_test.go roots[0] = H(0x00)
  const result = await verifyInclusion({
    leafHash: '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    leafIndex: 0, treeSize: 1, auditPath: [],
    rootHash: '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  });
  assert.equal(result.valid, true);
  assert.equal(toHex(new Uint8Array([0, 15, 171])), '000fab');
});

// A proof document as GET /api/v1/proofs/{eventHash} returned it (captured from trace-service's
// AnchoringIntegrationTests, which writes trace-service/target/api-proof-document.json): the
// browser verifier accepts exactly that JSON, and its signed tree head.
const apiProof = JSON.parse(readFileSync(resolve(here, '../resources/api-proof-document.json'), 'utf8'));

test('a proof document captured from the proof API verifies', async () => {
  assert.equal(apiProof.status, 'ANCHORED');
  const result = await verifyInclusion(apiProof);
  assert.equal(result.valid, true, result.message);
});

test('the captured proof with a changed root, path or index is refused', async () => {
  const flip = (h) => (h[0] === '0' ? '1' : '0') + h.slice(1);
  assert.equal((await verifyInclusion({ ...apiProof, rootHash: flip(apiProof.rootHash) })).reason, 'ROOT_MISMATCH');
  if (apiProof.auditPath.length > 0) {
    const path = [flip(apiProof.auditPath[0]), ...apiProof.auditPath.slice(1)];
    assert.equal((await verifyInclusion({ ...apiProof, auditPath: path })).reason, 'ROOT_MISMATCH');
  }
  assert.equal((await verifyInclusion({ ...apiProof, leafIndex: apiProof.treeSize })).reason, 'INDEX_OUT_OF_RANGE');
});

test('the captured signed tree head verifies (Ed25519) and binds the proof', async () => {
  const { verifySignedTreeHead } = await import(
    resolve(here, '../../../../consumer-h5/src/main/resources/static/h5/js/proof-verify.js'));
  const key = apiProof.signedTreeHead.publicKey;
  assert.deepEqual(await verifySignedTreeHead(apiProof, key),
    { valid: true, reason: null, message: 'signed tree head verified' });
  const flip = (h) => (h[0] === '0' ? '1' : '0') + h.slice(1);
  const forged = { ...apiProof, signedTreeHead: { ...apiProof.signedTreeHead,
    signature: flip(apiProof.signedTreeHead.signature) } };
  assert.equal((await verifySignedTreeHead(forged, key)).reason, 'BAD_SIGNATURE');
  assert.equal((await verifySignedTreeHead({ ...apiProof, treeSize: apiProof.treeSize + 1 }, key)).reason,
    'HEAD_MISMATCH');
  assert.equal((await verifySignedTreeHead(apiProof, '00'.repeat(32))).reason, 'UNTRUSTED_KEY');
});

test('a head is trusted under any of the log\'s listed keys (current and retired)', async () => {
  const { verifySignedTreeHead } = await import(
    resolve(here, '../../../../consumer-h5/src/main/resources/static/h5/js/proof-verify.js'));
  const key = apiProof.signedTreeHead.publicKey;
  assert.equal((await verifySignedTreeHead(apiProof, ['11'.repeat(32), key.toUpperCase()])).valid, true);
  assert.equal((await verifySignedTreeHead(apiProof, ['11'.repeat(32)])).reason, 'UNTRUSTED_KEY');
  assert.equal((await verifySignedTreeHead(apiProof, [])).reason, 'UNTRUSTED_KEY');
});

// The witness vector of CosignatureTests (Java; OpenSSL gives the same signature): RFC 8032 TEST 2's key
// cosigning the captured head.
const WITNESS = { name: 'Witness A', signatureAlgorithm: 'ED25519',
  publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c' };
const COSIGNATURE = { witness: 'Witness A', signatureAlgorithm: 'ED25519', publicKey: WITNESS.publicKey,
  timestamp: '2026-11-24T04:47:01.250Z', signature: 'a56e64ef7aafee2b1351f721eaf250dd6bb7f4998144f901d5ef4e933e177d9a9288d995346e3e6bb12165d0229155ebb0079e047b9d0bc2501a59aa9519070f' };

test('a witness\'s cosignature made in Java verifies here, and a changed one does not', async () => {
  const { verifyCosignatures } = await import(
    resolve(here, '../../../../consumer-h5/src/main/resources/static/h5/js/proof-verify.js'));
  const withCosignature = (c) => ({ ...apiProof, signedTreeHead: { ...apiProof.signedTreeHead, cosignatures: [c] } });
  assert.deepEqual(await verifyCosignatures(withCosignature(COSIGNATURE), [WITNESS]),
    { confirmedBy: ['Witness A'], failedBy: [] });
  const flip = (h) => (h[0] === '0' ? '1' : '0') + h.slice(1);
  assert.deepEqual(await verifyCosignatures(withCosignature({ ...COSIGNATURE, signature: flip(COSIGNATURE.signature) }),
    [WITNESS]), { confirmedBy: [], failedBy: ['Witness A'] });
  // another time than the one signed
  assert.deepEqual(await verifyCosignatures(withCosignature({ ...COSIGNATURE, timestamp: '2026-11-24T04:47:01.251Z' }),
    [WITNESS]), { confirmedBy: [], failedBy: ['Witness A'] });
  // a key the log does not name is ignored, neither confirming nor failing
  assert.deepEqual(await verifyCosignatures(withCosignature(COSIGNATURE), []), { confirmedBy: [], failedBy: [] });
  // on another head (the proof's signed bytes changed), it fails
  const otherHead = { ...apiProof, signedTreeHead: { ...apiProof.signedTreeHead,
    signedBytes: apiProof.signedTreeHead.signedBytes.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
    cosignatures: [COSIGNATURE] } };
  assert.deepEqual(await verifyCosignatures(otherHead, [WITNESS]), { confirmedBy: [], failedBy: ['Witness A'] });
});
