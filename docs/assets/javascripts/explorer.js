// The latent explorer: drag (or click, or move with the arrow keys) a point across the latent planes
// of the models, and see the cylinder each decodes there.
//
// Two sources for what a panel shows. When the explorer scrolls into view, this script imports the
// models (`cylinders.js`, `window.cylinders`) from the folder the explorer names in
// `data-cylinders-models`: from then on every move decodes the point where it is, the image shows
// the decoder's probabilities in grey, and the verdict beneath is computed on it. Until then the
// panel shows the atlas's verdict of the atlas point nearest the marker (examples/09_explorer.py);
// where the models cannot run, its image too, from the atlas's sprites, fetched only then.
//
// The map behind each plane is the atlas's validity, shipped with the page: computing it on
// opening would cost 576 decodes and verdicts per plane, about 3 s each on a 2-core machine
// (benchmarks/browser_runtime.py: about 5.5 ms per decode and verdict).
// Atlas point i (of `grid`) sits at u = i / (grid - 1) across the plane; the marker's cell is the
// atlas point nearest it. The conditional VAE has one atlas per type; its button (or the T key)
// switches type, point kept.
//
// With the models come the drawing pad ("Draw me a cylinder", `cylinders/pad.js`) and the morph
// (`cylinders/morph.js`), under the planes: they draw over the planes through `explorer.overlays`
// and hear every move of the point through `explorer.listeners`.
(function () {
  "use strict";

  var RUNTIME = new URL("cylinders.js", document.currentScript.src).href;
  var PAD = new URL("cylinders/pad.js", document.currentScript.src).href;
  var MORPH = new URL("cylinders/morph.js", document.currentScript.src).href;
  var STEP = 0.01; // arrow keys move the point by 1 % of the plane, 10 % with Shift

  function setup(root) {
    var data = JSON.parse(root.querySelector("script.latent-atlas").textContent);
    var grid = data.grid_size;
    var palette = data.palette;
    var state = { u: 0.5, v: 0.5, label: 0 };
    var live = null; // window.cylinders, once its models run
    var panels = [];
    var container = root.querySelector(".latent-explorer__panels");
    // What the pad and the morph see of the explorer.
    var explorer = {
      root: root, labels: data.labels, palette: data.palette, order: data.order,
      overlays: [], // function (name, context, toCanvas): draws over a plane, after its marker
      listeners: [], // function (): the point moved or the type changed (the planes redraw next)
      conditional: function (name) { return data.models[name].layers.length > 1; },
      label: function () { return state.label; },
      position: function () { return { u: state.u, v: state.v }; },
      latentAt: function (name, u, v) { return latent(entryOf(name), u, v); },
      redraw: function () { panels.forEach(draw); },
    };
    data.order.forEach(function (name) {
      var model = data.models[name];
      var panel = document.createElement("div");
      panel.className = "latent-explorer__panel";
      panel.innerHTML =
        '<p class="latent-explorer__title">' + model.title + "</p>" +
        '<canvas class="latent-explorer__plane" width="240" height="240" tabindex="0" role="slider"></canvas>' +
        '<canvas class="latent-explorer__image" width="64" height="64"></canvas>' +
        '<p class="latent-explorer__status" aria-live="polite"></p>';
      container.appendChild(panel);
      var entry = {
        name: name, model: model,
        sprites: model.layers.map(function (layer) {
          var sprite = new Image();
          sprite.onload = function () { if (!live) draw(entry); };
          sprite.dataset.src = layer.sprite; // fetched only where the models do not run
          return sprite;
        }),
        plane: panel.querySelector(".latent-explorer__plane"),
        image: panel.querySelector(".latent-explorer__image"),
        status: panel.querySelector(".latent-explorer__status"),
      };
      if (model.layers.length > 1) {
        var toggle = document.createElement("button");
        toggle.type = "button";
        toggle.className = "md-button latent-explorer__toggle";
        toggle.setAttribute("aria-pressed", "false");
        panel.insertBefore(toggle, entry.status);
        toggle.addEventListener("click", function () { switchLabel(); });
        entry.toggle = toggle;
      }
      entry.plane.setAttribute("aria-label", model.title + " — " + data.labels.plane);
      panels.push(entry);
      bind(entry);
    });

    function entryOf(name) {
      return panels.filter(function (entry) { return entry.name === name; })[0];
    }

    function layerOf(entry) {
      return entry.model.layers[Math.min(state.label, entry.model.layers.length - 1)];
    }

    // The latent point under plane position (u, v) (the marker's by default): u runs along z1, v
    // down from the largest z2.
    function latent(entry, u, v) {
      var low = entry.model.low, high = entry.model.high;
      u = u === undefined ? state.u : u;
      v = v === undefined ? state.v : v;
      return [low[0] + u * (high[0] - low[0]), high[1] - v * (high[1] - low[1])];
    }

    // Where latent point z falls on the plane's canvas, in its pixels.
    function toCanvas(entry, z) {
      var low = entry.model.low, high = entry.model.high, size = entry.plane.width;
      return [(z[0] - low[0]) / (high[0] - low[0]) * size,
        (high[1] - z[1]) / (high[1] - low[1]) * size];
    }

    function drawPlane(entry, layer) {
      var context = entry.plane.getContext("2d");
      var size = entry.plane.width;
      var half = 0.5 / (grid - 1) * size;
      context.clearRect(0, 0, size, size);
      layer.valid.forEach(function (valid, index) {
        var x = (index % grid) / (grid - 1) * size, y = Math.floor(index / grid) / (grid - 1) * size;
        context.globalAlpha = valid ? 0.18 : 0.32;
        context.fillStyle = valid ? palette.valid : palette.invalid;
        context.fillRect(x - half, y - half, 2 * half + 0.5, 2 * half + 0.5);
      });
      context.globalAlpha = 1;
      var low = entry.model.low, high = entry.model.high;
      entry.model.points.forEach(function (point) {
        if (entry.model.layers.length > 1 && point[2] !== state.label) return;
        var x = (point[0] - low[0]) / (high[0] - low[0]) * size;
        var y = (high[1] - point[1]) / (high[1] - low[1]) * size;
        context.fillStyle = palette.types[point[2]];
        context.beginPath();
        context.arc(x, y, 2, 0, 2 * Math.PI);
        context.fill();
      });
      var cx = state.u * size, cy = state.v * size;
      context.strokeStyle = "#000";
      context.lineWidth = 2;
      context.beginPath();
      context.arc(cx, cy, 5, 0, 2 * Math.PI);
      context.stroke();
      context.strokeStyle = "#fff";
      context.lineWidth = 1;
      context.beginPath();
      context.arc(cx, cy, 7, 0, 2 * Math.PI);
      context.stroke();
      explorer.overlays.forEach(function (overlay) {
        overlay(entry.name, context, function (z) { return toCanvas(entry, z); });
      });
    }

    // The decoder's probabilities in grey: 1 (ink) black, 0 (paper) white. Returns the verdict.
    function drawLive(entry, z) {
      var conditional = entry.model.layers.length > 1;
      var pixels = live.decode(entry.name, z, conditional ? state.label : undefined);
      var image = entry.image.getContext("2d");
      var picture = image.createImageData(64, 64);
      for (var index = 0; index < 4096; index += 1) {
        var grey = Math.round(255 * (1 - pixels[index]));
        picture.data[4 * index] = picture.data[4 * index + 1] = picture.data[4 * index + 2] = grey;
        picture.data[4 * index + 3] = 255;
      }
      image.putImageData(picture, 0, 0);
      return live.isValid(pixels);
    }

    // The atlas point nearest the marker: its sprite tile (binarised) and its verdict.
    function drawAtlas(entry, index, layer) {
      var image = entry.image.getContext("2d");
      var sprite = entry.sprites[Math.min(state.label, entry.sprites.length - 1)];
      image.imageSmoothingEnabled = false;
      image.fillStyle = "#fff";
      image.fillRect(0, 0, 64, 64);
      if (sprite.complete && sprite.naturalWidth) {
        image.drawImage(sprite, (index % grid) * 64, Math.floor(index / grid) * 64, 64, 64, 0, 0, 64, 64);
      }
      return Boolean(layer.valid[index]);
    }

    function draw(entry) {
      var layer = layerOf(entry);
      var column = Math.round(state.u * (grid - 1)), row = Math.round(state.v * (grid - 1));
      var index = row * grid + column;
      var z = latent(entry);
      drawPlane(entry, layer);
      var valid = live ? drawLive(entry, z) : drawAtlas(entry, index, layer);
      entry.status.textContent = valid ? data.labels.valid : data.labels.invalid;
      entry.status.dataset.cell = String(index);
      entry.status.dataset.z = z.join(","); // exact: the tests decode it again
      entry.status.style.setProperty("--status-color", valid ? palette.valid : palette.invalid);
      entry.status.className = "latent-explorer__status " + (valid ? "is-valid" : "is-invalid");
      if (entry.toggle) {
        entry.toggle.textContent = data.labels.type + " " + data.labels.types[state.label] +
          " — " + data.labels.switch;
        entry.toggle.setAttribute("aria-pressed", state.label ? "true" : "false");
      }
      entry.plane.setAttribute("aria-valuetext", "z = (" + z[0].toFixed(2) + ", " + z[1].toFixed(2) +
        ") — " + entry.status.textContent);
    }

    function update(u, v) {
      state.u = Math.min(1, Math.max(0, u));
      state.v = Math.min(1, Math.max(0, v));
      explorer.listeners.forEach(function (listener) { listener(); });
      panels.forEach(draw);
    }

    function switchLabel() {
      state.label = 1 - state.label;
      explorer.listeners.forEach(function (listener) { listener(); });
      panels.forEach(draw);
    }

    function bind(entry) {
      var dragging = false;
      function move(event) {
        var box = entry.plane.getBoundingClientRect();
        update((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
      }
      entry.plane.addEventListener("pointerdown", function (event) {
        dragging = true;
        entry.plane.setPointerCapture(event.pointerId);
        move(event);
      });
      entry.plane.addEventListener("pointermove", function (event) { if (dragging) move(event); });
      entry.plane.addEventListener("pointerup", function () { dragging = false; });
      entry.plane.addEventListener("keydown", function (event) {
        var moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
        var step = event.shiftKey ? 10 * STEP : STEP;
        if (moves[event.key]) {
          event.preventDefault();
          update(state.u + step * moves[event.key][0], state.v + step * moves[event.key][1]);
        } else if (event.key === "t" || event.key === "T") {
          event.preventDefault();
          switchLabel();
        }
      });
    }

    // The models, fetched once the explorer comes near the screen (not with the article).
    function start() {
      root.dataset.live = "loading";
      import(RUNTIME)
        .then(function () {
          return Promise.all([import(PAD), import(MORPH), window.cylinders.ready]);
        })
        .then(function (modules) {
          live = window.cylinders;
          var pad = modules[0].mountPad(explorer, live);
          modules[1].mountMorph(explorer, live, pad);
          root.dataset.live = "true";
          panels.forEach(draw);
        })
        .catch(function (error) {
          root.dataset.live = "failed"; // the atlas stays, and the reader is told
          loadSprites();
          var note = document.createElement("p");
          note.className = "latent-explorer__note";
          note.textContent = data.labels.fallback;
          root.appendChild(note);
          console.warn("cylinders: the models could not run here; showing the atlas", error);
        });
    }
    // The atlas's images (about 150 kB), for a browser where the models do not run.
    function loadSprites() {
      panels.forEach(function (entry) {
        entry.sprites.forEach(function (sprite) { sprite.src = sprite.dataset.src; });
      });
    }
    // The models once the explorer comes near the screen; the atlas's images without them.
    function near() {
      if (root.dataset.cylindersModels) start();
      else loadSprites();
    }
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          observer.disconnect();
          near();
        }
      }, { rootMargin: "300px" });
      observer.observe(root);
    } else {
      near();
    }
    panels.forEach(draw);
  }

  function start() {
    document.querySelectorAll("[data-latent-explorer]").forEach(setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
