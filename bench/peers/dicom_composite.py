# The Python peer of bench/dicom.bench.ts: DICOM bytes -> HU -> the 3-window composite with pydicom + numpy,
# written as a numpy user would, with the same rounding as Loupe (round half up), so the outputs are identical.
# Usage: python3 dicom_composite.py <file.dcm> <iterations> [<output.rgb>]
# Prints one JSON line: the wall milliseconds of every iteration (after a warm-up), and the CPU milliseconds per
# iteration of each batch of 10 (CPU time leaves out the time other processes held the core).
import io
import json
import sys
import time

import numpy as np
import pydicom

WINDOWS = ((40, 80), (80, 200), (40, 380))  # brain, subdural, soft tissue -> R, G, B


def composite(data):
    ds = pydicom.dcmread(io.BytesIO(data))
    hu = ds.pixel_array * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    rgb = np.empty(hu.shape + (3,), np.uint8)
    for channel, (center, width) in enumerate(WINDOWS):
        rgb[..., channel] = np.floor(np.clip((hu - (center - width / 2)) / width, 0, 1) * 255 + 0.5)
    return rgb


def main():
    path, iterations = sys.argv[1], int(sys.argv[2])
    with open(path, 'rb') as f:
        data = f.read()
    first = composite(data)
    if len(sys.argv) > 3:
        with open(sys.argv[3], 'wb') as f:
            f.write(first.tobytes())
    for _ in range(10):
        composite(data)
    times = []
    cpu = []
    for _ in range(iterations // 10):
        cpu_start = time.process_time()
        for _ in range(10):
            start = time.perf_counter()
            composite(data)
            times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 100)
    print(json.dumps({'times': times, 'cpu': cpu, 'versions': {'pydicom': pydicom.__version__, 'numpy': np.__version__}}))


main()
