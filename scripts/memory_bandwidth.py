#!/usr/bin/python3
"""memory_bandwidth.py -- single-thread copy bandwidth at the working-set sizes of the bench's layers,
for the README's roofline (issue 11): how many bytes a second one core can read and write when the
data fits in L2, in L3, or only in main memory.

    /usr/bin/python3 scripts/memory_bandwidth.py [--repeat N]

Each size copies one float32 array into another (numpy.copyto: a memcpy), REPEAT times, and prints the
median of (bytes read + bytes written) / processor time, as the bench counts a layer (read its input,
write its output). Processor time (time.thread_time), so other jobs on a shared machine count less.
Debian's python3-numpy. A measurement, not a test.
"""
import argparse
import statistics
import time

import numpy as np

SIZES_KB = [256, 1024, 4096, 16384, 262144]


def copy_bandwidth(size_kb, repeat):
    n = size_kb * 1024 // 4
    source = np.random.default_rng(1).random(n, dtype=np.float32)
    destination = np.empty_like(source)
    inner = max(1, (64 * 1024 * 1024) // (size_kb * 1024))  # about 64 MB copied per timed run
    np.copyto(destination, source)  # warm-up: pages mapped, caches filled
    rates = []
    for _ in range(repeat):
        start = time.thread_time()
        for _ in range(inner):
            np.copyto(destination, source)
        seconds = time.thread_time() - start
        rates.append(2 * source.nbytes * inner / seconds / 1e9)
    return statistics.median(rates)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=11, help="timed runs per size (default 11)")
    args = parser.parse_args()
    print("array size   copy GB/s (read + write, one thread, median)")
    for size_kb in SIZES_KB:
        label = f"{size_kb // 1024} MB" if size_kb >= 1024 else f"{size_kb} KB"
        print(f"{label:>10}   {copy_bandwidth(size_kb, args.repeat):8.1f}")


if __name__ == "__main__":
    main()
