// png.mjs -- just enough PNG for the golden images, on node's own zlib (no npm dependency):
// decode 8-bit RGB/RGBA/grey/palette non-interlaced PNGs (what stb, Chromium and this file write)
// into RGB, and encode RGB at zlib level 9 (references are about 30% smaller than stb's). The format is the W3C PNG specification, sections 4-9.
//
//   import { readPng, writePng } from './png.mjs';
//   const { width, height, rgb } = readPng(await readFile('a.png'));   // rgb: Uint8Array, 3 a pixel
//   await writeFile('b.png', writePng(width, height, rgb));

import { deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function paeth(a, b, c) {
  const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// Row filters 0-4: none, sub (a: left), up (b), average, Paeth (c: up-left).
function predict(filter, a, b, c) {
  switch (filter) {
    case 0: return 0;
    case 1: return a;
    case 2: return b;
    case 3: return (a + b) >> 1;
    case 4: return paeth(a, b, c);
    default: throw new Error(`bad PNG row filter ${filter}`);
  }
}

export function readPng(buffer) {
  if (buffer.length < 8 || !buffer.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let width = 0, height = 0, depth = 0, colourType = 0, interlace = 0, palette = null;
  const data = [];
  for (let at = 8; at + 8 <= buffer.length;) {
    const length = buffer.readUInt32BE(at), type = buffer.toString('latin1', at + 4, at + 8);
    const body = buffer.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0); height = body.readUInt32BE(4);
      depth = body[8]; colourType = body[9]; interlace = body[12];
    } else if (type === 'PLTE') palette = body;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colourType];
  if (depth !== 8 || !channels || interlace !== 0 || (colourType === 3 && !palette))
    throw new Error(`unsupported PNG (bit depth ${depth}, colour type ${colourType}, interlace ${interlace})`);
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) throw new Error('PNG data is truncated');
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)], line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride, up = out - stride;
    if (filter === 0 || (filter === 2 && y === 0)) {
      pixels.set(line, out);
    } else if (filter === 2) {
      for (let i = 0; i < stride; i++) pixels[out + i] = (line[i] + pixels[up + i]) & 0xff;
    } else if (filter === 1) {
      for (let i = 0; i < stride; i++) pixels[out + i] = (line[i] + (i >= channels ? pixels[out + i - channels] : 0)) & 0xff;
    } else {
      for (let i = 0; i < stride; i++) {
        const a = i >= channels ? pixels[out + i - channels] : 0;
        const b = y > 0 ? pixels[up + i] : 0;
        const c = y > 0 && i >= channels ? pixels[up + i - channels] : 0;
        pixels[out + i] = (line[i] + (filter === 3 ? (a + b) >> 1 : predict(filter, a, b, c))) & 0xff;
      }
    }
  }
  if (colourType === 2) return { width, height, rgb: pixels };
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0, q = 0; p < width * height; p++, q += 3) {
    if (colourType === 6) {
      rgb[q] = pixels[p * 4]; rgb[q + 1] = pixels[p * 4 + 1]; rgb[q + 2] = pixels[p * 4 + 2];
    } else if (colourType === 3) {
      rgb[q] = palette[pixels[p] * 3]; rgb[q + 1] = palette[pixels[p] * 3 + 1]; rgb[q + 2] = palette[pixels[p] * 3 + 2];
    } else {
      rgb[q] = rgb[q + 1] = rgb[q + 2] = pixels[p * channels];
    }
  }
  return { width, height, rgb };
}

function chunk(type, body) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, tail]);
}

export function writePng(width, height, rgb) {
  const stride = width * 3;
  // Filter "none" on every row: for flat UI images it deflates smaller than the per-row heuristic
  // of the specification's section 12.8 (about 10% on these images), and it is faster.
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;  // bit depth
  header[9] = 2;  // RGB
  return Buffer.concat([SIGNATURE, chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
