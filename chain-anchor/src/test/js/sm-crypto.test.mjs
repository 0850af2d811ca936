// The browser's SM3 and SM2 code (consumer-h5 static/h5/js/sm-crypto.js) against the standards'
// own examples and against what BouncyCastle made (src/test/resources/sm-vectors.json, written by
// SmVectorGenerator and checked in Java by SmVectorsTests), and the proof verifier
// (proof-verify.js) on an SM3 log's proof with an SM2-signed head and an SM2 witness.
// Run: cd chain-anchor && node --test src/test/js/sm-crypto.test.mjs   (Maven runs it in integration-test)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const js = resolve(here, '../../../../consumer-h5/src/main/resources/static/h5/js');
const { sm3, sm2Verify, sm2Z, SM2P256V1 } = await import(resolve(js, 'sm-crypto.js'));
const { verifyInclusion, verifySignedTreeHead, verifyCosignatures, toHex } = await import(
  resolve(js, 'proof-verify.js'));
const vectors = JSON.parse(readFileSync(resolve(here, '../resources/sm-vectors.json'), 'utf8'));

const bytes = (hex) => new Uint8Array(Buffer.from(hex.replace(/\s/g, ''), 'hex'));
const ascii = (text) => new TextEncoder().encode(text);
const flip = (h, at = 0) => h.slice(0, at) + (h[at] === '0' ? '1' : '0') + h.slice(at + 1);

test('SM3: the two examples of GB/T 32905-2016 appendix A', () => {
  assert.equal(toHex(sm3(ascii('abc'))), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  assert.equal(toHex(sm3(ascii('abcd'.repeat(16)))),
    'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
});

test('SM3: BouncyCastle\'s digests across the padding boundaries', () => {
  assert.ok(vectors.sm3.length >= 10);
  for (const v of vectors.sm3) {
    assert.equal(toHex(sm3(bytes(v.input))), v.digest, `${v.input.length / 2} bytes`);
  }
});

// GB/T 32918.2-2016 appendix A (GM/T 0003.2 A.2): its test curve, ID ALICE123@YAHOO.COM
const TEST_CURVE = {
  p: 0x8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3n,
  a: 0x787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498n,
  b: 0x63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249An,
  gx: 0x421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43Dn,
  gy: 0x0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2n,
  n: 0x8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7n,
};

test('SM2: the signature example of GB/T 32918.2 appendix A (Z value and signature)', () => {
  const key = bytes('04 0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A'
    + '7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857');
  const id = ascii('ALICE123@YAHOO.COM');
  assert.equal(toHex(sm2Z(key, id, TEST_CURVE)), 'f4a38489e32b45b6f876e3ac2168ca392362dc8f23459c1d1146fc3dbfb7bc9a');
  const signature = bytes('40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1'
    + '6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7');
  assert.equal(sm2Verify(key, ascii('message digest'), signature, id, TEST_CURVE), true);
  assert.equal(sm2Verify(key, ascii('message digesT'), signature, id, TEST_CURVE), false);
  assert.equal(sm2Verify(key, ascii('message digest'), signature, ascii('BILL456@YAHOO.COM'), TEST_CURVE), false);
});

test('SM2: the sm2p256v1 example with the default user ID (GM/T 0003.5, GB/T 32918.5)', () => {
  const key = bytes('04 09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020'
    + 'CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13');
  const signature = bytes('F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3'
    + 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA');
  assert.equal(sm2Verify(key, ascii('message digest'), signature), true);
  assert.equal(sm2Verify(key, ascii('message digest'), signature, ascii('1234567812345678'), SM2P256V1), true);
  assert.equal(sm2Verify(key, ascii('message digest.'), signature), false);
});

test('SM2: BouncyCastle\'s signatures verify, altered ones do not', () => {
  assert.ok(vectors.sm2.filter((v) => v.valid).length >= 3);
  assert.ok(vectors.sm2.filter((v) => !v.valid).length >= 8);
  for (const v of vectors.sm2) {
    assert.equal(sm2Verify(bytes(v.publicKey), bytes(v.message), bytes(v.signature)), v.valid, v.name);
  }
});

test('SM2: malformed keys and signatures are false, never an exception', () => {
  const good = vectors.sm2.find((v) => v.valid);
  const [key, message, signature] = [bytes(good.publicKey), bytes(good.message), bytes(good.signature)];
  assert.equal(sm2Verify(key.subarray(0, 33), message, signature), false); // compressed form
  assert.equal(sm2Verify(new Uint8Array(65), message, signature), false);
  assert.equal(sm2Verify(key, message, new Uint8Array(64)), false);
  assert.equal(sm2Verify(key, message, null), false);
  assert.equal(sm2Verify('04', message, signature), false);
});

const proof = vectors.proof;
const witness = vectors.witness;

test('an SM3 log\'s proof verifies in the browser like in Java, and a changed one does not', async () => {
  assert.equal(proof.hashAlgorithm, 'SM3');
  assert.deepEqual(await verifyInclusion(proof), { valid: true, reason: null, message: 'inclusion proof verified' });
  assert.equal((await verifyInclusion({ ...proof, rootHash: flip(proof.rootHash) })).reason, 'ROOT_MISMATCH');
  assert.equal((await verifyInclusion({ ...proof, hashAlgorithm: 'SHA-256' })).reason, 'ROOT_MISMATCH');
});

test('its SM2-signed tree head verifies under the log\'s key, a changed one does not', async () => {
  const key = proof.signedTreeHead.publicKey;
  assert.deepEqual(await verifySignedTreeHead(proof, [key]),
    { valid: true, reason: null, message: 'signed tree head verified' });
  const sth = proof.signedTreeHead;
  const forged = { ...proof, signedTreeHead: { ...sth, signature: flip(sth.signature, 70) } };
  assert.equal((await verifySignedTreeHead(forged, [key])).reason, 'BAD_SIGNATURE');
  // a head with another timestamp (the signed bytes changed, same size and root)
  const retimed = { ...proof, signedTreeHead: { ...sth, signedBytes: flip(sth.signedBytes, 65) } };
  assert.equal((await verifySignedTreeHead(retimed, [key])).reason, 'BAD_SIGNATURE');
  assert.equal((await verifySignedTreeHead(proof, [witness.publicKey])).reason, 'UNTRUSTED_KEY');
  assert.equal((await verifySignedTreeHead({ ...proof, signedTreeHead: { ...sth, signatureAlgorithm: 'RSA' } },
    [key])).reason, 'UNSUPPORTED_SIGNATURE');
});

test('the SM2 witness\'s cosignature confirms the head; a changed one fails', async () => {
  assert.deepEqual(await verifyCosignatures(proof, [witness]), { confirmedBy: ['Witness SM'], failedBy: [] });
  const cosignature = proof.signedTreeHead.cosignatures[0];
  const withCosignature = (c) => ({ ...proof, signedTreeHead: { ...proof.signedTreeHead, cosignatures: [c] } });
  assert.deepEqual(await verifyCosignatures(withCosignature({ ...cosignature, signature: flip(cosignature.signature) }),
    [witness]), { confirmedBy: [], failedBy: ['Witness SM'] });
  assert.deepEqual(await verifyCosignatures(withCosignature({ ...cosignature, timestamp: '2026-12-07T10:30:04.501Z' }),
    [witness]), { confirmedBy: [], failedBy: ['Witness SM'] });
  // the witness listed with another algorithm than its key's
  assert.deepEqual(await verifyCosignatures(proof, [{ ...witness, signatureAlgorithm: 'ED25519' }]),
    { confirmedBy: [], failedBy: ['Witness SM'] });
});
