"""The package's default settings, in one place: the training settings the article measured best
(see the README's notes), read by `training`, `article` and the command line. NumPy-free and
Keras-free, so that `python -m cylinders --help` answers at once."""

import os

#: Training cylinders.
N_SAMPLES = 1000
#: Passes over the training data.
EPOCHS = 50
#: Dimension of the latent space.
LATENT_DIM = 2
#: Weight of the KL term (1 is the ELBO).
BETA = 1.0
#: Images per gradient step; measured best for quality in 50 epochs on a 2-core CPU.
BATCH_SIZE = 32
#: Adam's learning rate; 1e-3 and 2e-3 gave fewer valid VAE samples in 50 epochs (see the notes).
LEARNING_RATE = 3e-3
#: Seeds the data and the models (initial weights, shuffling, the VAE's sampling).
SEED = 0
#: Labels of the conditional VAE: the two cylinder types.
NUM_LABELS = 2
#: The environment that makes every backend compute on one thread, set before it is imported: what
#: the site's build runs its examples in, so that its trainings can run two at a time
#: (`article.train_missing`) and give the bits a one-at-a-time run gives.
ONE_THREAD = {
    "OMP_NUM_THREADS": "1",  # PyTorch, and the oneDNN kernels of TensorFlow
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
    "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",  # JAX
}


def cpus() -> int:
    """The processor cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1
