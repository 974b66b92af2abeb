// Is this image a real cylinder? The rule of `cylinders.metrics.is_valid`, in the browser.
//
// Binarise at 0.5; find the 8 renders of the generator's grid closest in Hamming distance; the image
// is valid when one of them agrees with it within one pixel (every ink pixel of either lies within
// one pixel of ink in the other, and the same for paper), a few stray pixels forgiven.
//
// The renders are drawn here from the generator's geometry (`cylinders/shapes.py`, a cylinder seen
// at a fixed elevation) over the grid of factors that `cylinders/export.py` writes in
// `validity.json`: a few kilobytes of JSON instead of 1.2 MB of packed renders. Every quantity is
// rounded to float32 after each operation, as NumPy computes it, so that the drawings are the same
// bits (tested against `metrics.reference_renders`).
//
// An image is packed as 64 rows of two 32-bit words, pixel j of a row at bit j % 32 of word j / 32.

const f32 = Math.fround;
const WORDS = 2; // per row of 64 pixels

// Half-width of an ellipse on row y (centre cy, semi-axes sy down and sx across); -1 off it.
function ellipseHalfWidth(y, cy, sy, sx) {
  const q = f32(f32(y - cy) / sy);
  const t = f32(1 - f32(q * q));
  return t >= 0 ? f32(sx * f32(Math.sqrt(t))) : -1;
}

// One cylinder of radius r, height h and ellipse semi-axis e (all float32), standing, as a boolean
// mask (size × size, row by row); `border` is the black ring around the white top face.
export function drawCylinder(r, h, e, size, border) {
  const mask = new Uint8Array(size * size);
  const center = size / 2;
  const top = f32(-h / 2), bottom = f32(h / 2);
  const faceY = f32(Math.max(f32(e - border), f32(1e-3))), faceX = f32(r - border);
  for (let row = 0; row < size; row += 1) {
    const y = row + 0.5 - center;
    const body = y >= top && y <= bottom ? r : -1;
    const half = Math.max(body, ellipseHalfWidth(y, top, e, r), ellipseHalfWidth(y, bottom, e, r));
    const face = ellipseHalfWidth(y, top, faceY, faceX);
    for (let column = 0; column < size; column += 1) {
      const distance = Math.abs(column + 0.5 - center);
      mask[row * size + column] = distance <= half && !(distance < face) ? 1 : 0;
    }
  }
  return mask;
}

// The grid of renders, in the order of `metrics.reference_renders`: type, then radius, then height.
// A lying cylinder (type II) is the standing one transposed.
export function drawReferences(rule) {
  const { image_size: size, kinds, radius, semi_axis: semiAxis, height, border } = rule;
  const masks = [];
  for (const kind of kinds) {
    radius.forEach((r, which) => {
      for (const h of height) {
        const standing = drawCylinder(f32(r), f32(h), f32(semiAxis[which]), size, border);
        if (kind === 0) {
          masks.push(standing);
          continue;
        }
        const lying = new Uint8Array(size * size);
        for (let row = 0; row < size; row += 1) {
          for (let column = 0; column < size; column += 1) {
            lying[column * size + row] = standing[row * size + column];
          }
        }
        masks.push(lying);
      }
    });
  }
  return masks;
}

function popcount(value) {
  value -= (value >>> 1) & 0x55555555;
  value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
  return Math.imul((value + (value >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

// A boolean mask (0/1 per pixel) to 64 × 2 words.
function pack(mask) {
  const words = new Int32Array(64 * WORDS);
  for (let pixel = 0; pixel < 4096; pixel += 1) {
    if (mask[pixel]) words[pixel >> 5] |= 1 << (pixel & 31);
  }
  return words;
}

// Grown by one pixel in the 8 directions: rows up and down, then bits left and right (carried
// across the two words of a row).
function dilate(words) {
  const grown = Int32Array.from(words);
  for (let row = 0; row < 64; row += 1) {
    for (let word = 0; word < WORDS; word += 1) {
      const index = row * WORDS + word;
      if (row > 0) grown[index] |= words[index - WORDS];
      if (row < 63) grown[index] |= words[index + WORDS];
    }
  }
  const out = new Int32Array(grown.length);
  for (let row = 0; row < 64; row += 1) {
    const low = grown[row * WORDS], high = grown[row * WORDS + 1];
    out[row * WORDS] = low | (low << 1) | (low >>> 1) | (high << 31);
    out[row * WORDS + 1] = high | (high << 1) | (high >>> 1) | (low >>> 31);
  }
  return out;
}

// Ink, ink grown, paper, paper grown, and the count of ink pixels.
function layers(mask) {
  const ink = pack(mask);
  const paper = ink.map((word) => ~word);
  return { ink, inkGrown: dilate(ink), paper, paperGrown: dilate(paper), count: 0 };
}

function mismatch(sample, render) {
  let errors = 0;
  for (let index = 0; index < 64 * WORDS; index += 1) {
    errors += popcount(
      (sample.ink[index] & ~render.inkGrown[index]) |
        (render.ink[index] & ~sample.inkGrown[index]) |
        (sample.paper[index] & ~render.paperGrown[index]) |
        (render.paper[index] & ~sample.paperGrown[index]),
    );
  }
  return errors;
}

// The verdict, ready to run: `rule` is `validity.json`. Returns `{isValid, closest, references}`.
export function makeVerdict(rule) {
  if (rule.image_size !== 64) throw new Error("the verdict packs 64 × 64 images");
  const references = drawReferences(rule).map((mask) => {
    const entry = layers(mask);
    entry.count = entry.ink.reduce((sum, word) => sum + popcount(word), 0);
    return entry;
  });
  const candidates = Math.min(rule.candidates, references.length);

  // The smallest mismatch among the `candidates` renders closest in Hamming distance (ties go to
  // the first render in the grid's order), and the index of the render that has it.
  function closest(pixels) {
    if (pixels.length !== 4096) throw new Error(`expected 4096 pixels, got ${pixels.length}`);
    const mask = new Uint8Array(4096);
    for (let pixel = 0; pixel < 4096; pixel += 1) mask[pixel] = pixels[pixel] >= 0.5 ? 1 : 0;
    const sample = layers(mask);
    const count = sample.ink.reduce((sum, word) => sum + popcount(word), 0);
    const best = []; // [distance, index], sorted, at most `candidates` long
    references.forEach((render, index) => {
      const worst = best.length === candidates ? best[best.length - 1][0] : Infinity;
      if (Math.abs(render.count - count) > worst) return; // |a| - |b| bounds the distance below
      let distance = 0;
      for (let word = 0; word < 64 * WORDS; word += 1) {
        distance += popcount(sample.ink[word] ^ render.ink[word]);
        if (distance > worst) return;
      }
      if (distance === worst && best.length === candidates) return;
      let at = best.length;
      while (at > 0 && best[at - 1][0] > distance) at -= 1;
      best.splice(at, 0, [distance, index]);
      if (best.length > candidates) best.pop();
    });
    let result = { mismatch: Infinity, index: -1 };
    for (const [, index] of best) {
      const errors = mismatch(sample, references[index]);
      if (errors < result.mismatch) result = { mismatch: errors, index };
    }
    return result;
  }

  return {
    closest,
    isValid: (pixels) => closest(pixels).mismatch <= rule.max_mismatch,
    references,
  };
}
