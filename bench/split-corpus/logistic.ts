/**
 * Weighted logistic regression with an L2 penalty, fitted by Newton's method (the features are
 * few, so the Hessian is small): the learned pair model of learn-pairs.ts. Features are
 * standardised on the training rows; the intercept is not penalised.
 */

export interface Logistic {
  mean: Float64Array;
  scale: Float64Array;
  /** Coefficients of the standardised features; the last one is the intercept. */
  beta: Float64Array;
}

/** Solves A x = b (A symmetric positive definite, d x d row-major) by Cholesky. */
function solve(A: Float64Array, b: Float64Array, d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j];
      for (let k = 0; k < j; k++) s -= L[i * d + k] * L[j * d + k];
      L[i * d + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / L[j * d + j];
    }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * d + k] * y[k];
    y[i] = s / L[i * d + i];
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < d; k++) s -= L[k * d + i] * x[k];
    x[i] = s / L[i * d + i];
  }
  return x;
}

/** Fits rows `X` to labels `y` (0/1) with row weights `w` and penalty `lambda` (per unit of total weight). */
export function fitLogistic(X: Float64Array[], y: number[], w: number[], lambda: number): Logistic {
  const f = X[0].length;
  const d = f + 1;
  const total = w.reduce((t, x) => t + x, 0);
  const mean = new Float64Array(f);
  const scale = new Float64Array(f);
  X.forEach((x, r) => {
    for (let k = 0; k < f; k++) mean[k] += (w[r] * x[k]) / total;
  });
  X.forEach((x, r) => {
    for (let k = 0; k < f; k++) scale[k] += (w[r] * (x[k] - mean[k]) ** 2) / total;
  });
  for (let k = 0; k < f; k++) scale[k] = Math.sqrt(scale[k]) || 1;
  const Z = X.map((x) => {
    const z = new Float64Array(d);
    for (let k = 0; k < f; k++) z[k] = (x[k] - mean[k]) / scale[k];
    z[f] = 1;
    return z;
  });
  const beta = new Float64Array(d);
  for (let iter = 0; iter < 30; iter++) {
    const g = new Float64Array(d);
    const H = new Float64Array(d * d);
    Z.forEach((z, r) => {
      let t = 0;
      for (let k = 0; k < d; k++) t += beta[k] * z[k];
      const p = 1 / (1 + Math.exp(-t));
      const u = w[r] / total;
      const e = u * (p - y[r]);
      const h = u * p * (1 - p);
      for (let a = 0; a < d; a++) {
        g[a] += e * z[a];
        const ha = h * z[a];
        for (let b = 0; b <= a; b++) H[a * d + b] += ha * z[b];
      }
    });
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) H[b * d + a] = H[a * d + b];
    for (let k = 0; k < f; k++) {
      g[k] += lambda * beta[k];
      H[k * d + k] += lambda;
    }
    H[f * d + f] += 1e-9;
    const step = solve(H, g, d);
    let moved = 0;
    for (let k = 0; k < d; k++) {
      beta[k] -= step[k];
      moved = Math.max(moved, Math.abs(step[k]));
    }
    if (moved < 1e-7) break;
  }
  return { mean, scale, beta };
}

/** The model's probability for one row of features. */
export function predict(model: Logistic, x: Float64Array): number {
  const f = x.length;
  let t = model.beta[f];
  for (let k = 0; k < f; k++) t += (model.beta[k] * (x[k] - model.mean[k])) / model.scale[k];
  return 1 / (1 + Math.exp(-t));
}
