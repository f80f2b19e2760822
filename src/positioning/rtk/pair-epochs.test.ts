// Rover/base epoch pairing. The expected pairs are written out by hand from the time tags below (each epoch
// carries an id in `line`), so every check is against a stated answer, not against the code's own output.

import { describe, expect, it } from "vitest";
import type { ObsEpoch } from "../../signals/observation.js";
import { BDT_MINUS_GPST_s, type Instant, instant, type TimeScale } from "../../time/instant.js";
import { type EpochPair, pairEpochs } from "./pair-epochs.js";

/** GPS week 2320 Sunday 00:00 GPST, in seconds since 1980-01-06. */
const T0 = 2320 * 604800;

/** A bare epoch at T0 + dt_s (scale GPST unless given), with `id` in `line`. */
function epoch(dt_s: number, id: number, scale: TimeScale = "GPST", labelShift_s = 0): ObsEpoch {
  const whole = Math.floor(dt_s);
  const time: Instant = instant(scale, T0 + whole + labelShift_s, dt_s - whole);
  return {
    time,
    flag: 0,
    rxClockOffset_s: Number.NaN,
    sats: [],
    codes: [],
    offsets: new Uint32Array(0),
    values: new Float64Array(0),
    lli: new Uint8Array(0),
    ssi: new Uint8Array(0),
    line: id,
  };
}

/** Epochs at the given offsets (s), ids 1000 + index for the base, index for the rover. */
const rover = (ts: number[]) => ts.map((t, i) => epoch(t, i));
const base = (ts: number[], scale: TimeScale = "GPST", labelShift_s = 0) =>
  ts.map((t, i) => epoch(t, 1000 + i, scale, labelShift_s));

async function* async<T>(items: T[], delayEvery = 0): AsyncGenerator<T> {
  let k = 0;
  for (const x of items) {
    if (delayEvery && ++k % delayEvery === 0) await new Promise((r) => setTimeout(r, 0));
    yield x;
  }
}

async function collect(pairs: AsyncIterable<EpochPair>): Promise<[number, number | null][]> {
  const out: [number, number | null][] = [];
  for await (const p of pairs) out.push([p.rover.line as number, p.base ? (p.base.line as number) : null]);
  return out;
}

const range = (a: number, b: number, step = 1) =>
  Array.from({ length: Math.round((b - a) / step) }, (_, i) => a + i * step);

