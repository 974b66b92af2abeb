"""The autoencoder and the variational autoencoder, in backend-agnostic Keras 3.

Both models share one architecture, so that the article compares the training objective and nothing
else:

- the **encoder** halves the image four times with strided 3×3 convolutions (64 → 32 → 16 → 8 → 4
  pixels) and maps the result to the latent space with a dense layer: one point for the
  autoencoder, a mean μ and a log-variance log σ² for the VAE;
- the **decoder** mirrors it: a dense layer back to a 4×4 grid of features, then four strided
  transposed convolutions up to 64×64 and a sigmoid, which gives the probability that each pixel is
  ink.

The losses are written per image and summed over pixels, the way the ELBO is defined:

    reconstruction = - Σ_pixels [x log x̂ + (1 - x) log(1 - x̂)]          (binary cross-entropy)
    KL             = - 1/2 Σ_latent (1 + log σ² - μ² - σ²)               (VAE only, closed form)
    VAE loss       = reconstruction + β · KL                              (β = 1 is the ELBO)

Averaging the cross-entropy over pixels instead (Keras's ``"binary_crossentropy"``) divides the
reconstruction by 4,096 and lets the KL term win: the posterior collapses to the prior and every
sample looks the same.

Nothing here imports a backend: ``keras.ops`` and ``keras.random`` run on JAX, PyTorch and
TensorFlow, chosen by the ``KERAS_BACKEND`` environment variable.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import layers, ops

from cylinders import defaults
from cylinders.checks import check_integer, check_real

#: Channels of the encoder's convolutions, from the image inward; the decoder uses them in reverse.
DEFAULT_FILTERS = (16, 32, 64, 64)
#: Training steps per call into TensorFlow (`compile`'s `steps_per_execution`): 1.16× faster on a
#: 2-core CPU, with the same weights to the bit (benchmarks/results.md). PyTorch runs one.
STEPS_PER_EXECUTION = 32


def _check_settings(latent_dim: int, image_size: int, filters: tuple[int, ...]) -> tuple[int, ...]:
    check_integer(latent_dim, "latent_dim")
    filters = tuple(int(count) for count in filters)
    if not filters or min(filters) < 1:
        raise ValueError(
            "`filters` must be a non-empty list of positive integers. "
            f"Received: filters={filters!r}"
        )
    if image_size % 2 ** len(filters) or image_size < 2 ** len(filters):
        raise ValueError(
            f"`image_size` must be a multiple of 2**len(filters)={2 ** len(filters)}. "
            f"Received: image_size={image_size!r}"
        )
    return filters


# --8<-- [start:encoder]
def build_encoder(
    latent_dim: int = defaults.LATENT_DIM,
    *,
    image_size: int = 64,
    filters: tuple[int, ...] = DEFAULT_FILTERS,
    variational: bool = False,
    num_labels: int = 0,
) -> keras.Model:
    """Builds the convolutional encoder.

    Args:
        latent_dim: dimension of the latent space.
        image_size: side of the square input images.
        filters: channels of the strided convolutions, one layer per entry.
        variational: when True, outputs `[z_mean, z_log_var]` instead of a single point.
        num_labels: when positive, the encoder takes a second input, a one-hot label of that size,
            which enters with the image as constant planes, one per label, so that every
            convolution sees it (the conditional VAE; measured against joining it to the flattened
            features in `benchmarks/cvae_label_placement.py`).

    Returns:
        A functional `keras.Model` from `(batch, image_size, image_size, 1)` images (and
        `(batch, num_labels)` one-hot labels when `num_labels > 0`).
    """
    filters = _check_settings(latent_dim, image_size, filters)
    images = keras.Input(shape=(image_size, image_size, 1), name="image")
    inputs = images
    features = images
    if num_labels:
        labels = keras.Input(shape=(num_labels,), name="label")  # one-hot
        planes = layers.Reshape((1, 1, num_labels))(labels)
        planes = layers.UpSampling2D(image_size, name="label_planes")(planes)  # (batch, s, s, L)
        features = layers.Concatenate(name="image_and_label")([images, planes])
        inputs = [images, labels]
    for count in filters:  # (batch, size, size, c) -> (batch, size / 2, size / 2, count)
        features = layers.Conv2D(count, 3, strides=2, padding="same", activation="relu")(features)
    features = layers.Flatten()(features)  # (batch, 4 * 4 * filters[-1]) at 64×64
    if not variational:
        return keras.Model(inputs, layers.Dense(latent_dim, name="z")(features), name="encoder")
    z_mean = layers.Dense(latent_dim, name="z_mean")(features)
    z_log_var = layers.Dense(latent_dim, name="z_log_var")(features)
    return keras.Model(inputs, [z_mean, z_log_var], name="encoder")


# --8<-- [end:encoder]


#: For `Conv2DTranspose` as a sub-pixel convolution: the tap of the 3×3 kernel that row `a` of
#: the 2×2 window gives an output row of parity `r`, `_TAPS[a][r]` (3: none, a zero tap).
_TAPS = np.array([[2, 3], [0, 1]])


@keras.saving.register_keras_serializable(package="cylinders")
class Conv2DTranspose(layers.Conv2DTranspose):
    """Keras's `Conv2DTranspose`, with the same weights, configuration and outputs, computed on JAX
    as a sub-pixel convolution when it doubles the image with a 3×3 kernel ("same" padding, stride
    2): a 2×2 convolution to four times the channels, whose groups are then laid out as the four
    pixels each input pixel becomes (Shi et al., 2016).

    The two compute the same sums (to float rounding, 2e-6 here): XLA on a CPU computes a transposed
    convolution over the input spread out with zeros, and multiplies the zeros; this one does not,
    and the decoder's four run 2.4× faster on JAX, forward and backward (`nox -s bench`,
    benchmarks/results.md). On TensorFlow and PyTorch, whose own transposed convolutions skip the
    zeros, it is Keras's layer.
    """

    def _sub_pixel(self) -> bool:
        return (
            keras.backend.backend() == "jax"
            and tuple(self.kernel_size) == (3, 3)
            and tuple(self.strides) == (2, 2)
            and self.padding == "same"
            and tuple(self.dilation_rate) == (1, 1)
            and self.output_padding is None
            and self.data_format == "channels_last"
        )

    def call(self, inputs):
        if not self._sub_pixel():
            return super().call(inputs)
        # output pixel (2i + r, 2j + s) sums kernel taps over input rows i - 1, i and columns
        # j - 1, j: one 2×2 window of the input padded by one row and column before it
        kernel = ops.pad(self.kernel, ((0, 1), (0, 1), (0, 0), (0, 0)))  # tap 3: zeros
        kernel = ops.take(kernel, _TAPS.reshape(-1), axis=0)  # rows (a, r)
        kernel = ops.take(kernel, _TAPS.reshape(-1), axis=1)  # columns (b, s)
        kernel = ops.reshape(kernel, (2, 2, 2, 2, self.filters, -1))  # a, r, b, s, out, in
        kernel = ops.transpose(kernel, (0, 2, 5, 1, 3, 4))  # a, b, in, r, s, out
        kernel = ops.reshape(kernel, (2, 2, -1, 4 * self.filters))
        padded = ops.pad(inputs, ((0, 0), (1, 0), (1, 0), (0, 0)))
        outputs = ops.conv(padded, kernel, strides=1, padding="valid")
        batch, height, width = ops.shape(outputs)[:3]
        outputs = ops.reshape(outputs, (batch, height, width, 2, 2, self.filters))
        outputs = ops.transpose(outputs, (0, 1, 3, 2, 4, 5))  # rows 2i + r, columns 2j + s
        outputs = ops.reshape(outputs, (batch, 2 * height, 2 * width, self.filters))
        if self.use_bias:
            outputs = ops.add(outputs, self.bias)
        return outputs if self.activation is None else self.activation(outputs)


# --8<-- [start:decoder]
def build_decoder(
    latent_dim: int = defaults.LATENT_DIM,
    *,
    image_size: int = 64,
    filters: tuple[int, ...] = DEFAULT_FILTERS,
    num_labels: int = 0,
) -> keras.Model:
    """Builds the decoder, the mirror of `build_encoder`.

    Args:
        latent_dim: dimension of the latent space.
        image_size: side of the square output images.
        filters: the encoder's channels; the decoder climbs them in reverse.
        num_labels: when positive, the decoder takes a second input, a one-hot label of that size,
            joined to z before the first dense layer (the conditional VAE).

    Returns:
        A functional `keras.Model` from `(batch, latent_dim)` points (and `(batch, num_labels)`
        one-hot labels when `num_labels > 0`) to pixel probabilities of shape `(batch, image_size,
        image_size, 1)`.
    """
    filters = _check_settings(latent_dim, image_size, filters)
    start = image_size // 2 ** len(filters)
    z = keras.Input(shape=(latent_dim,), name="z")
    inputs, features = z, z
    if num_labels:
        labels = keras.Input(shape=(num_labels,), name="label")  # one-hot
        features = layers.Concatenate(name="z_and_label")([z, labels])
        inputs = [z, labels]
    features = layers.Dense(start * start * filters[-1], activation="relu")(features)
    features = layers.Reshape((start, start, filters[-1]))(features)  # (batch, 4, 4, 64) at 64×64
    for count in (*filters[-2::-1], 1):  # each layer doubles the side: 8, 16, 32, 64
        last = count == 1
        features = Conv2DTranspose(  # keras.layers.Conv2DTranspose, faster on JAX (its class)
            count,
            3,
            strides=2,
            padding="same",
            activation="sigmoid" if last else "relu",
            name="pixels" if last else None,
        )(features)
    return keras.Model(inputs, features, name="decoder")


# --8<-- [end:decoder]


def _batch_mean(values, sample_weight=None):
    """The mean over the batch of per-image `values`, each weighted by `sample_weight` when given
    (Keras's convention: the sum of the weighted values over the batch size)."""
    if sample_weight is None:
        return ops.mean(values)
    weights = ops.reshape(ops.cast(sample_weight, values.dtype), (-1,))
    return ops.mean(values * weights)


# --8<-- [start:losses]
def reconstruction_loss(images, reconstructions, sample_weight=None):
    """Binary cross-entropy summed over each image's pixels, averaged over the batch.

    Args:
        images (Tensor): tensor of 0/1 pixels, shape `(batch, size, size, 1)`.
        reconstructions (Tensor): pixel probabilities, same shape.
        sample_weight (Tensor): optional weight of each image, shape `(batch,)`.

    Returns:
        (Tensor): a scalar.
    """
    images, reconstructions = ops.convert_to_tensor(images), ops.convert_to_tensor(reconstructions)
    per_pixel = keras.losses.binary_crossentropy(images, reconstructions)  # (batch, size, size)
    return _batch_mean(ops.sum(per_pixel, axis=(1, 2)), sample_weight)


def kl_divergence(z_mean, z_log_var):
    """KL divergence from N(z_mean, exp(z_log_var)) to N(0, I), summed over latent dimensions.

    Args:
        z_mean (Tensor): tensor of shape `(batch, latent_dim)`.
        z_log_var (Tensor): tensor of shape `(batch, latent_dim)`.

    Returns:
        (Tensor): of shape `(batch,)`.
    """
    z_mean, z_log_var = ops.convert_to_tensor(z_mean), ops.convert_to_tensor(z_log_var)
    # KL = -1/2 Σ (1 + log σ² - μ² - σ²)
    return -0.5 * ops.sum(1.0 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=-1)


# --8<-- [end:losses]


# --8<-- [start:sampling]
@keras.saving.register_keras_serializable(package="cylinders")
class Sampling(layers.Layer):
    """Draws z = μ + σ · ε with ε ~ N(0, I): the reparameterisation trick.

    The randomness sits in ε, outside the path of the gradient, so that μ and σ can be learned.
    """

    def __init__(self, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, z_mean, z_log_var):
        epsilon = keras.random.normal(
            ops.shape(z_mean), dtype=self.compute_dtype, seed=self.seed_generator
        )
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


# --8<-- [end:sampling]


class _ShapeModel(keras.Model):
    """What the autoencoder and the VAE share: settings, sub-models, and NumPy helpers."""

    variational = False
    #: Size of the one-hot label given to the encoder and the decoder (0: no label).
    num_labels = 0

    def __init__(
        self,
        latent_dim: int = defaults.LATENT_DIM,
        *,
        image_size: int = 64,
        filters: tuple[int, ...] = DEFAULT_FILTERS,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.filters = _check_settings(latent_dim, image_size, filters)
        self.latent_dim = int(latent_dim)
        self.image_size = image_size
        self.encoder = build_encoder(
            latent_dim,
            image_size=image_size,
            filters=self.filters,
            variational=self.variational,
            num_labels=self.num_labels,
        )
        self.decoder = build_decoder(
            latent_dim, image_size=image_size, filters=self.filters, num_labels=self.num_labels
        )
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.reconstruction_tracker = keras.metrics.Mean(name="reconstruction_loss")

    def compile(self, optimizer="rmsprop", *args, steps_per_execution=None, **kwargs):
        """Keras's `compile`; on TensorFlow, `steps_per_execution` defaults to
        `STEPS_PER_EXECUTION` (same numbers, fewer calls into the backend)."""
        backend = keras.backend.backend()
        if steps_per_execution is None:
            steps_per_execution = STEPS_PER_EXECUTION if backend == "tensorflow" else 1
        if backend == "torch":  # Keras's PyTorch trainer runs one step per call
            steps_per_execution = 1
        super().compile(optimizer, *args, steps_per_execution=steps_per_execution, **kwargs)

    def build(self, input_shape=None):
        # The encoder and the decoder are functional models, built in __init__.
        self.built = True

    def get_config(self):
        return {
            **super().get_config(),
            "latent_dim": self.latent_dim,
            "image_size": self.image_size,
            "filters": list(self.filters),
        }

    @property
    def metrics(self):
        return [self.loss_tracker, self.reconstruction_tracker]

    def _check_images(self, images) -> np.ndarray:
        images = np.asarray(images, dtype="float32")
        if images.ndim == 3:
            images = images[..., None]
        expected = (self.image_size, self.image_size, 1)
        if images.ndim != 4 or images.shape[1:] != expected:
            raise ValueError(
                f"`images` must have shape (n, {expected[0]}, {expected[1]}, 1). "
                f"Received: images.shape={images.shape}"
            )
        return images

    def _check_z(self, z) -> np.ndarray:
        z = np.asarray(z, dtype="float32")
        if z.ndim != 2 or z.shape[1] != self.latent_dim:
            raise ValueError(
                f"`z` must have shape (n, {self.latent_dim}). Received: z.shape={z.shape}"
            )
        return z

    def _inputs(self, inputs, check, name: str):
        """The networks' inputs: `check(inputs)`, or for a model told labels, `(inputs, labels)`
        checked and the labels made one-hot."""
        if not self.num_labels:
            return check(inputs)
        if not isinstance(inputs, (tuple, list)) or len(inputs) != 2:
            raise ValueError(
                f"A {type(self).__name__} takes `({name}, labels)`, as `fit` does. "
                f"Received: {type(inputs).__name__} of length {len(inputs)}"
                if isinstance(inputs, (tuple, list))
                else f"A {type(self).__name__} takes `({name}, labels)`, as `fit` does. "
                f"Received: {name} without labels, of shape {np.shape(inputs)}"
            )
        values, labels = inputs
        values = check(values)
        return [values, one_hot_labels(labels, len(values), self.num_labels)]

    def _predict(
        self, network: keras.Model, inputs: np.ndarray | list[np.ndarray], batch_size: int
    ) -> list[np.ndarray]:
        """Runs `network` over `inputs` (an array, or a list of arrays with one row per example) in
        batches; returns its outputs as a list of NumPy arrays."""
        batches = []
        size = len(inputs[0]) if isinstance(inputs, list) else len(inputs)
        for start in range(0, size, batch_size):
            if isinstance(inputs, list):
                outputs = network(
                    [part[start : start + batch_size] for part in inputs], training=False
                )
            else:
                outputs = network(inputs[start : start + batch_size], training=False)
            outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
            batches.append([ops.convert_to_numpy(output).astype("float32") for output in outputs])
        if not batches:
            return [np.zeros((0, *output.shape[1:]), "float32") for output in network.outputs]
        return [np.concatenate(parts) for parts in zip(*batches)]

    def encode(self, inputs, batch_size: int = 256) -> np.ndarray:
        """Maps images to their latent points (the means, for the VAEs).

        Args:
            inputs (np.ndarray | tuple): images of shape `(n, image_size, image_size, 1)`; for
                the conditional VAE, `(images, labels)`, as `fit` takes them.
            batch_size: images per forward pass.

        Returns:
            float32 NumPy array of shape `(n, latent_dim)`.
        """
        return self._predict(
            self.encoder, self._inputs(inputs, self._check_images, "images"), batch_size
        )[0]

    def decode(self, inputs, batch_size: int = 256) -> np.ndarray:
        """Maps latent points to images of pixel probabilities.

        Args:
            inputs (np.ndarray | tuple): points of shape `(n, latent_dim)`; for the conditional
                VAE, `(z, labels)`: the labels say which type to draw (`n` integers, or one for
                all).
            batch_size: points per forward pass.

        Returns:
            float32 NumPy array of shape `(n, image_size, image_size, 1)` with values in [0, 1].
        """
        return self._predict(self.decoder, self._inputs(inputs, self._check_z, "z"), batch_size)[0]

    def reconstruct(self, inputs, batch_size: int = 256) -> np.ndarray:
        """Encodes then decodes images (through the means, for the VAEs; under their own labels,
        for the conditional VAE); NumPy in, NumPy out."""
        z = self.encode(inputs, batch_size)
        return self.decode((z, inputs[1]) if self.num_labels else z, batch_size)


@keras.saving.register_keras_serializable(package="cylinders")
class Autoencoder(_ShapeModel):
    """A plain autoencoder: image → point z → image, trained on reconstruction alone.

    Args:
        latent_dim: dimension of the latent space.
        image_size: side of the square images.
        filters: channels of the encoder's convolutions.

    Train it with `model.compile(optimizer=...)` then `model.fit(images)`.
    """

    def call(self, images, training=False):
        return self.decoder(self.encoder(images, training=training), training=training)

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        loss = reconstruction_loss(x, y_pred, sample_weight)
        self.loss_tracker.update_state(loss)
        self.reconstruction_tracker.update_state(loss)
        return loss


@keras.saving.register_keras_serializable(package="cylinders")
class VAE(_ShapeModel):
    """A variational autoencoder: image → N(μ, σ²) → sampled z → image, trained on the ELBO.

    Args:
        latent_dim: dimension of the latent space.
        beta: weight of the KL term; 1.0 is the ELBO, larger values pull harder towards N(0, I).
        image_size: side of the square images.
        filters: channels of the encoder's convolutions.
        seed: seed of the sampling layer.

    Train it with `model.compile(optimizer=...)` then `model.fit(images)`. The history reports
    `loss`, `reconstruction_loss` and `kl_loss` (both per image).
    """

    variational = True

    def __init__(
        self,
        latent_dim: int = defaults.LATENT_DIM,
        *,
        beta: float = defaults.BETA,
        image_size: int = 64,
        filters: tuple[int, ...] = DEFAULT_FILTERS,
        seed: int | None = None,
        **kwargs,
    ):
        check_real(beta, "beta")
        super().__init__(latent_dim, image_size=image_size, filters=filters, **kwargs)
        self.beta = float(beta)
        self.seed = seed
        self.sampling = Sampling(seed, name="sampling")
        self.kl_tracker = keras.metrics.Mean(name="kl_loss")

    def get_config(self):
        return {**super().get_config(), "beta": self.beta, "seed": self.seed}

    @property
    def metrics(self):
        return [*super().metrics, self.kl_tracker]

    def encode_distribution(self, inputs, batch_size: int = 256) -> tuple[np.ndarray, np.ndarray]:
        """Maps images (`(images, labels)` for the conditional VAE) to the mean and log-variance
        of their latent Gaussians, as NumPy arrays."""
        z_mean, z_log_var = self._predict(
            self.encoder, self._inputs(inputs, self._check_images, "images"), batch_size
        )
        return z_mean, z_log_var

    # --8<-- [start:vae_step]
    def call(self, images, training=False):
        z_mean, z_log_var = self.encoder(images, training=training)
        z = self.sampling(z_mean, z_log_var) if training else z_mean
        return self.decoder(z, training=training), z_mean, z_log_var

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        reconstructions, z_mean, z_log_var = y_pred
        reconstruction = reconstruction_loss(x, reconstructions, sample_weight)
        kl = _batch_mean(kl_divergence(z_mean, z_log_var), sample_weight)
        loss = reconstruction + self.beta * kl
        self.loss_tracker.update_state(loss)
        self.reconstruction_tracker.update_state(reconstruction)
        self.kl_tracker.update_state(kl)
        return loss

    # --8<-- [end:vae_step]


def one_hot_labels(labels, count: int, num_labels: int) -> np.ndarray:
    """Checks `count` integer labels in `[0, num_labels)` (or one label for all) and returns them
    one-hot, as a float32 NumPy array `(count, num_labels)`.

    Raises:
        ValueError: naming `labels` and what was received, when they are missing, of the wrong
            shape, not integers, or out of range.
    """
    if labels is None:
        raise ValueError(
            "`labels` is required by a ConditionalVAE (one integer per example). "
            "Received: labels=None"
        )
    array = np.asarray(labels)
    if array.ndim == 0:
        array = np.full(count, array)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1 or len(array) != count:
        raise ValueError(
            f"`labels` must have shape ({count},), one per example. "
            f"Received: labels.shape={np.shape(labels)}"
        )
    if array.dtype.kind not in "iuf" or not np.all(np.mod(array, 1) == 0):
        raise ValueError(f"`labels` must be integers. Received: labels={np.unique(array)[:5]}")
    if array.size and (array.min() < 0 or array.max() >= num_labels):
        raise ValueError(
            f"`labels` must lie in [0, {num_labels - 1}]. "
            f"Received: labels between {array.min()} and {array.max()}"
        )
    return np.eye(num_labels, dtype="float32")[array.astype(np.int64)]


@keras.saving.register_keras_serializable(package="cylinders")
class ConditionalVAE(VAE):
    """A conditional VAE: the label (the cylinder's type) is given to the encoder, as constant
    image planes beside the picture, and to the decoder, joined to z.

    The latent space then holds only what the label does not say (radius and height), and decoding a
    point under another label draws the same cylinder as the other type.

    Args:
        latent_dim: dimension of the latent space.
        num_labels: number of labels (2 for the two cylinder types).
        beta: weight of the KL term; 1.0 is the ELBO.
        image_size: side of the square images.
        filters: channels of the encoder's convolutions.
        seed: seed of the sampling layer.

    Train it with `model.compile(optimizer=...)` then `model.fit((images, labels))`, where `labels`
    are integers in `[0, num_labels)`. The NumPy helpers take the labels the same way, with what
    they encode or decode: `encode((images, labels))`, `decode((z, labels))`,
    `reconstruct((images, labels))`.
    """

    def __init__(
        self,
        latent_dim: int = defaults.LATENT_DIM,
        *,
        num_labels: int = defaults.NUM_LABELS,
        beta: float = defaults.BETA,
        image_size: int = 64,
        filters: tuple[int, ...] = DEFAULT_FILTERS,
        seed: int | None = None,
        **kwargs,
    ):
        # Read by _ShapeModel.__init__, which builds the two networks.
        self.num_labels = check_integer(num_labels, "num_labels", minimum=2)
        super().__init__(
            latent_dim, beta=beta, image_size=image_size, filters=filters, seed=seed, **kwargs
        )

    def get_config(self):
        return {**super().get_config(), "num_labels": self.num_labels}

    def call(self, inputs, training=False):
        images, labels = inputs
        one_hot = ops.one_hot(
            ops.cast(ops.reshape(labels, (-1,)), "int32"), self.num_labels
        )  # (batch, L)
        z_mean, z_log_var = self.encoder([images, one_hot], training=training)
        z = self.sampling(z_mean, z_log_var) if training else z_mean
        return self.decoder([z, one_hot], training=training), z_mean, z_log_var

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        images, _ = x  # the loss is the VAE's: it compares images, the label is only an input
        return super().compute_loss(images, y, y_pred, sample_weight, training)
