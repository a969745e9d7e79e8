// Draws media/icon.png (128×128 RGBA) from the same shapes as media/icon.svg, with no image
// library: each pixel is 4×4 samples composited in order, and the PNG is written by hand
// (IHDR, one zlib-compressed IDAT, IEND). Run after changing the design:
//   node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

const hex = (h, alpha = 1) => [
  parseInt(h.slice(1, 3), 16),
  parseInt(h.slice(3, 5), 16),
  parseInt(h.slice(5, 7), 16),
  alpha,
];
const BACKGROUND = hex('#1b2b45');
const WHITE = hex('#f1f5f9');
const TEAL = hex('#5eead4');
const TEAL_GLASS = hex('#5eead4', 0.18);

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function inRoundedRect(x, y, size, radius) {
  const cx = Math.min(Math.max(x, radius), size - radius);
  const cy = Math.min(Math.max(y, radius), size - radius);
  return x >= 0 && y >= 0 && x <= size && y <= size && Math.hypot(x - cx, y - cy) <= radius;
}

const NABLA = [
  [20, 26],
  [92, 26],
  [56, 90],
];
const LENS = { cx: 86, cy: 82, r: 20 };
const HANDLE = [
  [100.5, 96.5],
  [114, 110],
];

/** Layers bottom to top: [covers(x, y), colour]. Strokes are centred on their path, as in SVG. */
const LAYERS = [
  [(x, y) => inRoundedRect(x, y, SIZE, 24), BACKGROUND],
  [(x, y) => NABLA.some((a, i) => distanceToSegment(x, y, a, NABLA[(i + 1) % 3]) <= 4.5), WHITE],
  [(x, y) => Math.hypot(x - LENS.cx, y - LENS.cy) <= LENS.r, TEAL_GLASS],
  [(x, y) => Math.abs(Math.hypot(x - LENS.cx, y - LENS.cy) - LENS.r) <= 3.5, TEAL],
  [(x, y) => distanceToSegment(x, y, HANDLE[0], HANDLE[1]) <= 4.5, TEAL],
];

/** Premultiplied "over" of the layers at one sample point. */
function sample(x, y) {
  let [r, g, b, a] = [0, 0, 0, 0];
  for (const [covers, [cr, cg, cb, ca]] of LAYERS) {
    if (!covers(x, y)) continue;
    r = cr * ca + r * (1 - ca);
    g = cg * ca + g * (1 - ca);
    b = cb * ca + b * (1 - ca);
    a = ca + a * (1 - ca);
  }
  return [r, g, b, a];
}

function render() {
  const rows = Buffer.alloc(SIZE * (1 + SIZE * 4));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (1 + SIZE * 4);
    rows[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) {
      const sum = [0, 0, 0, 0];
      for (let i = 0; i < SAMPLES; i++) {
        for (let j = 0; j < SAMPLES; j++) {
          const s = sample(x + (i + 0.5) / SAMPLES, y + (j + 0.5) / SAMPLES);
          for (let k = 0; k < 4; k++) sum[k] += s[k];
        }
      }
      const n = SAMPLES * SAMPLES;
      const alpha = sum[3] / n;
      const at = row + 1 + x * 4;
      // Un-premultiply for PNG's straight alpha.
      for (let k = 0; k < 3; k++) rows[at + k] = alpha > 0 ? Math.round(sum[k] / n / alpha) : 0;
      rows[at + 3] = Math.round(alpha * 255);
    }
  }
  return rows;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(render(), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`media/icon.png: ${SIZE}×${SIZE}, ${png.length} bytes`);
