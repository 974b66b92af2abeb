"""The measures, checked against oracles: true renders are valid, noise is not, KL has a closed
form."""

import numpy as np
import pytest

from cylinders import make_cylinders, make_shapes, metrics, render_cylinders


def test_true_renders_are_valid_and_their_factors_recovered():
    images, factors = make_cylinders(200, random_state=5)
    fraction, valid, found = metrics.validity(images, return_factors=True)
    assert fraction == 1.0 and valid.all()
    np.testing.assert_array_equal(found["kind"], factors["kind"])
    assert np.abs(found["radius"] - factors["radius"]).max() <= 1.0
    assert np.abs(found["height"] - factors["height"]).max() <= 1.5


def test_renders_shifted_by_more_than_one_pixel_are_invalid():
    images, _ = make_cylinders(100, random_state=6)
    assert metrics.validity(np.roll(images, 1, axis=2)) >= 0.8  # within the one-pixel tolerance
    assert metrics.validity(np.roll(images, 3, axis=2)) == 0.0
    assert metrics.validity(np.roll(images, 3, axis=1)) == 0.0


def test_noise_blank_and_full_images_are_invalid(rng):
    noise = (rng.random((50, 64, 64, 1)) < 0.5).astype("float32")
    assert metrics.validity(noise) == 0.0
    assert metrics.validity(np.zeros((5, 64, 64, 1))) == 0.0
    assert metrics.validity(np.ones((5, 64, 64, 1))) == 0.0


def test_a_cylinder_without_its_white_face_is_invalid():
    image = render_cylinders(14.0, 20.0, kind=0)
    filled = image.copy()
    for row in range(64):  # fill every row between its leftmost and rightmost ink
        ink = np.flatnonzero(filled[0, row, :, 0])
        if len(ink):
            filled[0, row, ink[0] : ink[-1] + 1, 0] = 1.0
    assert metrics.validity(image) == 1.0
    assert metrics.validity(filled) == 0.0


def test_probabilities_are_binarised_at_one_half():
    images, _ = make_cylinders(20, random_state=2)
    soft = 0.2 + 0.6 * images  # 0.2 for paper, 0.8 for ink
    assert metrics.validity(soft) == 1.0


def test_other_shapes_are_not_cylinders_but_can_be_searched():
    images, factors = make_shapes(30, shapes=["sphere"], random_state=0)
    assert metrics.validity(images) == 0.0
    assert metrics.validity(images, shapes_searched=("sphere",), kinds=(0,)) == 1.0


def test_coverage_of_the_data_itself_is_full():
    images, factors = make_cylinders(400, random_state=3)
    result = metrics.coverage(images, factors)
    assert result["validity"] == 1.0
    assert result["cells_reached"] == 1.0
    assert result["distance"] < 0.1


def test_coverage_of_one_repeated_cylinder_is_low():
    _, factors = make_cylinders(400, random_state=3)
    same = np.repeat(render_cylinders(10.0, 20.0), 100, axis=0)
    result = metrics.coverage(same, factors)
    assert result["validity"] == 1.0
    assert result["cells_reached"] <= 1 / 16
    assert result["distance"] > 0.9


def test_morph_smoothness_of_a_rendered_morph():
    radius = np.linspace(8.0, 16.0, 17)
    frames = render_cylinders(radius, 20.0)
    result = metrics.morph_smoothness(frames)
    assert result["valid_frames"] == 1.0
    assert 0 < result["max_step"] < 0.04
    jump = np.concatenate([frames[:1], render_cylinders(16.0, 20.0, kind=1)])
    assert metrics.morph_smoothness(jump)["max_step"] > result["max_step"]


