#!/usr/bin/env python3
"""Time training steps of the 784-128-10 ReLU MLP on MNIST in PyTorch on the CPU.

Each step is the loop body of classic.py: gather a batch of 128 by shuffled
index, forward, cross-entropy, backward, an SGD step and `loss.item()`. The
script prints one JSON object with the samples per second of each repeat, so
that `pnpm bench` can set it beside the initlab step measured in the same run.

Example:
    /usr/bin/python3 bench/pytorch/step.py --threads 1 --steps 300 --repeats 3
"""

import argparse
import json
import sys
import time

import torch
from torch.nn import functional as F

from classic import DEFAULT_DATA_DIR, build_model, describe_machine, load_split, positive_int


def time_steps(model, optimizer, inputs, labels, args, generator) -> float:
    """Run `args.steps` training steps and return their wall time in seconds."""
    order = torch.randperm(inputs.shape[0], generator=generator)
    batches = inputs.shape[0] // args.batch_size
    started = time.perf_counter()
    for step in range(args.steps):
        start = (step % batches) * args.batch_size
        index = order[start : start + args.batch_size]
        loss = F.cross_entropy(model(inputs[index]), labels[index])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss.item()
    return time.perf_counter() - started


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR, help="folder with the MNIST IDX files")
    parser.add_argument("--threads", type=positive_int, default=1, help="torch intra-op CPU threads (default: 1)")
    parser.add_argument("--batch-size", type=positive_int, default=128, help="examples per step (default: 128)")
    parser.add_argument("--lr", type=float, default=0.001, help="SGD learning rate (default: 0.001)")
    parser.add_argument("--warmup", type=positive_int, default=50, help="untimed steps first (default: 50)")
    parser.add_argument("--steps", type=positive_int, default=300, help="timed steps per repeat (default: 300)")
    parser.add_argument("--repeats", type=positive_int, default=3, help="timed repeats (default: 3)")
    parser.add_argument("--seed", type=int, default=42, help="seed of the weights and the order (default: 42)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    inputs, labels = load_split(args.data_dir, "train")

    torch.manual_seed(args.seed)
    model = build_model("he")
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.0)
    generator = torch.Generator().manual_seed(args.seed)
    model.train()

    warmup = argparse.Namespace(**{**vars(args), "steps": args.warmup})
    time_steps(model, optimizer, inputs, labels, warmup, generator)
    samples_per_second = []
    for _ in range(args.repeats):
        seconds = time_steps(model, optimizer, inputs, labels, args, generator)
        samples_per_second.append(args.steps * args.batch_size / seconds)

    result = {
        "torchVersion": torch.__version__,
        "threads": torch.get_num_threads(),
        "batchSize": args.batch_size,
        "steps": args.steps,
        "samplesPerSecond": samples_per_second,
        "machine": describe_machine(),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
