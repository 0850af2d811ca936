// In-browser verification of a Veritrace inclusion proof (RFC 9162 / Certificate Transparency v2).
//
// Needs nothing but the proof document (the format of com.veritrace.anchor.ProofDocuments):
//   { eventHash: "ni:///sha-256;<64 hex>?ver=CBV2.0"  (or leafHash: "<hex of H(0x00 || digest)>"),
//     leafIndex, treeSize, rootHash: "<hex>", auditPath: ["<hex>", ...], hashAlgorithm: "SHA-256" }
// where rootHash is the root anchored on the ledger for treeSize.
// SHA-256 logs hash with WebCrypto (crypto.subtle.digest); SM3 logs (the national-crypto profile)
// with sm-crypto.js, loaded on first use, since no browser offers SM3 or SM2 through WebCrypto.
// The checks and their order match the Java verifier, so both give the same reason; both replay
// chain-anchor/src/test/resources/proof-vectors.json in their tests.

const LEAF_HASH_PREFIX = 0x00;
const NODE_HASH_PREFIX = 0x01;
const HASH_LENGTH = 32;
const EVENT_HASH_ID = /^ni:\/\/\/sha-256;([0-9a-fA-F]{64})\?ver=CBV2\.0$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** Reasons, shared with com.veritrace.anchor.ProofVerificationException.Reason. */
export const Reason = Object.freeze({
  ROOT_MISMATCH: 'ROOT_MISMATCH',
  WRONG_SIZE: 'WRONG_SIZE',
  BAD_PATH_LENGTH: 'BAD_PATH_LENGTH',
  INDEX_OUT_OF_RANGE: 'INDEX_OUT_OF_RANGE',
  BAD_HASH_LENGTH: 'BAD_HASH_LENGTH',
  UNSUPPORTED_ALGORITHM: 'UNSUPPORTED_ALGORITHM',
  MALFORMED_INPUT: 'MALFORMED_INPUT',
});

class ProofError extends Error {
  constructor(reason, message) {
    super(message);
    this.reason = reason;
  }
}

const fail = (reason, message) => {
  throw new ProofError(reason, message);
};

/**
 * Verifies an inclusion proof document (an object, or its JSON text).
 * @returns {Promise<{valid: boolean, reason: string|null, message: string}>}
 */
export async function verifyInclusion(proof) {
  try {
    await check(typeof proof === 'string' ? parseJson(proof) : proof);
    return { valid: true, reason: null, message: 'inclusion proof verified' };
  } catch (e) {
    if (e instanceof ProofError) {
      return { valid: false, reason: e.reason, message: e.message };
    }
    throw e;
  }
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(Reason.MALFORMED_INPUT, `not JSON: ${e.message}`);
  }
}

async function check(proof) {
  if (proof === null || typeof proof !== 'object' || Array.isArray(proof)) {
    fail(Reason.MALFORMED_INPUT, 'a proof document is a JSON object');
  }
  if (proof.hashAlgorithm !== undefined && typeof proof.hashAlgorithm !== 'string') {
    fail(Reason.MALFORMED_INPUT, 'hashAlgorithm must be a string');
  }
  if ((proof.eventHash === undefined) === (proof.leafHash === undefined)) {
    fail(Reason.MALFORMED_INPUT, 'give exactly one of eventHash and leafHash');
  }
  let entry = null;
  let leafHash = null;
  if (proof.eventHash !== undefined) {
    const match = typeof proof.eventHash === 'string' ? EVENT_HASH_ID.exec(proof.eventHash) : null;
    if (!match) {
      fail(Reason.MALFORMED_INPUT, 'eventHash is not ni:///sha-256;<64 hex>?ver=CBV2.0');
    }
    entry = fromHex(match[1]);
  } else {
    leafHash = hex(proof.leafHash, 'leafHash');
  }
  const leafIndex = integer(proof.leafIndex, 'leafIndex');
  const treeSize = integer(proof.treeSize, 'treeSize');
  const root = hex(proof.rootHash, 'rootHash');
  if (!Array.isArray(proof.auditPath)) {
    fail(Reason.MALFORMED_INPUT, 'auditPath must be an array of hex strings');
  }
  const path = proof.auditPath.map((h, i) => hex(h, `auditPath[${i}]`));

  const algorithm = (proof.hashAlgorithm ?? 'SHA-256').trim().toUpperCase().replace('SHA_256', 'SHA-256');
  const hash = HASHES[algorithm];
  if (hash === undefined) {
    fail(Reason.UNSUPPORTED_ALGORITHM, `unknown hash algorithm '${proof.hashAlgorithm}'`);
  }
  if (root.length !== HASH_LENGTH) {
    fail(Reason.BAD_HASH_LENGTH, `root hash has ${root.length} bytes, ${algorithm} needs ${HASH_LENGTH}`);
  }
  if (leafHash === null) {
    leafHash = await hash(concat([LEAF_HASH_PREFIX], entry));
  }
  if (leafHash.length !== HASH_LENGTH) {
    fail(Reason.BAD_HASH_LENGTH, `leaf hash has ${leafHash.length} bytes, ${algorithm} needs ${HASH_LENGTH}`);
  }
  path.forEach((p, i) => {
    if (p.length !== HASH_LENGTH) {
      fail(Reason.BAD_HASH_LENGTH, `audit path[${i}] has ${p.length} bytes, ${algorithm} needs ${HASH_LENGTH}`);
    }
  });
  if (leafIndex >= treeSize) {
    fail(Reason.INDEX_OUT_OF_RANGE, `leaf index ${leafIndex} is not in a tree of size ${treeSize}`);
  }
  const expected = inclusionLength(leafIndex, treeSize);
  if (path.length !== expected) {
    fail(Reason.BAD_PATH_LENGTH,
      `audit path has ${path.length} hashes, leaf ${leafIndex} of tree size ${treeSize} needs ${expected}`);
  }
  const computed = await rootFromPath(hash, leafIndex, treeSize, leafHash, path);
  if (toHex(computed) !== toHex(root)) {
    fail(Reason.ROOT_MISMATCH,
      `audit path of leaf ${leafIndex} leads to ${toHex(computed)}, not ${toHex(root)}`);
  }
}

