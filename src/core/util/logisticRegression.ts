/**
 * Logistic regression fitted by Newton's method with a small L2 penalty: the calibration step of
 * the co-change predictor, which has a handful of features and a few thousand labelled pairs, so
 * an exact second-order fit takes milliseconds and needs no learning-rate tuning.
 */
export interface LogisticModel {
  /** Intercept first, then one weight per feature, on standardised features. */
  weights: number[];
  means: number[];
  scales: number[];
}

export interface FitOptions {
  /** L2 penalty on the (standardised) feature weights, not the intercept. @default 1 */
  l2?: number;
  /** @default 25 */
  maxIterations?: number;
}

/** Fits P(label = 1 | features). Rows must all have the same length. */
export function fitLogistic(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: FitOptions = {},
): LogisticModel {
  const width = rows[0]?.length ?? 0;
  const { means, scales } = standardisation(rows, width);
  const x = rows.map((row) => [1, ...row.map((value, j) => (value - (means[j] as number)) / (scales[j] as number))]);
  const size = width + 1;
  const weights = new Array<number>(size).fill(0);
  const positives = labels.reduce((sum, label) => sum + label, 0);
  const base = Math.min(1 - 1e-6, Math.max(1e-6, positives / Math.max(1, labels.length)));
  weights[0] = Math.log(base / (1 - base));
  const l2 = options.l2 ?? 1;
  for (let iteration = 0; iteration < (options.maxIterations ?? 25); iteration++) {
    const gradient = new Array<number>(size).fill(0);
    const hessian = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    for (let i = 0; i < x.length; i++) {
      const row = x[i] as number[];
      const p = sigmoid(dot(weights, row));
      const error = p - (labels[i] as number);
      const curvature = Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a < size; a++) {
        gradient[a] = (gradient[a] as number) + error * (row[a] as number);
        const hessianRow = hessian[a] as number[];
        for (let b = a; b < size; b++)
          hessianRow[b] = (hessianRow[b] as number) + curvature * (row[a] as number) * (row[b] as number);
      }
    }
    for (let a = 1; a < size; a++) {
      gradient[a] = (gradient[a] as number) + l2 * (weights[a] as number);
      (hessian[a] as number[])[a] = ((hessian[a] as number[])[a] as number) + l2;
    }
    for (let a = 0; a < size; a++)
      for (let b = 0; b < a; b++) (hessian[a] as number[])[b] = (hessian[b] as number[])[a] as number;
    const step = solve(hessian, gradient);
    if (!step) break;
    // Damped Newton: halve the step until the penalised loss falls, so rare, nearly separating
    // features cannot throw the fit off to infinity.
    const before = penalisedLoss(x, labels, weights, l2);
    let scale = 1;
    let candidate = weights;
    for (let attempt = 0; attempt < 30; attempt++, scale /= 2) {
      candidate = weights.map((weight, a) => weight - scale * (step[a] as number));
      if (penalisedLoss(x, labels, candidate, l2) <= before) break;
    }
    let largest = 0;
    for (let a = 0; a < size; a++)
      largest = Math.max(largest, Math.abs((candidate[a] as number) - (weights[a] as number)));
    weights.splice(0, size, ...candidate);
    if (largest < 1e-6) break;
  }
  return { weights, means, scales };
}

export function predictLogistic(model: LogisticModel, features: readonly number[]): number {
  let z = model.weights[0] ?? 0;
  for (let j = 0; j < features.length; j++)
    z += (model.weights[j + 1] ?? 0) * (((features[j] as number) - (model.means[j] ?? 0)) / (model.scales[j] ?? 1));
  return sigmoid(z);
}

function penalisedLoss(
  x: readonly number[][],
  labels: readonly number[],
  weights: readonly number[],
  l2: number,
): number {
  let loss = 0;
  for (let i = 0; i < x.length; i++) {
    const z = dot(weights, x[i] as number[]);
    // log(1 + e^z) - y z, computed without overflow.
    loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - (labels[i] as number) * z;
  }
  for (let a = 1; a < weights.length; a++) loss += 0.5 * l2 * (weights[a] as number) ** 2;
  return loss;
}

function standardisation(rows: readonly (readonly number[])[], width: number): { means: number[]; scales: number[] } {
  const means = new Array<number>(width).fill(0);
  const scales = new Array<number>(width).fill(0);
  for (const row of rows)
    for (let j = 0; j < width; j++) means[j] = (means[j] as number) + (row[j] as number) / rows.length;
  for (const row of rows)
    for (let j = 0; j < width; j++)
      scales[j] = (scales[j] as number) + ((row[j] as number) - (means[j] as number)) ** 2 / rows.length;
  return { means, scales: scales.map((variance) => (variance > 1e-12 ? Math.sqrt(variance) : 1)) };
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** Gaussian elimination with partial pivoting; undefined when the system is singular. */
function solve(matrix: number[][], vector: number[]): number[] | undefined {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i] as number]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++)
      if (Math.abs((a[row] as number[])[column] as number) > Math.abs((a[pivot] as number[])[column] as number))
        pivot = row;
    if (Math.abs((a[pivot] as number[])[column] as number) < 1e-12) return undefined;
    [a[column], a[pivot]] = [a[pivot] as number[], a[column] as number[]];
    const pivotRow = a[column] as number[];
    for (let row = column + 1; row < n; row++) {
      const target = a[row] as number[];
      const factor = (target[column] as number) / (pivotRow[column] as number);
      for (let k = column; k <= n; k++) target[k] = (target[k] as number) - factor * (pivotRow[k] as number);
    }
  }
  const result = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    const current = a[row] as number[];
    let sum = current[n] as number;
    for (let k = row + 1; k < n; k++) sum -= (current[k] as number) * (result[k] as number);
    result[row] = sum / (current[row] as number);
  }
  return result;
}
