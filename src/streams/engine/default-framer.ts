// The framer the engine uses when none is given: UBX, NMEA and RTCM 3 split from one byte stream.

import type { Framer } from "../../formats/framing.js";
import { MixedStreamSplitter } from "../../formats/mixed/splitter.js";

export function defaultFramer(): Framer {
  return new MixedStreamSplitter();
}
