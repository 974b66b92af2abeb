// "Draw me a cylinder": the explorer's drawing pad. The reader draws at 64 × 64 (1 = ink, 0 =
// paper, as the generator draws, `cylinders/shapes.py`) with a mouse, a finger or a pen; each model
// encodes the drawing, and the point it gives appears on its plane (a black diamond), with what its
// decoder draws back from there and the verdict on that image. The conditional VAE is told each
// type in turn: it encodes and decodes the drawing once as type I, once as type II.
//
// Buttons load a real cylinder of each type (drawn from the generator's geometry by the verdict's
// own `drawCylinder`) and a scribble, so that the pad is usable from the keyboard, and testable.
//
// `mountPad(explorer, cylinders)` builds it inside the explorer (explorer.js) and returns what the
// morph reads: `point(name, label)`, the drawing's point for a model, and `listeners`.
import { drawCylinder } from "./verdict.js";

const SIZE = 64;
const BRUSH = { draw: 1.6, erase: 3.2 }; // radius in pixels of the 64 × 64 image
const DEGREE = Math.PI / 180;
const ELEVATION = 30; // degrees: the generator's default view (`shapes.DEFAULT_ELEVATION`)
const BORDER = 1.5; // the ring around the top face, in pixels (`shapes._BORDER`)
// Two cylinders inside the generator's ranges (radius 7-18, height 10-34 pixels).
const EXAMPLES = {
  standing: { radius: 12, height: 24, kind: 0 },
  lying: { radius: 10, height: 30, kind: 1 },
};

function element(tag, className, attributes = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function button(className, text) {
  const node = element("button", `md-button ${className}`, { type: "button" });
  node.textContent = text;
  return node;
}

// A real cylinder of the generator: radius, height (pixels) and type (0 standing, 1 lying).
export function cylinderPixels({ radius, height, kind }) {
  const f32 = Math.fround;
  const mask = drawCylinder(
    f32(radius), f32(height), f32(radius * Math.sin(ELEVATION * DEGREE)), SIZE, BORDER,
  );
  const pixels = new Float32Array(SIZE * SIZE);
  for (let row = 0; row < SIZE; row += 1) {
    for (let column = 0; column < SIZE; column += 1) {
      // a lying cylinder is the standing one transposed, as in the generator
      const source = kind ? column * SIZE + row : row * SIZE + column;
      pixels[row * SIZE + column] = mask[source];
    }
  }
  return pixels;
}

// Ink (value 1) or paper (0) on every pixel whose centre lies within `radius` of the segment
// from (x0, y0) to (x1, y1), in pixels of the image.
export function stroke(pixels, x0, y0, x1, y1, radius, value) {
  const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 0.5));
  for (let step = 0; step <= steps; step += 1) {
    const x = x0 + ((x1 - x0) * step) / steps, y = y0 + ((y1 - y0) * step) / steps;
    const top = Math.max(0, Math.floor(y - radius)), bottom = Math.min(SIZE - 1, y + radius);
    const left = Math.max(0, Math.floor(x - radius)), right = Math.min(SIZE - 1, x + radius);
    for (let row = top; row <= bottom; row += 1) {
      for (let column = left; column <= right; column += 1) {
        const inside = Math.hypot(column + 0.5 - x, row + 0.5 - y) <= radius;
        if (inside) pixels[row * SIZE + column] = value;
      }
    }
  }
}

// A scribble: three wandering strokes, the same for the same seed.
export function scribblePixels(seed) {
  let state = (seed * 2654435761 + 1) >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pixels = new Float32Array(SIZE * SIZE);
  for (let line = 0; line < 3; line += 1) {
    let x = 12 + 40 * random(), y = 12 + 40 * random(), heading = 2 * Math.PI * random();
    for (let step = 0; step < 14; step += 1) {
      heading += (random() - 0.5) * 2.2;
      const nx = Math.min(60, Math.max(4, x + 5 * Math.cos(heading)));
      const ny = Math.min(60, Math.max(4, y + 5 * Math.sin(heading)));
      stroke(pixels, x, y, nx, ny, BRUSH.draw, 1);
      x = nx;
      y = ny;
    }
  }
  return pixels;
}

