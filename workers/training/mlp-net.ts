import * as tf from '@tensorflow/tfjs';

/**
 * A dense network trained with hand-written backpropagation and Adam over one flat parameter
 * vector. Measured on tfjs-backend-wasm 4.22 (200,000 × 32, [64, 32], batch 1024), the Layers
 * API's trainOnBatch spent most of an epoch in three places this avoids:
 * - its gradients are matMuls with transposeA/transposeB, which the wasm backend runs in a naive
 *   loop (~1.6 GFLOPS) instead of XNNPACK (~8–15 GFLOPS): here every product is untransposed,
 *   the transposed activations come from a second forward pass (a matMul is ~4× cheaper than
 *   tf.transpose of a batch) and the transposed input is built in JavaScript;
 * - column sums (bias gradients) by tf.sum(axis 0), which transposes: here ones · dZ;
 * - Adam over six variables (~12 kernels each): here one flat vector, one Adam step.
 * The math is the Layers model's: glorot-uniform kernels (same seeds), zero biases, dropout after
 * each hidden layer, an L2 penalty l2·ΣW² on kernels, Adam with tfjs's defaults.
 */
export type Output = 'sigmoid' | 'linear' | 'softmax';

export interface NetShape {
  readonly inputs: number;
  readonly hidden: readonly number[];
  /** 1, or k for softmax. */
  readonly outputs: number;
  readonly activation: 'relu' | 'tanh';
  readonly output: Output;
}

/** One batch, row-major `x` [n, inputs] and its transpose `xT` [inputs, n], uploaded by the caller. */
export interface Batch {
  readonly x: tf.Tensor2D;
  readonly xT: tf.Tensor2D;
  /** [n, 1] targets, or [n, k] one-hot for softmax. */
  readonly target: tf.Tensor2D;
  /** Per hidden layer, the dropout scale (0 or 1/(1−rate)) in both layouts; empty without dropout. */
  readonly masks: readonly { readonly rows: tf.Tensor2D; readonly cols: tf.Tensor2D }[];
}

/** A layer's parameter slices for one step, and its kernel transposed. */
interface Weights {
  readonly l: Layer;
  readonly kernel: tf.Tensor2D;
  readonly kernelT: tf.Tensor2D;
  readonly bias: tf.Tensor1D;
}

interface ForwardPass {
  /** Hidden layers' outputs before dropout. */
  readonly activations: tf.Tensor2D[];
  /** Each layer's input (after dropout), row layout; inputsT: the hidden layers' inputs transposed. */
  readonly inputs: tf.Tensor2D[];
  readonly inputsT: tf.Tensor2D[];
  /** The output layer's raw output. */
  readonly z: tf.Tensor2D;
}

interface Layer {
  readonly fanIn: number;
  readonly units: number;
  readonly kernelAt: number;
  readonly biasAt: number;
}

export class Net {
  readonly params: tf.Variable<tf.Rank.R1>;
  private readonly layers: Layer[];
  /** 1 on kernel entries, 0 on biases: the L2 penalty's reach. */
  private readonly kernelMask: tf.Tensor1D;

  constructor(
    readonly shape: NetShape,
    seed: number,
  ) {
    const sizes = [shape.inputs, ...shape.hidden, shape.outputs];
    let at = 0;
    this.layers = sizes.slice(1).map((units, i) => {
      const fanIn = sizes[i] ?? 0;
      const layer = { fanIn, units, kernelAt: at, biasAt: at + fanIn * units };
      at += fanIn * units + units;
      return layer;
    });
    const last = this.layers.length - 1;
    this.params = tf.tidy(() => {
      const parts = this.layers.flatMap((l, i) => {
        // The Layers model's seeds: seed + i for hidden layers, seed + 99 for the output.
        const init = tf.initializers.glorotUniform({ seed: i === last ? seed + 99 : seed + i });
        return [init.apply([l.fanIn, l.units]).as1D(), tf.zeros<tf.Rank.R1>([l.units])];
      });
      return tf.variable(tf.concat(parts), true);
    });
    this.kernelMask = tf.tidy(() =>
      tf.concat(
        this.layers.flatMap((l) => [
          tf.ones<tf.Rank.R1>([l.fanIn * l.units]),
          tf.zeros<tf.Rank.R1>([l.units]),
        ]),
      ),
    );
  }

  dispose(): void {
    tf.dispose([this.params, this.kernelMask]);
  }

  private kernel(l: Layer): tf.Tensor2D {
    return this.params.slice(l.kernelAt, l.fanIn * l.units).reshape([l.fanIn, l.units]);
  }

