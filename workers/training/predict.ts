import type { MlpArtifact } from './api';

/**
 * Scores rows with a stored network in plain JavaScript: no TensorFlow.js needed to use a model
 * (scoring a new file, the exported bundle). Rows are row-major, `artifact.inputs` wide.
 */
export function predictMlp(artifact: MlpArtifact, rows: Float32Array): Float32Array {
  const n = Math.floor(rows.length / artifact.inputs);
  const out = new Float32Array(n);
  const last = artifact.layers.length - 1;
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
        next[u] = i === last ? outputActivation(artifact, sum) : hiddenActivation(artifact, sum);
      }
      values = next;
    });
    out[r] = values[0] ?? NaN;
  }
  return out;
}

function hiddenActivation(artifact: MlpArtifact, x: number): number {
  return artifact.spec.activation === 'relu' ? Math.max(0, x) : Math.tanh(x);
}

function outputActivation(artifact: MlpArtifact, x: number): number {
  return artifact.spec.task === 'binary' ? 1 / (1 + Math.exp(-x)) : x;
}
