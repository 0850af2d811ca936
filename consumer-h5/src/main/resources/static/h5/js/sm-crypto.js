// SM3 (GB/T 32905-2016) and SM2 signature verification (GB/T 32918.2-2016, curve sm2p256v1 of
// GB/T 32918.5) for the browser verifier (proof-verify.js), in plain JavaScript with BigInt: no
// browser offers the national algorithms through WebCrypto. Verification only (public data, so
// no constant-time concerns). Tested under Node against the standards' examples and signatures
// made by BouncyCastle (chain-anchor/src/test/js/sm-crypto.test.mjs).

const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];

const rotl = (x, n) => ((x << n) | (x >>> (32 - n))) >>> 0;
const p0 = (x) => (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0;
const p1 = (x) => (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0;
const T = Array.from({ length: 64 }, (_, j) => rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32));

/** SM3 digest of bytes (a Uint8Array), 32 bytes. */
export function sm3(bytes) {
  const length = bytes.length;
  // padding: 0x80, zeros to 56 mod 64, then the bit length as a 64-bit big-endian number
  const blocks = Math.ceil((length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(bytes);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
  view.setUint32(padded.length - 4, (length * 8) >>> 0);
  const v = IV.slice();
  const w = new Array(68);
  const w1 = new Array(64);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let j = 0; j < 16; j++) w[j] = view.getUint32(offset + j * 4);
    for (let j = 16; j < 68; j++) {
      w[j] = (p1(w[j - 16] ^ w[j - 9] ^ rotl(w[j - 3], 15)) ^ rotl(w[j - 13], 7) ^ w[j - 6]) >>> 0;
    }
    for (let j = 0; j < 64; j++) w1[j] = (w[j] ^ w[j + 4]) >>> 0;
    let [a, b, c, d, e, f, g, h] = v;
    for (let j = 0; j < 64; j++) {
      const a12 = rotl(a, 12);
      const ss1 = rotl((a12 + e + T[j]) >>> 0, 7);
      const ss2 = (ss1 ^ a12) >>> 0;
      const ff = j < 16 ? (a ^ b ^ c) : ((a & b) | (a & c) | (b & c));
      const gg = j < 16 ? (e ^ f ^ g) : ((e & f) | (~e & g));
      const tt1 = (ff + d + ss2 + w1[j]) >>> 0;
      const tt2 = (gg + h + ss1 + w[j]) >>> 0;
      d = c;
      c = rotl(b, 9);
      b = a;
      a = tt1;
      h = g;
      g = rotl(f, 19);
      f = e;
      e = p0(tt2);
    }
    v[0] ^= a; v[1] ^= b; v[2] ^= c; v[3] ^= d; v[4] ^= e; v[5] ^= f; v[6] ^= g; v[7] ^= h;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  v.forEach((x, i) => outView.setUint32(i * 4, x >>> 0));
  return out;
}

/** The recommended curve sm2p256v1 (GB/T 32918.5-2017). */
export const SM2P256V1 = Object.freeze({
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
});

/** The default user ID of GM/T 0009 ("1234567812345678"), as tree heads and cosignatures use it. */
export const DEFAULT_USER_ID = new TextEncoder().encode('1234567812345678');

const mod = (x, m) => {
  const r = x % m;
  return r < 0n ? r + m : r;
};

function invert(x, m) {
  let [a, b, u, v] = [mod(x, m), m, 1n, 0n];
  while (a !== 0n) {
    const q = b / a;
    [a, b] = [b - q * a, a];
    [u, v] = [v - q * u, u];
  }
  if (b !== 1n) throw new RangeError('not invertible');
  return mod(v, m);
}

// Points in Jacobian coordinates [X, Y, Z] (x = X/Z^2, y = Y/Z^3); Z = 0 is the point at infinity.
const INFINITY = [1n, 1n, 0n];

function double([x, y, z], c) {
  if (z === 0n || y === 0n) return INFINITY;
  const { p } = c;
  const yy = mod(y * y, p);
  const s = mod(4n * x * yy, p);
  const zz = mod(z * z, p);
  const m = mod(3n * x * x + c.a * zz * zz, p);
  const x3 = mod(m * m - 2n * s, p);
  const y3 = mod(m * (s - x3) - 8n * yy * yy, p);
  const z3 = mod(2n * y * z, p);
  return [x3, y3, z3];
}

function add(P, Q, c) {
  if (P[2] === 0n) return Q;
  if (Q[2] === 0n) return P;
  const { p } = c;
  const [x1, y1, z1] = P;
  const [x2, y2, z2] = Q;
  const z1z1 = mod(z1 * z1, p);
  const z2z2 = mod(z2 * z2, p);
  const u1 = mod(x1 * z2z2, p);
  const u2 = mod(x2 * z1z1, p);
  const s1 = mod(y1 * z2 * z2z2, p);
  const s2 = mod(y2 * z1 * z1z1, p);
  if (u1 === u2) {
    return s1 === s2 ? double(P, c) : INFINITY;
  }
  const h = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const hh = mod(h * h, p);
  const hhh = mod(h * hh, p);
  const v = mod(u1 * hh, p);
  const x3 = mod(r * r - hhh - 2n * v, p);
  const y3 = mod(r * (v - x3) - s1 * hhh, p);
  const z3 = mod(z1 * z2 * h, p);
  return [x3, y3, z3];
}

// k1 * P1 + k2 * P2 (Shamir's trick: one pass of doublings)
function twoMultiply(k1, P1, k2, P2, c) {
  const both = add(P1, P2, c);
  let r = INFINITY;
  const bits = Math.max(k1.toString(2).length, k2.toString(2).length);
  for (let i = bits - 1; i >= 0; i--) {
    r = double(r, c);
    const b1 = (k1 >> BigInt(i)) & 1n;
    const b2 = (k2 >> BigInt(i)) & 1n;
    if (b1 && b2) r = add(r, both, c);
    else if (b1) r = add(r, P1, c);
    else if (b2) r = add(r, P2, c);
  }
  return r;
}

function affineX([x, , z], c) {
  const zi = invert(z, c.p);
  return mod(x * zi * zi, c.p);
}

const toBigInt = (bytes) => (bytes.length === 0 ? 0n : BigInt('0x' + hexOf(bytes)));
const hexOf = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function bytesOf(value, length) {
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Z_A = SM3(ENTL_A || ID_A || a || b || x_G || y_G || x_A || y_A) of GB/T 32918.2 section 5.5,
 * for a 65-byte uncompressed public key.
 */
export function sm2Z(publicKey, userId = DEFAULT_USER_ID, curve = SM2P256V1) {
  const entl = userId.length * 8;
  return sm3(concat(new Uint8Array([(entl >> 8) & 0xff, entl & 0xff]), userId, bytesOf(curve.a, 32),
    bytesOf(curve.b, 32), bytesOf(curve.gx, 32), bytesOf(curve.gy, 32), publicKey.subarray(1, 65)));
}

/**
 * Whether `signature` (64 bytes, r || s) is the SM2 signature of `message` under `publicKey` (65
 * bytes, 0x04 || x || y): GB/T 32918.2 section 7. A key that is not a point of the curve, or a
 * signature of another length, is false, never an exception.
 */
export function sm2Verify(publicKey, message, signature, userId = DEFAULT_USER_ID, curve = SM2P256V1) {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 65 || publicKey[0] !== 0x04
      || !(signature instanceof Uint8Array) || signature.length !== 64) {
    return false;
  }
  const { p, n } = curve;
  const x = toBigInt(publicKey.subarray(1, 33));
  const y = toBigInt(publicKey.subarray(33, 65));
  if (x >= p || y >= p || mod(y * y - (x * x * x + curve.a * x + curve.b), p) !== 0n) {
    return false;
  }
  const r = toBigInt(signature.subarray(0, 32));
  const s = toBigInt(signature.subarray(32, 64));
  if (r < 1n || r >= n || s < 1n || s >= n) {
    return false;
  }
  const t = mod(r + s, n);
  if (t === 0n) {
    return false;
  }
  const e = toBigInt(sm3(concat(sm2Z(publicKey, userId, curve), message)));
  const point = twoMultiply(s, [curve.gx, curve.gy, 1n], t, [x, y, 1n], curve);
  if (point[2] === 0n) {
    return false;
  }
  return mod(e + affineX(point, curve), n) === r;
}