// RFC 9162 section 2.1.3.2, with BigInt so that sizes up to 2^53 - 1 are exact.
async function rootFromPath(hash, leafIndex, treeSize, leafHash, path) {
  let fn = leafIndex;
  let sn = treeSize - 1n;
  let r = leafHash;
  for (const p of path) {
    if ((fn & 1n) === 1n || fn === sn) {
      r = await hash(concat([NODE_HASH_PREFIX], p, r));
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = await hash(concat([NODE_HASH_PREFIX], r, p));
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return r;
}

// Length of PATH(m, D[n]) (RFC 9162 section 2.1.3.1): one hash per split on the way down.
function inclusionLength(index, size) {
  let lo = 0n;
  let hi = size;
  let length = 0;
  while (hi - lo > 1n) {
    let k = 1n;
    while (k << 1n < hi - lo) k <<= 1n;
    if (index < lo + k) hi = lo + k;
    else lo += k;
    length++;
  }
  return length;
}

function integer(value, field) {
  if (!Number.isSafeInteger(value) || value < 0) {
    fail(Reason.MALFORMED_INPUT, `${field} must be an integer in [0, 2^53 - 1]`);
  }
  return BigInt(value);
}

function hex(value, field) {
  if (typeof value !== 'string' || !HEX.test(value)) {
    fail(Reason.MALFORMED_INPUT, `${field} must be a string of hex digit pairs`);
  }
  return fromHex(value);
}

function fromHex(text) {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
  return out;
}

/**
 * Checks the signed tree head that GET /api/v1/proofs/{eventHash} returns beside the proof: its
 * signed bytes (TreeHead encoding v1: "veritrace-sth-v1", algorithm code, u64 size, i64 millis,
 * root length, root) name the proof's treeSize and rootHash, and its Ed25519 or SM2 signature verifies
 * under a trusted public key: the given one (hex) or one of the given list (the `keys` of the log's
 * /.well-known/veritrace-log document: current and retired), or, without any, under the key the
 * head carries (which proves only self-consistency).
 * Reasons: HEAD_MISMATCH, BAD_SIGNATURE, UNSUPPORTED_SIGNATURE (an unknown algorithm, or no
 * Ed25519 in this browser), UNTRUSTED_KEY, MALFORMED_INPUT.
 * @returns {Promise<{valid: boolean, reason: string|null, message: string}>}
 */
export async function verifySignedTreeHead(proof, trustedPublicKeyHex) {
  try {
    const doc = typeof proof === 'string' ? parseJson(proof) : proof;
    const sth = doc && doc.signedTreeHead;
    if (!sth || typeof sth !== 'object') {
      fail(Reason.MALFORMED_INPUT, 'no signedTreeHead in the proof');
    }
    const bytes = hex(sth.signedBytes, 'signedTreeHead.signedBytes');
    const magic = new TextEncoder().encode('veritrace-sth-v1');
    if (bytes.length < magic.length + 18 || !magic.every((b, i) => bytes[i] === b)) {
      fail(Reason.MALFORMED_INPUT, 'signedTreeHead.signedBytes is not a veritrace-sth-v1 tree head');
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const size = view.getBigUint64(magic.length + 1);
    const rootLength = bytes[magic.length + 17];
    const root = bytes.slice(magic.length + 18);
    if (root.length !== rootLength || size !== integer(doc.treeSize, 'treeSize')
        || toHex(root) !== String(doc.rootHash).toLowerCase()) {
      fail('HEAD_MISMATCH', 'the signed tree head is not for this proof\'s treeSize and rootHash');
    }
    if (sth.signatureAlgorithm !== 'ED25519' && sth.signatureAlgorithm !== 'SM2') {
      fail('UNSUPPORTED_SIGNATURE', `${sth.signatureAlgorithm} signatures are checked with the Java tools`);
    }
    const publicKey = hex(sth.publicKey, 'signedTreeHead.publicKey');
    const trusted = trustedPublicKeyHex === undefined ? undefined
      : [].concat(trustedPublicKeyHex).map((k) => String(k).toLowerCase());
    if (trusted !== undefined && !trusted.includes(toHex(publicKey))) {
      fail('UNTRUSTED_KEY', 'the tree head is signed by another key than the trusted one');
    }
    const signature = hex(sth.signature, 'signedTreeHead.signature');
    let ok;
    try {
      ok = await verifySignature(sth.signatureAlgorithm, publicKey, bytes, signature);
    } catch (e) {
      fail('UNSUPPORTED_SIGNATURE', `${sth.signatureAlgorithm} is not available here: ${e.message}`);
    }
    if (!ok) {
      fail('BAD_SIGNATURE', `the ${sth.signatureAlgorithm} signature over the tree head does not verify`);
    }
    return { valid: true, reason: null, message: 'signed tree head verified' };
  } catch (e) {
    if (e instanceof ProofError) {
      return { valid: false, reason: e.reason, message: e.message };
    }
    throw e;
  }
}

/**
 * Checks the witnesses' cosignatures on the proof's signed tree head (call it after
 * verifySignedTreeHead): each by a witness in `witnesses` (the `witnesses` of the log's
 * /.well-known/veritrace-log document: name, signatureAlgorithm, publicKey hex) must verify over
 * "veritrace-cosig-v1" || uint64 timestamp (ms, big-endian) || the head's signed bytes. Cosignatures
 * of keys not listed are ignored.
 * @returns {Promise<{confirmedBy: string[], failedBy: string[]}>} the witnesses' names
 */
export async function verifyCosignatures(proof, witnesses) {
  const sth = proof && proof.signedTreeHead;
  const confirmedBy = [];
  const failedBy = [];
  if (!sth || !HEX.test(String(sth.signedBytes))) {
    return { confirmedBy, failedBy };
  }
  const signedBytes = fromHex(sth.signedBytes);
  for (const cosignature of sth.cosignatures ?? []) {
    const witness = (witnesses ?? []).find((w) =>
      String(w.publicKey).toLowerCase() === String(cosignature.publicKey).toLowerCase());
    if (!witness) {
      continue;
    }
    let ok = false;
    try {
      const time = Date.parse(cosignature.timestamp);
      if (Number.isFinite(time) && HEX.test(String(cosignature.signature)) && HEX.test(String(witness.publicKey))) {
        const stamp = new Uint8Array(8);
        new DataView(stamp.buffer).setBigUint64(0, BigInt(time));
        const message = concat(new TextEncoder().encode('veritrace-cosig-v1'), stamp, signedBytes);
        ok = await verifySignature(witness.signatureAlgorithm, fromHex(witness.publicKey), message,
          fromHex(cosignature.signature));
      }
    } catch (e) {
      ok = false;
    }
    (ok ? confirmedBy : failedBy).push(witness.name);
  }
  return { confirmedBy, failedBy };
}

/** Lowercase hex of bytes. */
export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

async function sha256(bytes) {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
}

// SM3 and SM2 (sm-crypto.js) are loaded when a proof needs them: a SHA-256/Ed25519 log's page never fetches them.
let smCrypto;
const sm = () => (smCrypto ??= import('./sm-crypto.js'));

/** The log's hash functions by their names in proof documents. */
const HASHES = Object.freeze({
  'SHA-256': sha256,
  SM3: async (bytes) => {
    let module;
    try {
      module = await sm();
    } catch (e) {
      fail(Reason.UNSUPPORTED_ALGORITHM, `SM3 could not be loaded here: ${e.message}`);
    }
    return module.sm3(bytes);
  },
});

/**
 * Whether `signature` is `algorithm`'s signature of `message` under the raw `publicKey`: Ed25519
 * through WebCrypto (throws where the browser lacks it), SM2 (SM3, the default user ID, r || s)
 * through sm-crypto.js; false for any other algorithm.
 */
async function verifySignature(algorithm, publicKey, message, signature) {
  if (algorithm === 'SM2') {
    return (await sm()).sm2Verify(publicKey, message, signature);
  }
  if (algorithm !== 'ED25519') {
    return false;
  }
  const key = await globalThis.crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  return globalThis.crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message);
}
