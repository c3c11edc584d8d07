# PyTorch's side of the reference U-Net in `npm run bench -- ml`: the same network as Loupe's built-in steel U-Net
# (src/main/ml/architectures/steel-unet.ts) built with torch.nn, loaded with the SAME weights the TensorFlow.js model
# holds (the bench writes them), so both sides are timed on one network in one run.
#
#   /usr/bin/python3 bench/peers/unet_torch.py <dir> <threads>
#
# <dir> holds what the bench wrote: weights.json (widths, upsampling kernel, and each tfjs weight's name, shape and
# offset in weights.f32, tfjs layouts), infer_input.f32 (NHWC) and step_input.f32 / step_target.f32 (NHWC).
# The peer writes infer_output.f32 (NHWC, to be checked against TensorFlow.js) and step_loss.f32 (the loss of the
# first training step, and the same loss summed in float64), prints {"ready": true, "parameters": n, "torch": version}, then for each line "infer" or
# "step" on stdin runs one inference at the bench's shape (no_grad) or one training step (forward + backward + Adam)
# and prints {"ms": …}.
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Sequential):
    def __init__(self, cin, cout):
        super().__init__(nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(inplace=True), nn.Conv2d(cout, cout, 3, padding=1), nn.ReLU(inplace=True))


class UNet(nn.Module):
    """widths[:-1] encoder levels, widths[-1] bottleneck; k×k stride-2 transposed convolutions as TensorFlow's
    "same" (output = 2 × input, the odd row and column cropped at the end), [up, skip] concatenated."""

    def __init__(self, widths, channels, classes, kernel):
        super().__init__()
        self.kernel = kernel
        self.down = nn.ModuleList()
        cin = channels
        for w in widths[:-1]:
            self.down.append(Block(cin, w))
            cin = w
        self.bottleneck = Block(cin, widths[-1])
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        cin = widths[-1]
        for w in reversed(widths[:-1]):
            self.up.append(nn.ConvTranspose2d(cin, w, kernel, stride=2))
            self.dec.append(Block(2 * w, w))
            cin = w
        self.masks = nn.Conv2d(cin, classes, 1)

    def forward(self, x):
        skips = []
        for block in self.down:
            x = block(x)
            skips.append(x)
            x = F.max_pool2d(x, 2)
        x = self.bottleneck(x)
        crop = self.kernel - 2  # what TensorFlow's "same" leaves off at the end (k − stride)
        for up, dec, skip in zip(self.up, self.dec, reversed(skips)):
            x = up(x)
            if crop:
                x = x[:, :, : x.shape[2] - crop, : x.shape[3] - crop]
            x = dec(torch.cat([x, skip], 1))
        return torch.sigmoid(self.masks(x))


def steel_loss(masks, targets):
    """Loupe's steelLoss without the presence head (src/main/ml/training/losses.ts), NCHW."""
    eps = 1e-6
    ce = -(targets * torch.log(masks + eps) + (1 - targets) * torch.log(1 - masks + eps))
    pixel = ce.mean()
    inter = (masks * targets).sum(dim=(0, 2, 3))
    truth = targets.sum(dim=(0, 2, 3))
    dice = (2 * inter + 1) / (masks.sum(dim=(0, 2, 3)) + truth + 1)
    present = (truth > 0).float()
    dice_loss = (present * (1 - dice)).sum() / torch.clamp(present.sum(), min=1)
    return pixel * 10 + dice_loss


def load(model, manifest, blob):
    weights = {w['name']: torch.from_numpy(blob[w['offset']:w['offset'] + int(np.prod(w['shape']))].reshape(w['shape']).copy())
               for w in manifest['weights']}
    convs = [('down%d_%s' % (i, p), b[j]) for i, b in enumerate(model.down) for p, j in (('a', 0), ('b', 2))]
    convs += [('bottleneck_%s' % p, model.bottleneck[j]) for p, j in (('a', 0), ('b', 2))]
    levels = list(reversed(range(len(model.down))))
    convs += [('dec%d_%s' % (lvl, p), model.dec[i][j]) for i, lvl in enumerate(levels) for p, j in (('a', 0), ('b', 2))]
    convs.append(('masks', model.masks))
    with torch.no_grad():
        for name, conv in convs:  # tfjs Conv2D kernel [kh, kw, in, out] → [out, in, kh, kw]
            conv.weight.copy_(weights[name + '/kernel'].permute(3, 2, 0, 1))
            conv.bias.copy_(weights[name + '/bias'])
        for i, lvl in enumerate(levels):  # tfjs Conv2DTranspose kernel [kh, kw, out, in] → [in, out, kh, kw]
            model.up[i].weight.copy_(weights['up%d/kernel' % lvl].permute(3, 2, 0, 1))
            model.up[i].bias.copy_(weights['up%d/bias' % lvl])
    used = {n for n, _ in convs} | {'up%d' % lvl for lvl in levels}
    left = {k.split('/')[0] for k in weights} - used
    if left:
        raise ValueError(f'weights not used: {sorted(left)}')


def floats(path, shape):
    return np.fromfile(path, dtype='<f4').reshape(shape)


def main():
    folder, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    manifest = json.load(open(os.path.join(folder, 'weights.json')))
    blob = np.fromfile(os.path.join(folder, 'weights.f32'), dtype='<f4')
    model = UNet(manifest['widths'], manifest['channels'], manifest['classes'], manifest['kernel'])
    load(model, manifest, blob)

    nchw = lambda a: torch.from_numpy(np.ascontiguousarray(a.transpose(0, 3, 1, 2)))
    x_infer = nchw(floats(os.path.join(folder, 'infer_input.f32'), manifest['infer_shape']))
    x_step = nchw(floats(os.path.join(folder, 'step_input.f32'), manifest['step_shape']))
    y_step = nchw(floats(os.path.join(folder, 'step_target.f32'), manifest['step_shape'][:3] + [manifest['classes']]))

    model.eval()
    with torch.no_grad():
        model(x_infer).permute(0, 2, 3, 1).contiguous().numpy().astype('<f4').tofile(os.path.join(folder, 'infer_output.f32'))
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        optimizer.zero_grad()
        loss = steel_loss(model(x_step), y_step)
        loss.backward()
        optimizer.step()
        return loss.item()

    with torch.no_grad():  # the same loss summed in float64, to tell float32 summation error from a difference
        exact = steel_loss(model(x_step).double(), y_step.double()).item()
    first = step()
    np.array([first, exact], dtype='<f4').tofile(os.path.join(folder, 'step_loss.f32'))
    print(json.dumps({'ready': True, 'parameters': sum(p.numel() for p in model.parameters()), 'torch': torch.__version__}), flush=True)
    for line in sys.stdin:
        what = line.strip()
        if what == 'quit':
            break
        started = time.perf_counter()
        if what == 'infer':
            with torch.no_grad():
                model.eval()
                model(x_infer)
                model.train()
        elif what == 'step':
            step()
        else:
            raise ValueError(f'unknown request {what!r}')
        print(json.dumps({'ms': (time.perf_counter() - started) * 1000}), flush=True)


if __name__ == '__main__':
    main()
