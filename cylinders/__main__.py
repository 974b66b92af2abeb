"""A small command line: `python -m cylinders train ...`, `sample ...`, `export ...` and
`cache ...`.

Run `python -m cylinders --help` (or `train --help`, `sample --help`, `export --help`,
`cache --help`) for the options.
"""

from __future__ import annotations

import argparse
import sys

from cylinders import defaults


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message}\n")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a number > 0, got {text}")
    return value


def _parser() -> _Parser:
    parser = _Parser(
        prog="python -m cylinders",
        description="Train an autoencoder or a VAE on synthetic cylinders, and draw samples.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    train = commands.add_parser(
        "train",
        help="train a model on generated cylinders and save it",
        description="Generate cylinders, train a model on them, save it as .keras.",
    )
    train.add_argument(
        "--model",
        choices=("ae", "vae", "cvae"),
        default="vae",
        help="'ae' for the plain autoencoder, 'vae' for the variational one, 'cvae' for the "
        "conditional VAE that is told each cylinder's type (default: vae)",
    )
    # (option, type, default from cylinders.defaults, what it is)
    settings = [
        ("--epochs", _positive_int, defaults.EPOCHS, "passes over the data"),
        ("--n-samples", _positive_int, defaults.N_SAMPLES, "number of training cylinders"),
        ("--latent-dim", _positive_int, defaults.LATENT_DIM, "latent dimension"),
        ("--beta", float, defaults.BETA, "weight of the KL term, VAE only"),
        ("--batch-size", _positive_int, defaults.BATCH_SIZE, "images per step"),
        ("--learning-rate", _positive_float, defaults.LEARNING_RATE, "Adam's learning rate"),
        ("--seed", int, defaults.SEED, "seed of the data and the weights"),
    ]
    for option, kind, default, meaning in settings:
        train.add_argument(
            option, type=kind, default=default, help=f"{meaning} (default: {default:g})"
        )
    train.add_argument(
        "--out", required=True, help="where to save the trained model (a .keras file)"
    )

    sample = commands.add_parser(
        "sample",
        help="decode random latent points into a grid of images",
        description="Draw N(0, I) latent points, decode them, save a PNG grid.",
    )
    sample.add_argument("--model", required=True, help="a trained .keras file")
    sample.add_argument(
        "--n", type=_positive_int, default=64, help="number of samples (default: 64)"
    )
    sample.add_argument(
        "--seed", type=int, default=0, help="seed of the latent points (default: 0)"
    )
    sample.add_argument(
        "--label",
        type=int,
        default=None,
        help="for a conditional VAE: the type to draw (0: standing, 1: lying)",
    )
    sample.add_argument("--out", required=True, help="where to write the PNG grid")

    cache = commands.add_parser(
        "cache",
        help="list or clear the trained models that cache.fit keeps",
        description="The trained models cache.fit keeps, in $CYLINDERS_CACHE or "
        "~/.cache/cylinders; at most $CYLINDERS_CACHE_MB megabytes (default 1000), the least "
        "recently used removed first.",
    )
    cache.add_argument("action", choices=("list", "clear"), help="show the entries, or remove all")
    _add_export_parser(commands)
    return parser


def _add_export_parser(commands) -> None:
    export = commands.add_parser(
        "export",
        help="write a trained model for the browser (the page's window.cylinders)",
        description="Write a model's encoder and decoder as a manifest and float32 weights, "
        "and the validity rule, for the page's JavaScript forward pass.",
    )
    export.add_argument("--model", required=True, help="a trained .keras file")
    export.add_argument("--out", required=True, help="the folder to write into")
    export.add_argument(
        "--name", default=None, help="the files' stem (default: ae, vae or cvae, after the model)"
    )


def _train(args: argparse.Namespace) -> None:
    if not args.out.endswith(".keras"):  # checked before Keras starts its backend
        raise ValueError(f"--out must end in '.keras'. Received: --out={args.out}")
    from cylinders import shapes, training

    images, factors = shapes.make_cylinders(args.n_samples, random_state=args.seed)
    model, history = training.train_model(
        args.model,
        images,
        factors["kind"] if args.model == "cvae" else None,
        epochs=args.epochs,
        latent_dim=args.latent_dim,
        beta=args.beta,
        seed=args.seed,
        batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        verbose="epochs",
    )
    model.save(args.out)
    print(f"saved {args.out} (final loss {history.history['loss'][-1]:.1f})")


def _sample(args: argparse.Namespace) -> None:
    import os

    if not args.out.endswith(".png"):  # both checked before Keras starts its backend
        raise ValueError(f"--out must end in '.png'. Received: --out={args.out}")
    if not os.path.isfile(args.model):
        raise FileNotFoundError(f"No model file at path={args.model!r}")
    import numpy as np

    from cylinders import plots, saving

    model = saving.load_model(args.model)
    conditional = bool(getattr(model, "num_labels", 0))
    if conditional and args.label is None:
        raise ValueError(
            f"{args.model} is a conditional VAE: choose the type with --label "
            f"(0 to {model.num_labels - 1}). Received: --label=None"
        )
    if not conditional and args.label is not None:
        raise ValueError(
            f"--label is for a conditional VAE; {args.model} holds a {type(model).__name__}. "
            f"Received: --label={args.label}"
        )
    z = np.random.default_rng(args.seed).standard_normal((args.n, model.latent_dim))
    plots.save_image_grid(model.decode((z, args.label) if conditional else z), args.out)
    print(f"wrote {args.n} samples to {args.out}")


def _cache(args: argparse.Namespace) -> None:
    from cylinders import cache

    if args.action == "clear":
        print(f"removed {cache.clear()} cached trainings from {cache.cache_dir()}")
        return
    found = cache.entries()
    for entry in found:
        print(
            f"{entry['name']}  {entry['model']:<14} {entry['epochs']!s:>4} epochs  "
            f"{entry['backend']:<10} {entry['megabytes']:6.2f} MB"
        )
    total = sum(entry["megabytes"] for entry in found)
    print(f"{len(found)} cached trainings, {total:.1f} MB, in {cache.cache_dir()}")


def _export(args: argparse.Namespace) -> None:
    import os

    if not os.path.isfile(args.model):  # checked before Keras starts its backend
        raise FileNotFoundError(f"No model file at path={args.model!r}")
    from cylinders import export, saving

    manifest = export.export_model(saving.load_model(args.model), args.out, name=args.name)
    export.export_validity_rule(args.out)
    print(f"wrote {manifest} and its weights, and {os.path.join(args.out, 'validity.json')}")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"train": _train, "sample": _sample, "export": _export, "cache": _cache}
    try:
        commands[args.command](args)
    except (ValueError, FileNotFoundError) as error:
        print(
            f"python -m cylinders {args.command}: error: {error}".splitlines()[0], file=sys.stderr
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
