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