def test_kl_numpy_matches_the_closed_form_by_integration():
    # 1-D oracle: integrate q log(q / p) on a fine grid.
    mean, log_var = 0.7, np.log(0.3)
    z = np.linspace(-10, 10, 200001)
    q = np.exp(-0.5 * (z - mean) ** 2 / np.exp(log_var)) / np.sqrt(2 * np.pi * np.exp(log_var))
    p = np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi)
    integral = np.sum(q * np.log(q / p)) * (z[1] - z[0])
    assert metrics.kl_numpy(np.array([[mean]]), np.array([[log_var]]))[0] == pytest.approx(
        integral, rel=1e-4
    )
    assert metrics.kl_numpy(np.zeros((3, 2)), np.zeros((3, 2))) == pytest.approx(np.zeros(3))


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: metrics.validity(np.zeros((2, 32, 32))), "images.shape=\\(2, 32, 32\\)"),
        (lambda: metrics.validity(np.zeros((2, 64, 64)), max_mismatch=-1), "max_mismatch=-1"),
        (lambda: metrics.coverage(np.zeros((2, 64, 64)), {"radius": np.ones(2)}), "Received keys"),
        (lambda: metrics.morph_smoothness(np.zeros((1, 64, 64))), "1 frame"),
    ],
)
def test_metrics_reject_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("size", [16, 64, 70])
def test_packed_layers_match_a_pixel_by_pixel_dilation(size, rng):
    masks = rng.random((20, size, size)) > 0.8

    def grow(pixels):  # the plain version: a pixel is set when any of its 3×3 neighbours is
        padded = np.pad(pixels, ((0, 0), (1, 1), (1, 1)))
        return np.any(
            [
                padded[:, 1 + dy : 1 + dy + size, 1 + dx : 1 + dx + size]
                for dy in (-1, 0, 1)
                for dx in (-1, 0, 1)
            ],
            axis=0,
        )

    def unpack(words):
        return np.unpackbits(words.view(np.uint8), axis=-1, bitorder="little")[..., :size].astype(
            bool
        )

    ink, grown_ink, paper, grown_paper = metrics._layers(masks)
    for packed, expected in (
        (ink, masks),
        (grown_ink, grow(masks)),
        (paper, ~masks),
        (grown_paper, grow(~masks)),
    ):
        np.testing.assert_array_equal(unpack(packed), expected)
    assert not np.unpackbits(grown_paper.view(np.uint8), axis=-1, bitorder="little")[
        ..., size:
    ].any()


def test_label_match_counts_valid_images_of_the_type_asked_for():
    standing = render_cylinders([8.0, 10.0], [20.0, 24.0], kind=0)
    assert metrics.label_match(standing, [0, 0]) == 1.0
    assert metrics.label_match(standing, [1, 0]) == 0.5
    assert metrics.label_match(np.zeros_like(standing), [0, 0]) == 0.0  # blank: not valid
    with pytest.raises(ValueError, match=r"labels.shape=\(3,\)"):
        metrics.label_match(standing, [0, 0, 0])


def test_is_valid_answers_per_image_and_validity_is_its_mean():
    images, _ = make_cylinders(6, random_state=3)
    noisy = np.concatenate([images, np.random.default_rng(0).random((2, 64, 64, 1))])
    valid = metrics.is_valid(noisy)
    assert valid.dtype == bool and valid.tolist() == [True] * 6 + [False] * 2
    assert metrics.validity(noisy) == valid.mean()


def test_the_ranges_a_user_drew_with_are_searched():
    images, _ = make_cylinders(4, radius_range=(3, 6), height_range=(8, 12), random_state=0)
    assert not metrics.is_valid(images).any()  # outside the default ranges: no render matches
    found = metrics.is_valid(images, radius_range=(3, 6), height_range=(8, 12))
    assert found.all()


def test_morph_smoothness_of_a_batch_matches_each_morph_alone():
    start, end = render_cylinders([8.0, 16.0], [30.0, 12.0], kind=[0, 0])
    weights = np.linspace(0, 1, 6)[:, None, None, None]
    one = (1 - weights) * start + weights * end  # a cross-fade: not all frames valid
    batch = np.stack([one, one[::-1]])
    result = metrics.morph_smoothness(batch)
    alone = metrics.morph_smoothness(one)
    assert result["valid"].shape == (2, 6)
    assert result["valid_frames"][0] == alone["valid_frames"] == result["valid_frames"][1]
    assert result["max_step"][0] == pytest.approx(alone["max_step"])


def test_the_mismatch_map_shows_the_pixels_closest_renders_counts(rng):
    images, _ = make_cylinders(12, random_state=1)
    noisy = images.copy()
    flipped = rng.random(noisy.shape) < 0.01
    noisy[flipped] = 1 - noisy[flipped]
    blends = (images[:6] + images[6:]) / 2 + 0.01  # two cylinders drawn over each other
    batch = np.concatenate([images, noisy, blends])
    renders, errors, factors = metrics.mismatch_map(batch)
    mismatch, closest = metrics.closest_renders(batch)
    np.testing.assert_array_equal(errors.sum(axis=(1, 2)), mismatch)
    np.testing.assert_array_equal(errors[:12], False)  # a render matches itself
    assert renders.shape == errors.shape == (30, 64, 64) and renders[:12].any(axis=(1, 2)).all()
    assert mismatch[12:24].min() > 0 and factors["kind"].tolist() == closest["kind"].tolist()
