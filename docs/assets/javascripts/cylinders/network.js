// The forward pass of an exported encoder or decoder (cylinders/export.py), in plain JavaScript.
//
// A tensor is {shape, data}: `shape` is Keras's without the batch axis, `data` a Float32Array in
// Keras's order, channels last (a feature map (height, width, channels) row by row). Flatten and
// Reshape therefore move no number. One image at a time: the networks are small (about 3 M
// multiply-adds for a decoder), so a plain loop takes a few milliseconds.
//
// Sums are accumulated in float64 and stored in float32; Keras sums in float32 in another order,
// so the two agree to about 1e-6 (the tests ask for 1e-4).

// Keras's "same" padding: the output has ceil(size / stride) positions and the padding that makes
// them fit goes after the input rather than before when it is odd (TensorFlow's rule).
function samePadding(size, kernel, stride) {
  const out = Math.ceil(size / stride);
  return Math.floor(Math.max((out - 1) * stride + kernel - size, 0) / 2);
}

// Every kernel below takes only typed arrays and numbers, so that the engine compiles each loop
// once for all layers and models (objects of many shapes would make them slow to look into).
const ACTIVATION_CODES = { linear: 0, relu: 1, sigmoid: 2 };

function activate(sums, activation) {
  const out = new Float32Array(sums.length);
  for (let index = 0; index < sums.length; index += 1) {
    const value = sums[index];
    out[index] = activation === 1 ? (value > 0 ? value : 0)
      : activation === 2 ? 1 / (1 + Math.exp(-value)) : value;
  }
  return out;
}

// out[j] = bias[j] + Σ_i x[i] · kernel[i, j]; kernel (in, out).
function dense(x, kernel, bias, inputs, units, activation) {
  const sums = Float64Array.from(bias);
  for (let i = 0; i < inputs; i += 1) {
    const value = x[i];
    if (value === 0) continue;
    const row = i * units;
    for (let j = 0; j < units; j += 1) sums[j] += value * kernel[row + j];
  }
  return activate(sums, activation);
}

// out[oy, ox, co] = bias[co] + Σ x[oy·s + ky - top, ox·s + kx - left, ci] · kernel[ky, kx, ci, co].
function conv2d(x, height, width, cin, kernel, bias, kh, kw, cout, sh, sw, outH, outW, activation) {
  const top = samePadding(height, kh, sh), left = samePadding(width, kw, sw);
  const sums = new Float64Array(outH * outW * cout);
  for (let oy = 0; oy < outH; oy += 1) {
    for (let ox = 0; ox < outW; ox += 1) {
      const target = (oy * outW + ox) * cout;
      for (let co = 0; co < cout; co += 1) sums[target + co] = bias[co];
      for (let ky = 0; ky < kh; ky += 1) {
        const iy = oy * sh + ky - top;
        if (iy < 0 || iy >= height) continue;
        for (let kx = 0; kx < kw; kx += 1) {
          const ix = ox * sw + kx - left;
          if (ix < 0 || ix >= width) continue;
          const source = (iy * width + ix) * cin, weights = (ky * kw + kx) * cin * cout;
          for (let ci = 0; ci < cin; ci += 1) {
            const value = x[source + ci];
            if (value === 0) continue;
            const row = weights + ci * cout;
            for (let co = 0; co < cout; co += 1) sums[target + co] += value * kernel[row + co];
          }
        }
      }
    }
  }
  return activate(sums, activation);
}

// The transpose of conv2d: every input pixel spreads its values over a kernel-sized patch,
// out[iy·s + ky - top, ix·s + kx - left, co] += x[iy, ix, ci] · kernel[ky, kx, co, ci], with
// top = floor(max(k - s, 0) / 2), the padding of the convolution it is the gradient of.
// `spread` is the kernel reordered to (ky, kx, ci, co), so that the inner loop is contiguous.
function conv2dTranspose(x, height, width, cin, spread, bias, kh, kw, cout, sh, sw, outH, outW,
  activation) {
  const top = Math.floor(Math.max(kh - sh, 0) / 2), left = Math.floor(Math.max(kw - sw, 0) / 2);
  const sums = new Float64Array(outH * outW * cout);
  for (let index = 0; index < outH * outW; index += 1) {
    for (let co = 0; co < cout; co += 1) sums[index * cout + co] = bias[co];
  }
  for (let iy = 0; iy < height; iy += 1) {
    for (let ix = 0; ix < width; ix += 1) {
      const source = (iy * width + ix) * cin;
      for (let ky = 0; ky < kh; ky += 1) {
        const oy = iy * sh + ky - top;
        if (oy < 0 || oy >= outH) continue;
        for (let kx = 0; kx < kw; kx += 1) {
          const ox = ix * sw + kx - left;
          if (ox < 0 || ox >= outW) continue;
          const target = (oy * outW + ox) * cout, weights = (ky * kw + kx) * cin * cout;
          for (let ci = 0; ci < cin; ci += 1) {
            const value = x[source + ci];
            if (value === 0) continue;
            const row = weights + ci * cout;
            for (let co = 0; co < cout; co += 1) sums[target + co] += value * spread[row + co];
          }
        }
      }
    }
  }
  return activate(sums, activation);
}

