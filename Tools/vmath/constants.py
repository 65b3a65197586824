#!/usr/bin/env python3
"""Derives the split constants used by Sources/VectorMath (printed as Swift hex-float literals).

* pi/2 as a sum C1 + C2 + C3 + C4: C1..C3 carry 33 significant bits each (so j*Ci is exact for
  |j| < 2^20), C4 is the rounded remainder. Used for Cody-Waite reduction in sincos.
* pi, pi/2, pi/4 as (hi, lo) pairs: hi = nearest Double, lo = nearest Double to the remainder.
"""
import mpmath as mp
mp.mp.dps = 80

def hexf(v):
    return float(v).hex().replace("0x1.", "0x1.").replace("p", "p")

def round_bits(v, bits):
    """Round v to `bits` significant bits (nearest)."""
    if v == 0: return mp.mpf(0)
    e = mp.floor(mp.log(abs(v), 2))
    scale = mp.mpf(2) ** (bits - 1 - e)
    return mp.nint(v * scale) / scale

rest = mp.pi / 2
parts = []
for i in range(3):
    c = round_bits(rest, 33); parts.append(c); rest -= c
parts.append(mp.mpf(float(rest)))
for i, c in enumerate(parts):
    print(f"C{i+1} = {hexf(c)}  // {mp.nstr(c, 20)}")
print("residual after C4:", mp.nstr(rest - parts[3], 5))
for name, v in (("pi", mp.pi), ("pi/2", mp.pi / 2), ("pi/4", mp.pi / 4), ("2/pi", 2 / mp.pi)):
    hi = mp.mpf(float(v)); lo = mp.mpf(float(v - hi))
    print(f"{name}: hi = {hexf(hi)}, lo = {hexf(lo)}")
print("tan(pi/8) =", hexf(mp.tan(mp.pi / 8)))
