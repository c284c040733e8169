"""Dense matcher: contract, MatcherModel, augmentation, network, loss, training, ONNX export.

The contract tests cover normalisation and metadata; training is a tiny run; the export is
checked for ONNX parity.

The MatcherModel tests use a hand-made contract-compliant ONNX graph (onnx.helper, no torch):
a constant warp of (0, +1) px and certainty = sigmoid(normalised reference), with a
SpaceToDepth(8) round trip that fails unless H and W are multiples of the stride. The torch
tests (network, loss, training, export) are skipped without torch.
"""
import json
from pathlib import Path

import numpy as np
import pytest

from sar_height.core.errors import ModelError
from sar_height.core.stereo import matcher_contract as contract
from sar_height.training.matcher import augment as aug
from sar_height.training.matcher.data import (
    AugmentConfig,
    PatchBank,
    bank_for,
    synthetic_patches,
)

ROOT = Path(__file__).resolve().parents[1]

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

META = {"format": "sar_height_matcher", "contract": 1, "stride": 8, "patch_size": 128,
        "max_displacement_px": 16.0, "normalisation": "log_standardised",
        "log_floor_fraction": 0.3, "clip_sigma": 5.0}


def _dummy_matcher(path, meta=META, input_names=("reference", "secondary")):
    """Contract-shaped ONNX: warp = (0, 1) px everywhere, certainty = sigmoid(reference)."""
    from onnx import TensorProto, helper

    ref, sec = input_names
    shape = ["N", 1, "H", "W"]
    nodes = [
        helper.make_node("SpaceToDepth", [ref], ["blocks"], blocksize=8),  # needs H, W % 8
        helper.make_node("DepthToSpace", ["blocks"], ["ref_back"], blocksize=8),
        helper.make_node("Mul", ["ref_back", "zero"], ["z0"]),
        helper.make_node("Mul", [sec, "zero"], ["z1"]),
        helper.make_node("Concat", ["z0", "z1"], ["zeros2"], axis=1),
        helper.make_node("Add", ["zeros2", "shift"], ["warp"]),
        helper.make_node("Sigmoid", ["ref_back"], ["certainty"]),
    ]
    graph = helper.make_graph(
        nodes, "dummy_matcher",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, shape) for n in input_names],
        [helper.make_tensor_value_info("warp", TensorProto.FLOAT, ["N", 2, "H", "W"]),
         helper.make_tensor_value_info("certainty", TensorProto.FLOAT, shape)],
        [helper.make_tensor("zero", TensorProto.FLOAT, [], [0.0]),
         helper.make_tensor("shift", TensorProto.FLOAT, [1, 2, 1, 1], [0.0, 1.0])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    if meta is not None:
        entry = model.metadata_props.add()
        entry.key, entry.value = "sar_height", json.dumps(meta)
    onnx.save(model, str(path))
    return path


# ------------------------------------------------------------------------------------------
# Contract


def test_normalisation_is_log_standardised_per_image():
    rng = np.random.default_rng(0)
    images = rng.gamma(1.0, 1.0, (2, 40, 50)) * np.array([1.0, 1000.0])[:, None, None]
    images[0, :3] = np.nan
    images[0, 5, 5] = 0.0  # no data too
    z = contract.normalise_intensity(images)
    assert z.dtype == np.float32 and z.shape == images.shape
    for index in range(2):
        good = contract.valid_intensity(images[index])
        assert abs(z[index][good].mean()) < 1e-5 and abs(z[index][good].std() - 1.0) < 1e-4
        assert np.all(z[index][~good] == 0.0)
    # the definition, written out; scale-invariant (the second image is 1000x brighter)
    values = images[1].ravel()
    logs = np.log(values + 0.3 * values.mean())
    expected = np.clip((logs - logs.mean()) / logs.std(), -5, 5).reshape(40, 50)
    np.testing.assert_allclose(z[1], expected, atol=1e-5)
    z_scaled = contract.normalise_intensity(images[1] / 1000.0)
    np.testing.assert_allclose(z_scaled, z[1], atol=1e-4)
    assert np.all(contract.normalise_intensity(np.full((8, 8), 3.0)) == 0.0)
    assert np.all(contract.normalise_intensity(np.full((8, 8), np.nan)) == 0.0)


@pytest.mark.parametrize("change, message", [
    ({"format": "sar_height_height_model"}, "not a SAR Height matcher"),
    ({"contract": 2}, "matcher contract 2"),
    ({"normalisation": "db"}, "normalisation"),
    ({"stride": 0}, "'stride' must be an integer of at least 1"),
    ({"patch_size": 100}, "not a multiple of its stride"),
    ({"max_displacement_px": None}, "max_displacement_px"),
])
def test_metadata_errors(change, message):
    meta = {**META, **change}
    with pytest.raises(ModelError, match=message):
        contract.validate_metadata(meta)
    assert contract.validate_metadata(META)["stride"] == 8


# ------------------------------------------------------------------------------------------
# MatcherModel (no torch)


def test_matcher_model_rejects_bad_files(tmp_path):
    from sar_height.core.stereo.deep import MatcherModel

    with pytest.raises(ModelError, match="does not exist"):
        MatcherModel(tmp_path / "missing.onnx")
    with pytest.raises(ModelError, match="no 'sar_height' metadata"):
        MatcherModel(_dummy_matcher(tmp_path / "bare.onnx", meta=None))
    height = {**META, "format": "sar_height_height_model"}
    with pytest.raises(ModelError, match="not a SAR Height matcher"):
        MatcherModel(_dummy_matcher(tmp_path / "height.onnx", meta=height))
    with pytest.raises(ModelError, match="contract 3"):
        MatcherModel(_dummy_matcher(tmp_path / "c3.onnx", meta={**META, "contract": 3}))
    with pytest.raises(ModelError, match="inputs"):
        MatcherModel(_dummy_matcher(tmp_path / "names.onnx", input_names=("image1", "image2")))
    (tmp_path / "junk.onnx").write_bytes(b"not onnx")
    with pytest.raises(ModelError, match="Cannot load"):
        MatcherModel(tmp_path / "junk.onnx")


def test_matcher_model_normalises_pads_and_masks(tmp_path):
    from sar_height.core.stereo.deep import MatcherModel

    model = MatcherModel(_dummy_matcher(tmp_path / "dummy.onnx"), threads=1)
    assert (model.stride, model.patch_size, model.max_displacement_px) == (8, 128, 16.0)
    rng = np.random.default_rng(1)
    reference = rng.gamma(2.0, 1.0, (37, 45)).astype(np.float32)  # not multiples of 8
    secondary = rng.gamma(2.0, 1.0, (37, 45)).astype(np.float32)
    reference[0:4, 0:4] = np.nan
    secondary[10, 20] = 0.0  # no data: reference pixel (10, 19) lands on it
    result = model.match(reference, secondary)
    for array in result:
        assert array.shape == (37, 45) and array.dtype == np.float32
    ref_ok = contract.valid_intensity(reference)
    assert np.all(np.isnan(result.offset_lines[~ref_ok]))
    assert np.all(result.offset_lines[ref_ok] == 0.0)
    assert np.all(result.offset_samples[ref_ok] == 1.0)
    assert result.certainty.min() >= 0.0 and result.certainty.max() <= 1.0
    expected = 1.0 / (1.0 + np.exp(-contract.normalise_intensity(reference)))
    usable = ref_ok.copy()
    usable[:, -1] = False  # +1 sample from the last column lands outside the patch
    usable[10, 19] = False
    np.testing.assert_allclose(result.certainty[usable], expected[usable], atol=1e-6)
    assert np.all(result.certainty[~usable] == 0.0)
    # stacks and amplitude input
    batch = model.match_batch(np.stack([reference, reference]), np.stack([secondary] * 2))
    np.testing.assert_array_equal(batch.certainty[1], result.certainty)
    amplitude = model.match(np.sqrt(reference), np.sqrt(secondary), input_kind="amplitude")
    np.testing.assert_allclose(amplitude.certainty, result.certainty, atol=1e-5)
    # the pipeline's matcher callable
    from sar_height.core.stereo.deep import deep_matcher
    from sar_height.core.stereo.pipeline import DenseMatch

    dense = deep_matcher(model, min_certainty=0.5)(reference, secondary)
    assert isinstance(dense, DenseMatch) and dense.lines is None
    np.testing.assert_array_equal(dense.confidence, result.certainty)
    np.testing.assert_array_equal(dense.valid, result.certainty >= 0.5)


# ------------------------------------------------------------------------------------------
# Augmentation and data (numpy)


def _smooth_pair(shape=(64, 64), seed=0):
    from scipy.ndimage import gaussian_filter

    rng = np.random.default_rng(seed)
    image = gaussian_filter(rng.gamma(2.0, 1.0, shape), 5.0)  # smooth: interpolation ~exact
    return image, rng


def _closure_error(reference, secondary, offset, valid):
    lines, samples = aug.pixel_grid(reference.shape)
    seen = aug.sample_bilinear(secondary, lines + offset[0], samples + offset[1])
    return np.nanmax(np.abs(seen - reference)[valid]) / np.nanstd(reference)


def test_augmentations_keep_offsets_consistent():
    image, rng = _smooth_pair()
    offset, valid = np.zeros((2,) + image.shape, np.float32), np.ones(image.shape, bool)
    field = aug.smooth_field(image.shape, rng, (2.0, 5.0), (0.5, 2.0), 12.0)
    sample = (image,) + aug.displace_secondary(image, offset, valid, field)
    assert 0.7 < sample[3].mean() < 1.0
    assert np.abs(sample[2][:, sample[3]] + field[:, sample[3]]).max() < 0.5  # offset ~ -field
    assert _closure_error(*sample) < 0.1
    for transform in (aug.swap_roles, aug.flip_lines, aug.flip_samples):
        out = transform(*sample)
        assert out[3].mean() > 0.6 and np.all(out[2][:, ~out[3]] == 0.0)
        assert _closure_error(*out) < 0.1, transform.__name__
    back = aug.swap_roles(*aug.swap_roles(*sample))
    both = back[3] & sample[3]
    assert np.abs(back[2] - sample[2])[:, both].max() < 0.1


def test_synthetic_stand_in_and_batches():
    patches = synthetic_patches(4, patch=64, seed=3)
    assert patches["reference"].shape == (4, 64, 64) and patches["offset"].shape == (4, 2, 64, 64)
    assert patches["valid"].dtype == bool and 0.5 < patches["valid"].mean() < 1.0
    assert np.all(patches["offset"][:, 0][~patches["valid"]] == 0.0)
    bank = PatchBank(patches)
    batch = bank.batch([0, 1, 2], np.random.default_rng(0), AugmentConfig())
    assert batch["reference"].shape == (3, 1, 64, 64) and batch["offset"].shape == (3, 2, 64, 64)
    assert batch["valid"].shape == (3, 1, 64, 64)
    assert all(v.dtype == np.float32 for v in batch.values())
    assert abs(float(batch["reference"].mean())) < 0.05
    assert 0 < bank.offset_percentile_px() < 12
    with pytest.raises(ValueError, match="training and validation"):
        bank_for("evaluation")


# ------------------------------------------------------------------------------------------
# Network, loss, training, export (torch)


def _torch():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(1)
    torch.manual_seed(0)
    return torch


def test_network_shapes_and_contract_graph():
    torch = _torch()
    from sar_height.training.matcher.network import ExportedMatcher, build_matcher, count_parameters

    model = build_matcher().eval()
    assert 2e5 < count_parameters(model) < 1.5e6
    x = torch.randn(2, 1, 64, 96)
    with torch.no_grad():
        estimates = model(x, torch.roll(x, 2, 3))
        warp, certainty = ExportedMatcher(model)(x, x)
    assert [e[0] for e in estimates] == [8, 8, 4, 2, 1]
    assert estimates[0][2] is None
    for stride, offset, logit in estimates[1:]:
        assert offset.shape == (2, 2, 64 // stride, 96 // stride)
        assert logit.shape == (2, 1, 64 // stride, 96 // stride)
    assert warp.shape == (2, 2, 64, 96) and certainty.shape == (2, 1, 64, 96)
    assert float(certainty.min()) >= 0.0 and float(certainty.max()) <= 1.0


def test_correlation_warp_and_global_match_conventions():
    torch = _torch()
    from sar_height.training.matcher.network import GlobalMatcher, local_correlation, warp_features

    features = torch.randn(1, 16, 12, 14)
    shifted = torch.roll(features, (1, -2), (2, 3))  # content of p is at p + (1, -2)
    offset = torch.zeros(1, 2, 12, 14)
    offset[:, 0], offset[:, 1] = 1.0, -2.0
    warped = warp_features(shifted, offset)
    inner = (slice(None), slice(None), slice(None, -1), slice(2, None))  # no wrap-around
    assert torch.allclose(warped[inner], features[inner], atol=1e-5)
    correlation = local_correlation(features, shifted, radius=2)  # channel k = (dy, dx)
    k = (1 + 2) * 5 + (-2 + 2)
    expected = (features * torch.roll(shifted, (-1, 2), (2, 3))).mean(1)
    assert torch.allclose(correlation[0, k, 2:-2, 2:-2], expected[0, 2:-2, 2:-2], atol=1e-5)
    matcher = GlobalMatcher(16, dim=16, temperature=0.01)
    with torch.no_grad():
        matcher.project.weight.copy_(torch.eye(16)[:, :, None, None])
        matcher.project.bias.zero_()
        warp_px, peak = matcher(features, shifted, stride=8)
    interior = warp_px[0, :, :-1, 2:]
    assert torch.allclose(interior[0], torch.full_like(interior[0], 8.0), atol=0.5)
    assert torch.allclose(interior[1], torch.full_like(interior[1], -16.0), atol=0.5)
    assert float(peak.min()) > 0.5


def test_loss_targets_and_zero_error():
    torch = _torch()
    from sar_height.training.matcher.loss import charbonnier, matcher_loss, targets_at

    offset = torch.randn(2, 2, 16, 16)
    valid = torch.ones(2, 1, 16, 16)
    valid[:, :, :8, :8] = 0.0
    truth4, good4 = targets_at(offset, valid, 4)
    assert truth4.shape == (2, 2, 4, 4) and not good4[0, 0, 0, 0] and good4[0, 0, 3, 3]
    assert torch.allclose(truth4[:, :, 3, 3], offset[:, :, 12:, 12:].mean((2, 3)), atol=1e-6)
    assert float(charbonnier(torch.zeros(1), 0.25)) == 0.0
    perfect = [(s, targets_at(offset, valid, s)[0], torch.full((2, 1, 16 // s, 16 // s), 20.0))
               for s in (4, 2, 1)]
    total, parts = matcher_loss(perfect, offset, valid)
    assert float(parts["regression"]) < 1e-6
    # certainty targets = valid & accurate: certain logits cost only on the invalid pixels
    assert 0 < float(parts["certainty"]) < 3 * 20.0 * 0.25 + 1e-3


def _tiny_config(tmp_path, steps):
    from sar_height.training.matcher.data import PairDataConfig
    from sar_height.training.matcher.train import MatcherTrainConfig

    return MatcherTrainConfig(out=str(tmp_path / "m.pt"), steps=steps, batch=4, lr=3e-3,
                              threads=1, validations=1, log_every=1000, source="synthetic",
                              data=PairDataConfig(patch=64))


@pytest.mark.slow
def test_tiny_training_reduces_the_loss(tmp_path):
    torch = _torch()
    from sar_height.training.matcher.loss import matcher_loss
    from sar_height.training.matcher.network import build_matcher

    bank = PatchBank(synthetic_patches(4, patch=64, seed=5))
    batch = {k: torch.from_numpy(v) for k, v in bank.batch(range(4)).items()}
    model = build_matcher()
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3)
    losses = []
    for _ in range(25):
        loss, _ = matcher_loss(model(batch["reference"], batch["secondary"]), batch["offset"],
                               batch["valid"])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
    assert np.isfinite(losses).all()
    assert np.mean(losses[-3:]) < 0.6 * np.mean(losses[:3]), losses


def _tiny_trained_checkpoint(tmp_path):
    """(cfg, bank, model, summary) of 2 steps on stand-in patches, saved at cfg.out."""
    from sar_height.training.matcher.train import (
        max_displacement_px,
        save_checkpoint,
        train_matcher,
        validation_batches,
    )

    cfg = _tiny_config(tmp_path, steps=2)
    bank = PatchBank(synthetic_patches(8, patch=64, seed=6))
    model, summary = train_matcher(cfg, bank, validation_batches(bank.subset([0, 1]), cfg),
                                   log=lambda *_: None)
    save_checkpoint(cfg.out, model, cfg, summary, max_displacement_px(bank, cfg.augment))
    return cfg, bank, model, summary


def test_checkpoint_export_parity_and_matcher_model(tmp_path):
    _torch()
    from sar_height.core.stereo.deep import MatcherModel
    from sar_height.training.matcher.export import export_matcher

    cfg, bank, model, summary = _tiny_trained_checkpoint(tmp_path)
    assert summary["steps"] == 2 and "epe_px" in summary["validation"]
    out = tmp_path / "matcher.onnx"
    diffs = export_matcher(cfg.out, out)
    assert diffs["warp"] < 1e-4 and diffs["certainty"] < 1e-4, diffs
    matcher = MatcherModel(out, threads=1)
    meta = matcher.metadata
    assert meta["format"] == "sar_height_matcher" and meta["contract"] == 1
    assert meta["stride"] == 8 and meta["patch_size"] == 64 and len(meta["weights_sha256"]) == 64
    assert meta["export"]["max_abs_diff"]["warp"] == diffs["warp"]
    reference = bank.patches["reference"][0][:60, :50]
    result = matcher.match(reference, bank.patches["secondary"][0][:60, :50])
    assert result.offset_lines.shape == (60, 50)
    assert np.isfinite(result.offset_samples).all()
    assert 0.0 <= result.certainty.min() and result.certainty.max() <= 1.0


def test_continued_training_starts_from_the_checkpoint(tmp_path):
    """--init: the second run starts from the first run's weights and records its training."""
    torch = _torch()
    from dataclasses import replace

    from sar_height.training.matcher.train import initial_model, train_matcher, validation_batches

    cfg, bank, model, _ = _tiny_trained_checkpoint(tmp_path)
    again = replace(cfg, init=cfg.out, out=str(tmp_path / "continued.pt"))
    start, earlier = initial_model(again)
    for name, value in model.state_dict().items():
        assert torch.equal(start.state_dict()[name], value), name
    assert earlier["checkpoint"] == "m.pt" and earlier["steps"] == 2
    _, summary = train_matcher(again, bank, validation_batches(bank.subset([0, 1]), again),
                               log=lambda *_: None)
    assert summary["continued_from"]["steps"] == 2 and summary["steps"] == 2
