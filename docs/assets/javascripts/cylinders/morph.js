// The live morph: each model walks the straight line between two points of its latent plane, frame
// by frame, and each frame shows what its decoder draws there and the verdict on it.
//
// The path starts at the drawing's point (the pad's) or at point A (put where the marker is, with
// a button), and ends at the explorer's marker: to morph between two points of a plane, put A at
// the first and move the marker to the second. Frame k of FRAMES sits at z = start + k / FRAMES ·
// (end - start), in each model's own plane (the conditional VAE's under the type the explorer
// shows). The slider walks it at the reader's pace; the play button walks it at PLAY_FPS.
//
// `mountMorph(explorer, cylinders, pad)` builds it in the explorer, under the pad.
import { markVerdict, paint, resultTitle, verdictText } from "./pad.js";

const FRAMES = 24;
const PLAY_FPS = 8;
const FRAME_COLOR = "#ffc107"; // the frame's dot on the planes (amber, ringed in black)

function element(tag, className, attributes = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

export function mountMorph(explorer, cylinders, pad) {
  const { labels, palette } = explorer;
  const section = element("section", "latent-explorer__morph", {
    "aria-labelledby": "latent-morph-title",
  });
  const title = element("h4", "latent-explorer__heading", { id: "latent-morph-title" });
  title.textContent = labels.morph;
  const help = element("p", "latent-explorer__help");
  help.textContent = labels.morph_help;

  const from = element("fieldset", "latent-explorer__from");
  const legend = element("legend");
  legend.textContent = labels.morph_from;
  from.appendChild(legend);
  const sources = {};
  for (const source of ["drawing", "point"]) {
    const choice = element("label", "latent-explorer__choice");
    const input = element("input", "", { type: "radio", name: "latent-morph-from", value: source });
    choice.append(input, document.createTextNode(` ${labels[`morph_from_${source}`]}`));
    from.appendChild(choice);
    sources[source] = input;
  }
  sources.drawing.checked = true;
  const pin = element("button", "md-button latent-explorer__tool", { type: "button" });
  pin.textContent = labels.morph_pin;
  from.appendChild(pin);
  const to = element("p", "latent-explorer__help");
  to.textContent = labels.morph_to;

  const controls = element("div", "latent-explorer__tools");
  const play = element("button", "md-button latent-explorer__play", {
    type: "button", "aria-pressed": "false",
  });
  const slider = element("input", "latent-explorer__slider", {
    type: "range", min: "0", max: String(FRAMES), step: "1", value: "0",
    "aria-label": labels.morph_slider,
  });
  const counter = element("output", "latent-explorer__counter");
  controls.append(play, slider, counter);
  const frames = element("div", "latent-explorer__results");
  const summary = element("p", "latent-explorer__summary", { "aria-live": "polite" });
  section.append(title, help, from, to, controls, frames, summary);
  explorer.root.appendChild(section);

  const cards = explorer.order.map((name) => {
    const card = element("figure", "latent-explorer__result");
    card.dataset.model = name;
    const caption = element("figcaption");
    const image = element("canvas", "latent-explorer__image", {
      width: 64, height: 64, role: "img",
    });
    const status = element("p", "latent-explorer__status");
    card.append(caption, image, status);
    frames.appendChild(card);
    return { name, card, caption, image, status };
  });

  let pointA = { u: 0.2, v: 0.2 };
  let timer = null;
  // The frames are decoded again on each move of the marker only while they are on the screen (a
  // move then costs twice the decodes); off it, once they come back.
  let visible = true, stale = false;
  if ("IntersectionObserver" in window) {
    new IntersectionObserver((entries) => {
      visible = entries.some((entry) => entry.isIntersecting);
      if (visible && stale) show();
    }).observe(frames);
  }

  function labelOf(name) {
    return explorer.conditional(name) ? explorer.label() : undefined;
  }

  // The path's two ends in a model's plane; null while the drawing has no point yet.
  function ends(name) {
    const start = sources.drawing.checked ? pad.point(name, labelOf(name))
      : explorer.latentAt(name, pointA.u, pointA.v);
    return start && [start, explorer.latentAt(name)];
  }

  function frameZ(name, frame) {
    const path = ends(name);
    if (!path) return null;
    const [start, end] = path, t = frame / FRAMES;
    return [start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1])];
  }

  // `redraw`: false when the explorer draws its planes next anyway.
  function show(redraw = true) {
    stale = false;
    const frame = Number(slider.value);
    counter.textContent = `${labels.frame} ${frame} / ${FRAMES}`;
    slider.setAttribute("aria-valuetext", counter.textContent);
    section.dataset.frame = String(frame);
    const verdicts = [];
    for (const entry of cards) {
      const label = labelOf(entry.name);
      entry.caption.textContent = resultTitle(explorer, entry.name, label);
      entry.image.setAttribute("aria-label", `${labels.morph} — ${entry.caption.textContent}`);
      const z = frameZ(entry.name, frame);
      if (!z) continue;
      const decoded = cylinders.decode(entry.name, z, label);
      const valid = cylinders.isValid(decoded);
      paint(entry.image, decoded);
      markVerdict(entry.status, palette, valid, verdictText(labels, valid));
      entry.card.dataset.z = z.join(",");
      if (label !== undefined) entry.card.dataset.label = String(label);
      verdicts.push(`${entry.caption.textContent}, ${verdictText(labels, valid)}`);
    }
    if (!timer) {
      const each = verdicts.join(labels.semicolon);
      summary.textContent = `${counter.textContent}${labels.colon}${each}.`;
    }
    if (redraw) explorer.redraw();
  }

  function stop() {
    clearInterval(timer);
    timer = null;
    play.textContent = labels.play;
    play.setAttribute("aria-pressed", "false");
    summary.setAttribute("aria-live", "polite");
    show();
  }

  play.addEventListener("click", () => {
    if (timer) return stop();
    if (Number(slider.value) === FRAMES) slider.value = "0";
    play.textContent = labels.pause;
    play.setAttribute("aria-pressed", "true");
    summary.setAttribute("aria-live", "off"); // no running commentary while it plays
    timer = setInterval(() => {
      slider.value = String(Number(slider.value) + 1);
      show();
      if (Number(slider.value) >= FRAMES) stop();
    }, 1000 / PLAY_FPS);
  });
  slider.addEventListener("input", () => show());
  sources.drawing.addEventListener("change", () => show());
  sources.point.addEventListener("change", () => show());
  pin.addEventListener("click", () => {
    pointA = explorer.position();
    sources.point.checked = true;
    show();
  });
  const refresh = () => { // the explorer, or the pad, redraws the planes next
    if (visible) show(false);
    else stale = true;
  };
  explorer.listeners.push(refresh);
  pad.listeners.push(refresh);

  // The path on each plane: a dashed line from start to end, point A (a square) when it is the
  // start, and the frame shown (a filled dot); under the drawing's diamond.
  explorer.overlays.unshift((name, context, toCanvas) => {
    const path = ends(name);
    if (!path) return;
    const [start, end] = path.map(toCanvas);
    context.save();
    context.setLineDash([4, 3]);
    context.strokeStyle = "#000";
    context.lineWidth = 1.5;
    context.beginPath();
    context.moveTo(start[0], start[1]);
    context.lineTo(end[0], end[1]);
    context.stroke();
    context.restore();
    if (sources.point.checked) {
      context.fillStyle = "#000";
      context.fillRect(start[0] - 4, start[1] - 4, 8, 8);
      context.strokeStyle = "#fff";
      context.strokeRect(start[0] - 4, start[1] - 4, 8, 8);
    }
    const [x, y] = toCanvas(frameZ(name, Number(slider.value)));
    context.fillStyle = FRAME_COLOR;
    context.beginPath();
    context.arc(x, y, 4, 0, 2 * Math.PI);
    context.fill();
    context.strokeStyle = "#000";
    context.lineWidth = 1;
    context.stroke();
  });

  play.textContent = labels.play;
  show();
  return { show };
}
