// The article's trained models in the reader's browser: `window.cylinders`.
//
//   await cylinders.ready;                       // the decoders and the verdict can run
//   cylinders.decode("vae", [0.5, -1])           // Float32Array(4096): ink probabilities, row by row
//   cylinders.decode("cvae", [0.5, -1], 1)       // the conditional VAE, told the type (0 or 1)
//   await cylinders.encode("ae", pixels)         // Float32Array(2): the point (the mean, for a VAE)
//   cylinders.isValid(pixels)                    // true when the image is a real cylinder
//
// The files come from `cylinders.export` (`python -m cylinders export`): `{model}.json`, its two
// weights files, and `validity.json`. They are looked for in the folder named by the
// `data-cylinders-models` attribute of the first element that has one (relative to the page), and
// loaded when this module is imported: import it only when the reader reaches the explorer. The
// encoders (half the bytes) are fetched on the first `encode`.
import { loadNetwork } from "./cylinders/network.js";
import { makeVerdict } from "./cylinders/verdict.js";

const MODELS = ["ae", "vae", "cvae"];

function oneHot(label, count) {
  if (!Number.isInteger(label) || label < 0 || label >= count) {
    throw new Error(`label must be an integer in [0, ${count - 1}], got ${label}`);
  }
  const vector = new Float32Array(count);
  vector[label] = 1;
  return vector;
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

export function start(baseUrl, names = MODELS) {
  const base = new URL(baseUrl, document.baseURI);
  const models = {};
  let verdict = null;

  async function loadModel(name) {
    const manifest = await fetchJson(new URL(`${name}.json`, base));
    if (manifest.format !== "cylinders-browser-model" || manifest.version !== 1) {
      throw new Error(`${name}.json: not a cylinders model of format version 1`);
    }
    const model = { manifest, decoder: await loadNetwork(manifest.networks.decoder, base) };
    model.encoder = null; // fetched on the first encode
    models[name] = model;
  }

  const ready = Promise.all([
    ...names.map(loadModel),
    fetchJson(new URL("validity.json", base)).then((rule) => {
      verdict = makeVerdict(rule);
    }),
  ]).then(() => undefined);

  function modelOf(name) {
    const model = models[name];
    if (!model) throw new Error(`unknown or unloaded model ${JSON.stringify(name)}; await ready`);
    return model;
  }

  // The network's inputs by name: the first is the image or z, the second (conditional models)
  // the one-hot label.
  function inputsOf(model, part, first, label) {
    const [name, labelName] = model.manifest.networks[part].inputs;
    const count = model.manifest.num_labels;
    if (!count) {
      if (label !== undefined && label !== null) {
        throw new Error("only the conditional model takes a label");
      }
      return { [name]: first };
    }
    return { [name]: first, [labelName]: oneHot(label, count) };
  }

  function decode(name, z, label) {
    const model = modelOf(name);
    if (z.length !== model.manifest.latent_dim) {
      throw new Error(`z must have ${model.manifest.latent_dim} coordinates, got ${z.length}`);
    }
    return model.decoder(inputsOf(model, "decoder", Float32Array.from(z), label))[0];
  }

  async function encode(name, pixels, label) {
    const model = modelOf(name);
    if (pixels.length !== model.manifest.image_size ** 2) {
      throw new Error(`expected ${model.manifest.image_size ** 2} pixels, got ${pixels.length}`);
    }
    model.encoder ||= loadNetwork(model.manifest.networks.encoder, base);
    const run = await model.encoder;
    return run(inputsOf(model, "encoder", Float32Array.from(pixels), label))[0];
  }

  function isValid(pixels) {
    if (!verdict) throw new Error("the verdict is not loaded yet; await ready");
    return verdict.isValid(pixels);
  }

  return { ready, decode, encode, isValid, models, get verdict() { return verdict; } };
}

const holder = document.querySelector("[data-cylinders-models]");
if (holder && !window.cylinders) {
  window.cylinders = start(holder.dataset.cylindersModels);
}