  private bias(l: Layer): tf.Tensor1D {
    return this.params.slice(l.biasAt, l.units);
  }

  private activate(z: tf.Tensor2D): tf.Tensor2D {
    return this.shape.activation === 'relu' ? tf.relu(z) : tf.tanh(z);
  }

  /** Raw outputs (logits, or the prediction for regression) of row-major `x`, no dropout. */
  logits(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let a = x;
      this.layers.forEach((l, i) => {
        a = this.dense(a, this.kernel(l), this.bias(l), i < this.layers.length - 1);
      });
      return a;
    });
  }

  /**
   * a · kernel + bias, activated on hidden layers: one fused kernel (XNNPACK adds the bias and
   * clamps for relu inside the product) where the backend has it; tanh is applied after.
   */
  private dense(a: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, hidden: boolean): tf.Tensor2D {
    const relu = hidden && this.shape.activation === 'relu';
    const z = tf.fused
      .matMul({ a, b: kernel, bias, activation: relu ? 'relu' : 'linear' })
      .as2D(a.shape[0], kernel.shape[1]);
    return hidden && !relu ? tf.tanh(z) : z;
  }

  /** Probabilities (sigmoid, softmax) or predictions (linear) of row-major `x`. */
  predict(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const z = this.logits(x);
      if (this.shape.output === 'sigmoid') return tf.sigmoid(z);
      return this.shape.output === 'softmax' ? tf.softmax(z) : z;
    });
  }

  /** Sum over the rows of the per-row loss (without the L2 penalty): log-loss or squared error. */
  lossSum(z: tf.Tensor2D, target: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => {
      switch (this.shape.output) {
        case 'sigmoid': // log(1 + e^z) − y·z: the log-loss of sigmoid(z), stable for any z
          return tf.sum(tf.sub<tf.Tensor2D>(tf.softplus(z), tf.mul<tf.Tensor2D>(target, z)));
        case 'linear':
          return tf.sum(tf.square(tf.sub<tf.Tensor2D>(z, target)));
        case 'softmax':
          return tf.sum(tf.sub<tf.Tensor2D>(tf.logSumExp(z, 1), tf.sum(tf.mul<tf.Tensor2D>(z, target), 1)));
      }
    });
  }

  /** l2 · Σ W² over the kernels. */
  penalty(l2: number): tf.Scalar {
    return tf.tidy(() =>
      tf.mul<tf.Scalar>(l2, tf.sum<tf.Scalar>(tf.mul(tf.square(this.params), this.kernelMask))),
    );
  }

  /**
   * One Adam step on a batch; returns the batch's mean loss plus the L2 penalty (what
   * trainOnBatch reported), as a tensor: reading it would stall the device every batch.
   */
  trainStep(batch: Batch, optimizer: tf.Optimizer, l2: number): tf.Scalar {
    return tf.tidy(() => {
      const { loss, gradient } = this.gradient(batch, l2);
      optimizer.applyGradients([{ name: this.params.name, tensor: gradient }]);
      return loss;
    });
  }

  /** The batch's mean loss plus the L2 penalty, and its gradient with respect to `params`. */
  gradient(batch: Batch, l2: number): { loss: tf.Scalar; gradient: tf.Tensor1D } {
    return tf.tidy(() => {
      const n = batch.x.shape[0];
      const weights = this.layers.map((l) => {
        const kernel = this.kernel(l);
        return { l, kernel, kernelT: kernel.transpose<tf.Tensor2D>(), bias: this.bias(l) };
      });
      const pass = this.forward(batch, weights);
      const loss = tf.div<tf.Scalar>(this.lossSum(pass.z, batch.target), n);
      const dz = tf.div<tf.Tensor2D>(this.outputDelta(pass.z, batch.target), n);
      const gradient = tf.concat(this.backward(batch, weights, pass, dz));
      if (l2 === 0) return { loss, gradient };
      return {
        loss: tf.add<tf.Scalar>(loss, this.penalty(l2)),
        gradient: tf.add<tf.Tensor1D>(gradient, tf.mul(2 * l2, tf.mul(this.params, this.kernelMask))),
      };
    });
  }

  /**
   * Forward in row layout (each layer's input; activations before dropout, for the
   * derivatives) and, for the kernel gradients of the hidden layers, their inputs transposed:
   * the input's from the caller, the others from a second product in column layout. The output
   * layer needs none: its gradient is computed as (dzᵀ · input)ᵀ, dz being [n, 1] or [n, k].
   */
  private forward(batch: Batch, weights: readonly Weights[]): ForwardPass {
    const last = weights.length - 1;
    const activations: tf.Tensor2D[] = [];
    const inputs: tf.Tensor2D[] = [batch.x];
    const inputsT: tf.Tensor2D[] = [batch.xT];
    weights.slice(0, last).forEach(({ l, kernel, kernelT, bias }, i) => {
      const mask = batch.masks[i];
      const a = this.dense(inputs[i] ?? batch.x, kernel, bias, true);
      activations.push(a);
      inputs.push(mask === undefined ? a : tf.mul<tf.Tensor2D>(a, mask.rows));
      if (i + 1 === last) return; // the output layer's input is not needed transposed
      const aT = this.activate(
        tf.add<tf.Tensor2D>(
          tf.matMul<tf.Tensor2D>(kernelT, inputsT[i] ?? batch.xT),
          bias.reshape([l.units, 1]),
        ),
      );
      inputsT.push(mask === undefined ? aT : tf.mul<tf.Tensor2D>(aT, mask.cols));
    });
    const out = weights[last];
    if (out === undefined) throw new Error('a network has an output layer');
    const z = this.dense(inputs[last] ?? batch.x, out.kernel, out.bias, false);
    return { activations, inputs, inputsT, z };
  }

  /**
   * Gradients, in the parameters' order: per layer, the kernel's (input)ᵀ · dz and the bias's
   * 1ᵀ · dz, then dz of the layer below through the kernel, the dropout mask and the
   * activation's derivative.
   */
  private backward(
    batch: Batch,
    weights: readonly Weights[],
    pass: ForwardPass,
    dzOut: tf.Tensor2D,
  ): tf.Tensor1D[] {
    const n = batch.x.shape[0];
    const last = weights.length - 1;
    const ones = tf.ones([1, n]);
    const grads: tf.Tensor1D[] = [];
    // Output layer: dzᵀ · input is [k, fanIn]; its transpose is the kernel's [fanIn, k] layout
    // (for k = 1 the same numbers, so a reshape).
    const k = this.shape.outputs;
    const dzT = k === 1 ? dzOut.as2D(1, n) : dzOut.transpose<tf.Tensor2D>();
    const kernelGradT = tf.matMul<tf.Tensor2D>(dzT, pass.inputs[last] ?? batch.x);
    grads[2 * last] = (k === 1 ? kernelGradT : kernelGradT.transpose()).as1D();
    grads[2 * last + 1] = tf.matMul<tf.Tensor2D>(ones, dzOut).as1D();
    let dz = dzOut;
    for (let i = last - 1; i >= 0; i--) {
      const above = weights[i + 1];
      if (above === undefined) break;
      const mask = batch.masks[i];
      const back = tf.matMul<tf.Tensor2D>(dz, above.kernelT);
      const kept = mask === undefined ? back : tf.mul<tf.Tensor2D>(back, mask.rows);
      dz = tf.mul<tf.Tensor2D>(kept, this.derivative(pass.activations[i] ?? back));
      grads[2 * i] = tf.matMul<tf.Tensor2D>(pass.inputsT[i] ?? batch.xT, dz).as1D();
      grads[2 * i + 1] = tf.matMul<tf.Tensor2D>(ones, dz).as1D();
    }
    return grads;
  }

  /** ∂(row loss)/∂z for each output: p − y for log-losses, 2 (z − y) for squared error. */
  private outputDelta(z: tf.Tensor2D, target: tf.Tensor2D): tf.Tensor2D {
    switch (this.shape.output) {
      case 'sigmoid':
        return tf.sub<tf.Tensor2D>(tf.sigmoid(z), target);
      case 'linear':
        return tf.mul<tf.Tensor2D>(2, tf.sub<tf.Tensor2D>(z, target));
      case 'softmax':
        return tf.sub<tf.Tensor2D>(tf.softmax(z), target);
    }
  }

  /** The activation's derivative from its output a: relu 1 where a > 0, tanh 1 − a². */
  private derivative(a: tf.Tensor2D): tf.Tensor2D {
    return this.shape.activation === 'relu' ? tf.step(a) : tf.sub<tf.Tensor2D>(1, tf.square(a));
  }

  /** The artifact's layers: kernels row-major [fanIn × units], biases. */
  async toLayers(): Promise<{ units: number; kernel: number[]; bias: number[] }[]> {
    const flat = await this.params.data();
    return this.layers.map((l) => ({
      units: l.units,
      kernel: Array.from(flat.subarray(l.kernelAt, l.kernelAt + l.fanIn * l.units)),
      bias: Array.from(flat.subarray(l.biasAt, l.biasAt + l.units)),
    }));
  }
}
