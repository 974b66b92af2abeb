// The latent explorer: drag (or click, or move with the arrow keys) a point across the latent planes of
// the autoencoder and the VAE, and see the cylinder each decodes there. Everything was decoded when the
// site was built (examples/09_explorer.py): this script only picks the nearest image of an atlas.
(function () {
  "use strict";
  var TYPE_COLORS = ["#0072B2", "#E69F00"];
  var VALID = "rgba(0, 158, 115, 0.16)";
  var INVALID = "rgba(213, 94, 0, 0.30)";

  function setup(root) {
    var data = JSON.parse(root.querySelector("script.latent-atlas").textContent);
    var grid = data.grid_size;
    var state = { u: 0.5, v: 0.5 };
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
      var sprite = new Image();
      var entry = {
        name: name, model: model, sprite: sprite,
        plane: panel.querySelector(".latent-explorer__plane"),
        image: panel.querySelector(".latent-explorer__image"),
        status: panel.querySelector(".latent-explorer__status"),
      };
      entry.plane.setAttribute("aria-label", model.title + " — " + data.labels.plane);
      sprite.onload = function () { draw(entry); };
      sprite.src = model.sprite;
      panels.push(entry);
      bind(entry);
    });

    function cell() {
      return {
        column: Math.round(state.u * (grid - 1)),
        row: Math.round(state.v * (grid - 1)),
      };
    }

    function draw(entry) {
      var context = entry.plane.getContext("2d");
      var size = entry.plane.width;
      var step = size / grid;
      context.clearRect(0, 0, size, size);
      entry.model.valid.forEach(function (valid, index) {
        context.fillStyle = valid ? VALID : INVALID;
        context.fillRect((index % grid) * step, Math.floor(index / grid) * step, step + 0.5, step + 0.5);
      });
      var low = entry.model.low, high = entry.model.high;
      entry.model.points.forEach(function (point) {
        var x = (point[0] - low[0]) / (high[0] - low[0]) * size;
        var y = (high[1] - point[1]) / (high[1] - low[1]) * size;
        context.fillStyle = TYPE_COLORS[point[2]];
        context.beginPath();
        context.arc(x, y, 2, 0, 2 * Math.PI);
        context.fill();
      });
      var here = cell();
      var cx = (here.column + 0.5) * step, cy = (here.row + 0.5) * step;
      context.strokeStyle = "#000";
      context.lineWidth = 2;
      context.beginPath();
      context.arc(cx, cy, 7, 0, 2 * Math.PI);
      context.stroke();
      context.strokeStyle = "#fff";
      context.lineWidth = 1;
      context.beginPath();
      context.arc(cx, cy, 9, 0, 2 * Math.PI);
      context.stroke();
      var image = entry.image.getContext("2d");
      image.imageSmoothingEnabled = false;
      image.fillStyle = "#fff";
      image.fillRect(0, 0, 64, 64);
      if (entry.sprite.complete && entry.sprite.naturalWidth) {
        image.drawImage(entry.sprite, here.column * 64, here.row * 64, 64, 64, 0, 0, 64, 64);
      }
      var valid = entry.model.valid[here.row * grid + here.column];
      entry.status.textContent = valid ? data.labels.valid : data.labels.invalid;
      entry.status.className = "latent-explorer__status " + (valid ? "is-valid" : "is-invalid");
      entry.plane.setAttribute("aria-valuetext", data.labels.position + " " + (here.column + 1) + ", " +
        (grid - here.row) + " / " + grid + " — " + entry.status.textContent);
    }

    function update(u, v) {
      state.u = Math.min(1, Math.max(0, u));
      state.v = Math.min(1, Math.max(0, v));
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
        var step = 1 / (grid - 1);
        var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
        if (moves[event.key]) {
          event.preventDefault();
          update(state.u + moves[event.key][0], state.v + moves[event.key][1]);
        }
      });
    }
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
