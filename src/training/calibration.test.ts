import { describe, expect, it } from 'vitest';
import {
  autoOrder,
  calibrationReason,
  deviceKey,
  measureCandidates,
  medianMs,
  MIN_SHARE_MS,
  parseCalibration,
  pickWinner,
  shareMs,
  type Calibration,
  type CalibrationEntry,
  type DeviceFacts,
} from './calibration';

/*
 * The pure half of the backend calibration, on fake timings: which backend wins, the order auto
 * tries, how the 2 s are split, the key a result is kept under, and what people read.
 */

const FACTS: DeviceFacts = {
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0',
  tfjsVersion: '4.22.0',
  adapter: { vendor: 'nvidia', architecture: 'ampere', device: '', description: 'NVIDIA RTX A4000' },
  crossOriginIsolated: false,
  cores: 8,
};

const measured = (backend: CalibrationEntry['backend'], msPerStep: number): CalibrationEntry => ({
  backend,
  state: 'measured',
  msPerStep,
  steps: 3,
});

function calibration(entries: CalibrationEntry[]): Calibration {
  return {
    version: 1,
    key: deviceKey(FACTS),
    measuredAt: '2026-12-07T08:50:12.345Z',
    entries,
    winner: pickWinner(entries),
    totalMs: 1_234,
  };
}

describe('deviceKey', () => {
  it('is the same for the same facts and changes with each one', () => {
    const key = deviceKey(FACTS);
    expect(deviceKey({ ...FACTS })).toBe(key);
    const changed: DeviceFacts[] = [
      { ...FACTS, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/157.0.0.0' },
      { ...FACTS, tfjsVersion: '4.23.0' },
      { ...FACTS, adapter: null },
      { ...FACTS, adapter: { ...FACTS.adapter!, vendor: 'amd' } },
      { ...FACTS, adapter: { ...FACTS.adapter!, architecture: 'ada' } },
      { ...FACTS, adapter: { ...FACTS.adapter!, device: '0x2504' } },
      { ...FACTS, adapter: { ...FACTS.adapter!, description: 'NVIDIA RTX 4090' } },
      { ...FACTS, crossOriginIsolated: true },
      { ...FACTS, cores: 2 },
    ];
    const keys = new Set([key, ...changed.map(deviceKey)]);
    expect(keys.size).toBe(changed.length + 1);
  });
});

describe('measureCandidates', () => {
  it('measures WASM first, WebGPU only where an adapter exists, WebGL last, and leaves out the excluded', () => {
    expect(measureCandidates(true)).toEqual(['wasm', 'webgpu', 'cpu', 'webgl']);
    expect(measureCandidates(false)).toEqual(['wasm', 'cpu', 'webgl']);
    expect(measureCandidates(true, ['webgpu'])).toEqual(['wasm', 'cpu', 'webgl']);
  });
});

describe('shareMs', () => {
  it('splits what is left evenly among the backends left, never under the floor', () => {
    expect(shareMs(2_000, 0, 4)).toBe(500);
    // A fast first backend (100 ms) leaves more to the three after it.
    expect(shareMs(2_000, 100, 3)).toBeCloseTo(633.33, 2);
    expect(shareMs(2_000, 1_950, 2)).toBe(MIN_SHARE_MS);
    expect(shareMs(2_000, 0, 0)).toBe(0);
  });
});

describe('medianMs', () => {
  it('takes the middle step, or the mean of the two middle ones', () => {
    expect(medianMs([12, 90, 11])).toBe(12);
    expect(medianMs([10, 14])).toBe(12);
    expect(medianMs([])).toBeNaN();
  });
});

describe('pickWinner and autoOrder', () => {
  it('picks the fastest measured backend, whatever the order it was measured in', () => {
    expect(pickWinner([measured('wasm', 12), measured('webgl', 40), measured('cpu', 31)])).toBe('wasm');
    expect(pickWinner([measured('wasm', 12), measured('webgpu', 3.5), measured('cpu', 31)])).toBe('webgpu');
  });

  it('ignores a backend that was too slow, skipped or failed; none measured is no winner', () => {
    const entries: CalibrationEntry[] = [
      { backend: 'webgpu', state: 'too-slow', shareMs: 500 },
      { backend: 'webgl', state: 'failed', message: 'context lost' },
      { backend: 'cpu', state: 'skipped' },
      measured('wasm', 20),
    ];
    expect(pickWinner(entries)).toBe('wasm');
    expect(pickWinner(entries.slice(0, 3))).toBeNull();
  });

  it('breaks a tie for the backend measured first (WASM)', () => {
    expect(pickWinner([measured('wasm', 10), measured('webgl', 10)])).toBe('wasm');
  });

  it('orders auto: measured fastest first, then the rest in the unmeasured order', () => {
    const c = calibration([
      measured('wasm', 12),
      { backend: 'webgpu', state: 'too-slow', shareMs: 600 },
      measured('webgl', 8),
      measured('cpu', 31),
    ]);
    expect(autoOrder(c)).toEqual(['webgl', 'wasm', 'cpu', 'webgpu']);
    expect(autoOrder(null)).toEqual(['wasm', 'webgl', 'webgpu', 'cpu']);
  });
});

describe('calibrationReason', () => {
  it('says what was measured against what, and when', () => {
    const c = calibration([
      measured('wasm', 12.3),
      { backend: 'webgl', state: 'too-slow', shareMs: 633.4 },
      measured('cpu', 31),
    ]);
    expect(calibrationReason(c, 'wasm')).toBe(
      'wasm: measured 12 ms/step vs webgl finished no step within 633 ms, cpu 31 ms/step (calibrated 2026-12-07 08:50 UTC).',
    );
  });

  it('writes small figures with a decimal, and says when the winner did not start this time', () => {
    const c = calibration([measured('wasm', 6.54), measured('webgpu', 1.2)]);
    expect(calibrationReason(c, 'webgpu')).toBe(
      'webgpu: measured 1.2 ms/step vs wasm 6.5 ms/step (calibrated 2026-12-07 08:50 UTC).',
    );
    expect(calibrationReason(c, 'webgl')).toBe(
      'webgl: webgpu, the fastest measured, did not start now (wasm 6.5 ms/step, webgpu 1.2 ms/step) (calibrated 2026-12-07 08:50 UTC).',
    );
  });

  it('says so when no backend finished a step', () => {
    const c = calibration([{ backend: 'wasm', state: 'too-slow', shareMs: 1_000 }]);
    expect(calibrationReason(c, 'wasm')).toBe(
      'wasm: no backend finished a training step in the calibration (wasm finished no step within 1000 ms; calibrated 2026-12-07 08:50 UTC).',
    );
  });
});

describe('parseCalibration', () => {
  it('takes back what was stored', () => {
    const c = calibration([measured('wasm', 12), measured('cpu', 31)]);
    expect(parseCalibration(JSON.parse(JSON.stringify(c)))).toEqual(c);
  });

  it('refuses anything else, and a winner the entries do not make', () => {
    const c = calibration([measured('wasm', 12), measured('cpu', 31)]);
    expect(parseCalibration(null)).toBeNull();
    expect(parseCalibration({ ...c, version: 2 })).toBeNull();
    expect(parseCalibration({ ...c, winner: 'cpu' })).toBeNull();
    expect(parseCalibration({ ...c, measuredAt: 'yesterday' })).toBeNull();
    expect(
      parseCalibration({ ...c, entries: [{ backend: 'tpu', state: 'measured', msPerStep: 1, steps: 1 }] }),
    ).toBeNull();
    expect(parseCalibration({ ...c, entries: [measured('wasm', -1)] })).toBeNull();
  });
});
