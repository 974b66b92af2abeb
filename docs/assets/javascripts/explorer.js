// The latent explorer: drag (or click, or move with the arrow keys) a point across the latent planes
// of the models, and see the cylinder each decodes there. Everything was decoded when the site was
// built (examples/09_explorer.py): this script only picks an image of an atlas.
//
// One geometry for everything drawn: atlas point i (of `grid`) sits at u = i / (grid - 1) across the
// plane, and its cell is the square centred on it (the edge cells are half cells). The pointer, the
// marker, the coloured cell under it, the image and the verdict are therefore always one atlas entry.
// The conditional VAE has one atlas per type; its button (or the T key) switches type, point kept.
(function () {
  "use strict";

  function setup(root) {
    var data = JSON.parse(root.querySelector("script.latent-atlas").textContent);
    var grid = data.grid_size;
    var palette = data.palette;
    var state = { column: Math.floor(grid / 2), row: Math.floor(grid / 2), label: 0 };
    var panels = [];
    var container = root.querySelector(".latent-explorer__panels");
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
          sprite.onload = function () { draw(entry); };
          sprite.src = layer.sprite;
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

    function layerOf(entry) {
      return entry.model.layers[Math.min(state.label, entry.model.layers.length - 1)];
    }

    // Plane coordinates (0 to 1 across and down) of atlas column/row i.
    function position(i) { return i / (grid - 1); }

    function draw(entry) {
      var context = entry.plane.getContext("2d");
      var size = entry.plane.width;
      var half = 0.5 / (grid - 1) * size;
      var layer = layerOf(entry);
      context.clearRect(0, 0, size, size);
      layer.valid.forEach(function (valid, index) {
        var x = position(index % grid) * size, y = position(Math.floor(index / grid)) * size;
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
      var cx = position(state.column) * size, cy = position(state.row) * size;
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
      var image = entry.image.getContext("2d");
      var sprite = entry.sprites[Math.min(state.label, entry.sprites.length - 1)];
      image.imageSmoothingEnabled = false;
      image.fillStyle = "#fff";
      image.fillRect(0, 0, 64, 64);
      if (sprite.complete && sprite.naturalWidth) {
        image.drawImage(sprite, state.column * 64, state.row * 64, 64, 64, 0, 0, 64, 64);
      }
      var index = state.row * grid + state.column;
      var valid = layer.valid[index];
      entry.status.textContent = valid ? data.labels.valid : data.labels.invalid;
      entry.status.dataset.cell = String(index);
      entry.status.style.setProperty("--status-color", valid ? palette.valid : palette.invalid);
      entry.status.className = "latent-explorer__status " + (valid ? "is-valid" : "is-invalid");
      if (entry.toggle) {
        entry.toggle.textContent = data.labels.type + " " + data.labels.types[state.label] +
          " — " + data.labels.switch;
        entry.toggle.setAttribute("aria-pressed", state.label ? "true" : "false");
      }
      entry.plane.setAttribute("aria-valuetext", data.labels.position + " " + (state.column + 1) +
        ", " + (grid - state.row) + " / " + grid + " — " + entry.status.textContent);
    }

    function update(column, row) {
      state.column = Math.min(grid - 1, Math.max(0, column));
      state.row = Math.min(grid - 1, Math.max(0, row));
      panels.forEach(draw);
    }

    function switchLabel() {
      state.label = 1 - state.label;
      panels.forEach(draw);
    }

    function bind(entry) {
      var dragging = false;
      function move(event) {
        var box = entry.plane.getBoundingClientRect();
        // The atlas point nearest the pointer: its cell is the one under the pointer.
        update(Math.round((event.clientX - box.left) / box.width * (grid - 1)),
               Math.round((event.clientY - box.top) / box.height * (grid - 1)));
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
        if (moves[event.key]) {
          event.preventDefault();
          update(state.column + moves[event.key][0], state.row + moves[event.key][1]);
        } else if (event.key === "t" || event.key === "T") {
          event.preventDefault();
          switchLabel();
        }
      });
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
