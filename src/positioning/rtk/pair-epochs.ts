// Rover and base epochs side by side: each rover epoch with the base epoch of the same time tag, or else
// the latest earlier base epoch (its age is reported by the solver), or none.

import type { ObsEpoch } from "../../signals/observation.js";
import { diffSeconds } from "../../time/instant.js";

export interface EpochPair {
  readonly rover: ObsEpoch;
  readonly base: ObsEpoch | null;
}

/** Tags closer than this are the same epoch (s). */
const SAME_EPOCH_s = 0.005;

export async function* pairEpochs(
  rover: AsyncIterable<ObsEpoch> | Iterable<ObsEpoch>,
  base: AsyncIterable<ObsEpoch> | Iterable<ObsEpoch>,
): AsyncGenerator<EpochPair> {
  const it =
    Symbol.asyncIterator in base
      ? (base as AsyncIterable<ObsEpoch>)[Symbol.asyncIterator]()
      : (base as Iterable<ObsEpoch>)[Symbol.iterator]();
  let current: ObsEpoch | null = null;
  let next: ObsEpoch | null = null;
  let done = false;
  const pull = async () => {
    if (done) return;
    const r = await it.next();
    if (r.done) done = true;
    else next = r.value;
  };
  try {
    await pull();
    for await (const ep of rover as AsyncIterable<ObsEpoch>) {
      // advance the base while its next epoch is not after the rover's
      while (next && diffSeconds((next as ObsEpoch).time, ep.time) <= SAME_EPOCH_s) {
        current = next;
        next = null;
        await pull();
      }
      yield { rover: ep, base: current };
    }
  } finally {
    // the rover ended or the consumer stopped: release the base (a file reader, a socket)
    if (!done) await it.return?.();
  }
}
