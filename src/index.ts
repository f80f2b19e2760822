// beidou, the library: BeiDou-first GNSS readers, orbits, corrections and positioning.
// Two tiers: friendly objects for one call (loadInputs, SppSolver) and typed-array internals for throughput.

export * from "./core/errors.js";
export * from "./time/instant.js";
export { leapSecondsAtGpst, leapSecondsAtUtc } from "./time/leap-seconds.js";
export * from "./frames/ellipsoid.js";
export * from "./frames/vectors.js";
export * from "./frames/geodetic.js";
export * from "./frames/earth-rotation.js";
export * from "./signals/system.js";
export * from "./signals/signal.js";
export * from "./signals/observation.js";

export { loadInputs, classifyFile, readText, type LoadedInputs, type InputFile } from "./formats/load.js";
export { openObsFile, readObsFile, type ObsFile } from "./formats/text/read-obs-file.js";
export { sniffFile, readFileLines } from "./formats/text/file-lines.js";
export { sniffText, type TextSniff } from "./formats/text/sniff.js";
export { RinexObsDecoder } from "./formats/rinex/obs-decoder.js";
export { CrxDecoder } from "./formats/crx/crx-decoder.js";
export { parseRinexNav } from "./formats/rinex/nav.js";
export { writeRinexNav } from "./formats/rinex/nav-writer.js";
export { writeRinexObsHeader, writeRinexObsEpoch } from "./formats/rinex/obs-writer.js";
export { parseSp3 } from "./formats/sp3/sp3.js";
export { parseRinexClock } from "./formats/clk/clk.js";

export type * from "./orbits/ephemeris.js";
export type * from "./orbits/satellite-state.js";
export type * from "./orbits/precise-tables.js";
export { EphemerisStore } from "./orbits/ephemeris-store.js";
export { PreciseSource } from "./orbits/precise.js";
export { keplerSatelliteState } from "./orbits/broadcast-kepler.js";
export { glonassSatelliteState } from "./orbits/glonass.js";
export { orbitKindOf } from "./orbits/orbit-kind.js";
export { compareBroadcastToPrecise } from "./orbits/orbit-comparison.js";

export { gpsKlobucharDelay_m } from "./corrections/klobuchar-gps.js";
export { bdsKlobucharDelay_m } from "./corrections/klobuchar-bds.js";
export { bdgimDelay_m } from "./corrections/bdgim.js";
export { saastamoinenDelay_m, troposphereDelay_m, niellMapping } from "./corrections/troposphere.js";
export { satelliteGroupDelay_s } from "./corrections/group-delay.js";
export { ionoFreeCoefficients } from "./corrections/iono-free.js";

export { SppSolver, type SolverInputs } from "./positioning/spp.js";
export { DEFAULT_SPP_OPTIONS, RTKLIB_SPP_OPTIONS, type SppOptions, type IonoMode, type TropoMode } from "./positioning/options.js";
export type { Solution, SatelliteResult } from "./positioning/solution.js";
export { dopFromAzEl, type Dop } from "./positioning/dop.js";

export { simulate, type SimulationOptions, type SimulationResult } from "./sim/simulate.js";
export { writeSimulation } from "./sim/write-simulation.js";

export { posHeader, posLine, parsePos } from "./streams/sinks/pos.js";
export { nmeaSentences } from "./streams/sinks/nmea.js";
export { jsonLine, csvLine } from "./streams/sinks/table.js";