// The probabilities (or 0/1 pixels) into a 64 × 64 canvas, ink black on white.
export function paint(canvas, pixels) {
  const context = canvas.getContext("2d");
  const picture = context.createImageData(SIZE, SIZE);
  for (let index = 0; index < SIZE * SIZE; index += 1) {
    const grey = Math.round(255 * (1 - pixels[index]));
    picture.data[4 * index] = picture.data[4 * index + 1] = picture.data[4 * index + 2] = grey;
    picture.data[4 * index + 3] = 255;
  }
  context.putImageData(picture, 0, 0);
}

export function verdictText(labels, valid) {
  return valid ? labels.valid : labels.invalid;
}

export function markVerdict(node, palette, valid, text) {
  node.textContent = text;
  node.classList.toggle("is-valid", valid);
  node.classList.toggle("is-invalid", !valid);
  node.style.setProperty("--status-color", valid ? palette.valid : palette.invalid);
}

// The title of a model's result: "VAE", or "Conditional VAE, type II (lying)".
export function resultTitle(explorer, name, label) {
  const labels = explorer.labels;
  if (label === undefined) return labels[name];
  return `${labels[name]}, ${labels.type.toLowerCase()} ${labels.types[label]}`;
}

export function mountPad(explorer, cylinders) {
  const { labels, palette } = explorer;
  const section = element("section", "latent-explorer__pad", {
    "aria-labelledby": "latent-pad-title",
  });
  const title = element("h4", "latent-explorer__heading", { id: "latent-pad-title" });
  title.textContent = labels.pad;
  const help = element("p", "latent-explorer__help", { id: "latent-pad-help" });
  help.textContent = labels.pad_help;
  const canvas = element("canvas", "latent-explorer__drawing", {
    width: SIZE, height: SIZE, role: "img", "aria-label": labels.pad_label,
    "aria-describedby": "latent-pad-help",
  });
  const tools = element("div", "latent-explorer__tools", {
    role: "group", "aria-label": labels.pad_tools,
  });
  const draw = button("latent-explorer__tool", labels.draw);
  const erase = button("latent-explorer__tool", labels.erase);
  const clear = button("latent-explorer__tool", labels.clear);
  draw.dataset.tool = "draw";
  erase.dataset.tool = "erase";
  clear.dataset.action = "clear";
  tools.append(draw, erase, clear);
  const examples = element("div", "latent-explorer__tools", {
    role: "group", "aria-label": labels.pad_examples,
  });
  const standing = button("latent-explorer__load", labels.load_standing);
  const lying = button("latent-explorer__load", labels.load_lying);
  const scribble = button("latent-explorer__load", labels.load_scribble);
  standing.dataset.load = "standing";
  lying.dataset.load = "lying";
  scribble.dataset.load = "scribble";
  examples.append(standing, lying, scribble);
  const own = element("p", "latent-explorer__status latent-explorer__drawing-status");
  const summary = element("p", "latent-explorer__summary", { "aria-live": "polite" });
  const resultsTitle = element("p", "latent-explorer__subheading");
  resultsTitle.textContent = labels.reconstructions;
  const results = element("div", "latent-explorer__results");
  const drawingSide = element("div", "latent-explorer__pad-side");
  drawingSide.append(canvas, own, tools, examples);
  const resultsSide = element("div", "latent-explorer__pad-side");
  resultsSide.append(resultsTitle, results);
  const body = element("div", "latent-explorer__pad-body");
  body.append(drawingSide, resultsSide);
  section.append(title, help, body, summary);
  explorer.root.appendChild(section);

  // One card per model and type: the reconstruction and its verdict.
  const cards = [];
  for (const name of explorer.order) {
    for (const label of explorer.conditional(name) ? [0, 1] : [undefined]) {
      const card = element("figure", "latent-explorer__result");
      card.dataset.model = name;
      if (label !== undefined) card.dataset.label = String(label);
      const caption = element("figcaption");
      caption.textContent = resultTitle(explorer, name, label);
      const image = element("canvas", "latent-explorer__image", {
        width: SIZE, height: SIZE, role: "img",
        "aria-label": `${labels.reconstruction} — ${caption.textContent}`,
      });
      const status = element("p", "latent-explorer__status");
      card.append(caption, image, status);
      results.appendChild(card);
      cards.push({ name, label, card, image, status, z: null });
    }
  }

  const pixels = new Float32Array(SIZE * SIZE);
  let tool = "draw";
  let seed = 0;
  let busy = false, dirty = false, analyses = 0;
  const listeners = [];

  function setTool(name) {
    tool = name;
    draw.setAttribute("aria-pressed", String(name === "draw"));
    erase.setAttribute("aria-pressed", String(name === "erase"));
    section.dataset.padTool = name;
  }

  // Encode the drawing with every model, decode its point, judge both; repeated if the drawing
  // changed meanwhile. `data-analyses` counts the finished passes (the tests wait on it).
  async function analyse() {
    if (busy) {
      dirty = true;
      return;
    }
    busy = true;
    section.dataset.busy = "true";
    try {
      do {
        dirty = false;
        const drawing = Float32Array.from(pixels);
        for (const entry of cards) {
          entry.z = await cylinders.encode(entry.name, drawing, entry.label);
          const decoded = cylinders.decode(entry.name, entry.z, entry.label);
          const valid = cylinders.isValid(decoded);
          paint(entry.image, decoded);
          markVerdict(entry.status, palette, valid, verdictText(labels, valid));
          entry.card.dataset.z = Array.from(entry.z).join(",");
          entry.valid = valid;
        }
        const valid = cylinders.isValid(drawing);
        markVerdict(own, palette, valid, `${labels.drawing} ${verdictText(labels, valid)}`);
        const each = cards.map((entry) =>
          `${resultTitle(explorer, entry.name, entry.label)}, ${verdictText(labels, entry.valid)}`);
        summary.textContent = `${own.textContent}. ${labels.reconstructions}${labels.colon}` +
          `${each.join(labels.semicolon)}.`;
      } while (dirty);
    } catch (error) { // the encoders could not be fetched: the reader is told
      section.dataset.failed = "true";
      own.textContent = summary.textContent = labels.pad_failed;
      console.warn("cylinders: the drawing pad cannot encode here", error);
      return;
    } finally {
      busy = false;
      section.dataset.busy = "false";
    }
    listeners.forEach((listener) => listener());
    explorer.redraw();
    analyses += 1;
    section.dataset.analyses = String(analyses);
  }

  function changed() {
    paint(canvas, pixels);
    analyse();
  }

  function load(source) {
    pixels.set(source);
    changed();
  }

  // Drawing: pointer events cover the mouse, touch and pens; a stroke joins successive positions.
  let last = null, pending = false;
  function position(event) {
    const box = canvas.getBoundingClientRect();
    return [
      ((event.clientX - box.left) / box.width) * SIZE,
      ((event.clientY - box.top) / box.height) * SIZE,
    ];
  }
  function extend(event) {
    const [x, y] = position(event);
    const [x0, y0] = last || [x, y];
    stroke(pixels, x0, y0, x, y, BRUSH[tool], tool === "erase" ? 0 : 1);
    last = [x, y];
    paint(canvas, pixels);
    if (!pending) { // analyse at most once a frame while drawing
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        analyse();
      });
    }
  }
  canvas.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    last = null;
    extend(event);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (last) extend(event);
  });
  const finish = () => {
    if (!last) return;
    last = null;
    analyse();
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);

  draw.addEventListener("click", () => setTool("draw"));
  erase.addEventListener("click", () => setTool("erase"));
  clear.addEventListener("click", () => load(new Float32Array(SIZE * SIZE)));
  standing.addEventListener("click", () => load(cylinderPixels(EXAMPLES.standing)));
  lying.addEventListener("click", () => load(cylinderPixels(EXAMPLES.lying)));
  scribble.addEventListener("click", () => {
    seed += 1;
    load(scribblePixels(seed));
  });

  // The drawing's point on each plane: a black diamond ringed in white (the conditional VAE's for
  // the type the explorer shows).
  explorer.overlays.push((name, context, toCanvas) => {
    const entry = cards.find((card) => card.name === name &&
      (card.label === undefined || card.label === explorer.label()));
    if (!entry || !entry.z) return;
    const [x, y] = toCanvas(entry.z);
    context.beginPath();
    context.moveTo(x, y - 7);
    context.lineTo(x + 7, y);
    context.lineTo(x, y + 7);
    context.lineTo(x - 7, y);
    context.closePath();
    context.fillStyle = "#000";
    context.fill();
    context.strokeStyle = "#fff";
    context.lineWidth = 1.5;
    context.stroke();
  });

  setTool("draw");
  load(cylinderPixels(EXAMPLES.standing)); // the pad opens on a real cylinder

  return {
    listeners,
    pixels,
    // The drawing's point for a model (and type), or null before the first encoding.
    point(name, label) {
      const entry = cards.find((card) =>
        card.name === name && (card.label === undefined || card.label === label));
      return entry && entry.z ? Array.from(entry.z) : null;
    },
  };
}