describe("pairEpochs", () => {
  it("pairs epochs with the same time tag", async () => {
    const r = rover(range(0, 10));
    const b = base(range(0, 10));
    expect(await collect(pairEpochs(r, b))).toEqual(range(0, 10).map((i) => [i, 1000 + i]));
  });

  it("a missing base epoch is replaced by the latest earlier one", async () => {
    // base lacks t = 3 and t = 4
    const r = rover([0, 1, 2, 3, 4, 5, 6]);
    const b = base([0, 1, 2, 5, 6]);
    expect(await collect(pairEpochs(r, b))).toEqual([
      [0, 1000],
      [1, 1001],
      [2, 1002],
      [3, 1002],
      [4, 1002],
      [5, 1003],
      [6, 1004],
    ]);
  });

  it("rover epochs before the first base epoch get base null", async () => {
    const r = rover([0, 1, 2, 3, 4]);
    const b = base([2.5, 3, 4]);
    expect(await collect(pairEpochs(r, b))).toEqual([
      [0, null],
      [1, null],
      [2, null],
      [3, 1001],
      [4, 1002],
    ]);
  });

  it("a base that starts earlier is skipped forward to the rover's time", async () => {
    const r = rover([10, 11, 12]);
    const b = base(range(0, 13));
    expect(await collect(pairEpochs(r, b))).toEqual([
      [0, 1010],
      [1, 1011],
      [2, 1012],
    ]);
  });

  it("a base that ends early keeps its last epoch for the remaining rover epochs (the solver checks its age)", async () => {
    const r = rover(range(0, 6));
    const b = base([0, 1, 2]);
    expect(await collect(pairEpochs(r, b))).toEqual([
      [0, 1000],
      [1, 1001],
      [2, 1002],
      [3, 1002],
      [4, 1002],
      [5, 1002],
    ]);
  });

  it("empty inputs: no rover gives no pairs, no base gives base null throughout", async () => {
    expect(await collect(pairEpochs([], base([0, 1])))).toEqual([]);
    expect(await collect(pairEpochs(rover([0, 1]), []))).toEqual([
      [0, null],
      [1, null],
    ]);
  });

  it("tags within 5 ms are the same epoch; a base tag slightly after the rover's waits for the next rover epoch", async () => {
    // base 3 ms ahead and 3 ms behind are the same epoch; base 0.2 s late is not yet usable at t = 2
    const r = rover([0, 1, 2, 3]);
    const b = base([0.003, 0.997, 2.2, 2.998]);
    expect(await collect(pairEpochs(r, b))).toEqual([
      [0, 1000],
      [1, 1001],
      [2, 1001],
      [3, 1003],
    ]);
  });

  it("base at 10 Hz under a 1 Hz rover: the same-time base epoch is chosen", async () => {
    const r = rover([0, 1, 2]);
    const b = base(range(0, 3, 0.1));
    expect(await collect(pairEpochs(r, b))).toEqual([
      [0, 1000],
      [1, 1010],
      [2, 1020],
    ]);
  });

  it("rover at 5 Hz over a 1 Hz base: each base epoch serves the rover epochs up to the next one", async () => {
    const r = rover(range(0, 2, 0.2));
    const b = base([0, 1, 2]);
    expect(await collect(pairEpochs(r, b))).toEqual([
      [0, 1000],
      [1, 1000],
      [2, 1000],
      [3, 1000],
      [4, 1000],
      [5, 1001],
      [6, 1001],
      [7, 1001],
      [8, 1001],
      [9, 1001],
    ]);
  });

  it("base tagged in BDT and rover in GPST pair by instant (BDT labels are 14 s behind)", async () => {
    const r = rover([0, 1, 2]);
    const b = base([0, 1, 2], "BDT", BDT_MINUS_GPST_s);
    expect(await collect(pairEpochs(r, b))).toEqual([
      [0, 1000],
      [1, 1001],
      [2, 1002],
    ]);
  });

  it("sync and async iterables, in every combination and with interleaved awaits, give the same pairs", async () => {
    const rt = [0, 1, 2, 3, 5, 6, 7, 8.5, 9];
    const bt = [1, 2, 4, 5, 8, 9, 10];
    const expected: [number, number | null][] = [
      [0, null],
      [1, 1000],
      [2, 1001],
      [3, 1001],
      [4, 1003],
      [5, 1003],
      [6, 1003],
      [7, 1004],
      [8, 1005],
    ];
    expect(await collect(pairEpochs(rover(rt), base(bt)))).toEqual(expected);
    expect(await collect(pairEpochs(async(rover(rt)), base(bt)))).toEqual(expected);
    expect(await collect(pairEpochs(rover(rt), async(base(bt))))).toEqual(expected);
    expect(await collect(pairEpochs(async(rover(rt), 2), async(base(bt), 3)))).toEqual(expected);
  });

  it("pulls the base lazily: never more than one base epoch ahead of the rover", async () => {
    let pulled = 0;
    function* counting(): Generator<ObsEpoch> {
      for (const e of base(range(0, 100))) {
        pulled++;
        yield e;
      }
    }
    const it = pairEpochs(rover([0, 1, 2]), counting());
    for await (const p of it) {
      // paired with base t, and at most the base epoch of t + 1 read ahead
      expect(pulled).toBeLessThanOrEqual((p.rover.line as number) + 2);
    }
    expect(pulled).toBe(4);
  });

  // KNOWN BUG (pair-epochs.ts): the base iterator is never closed. When the rover ends first, or the consumer
  // stops early, a live base (an NTRIP socket, a file reader) stays open and can keep the process alive.
  // Fix: wrap the rover loop in try/finally and call `await it.return?.()` there. Remove `.fails` once fixed.
  it("closes the base iterator when the rover ends or the consumer stops", async () => {
    let closed = 0;
    async function* live(): AsyncGenerator<ObsEpoch> {
      try {
        for (const e of base(range(0, 100))) yield e;
      } finally {
        closed++;
      }
    }
    await collect(pairEpochs(rover([0, 1, 2]), live()));
    expect(closed).toBe(1);
    for await (const _ of pairEpochs(rover([0, 1, 2]), live())) break;
    expect(closed).toBe(2);
  });

  it("an error thrown by the base propagates to the consumer", async () => {
    async function* broken(): AsyncGenerator<ObsEpoch> {
      yield epoch(0, 1000);
      throw new Error("base stream broke");
    }
    await expect(collect(pairEpochs(rover([0, 1, 2]), broken()))).rejects.toThrow("base stream broke");
  });
});
