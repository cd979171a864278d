import type { MlpArtifact } from './api';

/**
 * Scores rows with a stored network in plain JavaScript: no TensorFlow.js needed to use a model
 * (scoring a new file, the exported bundle). Rows are row-major, `artifact.inputs` wide. One
 * score per row (P(class 1), or the prediction), or for a softmax output of k units k
 * probabilities per row, row-major.
 */
export function predictMlp(artifact: MlpArtifact, rows: Float32Array): Float32Array {
  const n = Math.floor(rows.length / artifact.inputs);
  const last = artifact.layers.length - 1;
  const width = artifact.layers[last]?.units ?? 1;
  const out = new Float32Array(n * width);
  for (let r = 0; r < n; r++) {
    let values: Float64Array = Float64Array.from(
      rows.subarray(r * artifact.inputs, (r + 1) * artifact.inputs),
    );
    artifact.layers.forEach((layer, i) => {
      const next = new Float64Array(layer.units);
      for (let u = 0; u < layer.units; u++) {
        let sum = layer.bias[u] ?? 0;
        for (let k = 0; k < values.length; k++)
          sum += (values[k] ?? 0) * (layer.kernel[k * layer.units + u] ?? 0);
        next[u] = i === last ? sum : hiddenActivation(artifact, sum);
      }
      values = next;
    });
    out.set(outputActivation(artifact, values), r * width);
  }
  return out;
}

function hiddenActivation(artifact: MlpArtifact, x: number): number {
  return artifact.spec.activation === 'relu' ? Math.max(0, x) : Math.tanh(x);
}

/** Sigmoid (binary), identity (regression) or softmax (k > 1 outputs). */
function outputActivation(artifact: MlpArtifact, z: Float64Array): Float64Array {
  if (artifact.spec.task === 'regression') return z;
  if (z.length === 1) return z.map((v) => 1 / (1 + Math.exp(-v)));
  const max = z.reduce((m, v) => Math.max(m, v), -Infinity);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}