// Channels joined along the last axis: (..., c1) and (..., c2) to (..., c1 + c2).
function concatenate(inputs) {
  const channels = inputs.map((input) => input.shape[input.shape.length - 1]);
  const total = channels.reduce((sum, count) => sum + count, 0);
  const positions = inputs[0].data.length / channels[0];
  const out = new Float32Array(positions * total);
  for (let position = 0; position < positions; position += 1) {
    let offset = position * total;
    inputs.forEach((input, which) => {
      const count = channels[which];
      out.set(input.data.subarray(position * count, (position + 1) * count), offset);
      offset += count;
    });
  }
  return out;
}

// Nearest-neighbour upsampling: each pixel repeated sy × sx times.
function upSampling2d(x, width, channels, sy, sx, outH, outW) {
  const out = new Float32Array(outH * outW * channels);
  for (let oy = 0; oy < outH; oy += 1) {
    for (let ox = 0; ox < outW; ox += 1) {
      const source = (Math.floor(oy / sy) * width + Math.floor(ox / sx)) * channels;
      out.set(x.subarray(source, source + channels), (oy * outW + ox) * channels);
    }
  }
  return out;
}

// One layer as a function of its input tensors ({shape, data}), its settings and weights bound.
function step(layer, weights, inputShapes) {
  const activation = ACTIVATION_CODES[layer.activation || "linear"];
  if (activation === undefined) throw new Error(`layer ${layer.name}: activation ${layer.activation}`);
  const [kernel, bias] = weights;
  const [outH, outW] = layer.shape;
  const [height, width, channels] = inputShapes[0];
  switch (layer.type) {
    case "Dense": {
      const [inputs, units] = kernel.shape;
      return ([x]) => dense(x.data, kernel.data, bias.data, inputs, units, activation);
    }
    case "Conv2D": {
      const [kh, kw, cin, cout] = kernel.shape;
      const [sh, sw] = layer.strides;
      return ([x]) => conv2d(x.data, height, width, cin, kernel.data, bias.data, kh, kw, cout, sh,
        sw, outH, outW, activation);
    }
    case "Conv2DTranspose": {
      const [kh, kw, cout, cin] = kernel.shape;
      const [sh, sw] = layer.strides;
      const spread = new Float32Array(kernel.data.length);
      for (let k = 0; k < kh * kw; k += 1) {
        for (let ci = 0; ci < cin; ci += 1) {
          for (let co = 0; co < cout; co += 1) {
            spread[(k * cin + ci) * cout + co] = kernel.data[(k * cout + co) * cin + ci];
          }
        }
      }
      return ([x]) => conv2dTranspose(x.data, height, width, cin, spread, bias.data, kh, kw, cout,
        sh, sw, outH, outW, activation);
    }
    case "Concatenate":
      return (inputs) => concatenate(inputs);
    case "UpSampling2D": {
      const [sy, sx] = layer.size;
      if (height * sy !== outH || width * sx !== outW) throw new Error(`bad shape in ${layer.name}`);
      return ([x]) => upSampling2d(x.data, width, channels, sy, sx, outH, outW);
    }
    case "Flatten":
    case "Reshape":
      return ([x]) => x.data;
    default:
      throw new Error(`layer ${layer.name}: type ${layer.type} is not supported`);
  }
}

function size(shape) {
  return shape.reduce((product, side) => product * side, 1);
}

// A network ready to run: `description` is one entry of the manifest's `networks`, `buffer` the
// ArrayBuffer of its weights file. Returns `run(inputs)`: inputs by name (Float32Arrays, Keras's
// order), outputs as a list of Float32Arrays in the manifest's order.
export function makeNetwork(description, buffer) {
  if (buffer.byteLength !== description.bytes) {
    throw new Error(`weights file of ${buffer.byteLength} bytes, expected ${description.bytes}`);
  }
  const shapes = {};
  const layers = description.layers.map((layer) => {
    shapes[layer.name] = layer.shape;
    if (layer.type === "InputLayer") return { name: layer.name, shape: layer.shape, input: true };
    const weights = layer.weights.map((weight) => ({
      shape: weight.shape,
      data: new Float32Array(buffer, weight.offset, size(weight.shape)),
    }));
    const run = step(layer, weights, layer.inputs.map((name) => shapes[name]));
    return { name: layer.name, shape: layer.shape, inputs: layer.inputs, run };
  });
  return function run(inputs) {
    const tensors = {};
    for (const layer of layers) {
      if (layer.input) {
        const data = Float32Array.from(inputs[layer.name]);
        if (data.length !== size(layer.shape)) {
          throw new Error(`input ${layer.name}: ${data.length} values, expected ${size(layer.shape)}`);
        }
        tensors[layer.name] = { shape: layer.shape, data };
        continue;
      }
      const data = layer.run(layer.inputs.map((name) => tensors[name]));
      tensors[layer.name] = { shape: layer.shape, data };
    }
    return description.outputs.map((name) => tensors[name].data);
  };
}

// Fetches a weights file and makes its network (see makeNetwork).
export async function loadNetwork(description, baseUrl) {
  const response = await fetch(new URL(description.weights, baseUrl));
  if (!response.ok) throw new Error(`${description.weights}: HTTP ${response.status}`);
  return makeNetwork(description, await response.arrayBuffer());
}
