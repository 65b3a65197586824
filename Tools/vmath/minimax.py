#!/usr/bin/env python3
"""Derives the polynomial coefficients used in Sources/VectorMath (Perigee).

Method: a plain Remez exchange in mpmath (100-digit arithmetic) minimising the weighted error
w(z) * (f(z) - p(z)) of a polynomial p in z over [a, b]. Each coefficient is then rounded to the
nearest Double and printed with 17 significant digits (round-trips exactly). Run:
    python3 Tools/vmath/minimax.py
Nothing here is copied from any library; the target functions are defined from mpmath's sin/cos/atan.
"""
import mpmath as mp
mp.mp.dps = 100

def remez(f, w, a, b, n, iters=40):
    """Minimax polynomial of degree n for f on [a,b] with weight w. Returns (coeffs, max weighted error)."""
    a, b = mp.mpf(a), mp.mpf(b)
    # Chebyshev extrema as the initial reference
    xs = [(a + b) / 2 - (b - a) / 2 * mp.cos(mp.pi * i / (n + 1)) for i in range(n + 2)]
    for _ in range(iters):
        # Solve sum c_j x^j + (-1)^i E / w(x) = f(x)
        A = mp.matrix(n + 2, n + 2); rhs = mp.matrix(n + 2, 1)
        for i, x in enumerate(xs):
            for j in range(n + 1):
                A[i, j] = x ** j
            A[i, n + 1] = (-1) ** i / w(x)
            rhs[i] = f(x)
        sol = mp.lu_solve(A, rhs)
        c = [sol[j] for j in range(n + 1)]
        err = lambda x: w(x) * (f(x) - mp.polyval(c[::-1], x))
        # locate extrema of err on a fine grid, then refine
        N = 4000
        grid = [a + (b - a) * k / N for k in range(N + 1)]
        vals = [err(x) for x in grid]
        ext = []
        for k in range(N + 1):
            left = vals[k - 1] if k > 0 else None
            right = vals[k + 1] if k < N else None
            v = vals[k]
            if (left is None or abs(v) >= abs(left)) and (right is None or abs(v) >= abs(right)):
                ext.append((grid[k], v))
        # keep alternating extrema with largest magnitude
        alt = []
        for x, v in ext:
            if alt and mp.sign(alt[-1][1]) == mp.sign(v):
                if abs(v) > abs(alt[-1][1]):
                    alt[-1] = (x, v)
            else:
                alt.append((x, v))
        while len(alt) > n + 2:
            if abs(alt[0][1]) < abs(alt[-1][1]):
                alt.pop(0)
            else:
                alt.pop()
        if len(alt) < n + 2:
            break
        xs = [x for x, _ in alt]
    maxerr = max(abs(v) for v in vals)
    return c, maxerr

def show(name, c, e):
    print(f"// {name}: max weighted error {mp.nstr(e, 5)} (2^{mp.nstr(mp.log(e, 2), 4)})")
    for j, cj in enumerate(c):
        print(f"  c{j} = {float(cj)!r}")

if __name__ == "__main__":
    eps = mp.mpf(2) ** -52
    # sin(r) = r + r^3 * S(z), z = r^2, |r| <= pi/4 (plus slack for the reduced argument's rounding)
    zmax = (mp.pi / 4 * (1 + mp.mpf(2) ** -20)) ** 2
    def S(z):
        if z == 0: return mp.mpf(-1) / 6
        r = mp.sqrt(z); return (mp.sin(r) - r) / (z * r)
    # relative error of S itself (the error sin sees is smaller by z*|S|/(sin r / r) <= 0.11)
    wS = lambda z: 1 / abs(S(z))
    c, e = remez(S, wS, 0, zmax, 5); show("sin S(z), degree 5", c, e)
    # cos(r) = 1 - z/2 + z^2 * C(z)
    def C(z):
        if z == 0: return mp.mpf(1) / 24
        r = mp.sqrt(z); return (mp.cos(r) - 1 + z / 2) / (z * z)
    wC = lambda z: 1 / abs(C(z))  # relative error of C; cos sees it scaled by z^2 |C| / cos r <= 0.02
    c, e = remez(C, wC, 0, zmax, 5); show("cos C(z), degree 5", c, e)
    # atan(u) = u + u^3 * A(z), z = u^2, |u| <= tan(pi/8)
    zmax = (mp.tan(mp.pi / 8) * (1 + mp.mpf(2) ** -20)) ** 2
    def Af(z):
        if z == 0: return mp.mpf(-1) / 3
        u = mp.sqrt(z); return (mp.atan(u) - u) / (z * u)
    wA = lambda z: 1 / abs(Af(z))  # relative error of A; atan sees it scaled by z |A| / (atan u / u) <= 0.06
    for n in (8, 9, 10):
        c, e = remez(Af, wA, 0, zmax, n); show(f"atan A(z), degree {n}", c, e)
