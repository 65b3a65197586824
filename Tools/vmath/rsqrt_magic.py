#!/usr/bin/env python3
"""Chooses the integer constant K for the first guess 1/sqrt(x) ~ bits(K - (bits(x) >> 1)) used by
VectorMath.sqrt, by minimising the worst relative error of the guess over one full period of the
exponent/mantissa pattern (x in [1, 4)). Derivation: for x = 2^e (1+m) the shifted bit pattern is a
piecewise-linear approximation of -log2(x)/2; K shifts it to balance the error. Coarse scan then refine."""
import numpy as np
x = np.linspace(1.0, 4.0, 400001)[:-1]
xb = x.view(np.uint64)
def maxrel(K):
    y = (np.uint64(K) - (xb >> np.uint64(1))).view(np.float64)
    return np.max(np.abs(y * np.sqrt(x) - 1.0))
base = (1023 * 3 // 2) << 52   # exactly cancels the exponent bias
best = None
for step in (1 << 44, 1 << 36, 1 << 28, 1 << 20):
    center = best[1] if best else base
    for k in range(-512, 513):
        K = center + k * step
        e = maxrel(K)
        if best is None or e < best[0]:
            best = (e, K)
print(f"K = 0x{best[1]:016X}, worst relative error of first guess {best[0]:.5g}")
e = best[0]
for i in range(4):
    e = 1.5 * e * e + 0.5 * e ** 3
    print(f"after Newton step {i+1}: <= {e:.3g}")
